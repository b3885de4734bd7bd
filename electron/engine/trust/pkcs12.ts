// PKCS#12 (.pfx/.p12, RFC 7292) reading: the private key and certificates inside. Node's crypto
// cannot open these containers, so the structure is walked here; the cryptography stays Node's:
// shrouded key bags go to createPrivateKey (which decrypts PKCS#8 with PBES2 or the PKCS#12 PBEs),
// encrypted certificate bags are decrypted with PBES2 (what OpenSSL 3 writes) or
// pbeWithSHAAnd3-KeyTripleDES-CBC (what older tools and Windows write). The MAC is checked first,
// so a wrong passphrase gives a clear error instead of garbage.
import { createDecipheriv, createHash, createHmac, createPrivateKey, pbkdf2Sync, timingSafeEqual, X509Certificate, type KeyObject } from 'node:crypto';
import { EngineError, inputError } from '../errors.ts';
import { Asn1Error, child, children, integer, octets, oid, readAsn1, TAG, type Asn1 } from './der.ts';

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
  pbeSha1Rc2_40: '1.2.840.113549.1.12.1.6',
  pbeSha1Rc2_128: '1.2.840.113549.1.12.1.5',
} as const;

const HASHES: Record<string, { name: string; block: number }> = {
  '1.3.14.3.2.26': { name: 'sha1', block: 64 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', block: 64 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', block: 128 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', block: 128 },
};

const PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

const CIPHERS: Record<string, { name: string; key: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', key: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', key: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', key: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', key: 24 },
};

export interface Pkcs12Contents {
  readonly privateKey: KeyObject;
  readonly certificates: readonly X509Certificate[];
}

export function readPkcs12(bytes: Buffer, passphrase: string, file: string): Pkcs12Contents {
  try {
    return walk(bytes, passphrase, file);
  } catch (error) {
    if (error instanceof EngineError) throw error;
    if (error instanceof Asn1Error) throw inputError('TRUST_PKCS12_MALFORMED', `not a readable PKCS#12 file: ${error.message}`, { file });
    throw inputError('TRUST_PKCS12_MALFORMED', `the PKCS#12 file could not be read: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
}

function walk(bytes: Buffer, passphrase: string, file: string): Pkcs12Contents {
  const pfx = readAsn1(bytes);
  if (pfx.tag !== TAG.sequence) throw new Asn1Error('the file does not start with a SEQUENCE');
  if (integer(child(pfx, 0, TAG.integer)) !== 3) throw new Asn1Error('unsupported PFX version');
  const authSafe = child(pfx, 1, TAG.sequence);
  if (oid(child(authSafe, 0)) !== OID.data) throw inputError('TRUST_PKCS12_UNSUPPORTED', 'public-key-protected PKCS#12 files are not supported; export with a passphrase', { file });
  const authSafeBytes = octets(child(child(authSafe, 1, TAG.context0), 0));
  const parts = children(pfx);
  if (parts[2]) checkMac(parts[2], authSafeBytes, passphrase, file);

  const keys: KeyObject[] = [];
  const certificates: X509Certificate[] = [];
  for (const info of children(readAsn1(authSafeBytes))) {
    const type = oid(child(info, 0));
    let safeContents: Buffer;
    if (type === OID.data) safeContents = octets(child(child(info, 1, TAG.context0), 0));
    else if (type === OID.encryptedData) safeContents = decryptEncryptedData(child(child(info, 1, TAG.context0), 0), passphrase, file);
    else continue; // enveloped data needs the recipient's key: not a passphrase-protected bag
    for (const bag of children(readAsn1(safeContents))) {
      const bagType = oid(child(bag, 0));
      const value = child(child(bag, 1, TAG.context0), 0);
      if (bagType === OID.certBag) {
        if (oid(child(value, 0)) !== OID.x509Certificate) continue;
        certificates.push(new X509Certificate(octets(child(child(value, 1, TAG.context0), 0))));
      } else if (bagType === OID.keyBag) {
        keys.push(createPrivateKey({ key: encode(value), format: 'der', type: 'pkcs8' }));
      } else if (bagType === OID.shroudedKeyBag) {
        keys.push(decryptKey(encode(value), passphrase, file));
      }
    }
  }
  const privateKey = keys[0];
  if (!privateKey) throw inputError('TRUST_PKCS12_NO_KEY', 'the PKCS#12 file holds no private key', { file });
  if (keys.length > 1) throw inputError('TRUST_PKCS12_MANY_KEYS', `the PKCS#12 file holds ${keys.length} private keys; export the one to sign with alone`, { file });
  return { privateKey, certificates };
}

/** Re-encodes an element we hold as content back to its DER bytes (tag + length + content). */
function encode(node: Asn1): Buffer {
  const length = node.content.length;
  const lengthBytes = length < 0x80 ? Buffer.from([length]) : lengthOctets(length);
  return Buffer.concat([Buffer.from([node.tag]), lengthBytes, node.content]);
}

function lengthOctets(length: number): Buffer {
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function decryptKey(der: Buffer, passphrase: string, file: string): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase });
  } catch (error) {
    throw inputError('TRUST_KEY_UNREADABLE', `the private key in the PKCS#12 file could not be decrypted: ${(error as Error).message}`, { file });
  }
}

