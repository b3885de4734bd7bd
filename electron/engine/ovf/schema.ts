// The DMTF XSD check, run by xmllint (libxml2) as an external tool: we do not reimplement XML
// Schema. The user gives a folder of schemas; we pick the envelope schema for the descriptor's
// OVF version and, when the folder has an XML catalog (needed by the 2.x set to map the DMTF and
// W3C addresses to local files), point xmllint at it. --nonet: nothing is ever fetched.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Finding } from '../../common/finding.ts';
import { EngineError, inputError } from '../errors.ts';
import type { OvfVersionFamily } from './namespaces.ts';

export interface SchemaChoice {
  readonly schema: string;
  readonly catalog?: string;
}

function envelopeSchemas(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /^dsp8023.*\.xsd$/i.test(name) || /^ovf-envelope.*\.xsd$/i.test(name))
    .map((name) => join(dir, name));
}

/** Finds the envelope schema for `family` in `dir` or in its immediate sub-folders. */
export function chooseSchema(dir: string, family: OvfVersionFamily): SchemaChoice {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw inputError('OVF_SCHEMA_DIR_MISSING', `the schema folder ${dir} does not exist`, { file: dir });
  const folders = [root, ...readdirSync(root).map((name) => join(root, name)).filter((path) => statSync(path).isDirectory())];
  const major = family === '2.x' ? '2' : '1';
  for (const folder of folders) {
    const schema = envelopeSchemas(folder).find((path) => new RegExp(`dsp8023_${major}[._]`, 'i').test(path));
    if (schema) {
      const catalog = join(folder, 'catalog.xml');
      return existsSync(catalog) ? { schema, catalog } : { schema };
    }
  }
  throw inputError('OVF_SCHEMA_NOT_FOUND', `no DMTF envelope schema for OVF ${major}.x (dsp8023_${major}.*.xsd) in ${dir} or its sub-folders`, { file: dir });
}

export function xmllintCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.APPLIANCE_XMLLINT ?? 'xmllint';
}

/**
 * Validates `text` against `choice` with xmllint and returns one finding per schema error
 * (code OVF_SCHEMA_INVALID, with xmllint's line). `file` names the descriptor in the findings.
 */
export function checkSchema(text: string, file: string, choice: SchemaChoice, options: { signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {}): Promise<Finding[]> {
  const command = xmllintCommand(options.env);
  const env = { ...(options.env ?? process.env), ...(choice.catalog ? { XML_CATALOG_FILES: choice.catalog } : {}) };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, ['--noout', '--nonet', '--schema', choice.schema, '-'], { env, stdio: ['pipe', 'ignore', 'pipe'], ...(options.signal ? { signal: options.signal } : {}) });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(new EngineError('OVF_SCHEMA_TOOL_MISSING', 'input', `the schema check needs xmllint, which is not installed (${command} not found; on Debian/Ubuntu: apt-get install libxml2-utils)`));
      } else if (error.name === 'AbortError') {
        reject(new EngineError('CANCELLED', 'cancelled', 'the schema check was cancelled'));
      } else reject(error);
    });
    child.stdin.on('error', () => undefined); // xmllint may exit before reading everything
    child.on('close', (code) => {
      if (code === 0) return resolvePromise([]);
      const findings = parseXmllintErrors(stderr, file);
      if (findings.length === 0) {
        findings.push({ code: 'OVF_SCHEMA_INVALID', severity: 'error', message: `xmllint rejected the descriptor (exit ${code}): ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`, location: { file } });
      }
      resolvePromise(findings);
    });
    child.stdin.end(text);
  });
}

/** `-:12: element Item: Schemas validity error : Element '...': ...` -> findings. */
export function parseXmllintErrors(stderr: string, file: string): Finding[] {
  const findings: Finding[] = [];
  for (const line of stderr.split('\n')) {
    const match = /^[^:]*:(\d+): (?:element ([^:]+): )?(?:Schemas validity|parser) error : (.*)$/.exec(line);
    if (!match) continue;
    const message = (match[3] ?? '').replace(/\{http:\/\/schemas\.dmtf\.org\/ovf\/envelope\/[12]\}/g, 'ovf:').replace(/\{http:\/\/schemas\.dmtf\.org\/wbem\/wscim\/1\/cim-schema\/2\/CIM_(\w+)\}/g, '$1:');
    findings.push({ code: 'OVF_SCHEMA_INVALID', severity: 'error', message: `DMTF schema: ${message}`, location: { file, line: Number(match[1]), ...(match[2] ? { path: match[2] } : {}) } });
  }
  return findings;
}
