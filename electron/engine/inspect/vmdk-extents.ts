// A VMDK that is only a text descriptor names its data as other files (extents). Inside a package
// those names must not lead the disk engine out of it: an OVA member has no folder to resolve them
// in, and a folder's descriptor may name "../" or absolute paths. This reads the descriptor so the
// caller can decide before anything is opened.
import type { DiskFile } from '../disk/disk-file.ts';
import { looksLikeDescriptor, MAX_DESCRIPTOR_BYTES, parseDescriptor, type VmdkDescriptor } from '../disk/vmdk-descriptor.ts';
import { isSparseMagic } from '../disk/vmdk-header.ts';

/** The text descriptor `file` holds, or undefined when it is not a descriptor-only VMDK. */
export async function textDescriptorOf(file: DiskFile): Promise<VmdkDescriptor | undefined> {
  const head = await file.readUpTo(0, 4096);
  if (isSparseMagic(head) || !looksLikeDescriptor(head) || file.size > MAX_DESCRIPTOR_BYTES) return undefined;
  return parseDescriptor((await file.read(0, file.size, 'the descriptor')).toString('utf8'), file.path);
}
