/**
 * Ids a create picks: random without a key; derived from the organization and the key
 * with one, so a repeat finds its own invitation, but only with the stack's secret, so
 * nobody can compute the id another organization's key leads to.
 */
import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { candidateUserId } from '../../functions/create-invitation/new-user-id.ts';

const keyed = { organizationId: 200, idempotencyKey: 'order-4711' };
const idRange = 2n ** 53n - 1n;
/** What anyone could compute from the organization and the key alone. */
const publicDerivation = (attempt: number, salt = '') =>
  Number(
    createHash('sha256')
      .update(`${salt}user-id\n${keyed.organizationId}\n${keyed.idempotencyKey}\n${attempt}`)
      .digest()
      .readBigUInt64BE(0) % idRange,
  ) + 1;

test('a keyed id repeats for the same organization, key and secret, in range', () => {
  const first = candidateUserId(0, { ...keyed, secret: 'stack-secret' });
  expect(candidateUserId(0, { ...keyed, secret: 'stack-secret' })).toBe(first);
  expect(candidateUserId(1, { ...keyed, secret: 'stack-secret' })).not.toBe(first);
  expect(Number.isSafeInteger(first) && first >= 1).toBe(true);
});

test('without the secret, the id is not what the organization and key alone give', () => {
  const id = candidateUserId(0, { ...keyed, secret: 'stack-secret' });
  expect(id).not.toBe(publicDerivation(0));
  expect(candidateUserId(0, { ...keyed, secret: 'another-stack' })).not.toBe(id);
  expect(candidateUserId(0, { ...keyed, organizationId: 100, secret: 'stack-secret' })).not.toBe(
    id,
  );
});

test('without a key: random ids', () => {
  const ids = new Set(Array.from({ length: 100 }, () => candidateUserId(0)));
  expect(ids.size).toBe(100);
});
