/**
 * Accept and revoke race each other and new sends safely: conditional writes on DynamoDB
 * Local, sent at the same moment, and exactly one outcome wins.
 */
import { expect, test } from 'vitest';
import { sha256Hex } from '../../functions/shared/hash.ts';
import { sendChannels } from '../../functions/shared/invitations/invitation.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { invitationEvent, redemptionEvent } from '../../local/sample-events.ts';
import { useFreshTables } from '../support/tables.ts';

const tables = await useFreshTables();
const { acceptInvitationHandler, revokeInvitationHandler, previewInvitationHandler } = tables;

async function invitee(userId: number) {
  const token = `${userId}.email.${'x'.repeat(30)}${String(userId).padStart(2, '0')}`;
  await tables.putInvitation({
    userId,
    organizationId: 100,
    status: 'pending',
    emailAddress: `user${userId}@example.com`,
    emailLinkTokenHash: sha256Hex(token),
  });
  return token;
}
const accept = (token: string) =>
  acceptInvitationHandler(
    redemptionEvent('accept', { token }),
    lambdaContext('accept-invitation', 10_000),
  );
const revoke = (userId: number) =>
  revokeInvitationHandler(
    invitationEvent({ method: 'DELETE', userId: String(userId) }),
    lambdaContext('revoke-invitation', 10_000),
  );
const statuses = (responses: { statusCode: number }[]) =>
  responses.map((response) => response.statusCode).sort();

test('five accepts at once: one 200, four 409', async () => {
  const token = await invitee(41);
  const responses = await Promise.all([1, 2, 3, 4, 5].map(() => accept(token)));
  expect(statuses(responses)).toEqual([200, 409, 409, 409, 409]);
  expect(await tables.readInvitation(41)).toMatchObject({ status: 'accepted' });
});

test('accept and revoke at once: whichever lands first wins, the other is refused', async () => {
  for (const userId of [42, 43, 44, 45, 46, 47]) {
    const token = await invitee(userId);
    const [accepted, revoked] = await Promise.all([accept(token), revoke(userId)]);
    const stored = await tables.readInvitation(userId);
    if (stored?.status === 'accepted') {
      expect(accepted.statusCode).toBe(200);
      expect(revoked.statusCode).toBe(409);
    } else {
      expect(stored?.status).toBe('revoked');
      expect(revoked.statusCode).toBe(204);
      expect(accepted.statusCode).toBe(404);
    }
  }
});

test('a new link issued meanwhile: the older token no longer accepts', async () => {
  const old = await invitee(48);
  const newer = `48.email.${'y'.repeat(32)}`;
  // What the sender's claim does: the channel's current hash is replaced.
  const stored = await tables.readInvitation(48);
  await tables.putInvitation({
    ...(stored ?? { userId: 48, organizationId: 100, status: 'pending' }),
    emailLinkTokenHash: sha256Hex(newer),
  });
  expect((await accept(old)).statusCode).toBe(404);
  const preview = await previewInvitationHandler(
    redemptionEvent('preview', { token: newer }),
    lambdaContext('preview-invitation', 10_000),
  );
  expect(preview.statusCode).toBe(200);
  expect((await accept(newer)).statusCode).toBe(200);
});

test("accept against the sender's claim of a new send, at once: one of them wins, consistently", async () => {
  const [email] = sendChannels;
  if (!email) throw new Error('no email channel');
  for (const userId of [50, 51, 52, 53, 54, 55]) {
    const token = await invitee(userId);
    const stored = await tables.readInvitation(userId);
    // A second send was requested; the sender claims it (a new link) while the invitee accepts.
    await tables.putInvitation({
      ...(stored ?? { userId, organizationId: 100, status: 'pending' }),
      emailSendCount: 1,
    });
    const [accepted, claimed] = await Promise.all([
      accept(token),
      tables.invitations.claimDelivery({
        userId,
        channel: email,
        sendNumber: 1,
        linkTokenHash: sha256Hex(`${userId}.email.newer`),
        now: new Date(),
      }),
    ]);
    const after = await tables.readInvitation(userId);
    if (accepted.statusCode === 200) {
      // Accepted first: nothing more is sent, and the link that was used stays the last.
      expect(claimed).toEqual({ claimed: false, superseded: false });
      expect(after).toMatchObject({ status: 'accepted', emailLinkTokenHash: sha256Hex(token) });
    } else {
      // Claimed first: the older link no longer works, the new send goes out.
      expect(accepted.statusCode).toBe(404);
      expect(claimed).toMatchObject({ claimed: true });
      expect(after).toMatchObject({ status: 'pending', emailDeliveryClaimed: 1 });
    }
  }
});

test('past its expiration: 410, and the invitation stays pending', async () => {
  const token = await invitee(49);
  const stored = await tables.readInvitation(49);
  await tables.putInvitation({
    ...(stored ?? { userId: 49, organizationId: 100, status: 'pending' }),
    expiration: '2020-01-01T00:00:00+00:00',
  });
  const response = await accept(token);
  expect(response.statusCode).toBe(410);
  expect(JSON.parse(response.body).code).toBe('InvitationExpired');
  expect(await tables.readInvitation(49)).toMatchObject({ status: 'pending' });
});
