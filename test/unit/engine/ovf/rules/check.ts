// Test helper: validate a descriptor text and look findings up by code.
import type { Finding } from '../../../../../electron/common/finding.ts';
import { parseDescriptor, validateDescriptor } from '../../../../../electron/engine/ovf/index.ts';

export function findingsOf(text: string): Finding[] {
  return validateDescriptor(parseDescriptor(text, 'test.ovf'));
}

export function withCode(text: string, code: string): Finding[] {
  return findingsOf(text).filter((finding) => finding.code === code);
}
