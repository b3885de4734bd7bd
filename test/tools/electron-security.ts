// A static security review of the Electron code, in the spirit of Doyensec's electronegativity
// (which cannot run offline): it parses every source file with the TypeScript compiler and reports
// the high-severity misconfigurations that tool looks for, plus the page's CSP.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface SecurityFinding {
  readonly check: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** webPreferences that must be set to exactly this value. */
const requiredPreferences: Record<string, boolean> = { contextIsolation: true, sandbox: true, nodeIntegration: false };
/** webPreferences that must never be set to this value. */
const forbiddenPreferences: Record<string, boolean> = {
  webSecurity: false,
  allowRunningInsecureContent: true,
  experimentalFeatures: true,
  enableBlinkFeatures: true,
  nodeIntegrationInWorker: true,
  nodeIntegrationInSubFrames: true,
  webviewTag: true,
};

export function reviewElectronSecurity(root: string): SecurityFinding[] {
  const findings: SecurityFinding[] = [];
  const files = [...sourceFiles(join(root, 'electron')), ...sourceFiles(join(root, 'renderer'))];
  let sawWindowOpenHandler = false;
  let sawWillNavigate = false;
  let sawPermissionHandler = false;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const rel = relative(root, file);
    const report = (check: string, node: ts.Node, message: string) =>
      findings.push({ check, file: rel, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, message });
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAssignment(node) && propertyName(node) === 'webPreferences' && ts.isObjectLiteralExpression(node.initializer)) {
        checkPreferences(node.initializer, report);
      }
      if (ts.isCallExpression(node)) {
        const callee = node.expression.getText(source);
        if (callee === 'eval' || callee.endsWith('.executeJavaScript')) report('DANGEROUS_FUNCTIONS', node, `${callee} runs strings as code`);
        if (callee.endsWith('openExternal')) {
          const arg = node.arguments[0];
          if (!arg || !ts.isStringLiteral(arg) || !arg.text.startsWith('https://')) report('OPEN_EXTERNAL', node, 'shell.openExternal with a URL that is not a fixed https:// literal');
        }
        if (callee.endsWith('.loadURL')) {
          const arg = node.arguments[0];
          if (!arg || !ts.isStringLiteral(arg) || !arg.text.startsWith('file:')) report('REMOTE_CONTENT', node, 'loadURL with remote or computed content; use loadFile');
        }
        if (callee.endsWith('setWindowOpenHandler')) sawWindowOpenHandler = true;
        if (callee.endsWith('setPermissionRequestHandler')) sawPermissionHandler = true;
        if (callee.endsWith('.on') && node.arguments[0] && ts.isStringLiteral(node.arguments[0]) && node.arguments[0].text === 'will-navigate') sawWillNavigate = true;
      }
      if (ts.isNewExpression(node) && node.expression.getText(source) === 'Function') report('DANGEROUS_FUNCTIONS', node, 'new Function runs strings as code');
      if (ts.isJsxAttribute(node) && node.name.getText(source) === 'dangerouslySetInnerHTML') report('DANGEROUS_HTML', node, 'dangerouslySetInnerHTML bypasses React escaping');
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  const main = 'electron/main';
  if (!sawWindowOpenHandler) findings.push({ check: 'NEW_WINDOWS', file: main, line: 0, message: 'no setWindowOpenHandler denies new windows' });
  if (!sawWillNavigate) findings.push({ check: 'NAVIGATION', file: main, line: 0, message: 'no will-navigate handler refuses navigation' });
  if (!sawPermissionHandler) findings.push({ check: 'PERMISSIONS', file: main, line: 0, message: 'no setPermissionRequestHandler refuses permission requests' });
  findings.push(...reviewCsp(root));
  return findings;
}

function checkPreferences(preferences: ts.ObjectLiteralExpression, report: (check: string, node: ts.Node, message: string) => void): void {
  const values = new Map<string, ts.Expression>();
  for (const property of preferences.properties) {
    if (ts.isPropertyAssignment(property)) values.set(propertyName(property), property.initializer);
  }
  for (const [name, wanted] of Object.entries(requiredPreferences)) {
    const value = values.get(name);
    if (!value || booleanOf(value) !== wanted) report(name.toUpperCase(), value ?? preferences, `webPreferences.${name} must be ${wanted}`);
  }
  for (const [name, bad] of Object.entries(forbiddenPreferences)) {
    const value = values.get(name);
    if (value && booleanOf(value) !== !bad) report(name.toUpperCase(), value, `webPreferences.${name} must not be ${bad}`);
  }
  if (!values.has('preload')) report('PRELOAD', preferences, 'a window without the preload bridge');
}

function reviewCsp(root: string): SecurityFinding[] {
  const file = 'resources/index.html';
  const html = readFileSync(join(root, file), 'utf8');
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  if (!csp) return [{ check: 'CSP', file, line: 0, message: 'no Content-Security-Policy meta tag' }];
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name ?? '', sources]));
  const findings: SecurityFinding[] = [];
  if (directives.get('default-src')?.join(' ') !== "'none'") findings.push({ check: 'CSP', file, line: 0, message: "default-src must be 'none'" });
  for (const [name, sources] of directives) {
    for (const source of sources) {
      if (["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:'].includes(source) && !(name === 'img-src' && source === 'data:')) {
        findings.push({ check: 'CSP', file, line: 0, message: `${name} allows ${source}` });
      }
    }
  }
  return findings;
}

function propertyName(node: ts.PropertyAssignment): string {
  return ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : node.name.getText();
}

function booleanOf(expression: ts.Expression): boolean | undefined {
  if (expression.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (expression.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}
