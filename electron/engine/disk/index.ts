// The disk engine's public face: what the CLI, the main process and the build system call.
export { convertDisk, type ConvertOutput, type ConvertResult, type OutputDigest } from './convert.ts';
export { inspectDisk, type DiskInspection, type PartitionReport } from './inspect.ts';
export { DEFAULT_DEFLATE_LEVEL, TARGET_FORMATS, type SourceFormat, type TargetFormat, type WriterOptions } from './types.ts';
