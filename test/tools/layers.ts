// The layering rule, checked over the source tree:
//   common <- engine <- {cli, main};  preload <- common;  renderer <- common
// plus: only main and preload import `electron`; common and renderer import no Node built-in;
// raw ipcMain/ipcRenderer appear only in the two files that own the bridge.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

type Layer = 'common' | 'engine' | 'cli' | 'main' | 'preload' | 'renderer';

const layerRoots: readonly [Layer, string][] = [
  ['common', 'electron/common'],
  ['engine', 'electron/engine'],
  ['cli', 'electron/cli'],
  ['main', 'electron/main'],
  ['preload', 'electron/preload'],
  ['renderer', 'renderer'],
];

const mayImport: Record<Layer, readonly Layer[]> = {
  common: ['common'],
  engine: ['common', 'engine'],
  cli: ['common', 'engine', 'cli'],
  main: ['common', 'engine', 'main'],
  preload: ['common', 'preload'],
  renderer: ['common', 'renderer'],
};

/** npm packages each layer may use; engine, cli and main may use any declared dependency. */
const packagesAllowed: Record<Layer, ((name: string) => boolean) | 'any'> = {
  common: (name) => name === 'zod',
  engine: 'any',
  cli: 'any',
  main: 'any',
  preload: (name) => name === 'electron' || name === 'zod',
  renderer: (name) => ['react', 'react-dom', 'zod', 'vite'].includes(name),
};

const rawIpcOwners = new Set(['electron/main/index.ts', 'electron/preload/index.ts']);
const nodeBuiltins = new Set(builtinModules);

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly reason: string;
}

export function checkLayers(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const [layer, folder] of layerRoots) {
    for (const file of sourceFiles(join(root, folder))) {
      const rel = relative(root, file).split(sep).join('/');
      const text = readFileSync(file, 'utf8');
      for (const { specifier, line } of importsOf(text)) {
        const reason = judge(root, layer, file, specifier);
        if (reason) violations.push({ file: rel, line, specifier, reason });
      }
      if (!rawIpcOwners.has(rel) && /\bipc(Main|Renderer)\b/.test(text.replace(/\/\/.*$/gm, ''))) {
        violations.push({ file: rel, line: 1, specifier: 'electron', reason: 'raw ipcMain/ipcRenderer outside the bridge files' });
      }
    }
  }
  return violations;
}

function judge(root: string, layer: Layer, file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    const targetLayer = layerOf(root, target);
    if (!targetLayer) return `imports ${relative(root, target)}, which is outside every layer`;
    return mayImport[layer].includes(targetLayer) ? undefined : `${layer} may not import ${targetLayer}`;
  }
  const bare = specifier.replace(/^node:/, '');
  if (specifier.startsWith('node:') || nodeBuiltins.has(bare.split('/')[0] ?? '')) {
    return layer === 'common' || layer === 'renderer' ? `${layer} may not use Node built-ins` : undefined;
  }
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);
  if (name === 'electron' && layer !== 'main' && layer !== 'preload') return `${layer} may not import electron`;
  const allowed = packagesAllowed[layer];
  return allowed === 'any' || allowed(name) ? undefined : `${layer} may not import the package ${name}`;
}

function layerOf(root: string, path: string): Layer | undefined {
  const rel = relative(root, path).split(sep).join('/');
  return layerRoots.find(([, folder]) => rel === folder || rel.startsWith(`${folder}/`))?.[0];
}

function sourceFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const importPattern = /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,]+\s+from\s+)?|\bexport\s+(?:type\s+)?[\w*{}\s,]+\s+from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function importsOf(text: string): { specifier: string; line: number }[] {
  const found: { specifier: string; line: number }[] = [];
  for (const match of text.matchAll(importPattern)) {
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ specifier: match[1] ?? '', line });
  }
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
  const violations = checkLayers(root);
  for (const v of violations) console.error(`${v.file}:${v.line}: ${v.reason} (${v.specifier})`);
  console.log(violations.length === 0 ? 'layers: clean' : `layers: ${violations.length} violation(s)`);
  process.exit(violations.length === 0 ? 0 : 1);
}
