// XXH64 (xxHash's 64-bit hash, seed 0), which newer xapi writes for each chunk as ".xxhash":
// stream_vdi.ml prints XXHash.XXH64.hash of the chunk with "%016LX". Written from the algorithm's
// specification (xxhash_spec.md); JavaScript has no 64-bit integers outside BigInt, which is far
// too slow per byte, so each 64-bit value is a pair of unsigned 32-bit halves.

const P1_HI = 0x9e3779b1, P1_LO = 0x85ebca87;
const P2_HI = 0xc2b2ae3d, P2_LO = 0x27d4eb4f;
const P3_HI = 0x165667b1, P3_LO = 0x9e3779f9;
const P4_HI = 0x85ebca77, P4_LO = 0xc2b2ae63;
const P5_HI = 0x27d4eb2f, P5_LO = 0x165667c5;

/** Low 64 bits of a*b; the result goes to hi/lo of `out`. */
function mul(out: Uint32Array, ah: number, al: number, bh: number, bl: number): void {
  const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
  const low = a0 * b0;
  const mid1 = a1 * b0;
  const mid2 = a0 * b1;
  const carry = (low >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff);
  out[1] = ((carry & 0xffff) << 16) | (low & 0xffff);
  const high = a1 * b1 + (mid1 >>> 16) + (mid2 >>> 16) + (carry >>> 16);
  out[0] = (high + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

/** Adds b to the value in out. */
function add(out: Uint32Array, bh: number, bl: number): void {
  const lo = out[1]! + bl;
  out[1] = lo >>> 0;
  out[0] = (out[0]! + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

function rotl(out: Uint32Array, r: number): void {
  const hi = out[0]!, lo = out[1]!;
  if (r === 32) {
    out[0] = lo;
    out[1] = hi;
  } else if (r < 32) {
    out[0] = ((hi << r) | (lo >>> (32 - r))) >>> 0;
    out[1] = ((lo << r) | (hi >>> (32 - r))) >>> 0;
  } else {
    const s = r - 32;
    out[0] = ((lo << s) | (hi >>> (32 - s))) >>> 0;
    out[1] = ((hi << s) | (lo >>> (32 - s))) >>> 0;
  }
}

/** acc = rotl(acc + input * P2, 31) * P1, the per-lane step. */
function round(acc: Uint32Array, inHi: number, inLo: number, scratch: Uint32Array): void {
  mul(scratch, inHi, inLo, P2_HI, P2_LO);
  add(acc, scratch[0]!, scratch[1]!);
  rotl(acc, 31);
  mul(acc, acc[0]!, acc[1]!, P1_HI, P1_LO);
}

export function xxh64(data: Uint8Array): string {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const length = data.byteLength;
  const scratch = new Uint32Array(2);
  const h = new Uint32Array(2);
  let at = 0;
  if (length >= 32) {
    // seed + P1 + P2, seed + P2, seed, seed - P1 with seed 0.
    const v1 = new Uint32Array([P1_HI, P1_LO]);
    add(v1, P2_HI, P2_LO);
    const v2 = new Uint32Array([P2_HI, P2_LO]);
    const v3 = new Uint32Array(2);
    const v4 = new Uint32Array([~P1_HI >>> 0, ~P1_LO >>> 0]);
    add(v4, 0, 1);
    const lanes = [v1, v2, v3, v4];
    stripes(view, length - (length % 32), lanes);
    at = length - (length % 32);
    const rotations = [1, 7, 12, 18];
    lanes.forEach((lane, i) => {
      scratch.set(lane);
      rotl(scratch, rotations[i]!);
      add(h, scratch[0]!, scratch[1]!);
    });
    for (const lane of lanes) {
      // h = (h ^ round(0, lane)) * P1 + P4
      const k = new Uint32Array(2);
      round(k, lane[0]!, lane[1]!, scratch);
      h[0]! ^= k[0]!;
      h[1]! ^= k[1]!;
      mul(h, h[0]! >>> 0, h[1]! >>> 0, P1_HI, P1_LO);
      add(h, P4_HI, P4_LO);
    }
  } else {
    h[0] = P5_HI;
    h[1] = P5_LO;
  }
  add(h, Math.floor(length / 2 ** 32), length >>> 0);
  const k = new Uint32Array(2);
  for (; at + 8 <= length; at += 8) {
    k[0] = 0;
    k[1] = 0;
    round(k, view.getUint32(at + 4, true), view.getUint32(at, true), scratch);
    h[0]! ^= k[0]!;
    h[1]! ^= k[1]!;
    rotl(h, 27);
    mul(h, h[0]!, h[1]!, P1_HI, P1_LO);
    add(h, P4_HI, P4_LO);
  }
  if (at + 4 <= length) {
    mul(scratch, 0, view.getUint32(at, true), P1_HI, P1_LO);
    h[0]! ^= scratch[0]!;
    h[1]! ^= scratch[1]!;
    rotl(h, 23);
    mul(h, h[0]!, h[1]!, P2_HI, P2_LO);
    add(h, P3_HI, P3_LO);
    at += 4;
  }
  for (; at < length; at++) {
    mul(scratch, 0, data[at]!, P5_HI, P5_LO);
    h[0]! ^= scratch[0]!;
    h[1]! ^= scratch[1]!;
    rotl(h, 11);
    mul(h, h[0]!, h[1]!, P1_HI, P1_LO);
  }
  // Avalanche: xor-shifts by 33, 29 and 32 around multiplications by P2 and P3.
  shiftXor(h, 33);
  mul(h, h[0]!, h[1]!, P2_HI, P2_LO);
  shiftXor(h, 29);
  mul(h, h[0]!, h[1]!, P3_HI, P3_LO);
  shiftXor(h, 32);
  return h[0]!.toString(16).padStart(8, '0').toUpperCase() + h[1]!.toString(16).padStart(8, '0').toUpperCase();
}

let resultHi = 0;
let resultLo = 0;

/** The lane step on plain numbers (the hot loop): rotl(acc + input * P2, 31) * P1 into resultHi/Lo. */
function laneRound(accHi: number, accLo: number, inHi: number, inLo: number): void {
  // input * P2, low 64 bits
  let a0 = inLo & 0xffff, a1 = inLo >>> 16;
  let low = a0 * (P2_LO & 0xffff);
  let mid1 = a1 * (P2_LO & 0xffff);
  let mid2 = a0 * (P2_LO >>> 16);
  let carry = (low >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff);
  let lo = (((carry & 0xffff) << 16) | (low & 0xffff)) >>> 0;
  let hi = a1 * (P2_LO >>> 16) + (mid1 >>> 16) + (mid2 >>> 16) + (carry >>> 16) + Math.imul(inHi, P2_LO) + Math.imul(inLo, P2_HI);
  // + acc
  lo += accLo;
  hi = (hi + accHi + (lo > 0xffffffff ? 1 : 0)) >>> 0;
  lo >>>= 0;
  // rotl 31
  const rHi = ((hi << 31) | (lo >>> 1)) >>> 0;
  const rLo = ((lo << 31) | (hi >>> 1)) >>> 0;
  // * P1
  a0 = rLo & 0xffff;
  a1 = rLo >>> 16;
  low = a0 * (P1_LO & 0xffff);
  mid1 = a1 * (P1_LO & 0xffff);
  mid2 = a0 * (P1_LO >>> 16);
  carry = (low >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff);
  resultLo = (((carry & 0xffff) << 16) | (low & 0xffff)) >>> 0;
  resultHi = (a1 * (P1_LO >>> 16) + (mid1 >>> 16) + (mid2 >>> 16) + (carry >>> 16) + Math.imul(rHi, P1_LO) + Math.imul(rLo, P1_HI)) >>> 0;
}

/** Consumes the 32-byte stripes before `end` into the four lanes. */
function stripes(view: DataView, end: number, lanes: readonly Uint32Array[]): void {
  let h1 = lanes[0]![0]!, l1 = lanes[0]![1]!, h2 = lanes[1]![0]!, l2 = lanes[1]![1]!;
  let h3 = lanes[2]![0]!, l3 = lanes[2]![1]!, h4 = lanes[3]![0]!, l4 = lanes[3]![1]!;
  for (let at = 0; at < end; at += 32) {
    laneRound(h1, l1, view.getUint32(at + 4, true), view.getUint32(at, true));
    h1 = resultHi;
    l1 = resultLo;
    laneRound(h2, l2, view.getUint32(at + 12, true), view.getUint32(at + 8, true));
    h2 = resultHi;
    l2 = resultLo;
    laneRound(h3, l3, view.getUint32(at + 20, true), view.getUint32(at + 16, true));
    h3 = resultHi;
    l3 = resultLo;
    laneRound(h4, l4, view.getUint32(at + 28, true), view.getUint32(at + 24, true));
    h4 = resultHi;
    l4 = resultLo;
  }
  lanes[0]!.set([h1, l1]);
  lanes[1]!.set([h2, l2]);
  lanes[2]!.set([h3, l3]);
  lanes[3]!.set([h4, l4]);
}

/** value ^= value >>> s, for 0 < s < 64. */
function shiftXor(h: Uint32Array, s: number): void {
  const hi = h[0]!, lo = h[1]!;
  if (s >= 32) {
    h[1] = lo ^ (hi >>> (s - 32));
  } else {
    h[1] = lo ^ ((lo >>> s) | (hi << (32 - s)));
    h[0] = hi ^ (hi >>> s);
  }
}
