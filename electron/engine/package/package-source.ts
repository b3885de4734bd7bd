// One view over both package forms: an OVA (read in place through its tar index) and an OVF
// folder (a descriptor beside its files). Callers ask for files by the names the descriptor and
// manifest use; every name is checked to stay inside the package before anything is opened.
import type { FileHandle } from 'node:fs/promises';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileError, inputError } from '../errors.ts';
import { indexTar, type TarIndex } from './tar-index.ts';

export type PackageKind = 'ova' | 'ovf';

export interface PackageFile {
  readonly name: string;
  readonly size: number;
}

export interface PackageSource {
  readonly kind: PackageKind;
  /** The .ova file, or the .ovf descriptor of a folder package. */
  readonly path: string;
  readonly tar?: TarIndex;
  readonly descriptor: PackageFile;
  readonly manifest?: PackageFile;
  readonly certificate?: PackageFile;
  /** Files known to be in the package: every OVA member; for a folder, the descriptor, manifest and certificate. */
  readonly files: readonly PackageFile[];
  /** Looks a file up by name (a folder package also finds files it did not list); undefined when absent. */
  find(name: string): Promise<PackageFile | undefined>;
  /** Opens a file for reading its bytes in place: read [offset, offset + size) of the handle. */
  open(file: PackageFile): Promise<OpenedFile>;
  /** Reads a small file (descriptor, manifest, certificate) whole, refusing anything over `maxBytes`. */
  readSmall(file: PackageFile, maxBytes: number): Promise<Buffer>;
}

export interface OpenedFile {
  readonly handle: FileHandle;
  /** The file the handle reads: the OVA itself, or the folder package's file. */
  readonly path: string;
  readonly offset: number;
  readonly size: number;
  close(): Promise<void>;
}

/** True when `name` may name a file inside a package: relative, no "..", no drive, no backslash. */
export function staysInside(name: string): boolean {
  if (name === '' || name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\') || name.includes('\0')) return false;
  return !name.split('/').some((part) => part === '..' || part === '');
}

/** Opens `path`: an .ova file, an .ovf descriptor, or a folder holding exactly one .ovf. */
export async function openPackage(path: string): Promise<PackageSource> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw fileError(error, path);
  }
  if (info.isDirectory()) return openFolder(await soleDescriptor(path));
  if (extname(path).toLowerCase() === '.ovf') return openFolder(path);
  return openOva(path);
}

async function soleDescriptor(folder: string): Promise<string> {
  const names = (await readdir(folder)).filter((name) => extname(name).toLowerCase() === '.ovf');
  if (names.length !== 1) {
    throw inputError('PACKAGE_NO_DESCRIPTOR', names.length === 0 ? 'the folder holds no .ovf descriptor' : `the folder holds ${names.length} .ovf descriptors (${names.join(', ')}): name the one to use`, { file: folder });
  }
  return join(folder, names[0]!);
}

/** The manifest and certificate share the descriptor's base name (VirtualBox accepts nothing else). */
function companions(descriptorName: string): { manifest: string; certificate: string } {
  const base = descriptorName.slice(0, -extname(descriptorName).length);
  return { manifest: `${base}.mf`, certificate: `${base}.cert` };
}

async function openOva(path: string): Promise<PackageSource> {
  const tar = await indexTar(path);
  const descriptors = tar.members.filter((m) => extname(m.name).toLowerCase() === '.ovf' && !m.name.includes('/'));
  if (descriptors.length === 0) throw inputError('PACKAGE_NO_DESCRIPTOR', 'the OVA holds no .ovf descriptor at its root', { file: path });
  if (descriptors.length > 1) {
    throw inputError('PACKAGE_MULTIPLE_DESCRIPTORS', `the OVA holds ${descriptors.length} descriptors (${descriptors.map((d) => d.name).join(', ')}); an OVA carries exactly one`, { file: path });
  }
  const descriptor = descriptors[0]!;
  const names = companions(descriptor.name);
  const byName = new Map(tar.members.map((m) => [m.name, m] as const));
  const manifest = byName.get(names.manifest);
  const certificate = byName.get(names.certificate);
  // One handle serves every reader at once (reads are positional); it closes with the last reader.
  let shared: Promise<FileHandle> | undefined;
  let users = 0;
  return {
    kind: 'ova',
    path,
    tar,
    descriptor,
    ...(manifest ? { manifest } : {}),
    ...(certificate ? { certificate } : {}),
    files: tar.members,
    find: async (name) => byName.get(name),
    async open(file) {
      const member = byName.get(file.name);
      if (!member) throw inputError('PACKAGE_FILE_MISSING', `"${file.name}" is not in the package`, { file: path });
      users += 1;
      const opening = (shared ??= open(path, 'r'));
      let handle: FileHandle;
      try {
        handle = await opening;
      } catch (error) {
        users -= 1;
        if (shared === opening) shared = undefined;
        throw fileError(error, path);
      }
      return {
        handle,
        path,
        offset: member.offset,
        size: member.size,
        close: async () => {
          users -= 1;
          if (users === 0 && shared === opening) {
            shared = undefined;
            await handle.close();
          }
        },
      };
    },
    async readSmall(file, maxBytes) {
      const member = byName.get(file.name);
      if (!member) throw inputError('PACKAGE_FILE_MISSING', `"${file.name}" is not in the package`, { file: path });
      tooLarge(member, maxBytes, path);
      const handle = await open(path, 'r').catch((error: unknown) => Promise.reject(fileError(error, path)));
      try {
        const buffer = Buffer.alloc(member.size);
        const { bytesRead } = await handle.read(buffer, 0, member.size, member.offset);
        if (bytesRead !== member.size) throw inputError('TAR_TRUNCATED', `member "${member.name}" is cut short`, { file: path, offset: member.offset });
        return buffer;
      } finally {
        await handle.close();
      }
    },
  };
}

