import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseName, emptyWorkspace, HOME, workspaceReducer, type Workspace } from '../../../renderer/src/shell/workspace.ts';

const open = (state: Workspace, ...paths: string[]) => workspaceReducer(state, { type: 'open', kind: 'inspect', paths });

test('opening files adds one tab each, never twice, and brings the last one to the front', () => {
  let state = open(emptyWorkspace, '/a/x.ova', '/b/y.vmdk');
  assert.deepEqual(state.tabs.map((t) => t.title), ['x.ova', 'y.vmdk']);
  assert.equal(state.active, 'inspect:/b/y.vmdk');
  state = open(state, '/a/x.ova');
  assert.equal(state.tabs.length, 2);
  assert.equal(state.active, 'inspect:/a/x.ova');
  assert.equal(open(state), state);
});

test('closing the front tab shows its neighbour, closing the last one shows Home', () => {
  let state = open(emptyWorkspace, '/1', '/2', '/3');
  state = workspaceReducer(state, { type: 'activate', id: 'inspect:/2' });
  state = workspaceReducer(state, { type: 'close', id: 'inspect:/2' });
  assert.equal(state.active, 'inspect:/3');
  state = workspaceReducer(state, { type: 'close', id: 'inspect:/3' });
  assert.equal(state.active, 'inspect:/1');
  state = workspaceReducer(state, { type: 'close', id: 'inspect:/1' });
  assert.deepEqual(state, { tabs: [], active: HOME });
});

test('cycling wraps around through Home; activating an unknown tab changes nothing', () => {
  let state = open(emptyWorkspace, '/1', '/2');
  state = workspaceReducer(state, { type: 'cycle', step: 1 });
  assert.equal(state.active, HOME);
  state = workspaceReducer(state, { type: 'cycle', step: -1 });
  assert.equal(state.active, 'inspect:/2');
  assert.equal(workspaceReducer(state, { type: 'activate', id: 'inspect:/nope' }), state);
});

test('file names come from POSIX and Windows paths alike', () => {
  assert.equal(baseName('/srv/images/router.ova'), 'router.ova');
  assert.equal(baseName('C:\\Users\\me\\router.ova'), 'router.ova');
  assert.equal(baseName('/srv/folder/'), 'folder');
});
