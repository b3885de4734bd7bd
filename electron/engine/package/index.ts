// The package engine's public API (OVA and OVF folder reading and writing, issue 5).
//
//   await indexPackage('x.ova')                      // members, offsets, dialect: headers only, milliseconds
//   await inspectPackage('x.ova')                    // + order notes, manifest form, signature status (no hashing)
//   await verifyPackage('x.ova', { signal, onProgress, trust: { extra: ['root.pem'] } })
//                                                    // every file's digest + the signature, chain and trust
//   await packPackage('x.ovf', { output: 'x.ova', algorithm: 'sha256', signer })
//   await signPackage('x.ova', signer)               // add or replace the .cert, disks untouched
//   readLogicalFile(source, file, { maxBytes })      // a References/File with chunks joined and gzip undone
export { indexPackage, inspectPackage, type MemberRole, type PackageIndex, type PackageMember, type PackageStructure } from './inspect-package.ts';
export { readLogicalFile, type LogicalFileOptions } from './logical-file.ts';
export { formatManifest, parseManifest, parseManifestAlgorithm, type Manifest, type ManifestAlgorithm, type ManifestEntry } from './manifest.ts';
export { openPackage, staysInside, type OpenedFile, type PackageFile, type PackageKind, type PackageSource } from './package-source.ts';
export { packPackage, type PackFormat, type PackOptions, type PackResult } from './pack.ts';
export { referencedFiles, chunkName, type ReferencedFile } from './references.ts';
export { signPackage, type SignResult } from './resign.ts';
export { indexTar, type TarIndex, type TarMember } from './tar-index.ts';
export { verifyPackage, type FileResult, type FileStatus, type PackageVerification, type VerifyOptions } from './verify.ts';
