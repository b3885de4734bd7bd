import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toggledChoice } from '../../../../renderer/src/editor/Field.tsx';

const all = ['small', 'medium', 'large'];

test('unticking one of all options lists the others in declaration order; ticking the last one back removes the list', () => {
  assert.deepEqual(toggledChoice(all, all, 'medium', false, true), ['small', 'large']);
  assert.deepEqual(toggledChoice(['large', 'small'], all, 'medium', true, true), undefined);
  assert.deepEqual(toggledChoice(['large', 'small'], all, 'medium', true, false), ['small', 'medium', 'large']);
});

test('an id the choices do not know (a renamed option) is kept at the end, so its rule stays visible', () => {
  assert.deepEqual(toggledChoice(['huge', 'small'], all, 'large', true, true), ['small', 'large', 'huge']);
  assert.deepEqual(toggledChoice(['huge', 'small', 'medium', 'large'], all, 'small', true, true), ['small', 'medium', 'large', 'huge']);
});

test('unticking every option leaves an empty list, which the schema then refuses at that field', () => {
  assert.deepEqual(toggledChoice(['small'], all, 'small', false, true), []);
});
