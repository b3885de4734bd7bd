// Electron is an optional dependency: its postinstall downloads a ~100 MB binary, and where that
// download is impossible npm drops the package, taking electron.d.ts with it. The main and preload
// layers still need those types to type-check, so fetch the same version's package (which is on the
// npm registry, unlike the binary) and keep only its typings beside node_modules.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const target = join(root, 'node_modules', '.electron-types', 'electron');
const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).optionalDependencies.electron.replace(/^[\^~]/, '');

if (existsSync(join(root, 'node_modules', 'electron', 'electron.d.ts'))) process.exit(0);
if (existsSync(join(target, 'electron.d.ts')) && readFileSync(join(target, 'VERSION'), 'utf8') === wanted) process.exit(0);

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
const tarball = execFileSync('npm', ['pack', `electron@${wanted}`, '--silent', '--pack-destination', target], { encoding: 'utf8' }).trim();
execFileSync('tar', ['-xzf', join(target, tarball), '-C', target, '--strip-components=1', 'package/electron.d.ts']);
rmSync(join(target, tarball));
writeFileSync(join(target, 'package.json'), JSON.stringify({ name: 'electron', version: wanted, types: 'electron.d.ts' }));
writeFileSync(join(target, 'VERSION'), wanted);
console.log(`Electron binary unavailable; using electron@${wanted} typings only (npm start needs the binary).`);
