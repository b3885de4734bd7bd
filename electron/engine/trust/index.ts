// The trust engine's public API: signing identities, the .cert format, signing, trust stores and
// signature verification (issue 5).
//
//   const signer = await loadSigningIdentity({ keyPath: 'key.p12', passphrase })   // or PEM key + certPath/chainPath
//   const certText = signManifest(manifestBytes, 'x.mf', signer, 'sha256')
//   const store = await loadTrustStore({ home, extra: ['root.pem'] })              // system + user store + given
//   verifyManifestSignature({ certFile, certName, manifest, manifestName, trustStore: store })
export { parseCertFile, formatCertFile, type CertFile, type ManifestSignature } from './cert-file.ts';
export { certificatesFromPem, codeSigningProblem, isSelfSigned, summarize, validityAt, type CertificateSummary } from './certificate.ts';
export { loadSigningIdentity, type SigningIdentity, type SigningInput } from './keys.ts';
export { readPkcs12, type Pkcs12Contents } from './pkcs12.ts';
export { maxCertFileSize, signManifest } from './sign.ts';
export { listTrusted, loadTrustStore, makeStore, trustCertificate, untrustCertificate, userTrustDir, type TrustAnchor, type TrustSource, type TrustStore, type TrustStoreOptions } from './trust-store.ts';
export { verifyManifestSignature, type ChainLink, type SignatureInput, type SignatureResult, type SignatureStatus } from './verify-signature.ts';
