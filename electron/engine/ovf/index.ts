// The OVF descriptor engine's public API. Other modules (package, trust, targets, project, build,
// inspect) import from here only.
//
//   const d = parseDescriptor(bytes, 'appliance.ovf');   // or await readDescriptorFile(path)
//   d.envelope.diskSection?.disks ...                     // the typed model, with paths and lines
//   validateDescriptor(d)                                 // -> Finding[] (code, severity, message, location)
//   setPropertyValue(d, 'hostname', 'db1')                // edits change only what they touch
//   serializeDescriptor(d)                                // -> UTF-8 text, lossless for unedited parts
export { OvfDescriptor, parseDescriptor, readDescriptorFile, serializeDescriptor, type ParseOptions } from './descriptor.ts';
export { DEFAULT_MAX_DESCRIPTOR_BYTES } from './decode.ts';
export { DEFAULT_MAX_DEPTH } from './xml-read.ts';
export * from './model.ts';
export { validateDescriptor, validateWithSchema, type SchemaOptions } from './validate.ts';
export { chooseSchema, checkSchema, type SchemaChoice } from './schema.ts';
export { bytesPerUnit, toBytes, unitsFor } from './units.ts';
export { canonicalNamespace, envelopeFamily, namespaceRole, type OvfVersionFamily } from './namespaces.ts';
export { parseHostResource } from './rules/references.ts';
export { summarizeEnvelope, type EnvelopeSummary } from './summary.ts';
export * from './edit.ts';