function checkMac(macData: Asn1, authSafe: Buffer, passphrase: string, file: string): void {
  const digestInfo = child(macData, 0, TAG.sequence);
  const hashOid = oid(child(child(digestInfo, 0, TAG.sequence), 0));
  const expected = octets(child(digestInfo, 1));
  const salt = octets(child(macData, 1));
  const iterationsNode = children(macData)[2];
  const iterations = iterationsNode ? integer(iterationsNode) : 1;
  const hash = HASHES[hashOid];
  if (!hash) throw inputError('TRUST_PKCS12_UNSUPPORTED', `the PKCS#12 integrity check uses an unsupported algorithm (${hashOid})`, { file });
  const outputLength = createHash(hash.name).digest().length;
  const key = pkcs12Kdf(hash.name, hash.block, passphrase, salt, 3, iterations, outputLength);
  const actual = createHmac(hash.name, key).update(authSafe).digest();
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw inputError('TRUST_KEY_BAD_PASSPHRASE', 'wrong passphrase for the PKCS#12 file (its integrity check does not match)', { file });
  }
}

function decryptEncryptedData(encryptedData: Asn1, passphrase: string, file: string): Buffer {
  const info = child(encryptedData, 1, TAG.sequence);
  const algorithm = child(info, 1, TAG.sequence);
  const encrypted = octets(child(info, 2));
  const algorithmOid = oid(child(algorithm, 0));
  const params = child(algorithm, 1);
  if (algorithmOid === OID.pbes2) return decryptPbes2(params, encrypted, passphrase, file);
  if (algorithmOid === OID.pbeSha1TripleDes) {
    const salt = octets(child(params, 0));
    const iterations = integer(child(params, 1));
    const key = pkcs12Kdf('sha1', 64, passphrase, salt, 1, iterations, 24);
    const iv = pkcs12Kdf('sha1', 64, passphrase, salt, 2, iterations, 8);
    return decipher('des-ede3-cbc', key, iv, encrypted, file);
  }
  if (algorithmOid === OID.pbeSha1Rc2_40 || algorithmOid === OID.pbeSha1Rc2_128) {
    throw inputError('TRUST_PKCS12_UNSUPPORTED', 'the certificates in this PKCS#12 file use RC2 encryption, which is obsolete and unavailable; re-export it with AES (OpenSSL 3 default) or 3DES', { file });
  }
  throw inputError('TRUST_PKCS12_UNSUPPORTED', `the PKCS#12 file uses an unsupported encryption (${algorithmOid})`, { file });
}

function decryptPbes2(params: Asn1, encrypted: Buffer, passphrase: string, file: string): Buffer {
  const kdf = child(params, 0, TAG.sequence);
  const scheme = child(params, 1, TAG.sequence);
  if (oid(child(kdf, 0)) !== OID.pbkdf2) throw inputError('TRUST_PKCS12_UNSUPPORTED', 'PBES2 with a key derivation other than PBKDF2', { file });
  const kdfParams = children(child(kdf, 1, TAG.sequence));
  const salt = octets(kdfParams[0]!);
  const iterations = integer(kdfParams[1]!);
  const prfNode = kdfParams.find((node) => node.tag === TAG.sequence);
  const prf = prfNode ? PRFS[oid(child(prfNode, 0))] : 'sha1';
  const cipher = CIPHERS[oid(child(scheme, 0))];
  if (!prf || !cipher) throw inputError('TRUST_PKCS12_UNSUPPORTED', 'the PKCS#12 file uses an unsupported PBES2 cipher or PRF', { file });
  const iv = octets(child(scheme, 1));
  // PBES2 takes the passphrase as UTF-8 bytes (RFC 8018), unlike the PKCS#12 KDF's BMPString.
  const key = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, iterations, cipher.key, prf);
  return decipher(cipher.name, key, iv, encrypted, file);
}

function decipher(name: string, key: Buffer, iv: Buffer, data: Buffer, file: string): Buffer {
  try {
    const d = createDecipheriv(name, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    throw inputError('TRUST_KEY_BAD_PASSPHRASE', 'the PKCS#12 contents could not be decrypted: wrong passphrase or damaged file', { file });
  }
}

/** RFC 7292 appendix B.2: the PKCS#12 key derivation (id 1 key, 2 IV, 3 MAC key). */
export function pkcs12Kdf(hashName: string, blockSize: number, passphrase: string, salt: Buffer, id: number, iterations: number, length: number): Buffer {
  const password = passphrase === '' ? Buffer.alloc(0) : Buffer.concat([Buffer.from(passphrase, 'utf16le').swap16(), Buffer.alloc(2)]);
  const fill = (source: Buffer) => {
    const out = Buffer.alloc(source.length === 0 ? 0 : Math.ceil(source.length / blockSize) * blockSize);
    for (let i = 0; i < out.length; i += 1) out[i] = source[i % source.length]!;
    return out;
  };
  const diversifier = Buffer.alloc(blockSize, id);
  const input = Buffer.concat([fill(salt), fill(password)]);
  const result: Buffer[] = [];
  let produced = 0;
  while (produced < length) {
    let a = createHash(hashName).update(diversifier).update(input).digest();
    for (let i = 1; i < iterations; i += 1) a = createHash(hashName).update(a).digest();
    result.push(a);
    produced += a.length;
    const b = fill(a).subarray(0, blockSize);
    for (let j = 0; j < input.length; j += blockSize) {
      let carry = 1;
      for (let k = blockSize - 1; k >= 0; k -= 1) {
        const sum = input[j + k]! + b[k]! + carry;
        input[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(result).subarray(0, length);
}
