// Deterministic ECDSA (RFC 6979): the nonce k comes from HMAC-DRBG over the private key and the
// message digest instead of a random draw, so the same manifest signed with the same key gives the
// same .cert, as reproducible builds need (OpenSSL 3.0, which Debian ships, cannot do this, and
// Node's sign() does not expose the option). OpenSSL still does the point multiplication k·G, in
// constant time, through ECDH; only the scalar arithmetic modulo the group order is done here, and
// the inverse of k is blinded by a random factor so its timing does not follow k.
import { createECDH, createHash, createHmac, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { derElement, derUnsignedInteger, TAG } from './der.ts';

/** Group orders of the curves X.509 signing keys use (from `openssl ecparam -param_enc explicit`). */
const ORDERS: Readonly<Record<string, bigint>> = {
  prime256v1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  secp384r1: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  secp521r1: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};

export function canSignDeterministically(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'ec' && ORDERS[key.asymmetricKeyDetails?.namedCurve ?? ''] !== undefined;
}

/** A DER ECDSA signature of `message` with digest `algorithm`, the same bytes every time. */
export function signDeterministic(algorithm: string, message: Buffer, privateKey: KeyObject): Buffer {
  const curve = privateKey.asymmetricKeyDetails?.namedCurve ?? '';
  const n = ORDERS[curve];
  if (!n) throw new Error(`internal: no deterministic ECDSA for curve ${curve}`);
  const jwk = privateKey.export({ format: 'jwk' });
  const d = toBigInt(Buffer.from(jwk.d ?? '', 'base64url'));
  const scalar = new Scalars(n);
  const digest = createHash(algorithm).update(message).digest();
  const e = scalar.bits2int(digest);
  for (const k of scalar.nonces(algorithm, d, digest)) {
    const ecdh = createECDH(curve);
    ecdh.setPrivateKey(scalar.toOctets(k));
    const point = ecdh.getPublicKey();
    // Uncompressed point: 0x04, X, Y, each the field's size.
    const r = toBigInt(point.subarray(1, 1 + (point.length - 1) / 2)) % n;
    if (r === 0n) continue;
    const s = (scalar.blindedInverse(k) * ((e + r * d) % n)) % n;
    if (s === 0n) continue;
    const signature = derElement(TAG.sequence, Buffer.concat([derUnsignedInteger(r), derUnsignedInteger(s)]));
    // A fault here would leak the key in what we publish: check before anything leaves.
    if (!verify(algorithm, message, { key: createPublicKey(privateKey), dsaEncoding: 'der' }, signature)) throw new Error('internal: a deterministic ECDSA signature did not verify');
    return signature;
  }
  throw new Error('internal: no nonce found');
}

function toBigInt(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

/** Integers modulo the group order n, with RFC 6979's conversions (section 2.3). */
class Scalars {
  private readonly qlen: number;
  private readonly rlen: number;

  constructor(private readonly n: bigint) {
    this.qlen = n.toString(2).length;
    this.rlen = Math.ceil(this.qlen / 8);
  }

  /** The leftmost qlen bits of `bytes` as an integer. */
  bits2int(bytes: Buffer): bigint {
    const value = toBigInt(bytes);
    const extra = bytes.length * 8 - this.qlen;
    return extra > 0 ? value >> BigInt(extra) : value;
  }

  toOctets(value: bigint): Buffer {
    return Buffer.from(value.toString(16).padStart(this.rlen * 2, '0'), 'hex');
  }

  /** Candidate nonces from HMAC-DRBG (RFC 6979 section 3.2, steps b to h). */
  *nonces(algorithm: string, d: bigint, digest: Buffer): Generator<bigint> {
    const hmac = (key: Buffer, ...parts: Buffer[]) => parts.reduce((h, part) => h.update(part), createHmac(algorithm, key)).digest();
    const seed = Buffer.concat([this.toOctets(d), this.toOctets(this.bits2int(digest) % this.n)]);
    let v = Buffer.alloc(digest.length, 0x01);
    let k = Buffer.alloc(digest.length, 0x00);
    k = hmac(k, v, Buffer.from([0x00]), seed);
    v = hmac(k, v);
    k = hmac(k, v, Buffer.from([0x01]), seed);
    v = hmac(k, v);
    for (;;) {
      const t: Buffer[] = [];
      for (let bits = 0; bits < this.qlen; bits += v.length * 8) {
        v = hmac(k, v);
        t.push(v);
      }
      const candidate = this.bits2int(Buffer.concat(t));
      if (candidate >= 1n && candidate < this.n) yield candidate;
      k = hmac(k, v, Buffer.from([0x00]));
      v = hmac(k, v);
    }
  }

  /** k⁻¹ mod n, computed as b·(k·b)⁻¹ for a random b, so the exponentiation never sees k itself. */
  blindedInverse(k: bigint): bigint {
    const b = (toBigInt(randomBytes(this.rlen + 8)) % (this.n - 1n)) + 1n;
    return (this.power((k * b) % this.n, this.n - 2n) * b) % this.n;
  }

  private power(base: bigint, exponent: bigint): bigint {
    let result = 1n;
    let square = base;
    for (let e = exponent; e > 0n; e >>= 1n) {
      if (e & 1n) result = (result * square) % this.n;
      square = (square * square) % this.n;
    }
    return result;
  }
}
