/**
 * Delivery on DynamoDB Local: a PUT through the handler, the table's real stream followed
 * as Lambda's event source mapping would, the sender with a recording transport.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createSender } from '../../functions/send-invitation/create-handler.ts';
import { tokenOfLink } from '../../functions/shared/delivery/links.ts';
import { loadTemplates } from '../../functions/shared/delivery/messages.ts';
import { outboxTransport } from '../../functions/shared/delivery/outbox-transport.ts';
import type {
  EmailMessage,
  SmsMessage,
  Transport,
} from '../../functions/shared/delivery/transport.ts';
import { MessageNotTakenError } from '../../functions/shared/delivery/transport.ts';

import { sha256Hex } from '../../functions/shared/hash.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { followStream } from '../../local/stream-follower.ts';
import { streamArnOf } from '../../local/tables.ts';
import { invitationEvent, ownerOfOrg200 } from '../support/events.ts';
import { useFreshTables } from '../support/tables.ts';

const linkBaseUrl = 'https://app.example.com/invitations/accept';
const emailFrom = 'Invitations <invitations@example.com>';
const {
  client,
  connection,
  tableNames,
  invitations,
  putInvitation,
  readInvitation,
  updateInvitationHandler: updateInvitation,
  revokeInvitationHandler: revokeInvitation,
} = await useFreshTables();
const templates = loadTemplates(
  new URL('../../functions/send-invitation/templates/', import.meta.url),
);
const streamArn = await streamArnOf(client, tableNames.invitations);

function recorder(fail?: (message: EmailMessage | SmsMessage) => Error | undefined) {
  const sent: (EmailMessage | SmsMessage)[] = [];
  const attempts: string[] = [];
  const transport: Transport = {
    async sendEmail(message) {
      attempts.push(message.to);
      const error = fail?.(message);
      if (error) throw error;
      sent.push(message);
      return { messageId: `email-${sent.length}` };
    },
    async sendSms(message) {
      attempts.push(message.to);
      sent.push(message);
      return { messageId: `sms-${sent.length}` };
    },
  };
  return { transport, sent, attempts };
}

const followers: { stop: () => Promise<void> }[] = [];
function follow(transport: Transport, failedDir = mkdtempSync(join(tmpdir(), 'failed-'))) {
  const reasons = new Map<string, string>();
  const sender = createSender(
    {
      table: invitations,
      transport,
      templates,
      linkBaseUrl,
      emailFrom,
      claimTimeoutSeconds: 30,
    },
    (record, error) => reasons.set(record.eventID ?? '', (error as Error).message),
  );
  const follower = followStream({
    streamArn,
    connection,
    handler: (event) => sender(event, lambdaContext('send-invitation', 30_000)),
    reasonOf: (record) => reasons.get(record.eventID ?? ''),
    failedDir,
    maxAttempts: 3,
    backoffMs: 20,
    pollMs: 50,
  });
  followers.push(follower);
  return { ...follower, failedDir };
}
// One test's followers must not deliver the next test's records.
afterEach(async () => {
  await Promise.all(followers.splice(0).map((follower) => follower.stop()));
});

const put = (userId: number, body: unknown) =>
  updateInvitation(
    invitationEvent({ userId: String(userId), body, caller: ownerOfOrg200 }),
    lambdaContext('update-invitation', 10_000),
  );

test('a PUT with sendEmail: one message, in the invitation language, to its address, with a working link', async () => {
  await putInvitation({
    userId: 21,
    organizationId: 200,
    status: 'pending',
    language: 'pl',
    emailAddress: 'ola@example.com',
    expiration: '2030-01-01T00:00:00Z',
  });
  const { transport, sent } = recorder();
  const follower = follow(transport);
  expect((await put(21, { sendEmail: true })).statusCode).toBe(200);
  await follower.caughtUp();

  const mine = sent.filter((message) => message.to === 'ola@example.com') as EmailMessage[];
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({
    language: 'pl',
    subject: 'Twoje zaproszenie',
    from: 'Invitations <invitations@example.com>',
  });
  const link = new URL(/https:\S+/.exec(mine[0]?.text ?? '')?.[0] ?? '');
  expect(link.origin + link.pathname).toBe('https://app.example.com/invitations/accept');
  const stored = await readInvitation(21);
  expect(stored?.emailLinkTokenHash).toBe(sha256Hex(tokenOfLink(link.href) ?? ''));
  expect(stored).toMatchObject({
    emailSendCount: 1,
    emailDeliveryClaimed: 1,
    emailDeliveryConfirmed: 1,
  });
  // The hand-over's own time, for its event: not before the request, not in the future.
  const handedOver = Date.parse(stored?.emailDeliveryAt ?? '');
  expect(handedOver).toBeGreaterThanOrEqual(Date.parse(stored?.emailSendRequestedAt ?? ''));
  expect(handedOver).toBeLessThanOrEqual(Date.now());

  // The same stream read again from its oldest record, as after a replay: nothing more.
  const replay = recorder();
  const again = follow(replay.transport);
  await again.caughtUp();
  expect(replay.attempts.filter((to) => to === 'ola@example.com')).toEqual([]);
  // A second send request later is delivered once, with a new link.
  await putInvitation({
    ...(stored ?? { userId: 21, organizationId: 200, status: 'pending' }),
    emailSendRequestedAt: '2020-01-01T00:00:00.000Z',
  });
  expect((await put(21, { sendEmail: true })).statusCode).toBe(200);
  await follower.caughtUp();
  await again.caughtUp();
  const both = [...sent, ...replay.sent].filter((message) => message.to === 'ola@example.com');
  expect(both).toHaveLength(2);
  expect((await readInvitation(21))?.emailLinkTokenHash).not.toBe(stored?.emailLinkTokenHash);
});

test('a re-seeded item (send counter gone) sends nothing for the old record', async () => {
  await putInvitation({
    userId: 22,
    organizationId: 200,
    status: 'pending',
    emailAddress: 'reseed@example.com',
  });
  expect((await put(22, { sendEmail: true })).statusCode).toBe(200);
  await putInvitation({
    userId: 22,
    organizationId: 200,
    status: 'pending',
    emailAddress: 'reseed@example.com',
  });
  const { transport, attempts } = recorder();
  await follow(transport).caughtUp();
  expect(attempts.filter((to) => to === 'reseed@example.com')).toEqual([]);
});

test('a send requested, then the invitation revoked before the sender runs: nothing is sent', async () => {
  await putInvitation({
    userId: 29,
    organizationId: 200,
    status: 'pending',
    emailAddress: 'withdrawn@example.com',
  });
  expect((await put(29, { sendEmail: true })).statusCode).toBe(200);
  const revoked = await revokeInvitation(
    invitationEvent({ method: 'DELETE', userId: '29', caller: ownerOfOrg200 }),
    lambdaContext('revoke-invitation', 10_000),
  );
  expect(revoked.statusCode).toBe(204);
  const { transport, attempts } = recorder();
  await follow(transport).caughtUp();
  expect(attempts.filter((to) => to === 'withdrawn@example.com')).toEqual([]);
  expect(await readInvitation(29)).toMatchObject({ status: 'revoked', emailSendCount: 1 });
  expect((await readInvitation(29))?.emailDeliveryClaimed).toBeUndefined();
});

test('a send requested, then the address changed before the sender runs: superseded, nothing sent', async () => {
  await putInvitation({
    userId: 27,
    organizationId: 200,
    status: 'pending',
    phoneNumber: '+31850600027',
    emailAddress: 'asked@example.com',
  });
  expect((await put(27, { sendEmail: true, sendSms: true })).statusCode).toBe(200);
  expect(await readInvitation(27)).toMatchObject({
    emailSendTo: 'asked@example.com',
    smsSendTo: '+31850600027',
  });
  // No send: nothing is counted for the new destinations.
  const changed = await put(27, { emailAddress: 'other@example.com', phoneNumber: '+31850600099' });
  expect(changed.statusCode).toBe(200);
  const { transport, attempts } = recorder();
  await follow(transport).caughtUp();
  expect(
    attempts.filter(
      (to) => ['asked@example.com', 'other@example.com'].includes(to) || to.startsWith('+3185060'),
    ),
  ).toEqual([]);
  expect(await readInvitation(27)).toMatchObject({
    emailDeliveryClaimed: 1,
    emailDeliverySuperseded: 1,
    smsDeliveryClaimed: 1,
    smsDeliverySuperseded: 1,
  });

  // An address change waives no cool-down: the send to the new address waits for it.
  expect((await put(27, { emailAddress: 'other@example.com', sendEmail: true })).statusCode).toBe(
    429,
  );
});

test('an address change racing the claims: every message goes where its request asked, or nowhere', async () => {
  const rounds = Array.from({ length: 20 }, (_, round) => 60 + round);
  const { transport, sent } = recorder();
  const follower = follow(transport);
  for (const userId of rounds) {
    await putInvitation({
      userId,
      organizationId: 200,
      status: 'pending',
      emailAddress: `asked-${userId}@example.com`,
    });
  }
  await Promise.all(
    rounds.map(async (userId) => {
      expect((await put(userId, { sendEmail: true })).statusCode).toBe(200);
      const changed = await put(userId, { emailAddress: `changed-${userId}@example.com` });
      expect(changed.statusCode).toBe(200);
    }),
  );
  await follower.caughtUp();
  expect(sent.filter((message) => message.to.startsWith('changed-'))).toEqual([]);
  for (const userId of rounds) {
    const stored = await readInvitation(userId);
    const delivered = sent.filter((message) => message.to === `asked-${userId}@example.com`);
    // Sent before the change (then the link is bound to the old address), or superseded.
    expect(delivered.length + (stored?.emailDeliverySuperseded ?? 0)).toBe(1);
    if (delivered.length === 1)
      expect(stored?.emailLinkAddress).toBe(`asked-${userId}@example.com`);
  }
});

test('a failing transport is retried, then the record is reported with its reason', async () => {
  await putInvitation({
    userId: 23,
    organizationId: 200,
    status: 'pending',
    emailAddress: 'flaky@example.com',
  });
  const { transport, attempts } = recorder((message) =>
    message.to === 'flaky@example.com' ? new MessageNotTakenError('SES throttled us') : undefined,
  );
  const follower = follow(transport);
  expect((await put(23, { sendEmail: true })).statusCode).toBe(200);
  await follower.caughtUp();
  expect(attempts.filter((to) => to === 'flaky@example.com')).toHaveLength(3);
  const [file] = readdirSync(follower.failedDir);
  const report = JSON.parse(readFileSync(join(follower.failedDir, file ?? ''), 'utf8'));
  expect(report).toMatchObject({ reason: 'SES throttled us', attempts: 3 });
  // Each failure gave the claim back: a later attempt (or an operator's redrive) can send it.
  expect((await readInvitation(23))?.emailDeliveryClaimed ?? 0).toBe(0);
});

test('an address the provider refuses for good is recorded, not retried', async () => {
  await putInvitation({
    userId: 24,
    organizationId: 200,
    status: 'pending',
    emailAddress: 'nobody@example.invalid',
  });
  const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
  const follower = follow(outboxTransport(outbox));
  expect((await put(24, { sendEmail: true })).statusCode).toBe(200);
  await follower.caughtUp();
  expect(await readInvitation(24)).toMatchObject({
    emailDeliveryFailed: 1,
    emailDeliveryFailure: expect.stringContaining('MessageRejected'),
  });
  // (Other tests' records reach this follower too: only this address matters here.)
  expect(readdirSync(outbox).filter((file) => file.includes('nobody'))).toEqual([]);
  expect(readdirSync(follower.failedDir)).toEqual([]);
});