function tooLarge(file: PackageFile, maxBytes: number, where: string): void {
  if (file.size > maxBytes) throw inputError('PACKAGE_FILE_TOO_LARGE', `"${file.name}" is ${file.size} bytes, more than the ${maxBytes} expected for it`, { file: where });
}

async function openFolder(descriptorPath: string): Promise<PackageSource> {
  const folder = dirname(resolve(descriptorPath));
  const realFolder = await realpath(folder).catch((error: unknown) => Promise.reject(fileError(error, folder)));
  const descriptorName = basename(descriptorPath);
  const cache = new Map<string, PackageFile | undefined>();

  /** Resolves a name to a regular file inside the folder; symlinks may not lead out of it. */
  const locate = async (name: string): Promise<string | undefined> => {
    if (!staysInside(name)) throw inputError('PACKAGE_PATH_OUTSIDE', `"${name}" points outside the package folder`, { file: folder });
    const full = join(folder, ...name.split('/'));
    try {
      await lstat(full);
    } catch {
      return undefined;
    }
    const real = await realpath(full).catch(() => undefined);
    if (!real) return undefined;
    const rel = relative(realFolder, real);
    if (rel.startsWith(`..${sep}`) || rel === '..' || resolve(realFolder, rel) !== real) {
      throw inputError('PACKAGE_PATH_OUTSIDE', `"${name}" is a link that leads outside the package folder`, { file: full });
    }
    return real;
  };
  const find = async (name: string): Promise<PackageFile | undefined> => {
    if (cache.has(name)) return cache.get(name);
    const real = await locate(name);
    let found: PackageFile | undefined;
    if (real) {
      const info = await stat(real);
      if (!info.isFile()) throw inputError('PACKAGE_NOT_A_FILE', `"${name}" is not a regular file`, { file: real });
      found = { name, size: info.size };
    }
    cache.set(name, found);
    return found;
  };
  const descriptor = await find(descriptorName);
  if (!descriptor) throw inputError('PACKAGE_NO_DESCRIPTOR', 'the descriptor does not exist', { file: descriptorPath });
  const names = companions(descriptorName);
  const manifest = await find(names.manifest);
  const certificate = await find(names.certificate);
  const openFile = async (file: PackageFile) => {
    const real = await locate(file.name);
    if (!real) throw inputError('PACKAGE_FILE_MISSING', `"${file.name}" is not in the package folder`, { file: folder });
    let handle: FileHandle;
    try {
      handle = await open(real, 'r');
    } catch (error) {
      throw fileError(error, real);
    }
    const { size } = await handle.stat();
    return { handle, path: real, offset: 0, size, close: () => handle.close() };
  };
  return {
    kind: 'ovf',
    path: resolve(descriptorPath),
    descriptor,
    ...(manifest ? { manifest } : {}),
    ...(certificate ? { certificate } : {}),
    files: [descriptor, ...(manifest ? [manifest] : []), ...(certificate ? [certificate] : [])],
    find,
    open: openFile,
    async readSmall(file, maxBytes) {
      tooLarge(file, maxBytes, folder);
      const opened = await openFile(file);
      try {
        tooLarge({ name: file.name, size: opened.size }, maxBytes, folder);
        const buffer = Buffer.alloc(opened.size);
        await opened.handle.read(buffer, 0, opened.size, 0);
        return buffer;
      } finally {
        await opened.close();
      }
    },
  };
}
