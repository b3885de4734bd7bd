// The structure of a package (members in order, what each one is, the tar dialect) and who signed
// it, from the package engine's index (issue 5): headers only, so a 50 GiB OVA costs milliseconds.
import type { MemberReport, MemberRole, PackageReport } from '../../common/inspection.ts';
import type { Envelope } from '../ovf/model.ts';
import type { PackageSource } from '../package/package-source.ts';
import { parseCertFile } from '../trust/cert-file.ts';
import { summarize } from '../trust/certificate.ts';

/** ovftool pads its .cert to 100 KiB; anything far beyond that is not a certificate file. */
const MAX_CERT_BYTES = 1024 * 1024;

export async function packageStructure(source: PackageSource, envelope: Envelope | undefined): Promise<PackageReport> {
  const hrefs = new Set(envelope?.references.map((file) => file.href) ?? []);
  const diskFiles = new Set(
    (envelope?.diskSection?.disks ?? []).flatMap((disk) => envelope?.references.filter((file) => file.id === disk.fileRef).map((file) => file.href) ?? []),
  );
  const roleOf = (name: string): MemberRole => {
    if (name === source.descriptor.name) return 'descriptor';
    if (name === source.manifest?.name) return 'manifest';
    if (name === source.certificate?.name) return 'certificate';
    // Chunked files are stored as href.000000000, href.000000001 ... (DSP0243 10.3).
    const base = name.replace(/\.\d{9}$/, '');
    if (diskFiles.has(name) || diskFiles.has(base)) return 'disk';
    if (hrefs.has(name) || hrefs.has(base)) return 'file';
    return 'extra';
  };
  const members: MemberReport[] = source.tar
    ? source.tar.members.map((member) => ({ name: member.name, size: member.size, offset: member.offset, role: roleOf(member.name) }))
    : await folderMembers(source, [...hrefs], roleOf);
  return {
    container: source.tar ? 'tar' : 'folder',
    ...(source.tar ? { dialect: `${source.tar.dialect}${source.tar.endMarker ? '' : ' (no end-of-archive blocks)'}` } : {}),
    members,
    ...(source.manifest ? { manifest: source.manifest.name } : {}),
    ...(source.certificate ? { certificate: source.certificate.name } : {}),
  };
}

/** The signer as people name it: "beispiel.example.org (Beispiel GmbH)"; undefined when unsigned. */
export async function signerOf(source: PackageSource): Promise<string | undefined> {
  if (!source.certificate) return undefined;
  const bytes = await source.readSmall(source.certificate, MAX_CERT_BYTES);
  const signer = parseCertFile(bytes, source.certificate.name).certificates[0];
  if (!signer) return undefined;
  const subject = summarize(signer).subject;
  const field = (name: string) => new RegExp(`(?:^|, )${name}=([^,]+)`).exec(subject)?.[1];
  const cn = field('CN');
  const organisation = field('O');
  if (!cn) return subject;
  return organisation && organisation !== cn ? `${cn} (${organisation})` : cn;
}

/** A folder package lists what it holds through the descriptor: its own files, then each href found. */
async function folderMembers(source: PackageSource, hrefs: readonly string[], roleOf: (name: string) => MemberRole): Promise<MemberReport[]> {
  const members = source.files.map((file) => ({ name: file.name, size: file.size, offset: 0, role: roleOf(file.name) }));
  for (const href of hrefs) {
    if (members.some((member) => member.name === href)) continue;
    const found = await source.find(href).catch(() => undefined);
    if (found) members.push({ name: found.name, size: found.size, offset: 0, role: roleOf(found.name) });
  }
  return members;
}
