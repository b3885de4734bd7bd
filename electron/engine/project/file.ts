// appliance.yaml on disk: read it into a checked Project while keeping the YAML Document, so an
// edit (init, --fix, the GUI) writes back the person's comments, key order and quoting untouched.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Document, LineCounter, isCollection, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { EngineError, fileError } from '../errors.ts';
import { projectFormatVersion, projectSchema, type Project } from './schema.ts';

export const projectFileName = 'appliance.yaml';
/** A project file is a page of settings; anything larger is not one. */
const maxProjectFileBytes = 1024 * 1024;

export type ProjectPath = readonly (string | number)[];

export interface LoadedProject {
  /** The project folder (absolute). */
  readonly dir: string;
  /** appliance.yaml (absolute). */
  readonly file: string;
  readonly project: Project;
  /** The parsed YAML, for comment-preserving edits. */
  readonly document: Document;
  /** 1-based line of the node at `path`, or of its nearest existing parent. */
  lineOf(path: ProjectPath): number | undefined;
}

/** `['systems', 0, 'disks', 1]` -> `systems[0].disks[1]`, the form every finding uses. */
export function formatProjectPath(path: ProjectPath): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

export async function loadProject(dir: string): Promise<LoadedProject> {
  const absolute = resolve(dir);
  const file = join(absolute, projectFileName);
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    const problem = fileError(error, file);
    if (problem.code === 'FILE_ENOENT') throw new EngineError('PROJECT_NOT_FOUND', 'input', `${absolute} is not an appliance project: it has no ${projectFileName} (start one with \`appliance init\`)`, { file });
    throw problem;
  }
  if (size > maxProjectFileBytes) throw new EngineError('PROJECT_TOO_LARGE', 'input', `${projectFileName} is ${size} bytes; a project file is at most ${maxProjectFileBytes}`, { file });
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw fileError(error, file);
  });
  return parseProject(text, absolute);
}

/** Parses appliance.yaml text as if it lived in `dir`. */
export function parseProject(text: string, dir: string): LoadedProject {
  const file = join(dir, projectFileName);
  const lineCounter = new LineCounter();
  // Aliases are capped so a "billion laughs" file cannot expand without bound; duplicate keys are errors.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const lineOf = (path: ProjectPath) => lineOfPath(document, lineCounter, path);
  const syntax = document.errors[0];
  if (syntax) {
    const line = syntax.pos[0] >= 0 ? lineCounter.linePos(syntax.pos[0]).line : undefined;
    throw new EngineError('PROJECT_YAML_SYNTAX', 'input', `${projectFileName} is not valid YAML: ${syntax.message.split('\n')[0]}`, line === undefined ? { file } : { file, line });
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    throw new EngineError('PROJECT_YAML_SYNTAX', 'input', `${projectFileName} cannot be read: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  if (data && typeof data === 'object' && 'format' in data && typeof data.format === 'number' && data.format > projectFormatVersion) {
    throw new EngineError('PROJECT_TOO_NEW', 'input', `${projectFileName} has format ${data.format}; this version reads format ${projectFormatVersion}`, { file, path: 'format', line: lineOf(['format']) ?? 1 });
  }
  const parsed = projectSchema.safeParse(data);
  if (!parsed.success) throw schemaError(parsed.error, file, lineOf);
  const project = parsed.data;
  for (const [path, value] of projectPaths(project)) {
    if (!isInside(dir, value)) {
      throw new EngineError('PROJECT_PATH_OUTSIDE', 'input', `"${value}" leaves the project folder; every file of a project lives inside it`, locate(file, path, lineOf));
    }
  }
  return { dir, file, project, document, lineOf };
}

/** Writes the document back (atomically) and returns the reloaded project. */
export async function saveProject(loaded: Pick<LoadedProject, 'dir' | 'document'>): Promise<LoadedProject> {
  const text = loaded.document.toString({ lineWidth: 0 });
  const reloaded = parseProject(text, loaded.dir);
  await writeFileAtomically(join(loaded.dir, projectFileName), text);
  return reloaded;
}

export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw fileError(error, file);
  }
}

/** The absolute path of a project-relative file; callers have already been through parseProject. */
export function projectFile(dir: string, path: string): string {
  return resolve(dir, path);
}

export function locate(file: string, path: ProjectPath, lineOf: (path: ProjectPath) => number | undefined) {
  const line = lineOf(path);
  return line === undefined ? { file, path: formatProjectPath(path) } : { file, path: formatProjectPath(path), line };
}

function isInside(dir: string, path: string): boolean {
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path) || path.includes('\\') || path.includes('\0')) return false;
  const rel = relative(dir, resolve(dir, path));
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** Every project-relative file path in the project, with where it is written. */
export function projectPaths(project: Project): [ProjectPath, string][] {
  const found: [ProjectPath, string][] = [];
  if (project.product.icon) found.push([['product', 'icon'], project.product.icon]);
  project.eulas.forEach((eula, i) => found.push([['eulas', i, 'file'], eula.file]));
  project.files.forEach((extra, i) => found.push([['files', i, 'path'], extra.path]));
  project.systems.forEach((system, s) => {
    system.disks.forEach((disk, d) => disk.source && found.push([['systems', s, 'disks', d, 'source'], disk.source]));
    system.media.forEach((media, m) => media.source && found.push([['systems', s, 'media', m, 'source'], media.source]));
  });
  return found;
}

function schemaError(error: z.ZodError, file: string, lineOf: (path: ProjectPath) => number | undefined): EngineError {
  const [first, ...rest] = error.issues;
  const path = (first?.path ?? []).filter((part): part is string | number => typeof part !== 'symbol');
  const where = path.length > 0 ? `${formatProjectPath(path)}: ` : '';
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return new EngineError('PROJECT_INVALID', 'input', `${where}${first?.message ?? 'invalid project'}${more}`, locate(file, path, lineOf));
}

function lineOfPath(document: Document, lineCounter: LineCounter, path: ProjectPath): number | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    const range = (node as Node | null | undefined)?.range ?? (isCollection(node) ? node.range : undefined);
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}
