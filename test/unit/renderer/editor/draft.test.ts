import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, getIn, moved, setIn } from '../../../../renderer/src/editor/draft.ts';

const draft = { product: { name: 'A', version: '1' }, systems: [{ id: 'vm', disks: [{ id: 'd0' }] }] };

test('setIn changes one value and shares every untouched branch', () => {
  const next = setIn(draft, ['product', 'name'], 'B') as typeof draft;
  assert.equal(next.product.name, 'B');
  assert.equal(draft.product.name, 'A');
  assert.equal(next.systems, draft.systems);
});

test('undefined removes a key or a list item; an index past the end appends', () => {
  assert.deepEqual(setIn(draft, ['product', 'version'], undefined), { ...draft, product: { name: 'A' } });
  assert.deepEqual(getIn(setIn(draft, ['systems', 0, 'disks', 0], undefined), ['systems', 0, 'disks']), []);
  assert.deepEqual(getIn(setIn(draft, ['systems', 0, 'disks', 9], { id: 'd1' }), ['systems', 0, 'disks']), [{ id: 'd0' }, { id: 'd1' }]);
  assert.equal(setIn(draft, ['product', 'missing'], undefined), draft);
  assert.equal(setIn(draft, ['product', 'name'], 'A'), draft);
});

test('missing parents are created as lists before an index and as maps before a key', () => {
  assert.deepEqual(setIn({}, ['networks', 0, 'name'], 'LAN'), { networks: [{ name: 'LAN' }] });
  assert.deepEqual(setIn({}, ['deploymentOptions', 0, 'systems', 'vm', 'cpus'], 4), { deploymentOptions: [{ systems: { vm: { cpus: 4 } } }] });
});

test('a fix made of several edits applies them in order', () => {
  const fixed = applyEdits(draft, [{ path: ['systems', 0, 'firmware'], value: 'efi' }, { path: ['systems', 0, 'disks', 0] }]);
  assert.deepEqual(getIn(fixed, ['systems', 0]), { id: 'vm', disks: [], firmware: 'efi' });
});

test('moved reorders a list and clamps the destination', () => {
  assert.deepEqual(moved(['a', 'b', 'c'], 0, 2), ['b', 'c', 'a']);
  assert.deepEqual(moved(['a', 'b', 'c'], 2, -5), ['c', 'a', 'b']);
});
