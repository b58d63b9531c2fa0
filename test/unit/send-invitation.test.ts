/**
 * The sender fed with stream events, the store faked at the SDK client's `send` and the
 * transport a recorder. On DynamoDB Local and through `npm start`: test/integration, test/e2e.
 */

import { readFileSync } from 'node:fs';
import { ConditionalCheckFailedException, type UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { createSender } from '../../functions/send-invitation/create-handler.ts';
import { tokenOfLink } from '../../functions/shared/delivery/links.ts';
import { loadTemplates } from '../../functions/shared/delivery/messages.ts';
import { lostDeliveries, sendRequestsOf } from '../../functions/shared/delivery/send-requests.ts';
import {
  MessageNotTakenError,
  PermanentDeliveryError,
} from '../../functions/shared/delivery/transport.ts';
import { sha256Hex } from '../../functions/shared/hash.ts';
import { toItem } from '../../functions/shared/invitations/item.ts';
import { logger } from '../../functions/shared/logger.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { fakeStore } from '../support/fake-store.ts';
import {
  emailRequested,
  pendingInvitation,
  streamEvent,
  streamRecord,
} from '../support/stream-events.ts';

const templates = loadTemplates(
  new URL('../../functions/send-invitation/templates/', import.meta.url),
);
const { invitations, send } = fakeStore();
const transport = {
  sendEmail: vi.fn(async () => ({ messageId: 'email-message' })),
  sendSms: vi.fn(async () => ({ messageId: 'sms-message' })),
};
const sender = createSender({
  table: invitations,
  transport,
  templates,
  linkBaseUrl: 'https://app.example.com/invitations/accept',
  emailFrom: 'Invitations <invitations@example.com>',
  claimTimeoutSeconds: 30,
});
const run = (event: DynamoDBStreamEvent) => sender(event, lambdaContext('send-invitation', 30_000));
const updates = () => send.mock.calls.map(([command]) => (command as UpdateItemCommand).input);
const kindOf = (input: UpdateItemCommand['input']) =>
  input.ReturnValues === 'ALL_NEW'
    ? 'claim'
    : input.UpdateExpression?.includes('#superseded')
      ? 'superseded'
      : input.ExpressionAttributeNames?.['#field']?.match(/Confirmed$/)
        ? 'confirm'
        : input.ExpressionAttributeNames?.['#field']?.match(/Unknown$/)
          ? 'unknown'
          : input.UpdateExpression?.includes(':n - :one')
            ? 'release'
            : 'failure';

/** The store as it answers a claim: the item as it now is. */
function storeClaims(item = pendingInvitation) {
  send.mockImplementation(async (command) => {
    const input = (command as UpdateItemCommand).input;
    if (input.ReturnValues === 'ALL_NEW')
      return { Attributes: toItem({ ...item, emailSendCount: 1, smsSendCount: 1 }) };
    return {};
  });
}

beforeEach(() => {
  send.mockReset();
  transport.sendEmail.mockReset().mockResolvedValue({ messageId: 'email-message' });
  transport.sendSms.mockReset().mockResolvedValue({ messageId: 'sms-message' });
  storeClaims();
});

describe('a send request', () => {
  test('e-mail: claim, one message in the invitation language to the stored address, confirm', async () => {
    const response = await run(streamEvent(emailRequested(1)));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(updates().map(kindOf)).toEqual(['claim', 'confirm']);
    expect(transport.sendEmail).toHaveBeenCalledTimes(1);
    const [message] = transport.sendEmail.mock.calls[0] as unknown as [
      { to: string; language: string; subject: string; text: string; from: string },
    ];
    expect(message).toMatchObject({
      to: 'eva.novak@example.com',
      language: 'cs',
      subject: 'Vaše pozvánka',
      from: 'Invitations <invitations@example.com>',
    });
    // The link's token is what the claim stored the hash of.
    const token = tokenOfLink(/https:\S+/.exec(message.text)?.[0] ?? '') ?? '';
    expect(token.length).toBeGreaterThanOrEqual(32); // 192 bits, base64url
    const claim = updates()[0];
    expect(claim?.ExpressionAttributeValues?.[':hash']).toEqual({ S: sha256Hex(token) });
    // Only the latest request, and only while the address is the one it was counted for.
    expect(claim?.ConditionExpression).toContain('#count = :n');
    expect(claim?.ConditionExpression).toContain('#sendTo = #address');
    expect(claim?.UpdateExpression).toContain('#linkAddress = #address');
    expect(claim?.ExpressionAttributeValues?.[':n']).toEqual({ N: '1' });
  });

  test('an address changed since the request: superseded, recorded, nothing sent', async () => {
    const asked = { ...pendingInvitation, emailSendCount: 1, emailSendTo: 'asked@example.com' };
    send.mockImplementation(async (command) => {
      if ((command as UpdateItemCommand).input.ReturnValues === 'ALL_NEW') {
        throw new ConditionalCheckFailedException({
          message: 'no',
          $metadata: {},
          Item: toItem({ ...asked, emailAddress: 'changed@example.com' }),
        });
      }
      return {};
    });
    expect(await run(streamEvent(emailRequested(1)))).toEqual({ batchItemFailures: [] });
    expect(transport.sendEmail).not.toHaveBeenCalled();
    expect(updates().map(kindOf)).toEqual(['claim', 'superseded']);
    expect(updates()[1]?.ConditionExpression).toContain('#sendTo <> #address');
  });

  test('SMS: to the stored number', async () => {
    const event = JSON.parse(
      readFileSync('events/send-invitation.sms-requested.sends.json', 'utf8'),
    );
    await run(event);
    expect(transport.sendSms).toHaveBeenCalledWith(
      expect.objectContaining({ to: '+420601123456', language: 'cs' }),
    );
    expect(transport.sendEmail).not.toHaveBeenCalled();
  });

  test('the language falls back to English when the invitation has none', async () => {
    const { language: _, ...noLanguage } = pendingInvitation;
    storeClaims(noLanguage);
    await run(streamEvent(emailRequested(1, noLanguage)));
    expect(transport.sendEmail).toHaveBeenCalledWith(
      expect.objectContaining({ language: 'en', subject: 'Your invitation' }),
    );
  });

  test('already claimed (a replayed record) or gone from the item: nothing is sent', async () => {
    send.mockRejectedValue(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));
    expect(await run(streamEvent(emailRequested(1)))).toEqual({ batchItemFailures: [] });
    expect(transport.sendEmail).not.toHaveBeenCalled();
    expect(updates().map(kindOf)).toEqual(['claim']);
  });

  test('a permanent refusal is recorded on the item and not retried', async () => {
    transport.sendEmail.mockRejectedValue(
      new PermanentDeliveryError('MessageRejected: bad address'),
    );
    expect(await run(streamEvent(emailRequested(1)))).toEqual({ batchItemFailures: [] });
    expect(updates().map(kindOf)).toEqual(['claim', 'failure']);
    expect(updates()[1]?.ExpressionAttributeValues?.[':reason']).toEqual({
      S: 'MessageRejected: bad address',
    });
  });

  test('a failure after which the provider may have the message: unknown, recorded, not retried', async () => {
    transport.sendEmail.mockRejectedValue(
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    );
    expect(await run(streamEvent(emailRequested(1)))).toEqual({ batchItemFailures: [] });
    expect(updates().map(kindOf)).toEqual(['claim', 'unknown']);
    expect(transport.sendEmail).toHaveBeenCalledTimes(1);
  });

  test("a provider's error text is kept without the addresses and numbers it quotes", async () => {
    transport.sendEmail.mockRejectedValue(
      new PermanentDeliveryError(
        'MessageRejected: Email address is not verified: Jan.Jansen@example.com, +31 85 060 7337',
      ),
    );
    await run(streamEvent(emailRequested(1)));
    const reason = updates()[1]?.ExpressionAttributeValues?.[':reason']?.S ?? '';
    expect(reason).toBe('MessageRejected: Email address is not verified: <address>, <number>');
  });

  test('a failure that proves nothing was sent gives the claim back and fails the batch from that record on', async () => {
    transport.sendEmail.mockRejectedValue(new MessageNotTakenError('Throttling: slow down'));
    const first = streamRecord(pendingInvitation, { ...pendingInvitation, language: 'de' });
    const failing = emailRequested(1);
    const after = emailRequested(2);
    const response = await run(streamEvent(first, failing, after));
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: failing.dynamodb?.SequenceNumber },
      { itemIdentifier: after.dynamodb?.SequenceNumber },
    ]);
    expect(updates().map(kindOf)).toEqual(['claim', 'release']);
  });
});

