// `appliance verify X.xva`: every chunk of every disk against its checksum member, then the verdict.
import { formatBytes } from '../../common/progress.ts';
import { formatFinding } from '../../common/finding.ts';
import { verifyXva, type XvaVerification } from '../../engine/xva/verify.ts';
import { CheckFailed } from '../program.ts';
import { writeJson, type CliIO } from '../io.ts';

export async function verifyXvaCommand(path: string, options: { readonly json?: boolean }, io: CliIO): Promise<void> {
  const result = await verifyXva(path, { signal: io.signal, onProgress: io.progress });
  io.endProgress();
  if (options.json) writeJson(io, result);
  else io.stdout.write(renderXvaVerification(result));
  if (!result.ok) throw new CheckFailed();
}

const algorithmLabels = { sha1: 'SHA-1', xxh64: 'XXH64' } as const;

function renderXvaVerification(result: XvaVerification): string {
  const lines = [`XVA:       ${result.path} (${result.disks.length} disk${result.disks.length === 1 ? '' : 's'} with data)`];
  const width = Math.max(...result.disks.map((disk) => `${disk.name} (${disk.ref})`.length), 4);
  for (const disk of result.disks) {
    const status = disk.mismatches.length > 0 ? 'mismatch' : disk.checked === 0 ? 'unchecked' : 'ok';
    const kinds = disk.algorithms.map((kind) => algorithmLabels[kind]).join(', ') || 'no checksums';
    const unchecked = disk.unchecked > 0 ? `, ${disk.unchecked} without a checksum` : '';
    lines.push(`  ${status.padEnd(9)} ${`${disk.name} (${disk.ref})`.padEnd(width)}  ${disk.checked} of ${disk.chunks} chunks checked (${kinds})${unchecked}, ${formatBytes(disk.storedBytes)}`);
    for (const bad of disk.mismatches) {
      lines.push(`            chunk ${bad.chunk} (${bad.member}, disk offset ${bad.diskOffset}): ${algorithmLabels[bad.algorithm]} expected ${bad.expected}, actual ${bad.actual}`);
    }
  }
  for (const finding of result.structureErrors) lines.push(`  ${formatFinding(finding)}`);
  const verdict = result.ok ? (result.disks.some((disk) => disk.checked > 0) ? 'intact, not signed (an XVA carries no signature)' : 'nothing to check: no chunk has a checksum') : 'FAILED';
  lines.push(`Result:    ${verdict} (${formatBytes(result.bytesHashed)} hashed in ${result.seconds.toFixed(2)} s)`);
  return `${lines.join('\n')}\n`;
}
