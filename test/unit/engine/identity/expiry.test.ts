import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expiryAt, expiryWarningDays } from '../../../../electron/engine/identity/expiry.ts';

const from = '2026-01-01T00:00:00.000Z';
const to = '2026-12-31T00:00:00.000Z';

test('a certificate is valid until the warning window, then expiring, then expired', () => {
  assert.deepEqual(expiryAt(from, to, new Date('2026-06-01T00:00:00Z')), { status: 'valid', daysLeft: 213 });
  assert.equal(expiryAt(from, to, new Date(Date.parse(to) - expiryWarningDays * 86_400_000)).status, 'valid');
  assert.deepEqual(expiryAt(from, to, new Date('2026-12-21T00:00:00Z')), { status: 'expiring', daysLeft: 10 });
  assert.deepEqual(expiryAt(from, to, new Date('2027-01-02T00:00:00Z')), { status: 'expired', daysLeft: -2 });
});

test('a certificate whose validity has not started says so', () => {
  assert.equal(expiryAt(from, to, new Date('2025-12-31T00:00:00Z')).status, 'not-yet-valid');
});