describe('records that ask for nothing', () => {
  test.each([
    'events/send-invitation.own-claim-write.nothing.json',
    'events/send-invitation.language-change.nothing.json',
  ])('%s', async (file) => {
    const response = await run(JSON.parse(readFileSync(file, 'utf8')));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(send).not.toHaveBeenCalled();
    expect(transport.sendEmail).not.toHaveBeenCalled();
  });

  test('a removed item', async () => {
    await run(streamEvent(streamRecord({ ...pendingInvitation, emailSendCount: 3 }, undefined)));
    expect(send).not.toHaveBeenCalled();
  });
});

describe('the rules of a stream record', () => {
  test('a send request is a rise of the counter; several at once ask for the last', () => {
    const requests = sendRequestsOf(
      { ...pendingInvitation, emailSendCount: 1 },
      { ...pendingInvitation, emailSendCount: 3, smsSendCount: 1 },
    );
    expect(requests.map((r) => [r.channel.name, r.sendNumber])).toEqual([
      ['email', 3],
      ['sms', 1],
    ]);
    expect(sendRequestsOf(undefined, { ...pendingInvitation, emailSendCount: 2 })).toHaveLength(1);
  });

  test('a claim never confirmed nor failed shows as lost once its sender cannot be running', () => {
    const claimedAt = new Date('2026-11-26T10:00:00Z');
    const claimed = {
      ...pendingInvitation,
      emailSendCount: 1,
      emailDeliveryClaimed: 1,
      emailLinkIssuedAt: claimedAt.toISOString(),
    };
    const secondsLater = (seconds: number) => new Date(claimedAt.getTime() + seconds * 1000);
    // The claim's own record, and a PUT landing while the sender is still sending.
    expect(lostDeliveries(claimed, secondsLater(0), 30_000)).toEqual([]);
    expect(lostDeliveries({ ...claimed, language: 'de' }, secondsLater(2), 30_000)).toEqual([]);
    expect(lostDeliveries({ ...claimed, language: 'de' }, secondsLater(30), 30_000)).toEqual([]);
    // Past the sender's timeout, the claim is lost.
    const lost = lostDeliveries({ ...claimed, language: 'de' }, secondsLater(31), 30_000);
    expect(lost.map((request) => [request.channel.name, request.sendNumber])).toEqual([
      ['email', 1],
    ]);
    expect(
      lostDeliveries({ ...claimed, emailDeliveryConfirmed: 1 }, secondsLater(60), 30_000),
    ).toEqual([]);
    expect(
      lostDeliveries({ ...claimed, emailDeliveryFailed: 1 }, secondsLater(60), 30_000),
    ).toEqual([]);
  });

  test('a PUT between a claim and its confirmation logs no lost delivery', async () => {
    const claimedAt = Date.now() - 1_000;
    const claimed = {
      ...pendingInvitation,
      emailSendCount: 1,
      emailDeliveryClaimed: 1,
      emailLinkIssuedAt: new Date(claimedAt).toISOString(),
    };
    const errors = vi.spyOn(logger, 'error');
    const put = streamRecord(claimed, { ...claimed, language: 'de' });
    const late = streamRecord(claimed, { ...claimed, language: 'fr' });
    if (put.dynamodb) put.dynamodb.ApproximateCreationDateTime = Math.floor(Date.now() / 1000);
    if (late.dynamodb)
      late.dynamodb.ApproximateCreationDateTime = Math.floor(claimedAt / 1000) + 60;
    await run(streamEvent(put));
    expect(errors).not.toHaveBeenCalledWith(
      'delivery claimed but never confirmed',
      expect.anything(),
    );
    await run(streamEvent(late));
    expect(errors).toHaveBeenCalledWith('delivery claimed but never confirmed', {
      userId: claimed.userId,
      channel: 'email',
      sendNumber: 1,
    });
    errors.mockRestore();
  });
});
