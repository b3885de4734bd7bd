import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { applyDraft } from '../../../electron/main/project-draft.ts';

const text = `# The appliance (kept)
format: 1
product:
  name: "Router" # shown in the wizard
  version: "1.0"
systems:
  - { id: vm, cpus: 2 } # flow style kept
  - id: db
    cpus: 4 # four for the database
networks: [] # none yet
`;

test('a draft equal to the file writes the file back byte for byte', () => {
  const document = parseDocument(text);
  applyDraft(document, document.toJS());
  assert.equal(document.toString({ lineWidth: 0 }), text);
});

test('a changed scalar keeps its trailing comment and its neighbours keep theirs', () => {
  const document = parseDocument(text);
  const draft = document.toJS() as { systems: { cpus: number }[]; product: { name: string } };
  draft.systems[1]!.cpus = 8;
  draft.product.name = 'Edge Router';
  applyDraft(document, draft);
  const out = document.toString({ lineWidth: 0 });
  assert.match(out, /name: "Edge Router" # shown in the wizard/);
  assert.match(out, /cpus: 8 # four for the database/);
  assert.match(out, /- \{ id: vm, cpus: 2 \} # flow style kept/);
  assert.match(out, /^# The appliance \(kept\)/);
});

test('removed keys and items go, added ones appear, and a list can grow from empty', () => {
  const document = parseDocument(text);
  const draft = document.toJS() as Record<string, unknown> & { product: Record<string, unknown>; systems: unknown[] };
  delete draft.product.version;
  draft.systems = draft.systems.slice(0, 1);
  draft.networks = [{ name: 'LAN' }];
  draft.properties = [{ key: 'hostname', type: 'string' }];
  applyDraft(document, draft);
  const round = document.toJS() as Record<string, unknown>;
  assert.deepEqual(round, { format: 1, product: { name: 'Router' }, systems: [{ id: 'vm', cpus: 2 }], networks: [{ name: 'LAN' }], properties: [{ key: 'hostname', type: 'string' }] });
  assert.doesNotMatch(document.toString(), /id: db/);
});

test('a value that changes kind (text to a per-language map) replaces the node', () => {
  const document = parseDocument('label: Small # one language\n');
  applyDraft(document, { label: { 'en-US': 'Small', 'de-DE': 'Klein' } });
  assert.deepEqual(document.toJS(), { label: { 'en-US': 'Small', 'de-DE': 'Klein' } });
});
