/** Items read back from DynamoDB are checked attribute by attribute, in one style. */
import { expect, test } from 'vitest';
import type { Invitation } from '../../functions/shared/invitations/invitation.ts';
import { fromItem, toItem } from '../../functions/shared/invitations/item.ts';

const invitation: Invitation = {
  userId: 5,
  organizationId: 100,
  status: 'pending',
  language: 'cs',
  emailAddress: 'a@b.co',
  emailSendCount: 2,
  emailSendRequestedAt: '2026-11-26T10:00:00.000Z',
  idempotencyKey: 'k1',
};

test('an invitation survives the round trip; a missing status reads as pending', () => {
  expect(fromItem(toItem(invitation))).toEqual(invitation);
  const { status: _, ...withoutStatus } = invitation;
  expect(fromItem(toItem(withoutStatus as Invitation)).status).toBe('pending');
});

test.each([
  [
    'organizationId stored as text',
    { organizationId: { S: '100' } },
    'attribute organizationId is not a number',
  ],
  ['no organizationId', { organizationId: undefined }, 'attribute organizationId is not present'],
  [
    'an unknown status',
    { status: { S: 'lost' } },
    'attribute status is not one of pending, accepted',
  ],
  ['an unknown language', { language: { S: 'xx' } }, 'attribute language is not one of'],
  [
    'a counter that is not a number',
    { emailSendCount: { S: 'two' } },
    'attribute emailSendCount is not a number',
  ],
])('%s: the read fails naming the item and the attribute', (_, change, message) => {
  const item = { ...toItem(invitation), ...change };
  for (const [key, value] of Object.entries(change))
    if (value === undefined) delete item[key as keyof typeof item];
  expect(() => fromItem(item as Parameters<typeof fromItem>[0])).toThrow(
    `invitation 5: ${message}`,
  );
});
