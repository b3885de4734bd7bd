// Whether bytes are all zeros: the test every writer makes before leaving a hole instead of
// writing. One shared zero buffer, compared with memcmp (Buffer.compare) piece by piece.
const ZEROS = Buffer.alloc(4 * 1024 * 1024);

export function isAllZero(bytes: Uint8Array): boolean {
  for (let at = 0; at < bytes.length; at += ZEROS.length) {
    const piece = bytes.subarray(at, Math.min(bytes.length, at + ZEROS.length));
    if (Buffer.compare(piece, ZEROS.subarray(0, piece.length)) !== 0) return false;
  }
  return true;
}
