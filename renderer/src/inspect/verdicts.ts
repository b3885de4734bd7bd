// How each file verdict reads, wherever a file's verification result is shown.
import type { FileVerdict } from '../../../electron/common/inspection.ts';

export const verdictText: Record<FileVerdict, string> = {
  ok: '✓ matches',
  mismatch: '✕ digest differs',
  missing: '✕ missing',
  unlisted: '⚠ not in manifest',
  outside: '✕ points outside',
  unchecked: 'not checked',
  'wrong-size': '✕ size differs',
};
