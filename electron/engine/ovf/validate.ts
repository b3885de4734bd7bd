// All checks of a descriptor: what reading found, the rule families, and optionally the DMTF
// schema through xmllint. Findings come back sorted, errors first.
import { sortFindings, type Finding } from '../../common/finding.ts';
import type { OvfDescriptor } from './descriptor.ts';
import { hardwareRules } from './rules/hardware.ts';
import { propertyRules } from './rules/properties.ts';
import { referenceRules } from './rules/references.ts';
import { findingsCollector, type Rule } from './rules/rule.ts';
import { sizeRules } from './rules/sizes.ts';
import { structureRules } from './rules/structure.ts';
import { vocabularyRules } from './rules/vocabulary.ts';
import { checkSchema, chooseSchema } from './schema.ts';
import { writeXml } from './xml-write.ts';

const rules: readonly Rule[] = [structureRules, referenceRules, sizeRules, hardwareRules, propertyRules, vocabularyRules];

/** The semantic checks (no external tool): synchronous and fast. */
export function validateDescriptor(descriptor: OvfDescriptor): Finding[] {
  const { context, findings } = findingsCollector(descriptor);
  for (const rule of rules) rule(context);
  return sortFindings([...descriptor.readFindings, ...findings]);
}

export interface SchemaOptions {
  /** A folder holding the DMTF XSDs (dsp8023_1.x / 2.x), directly or in sub-folders. */
  readonly schemaDir: string;
  /**
   * The descriptor text xmllint checks. Defaults to our UTF-8 serialisation, which is the same
   * document; pass the original text to check the file byte for byte.
   */
  readonly text?: string;
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
}

/** validateDescriptor plus the DMTF schema check. */
export async function validateWithSchema(descriptor: OvfDescriptor, options: SchemaOptions): Promise<Finding[]> {
  if (descriptor.envelope.family === '0.9') {
    // VMware's pre-standard format has no DMTF schema; checking it against 1.x would only list noise.
    const note: Finding = { code: 'OVF_SCHEMA_NOT_APPLICABLE', severity: 'info', message: 'OVF 0.9 predates the DMTF schemas; no schema check was run', location: { file: descriptor.file, path: descriptor.envelope.at.path } };
    return sortFindings([...validateDescriptor(descriptor), note]);
  }
  const choice = chooseSchema(options.schemaDir, descriptor.envelope.family);
  const schemaFindings = await checkSchema(options.text ?? writeXml(descriptor.xml), descriptor.file, choice, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  return sortFindings([...validateDescriptor(descriptor), ...schemaFindings]);
}
