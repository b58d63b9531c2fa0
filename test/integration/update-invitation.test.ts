/**
 * The handler on the official DynamoDB Local: every conditional path of the one
 * UpdateItem, partial and concurrent updates, the send request recorded atomically, and
 * nothing written on any refusal.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { lambdaContext } from '../../local/lambda-context.ts';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { invitationEvent, memberOfOrg100 } from '../support/events.ts';
import { useFreshTables } from '../support/tables.ts';

const {
  putInvitation,
  readInvitation,
  requests,
  updateInvitationHandler: handler,
} = await useFreshTables();

const invoke = (options: Parameters<typeof invitationEvent>[0]) =>
  handler(invitationEvent(options), lambdaContext('update-invitation', 10_000));

const seeded = {
  userId: 5,
  organizationId: 100,
  status: 'pending' as const,
  emailAddress: 'jan@example.com',
  language: 'en' as const,
  expiration: '2030-01-01T00:00:00+00:00',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

beforeEach(async () => {
  await putInvitation(seeded);
  await putInvitation({ ...seeded, userId: 6, status: 'accepted' });
  await putInvitation({ ...seeded, userId: 7, emailAddress: undefined });
  await putInvitation({ ...seeded, userId: 8, organizationId: 300 });
  requests.length = 0;
});

describe('accepted PUTs', () => {
  test('example 1: a send to the stored address reads it, then is recorded with the update and its counters in one transaction', async () => {
    const before = Date.now();
    const response = await invoke({ userId: '5', body: { sendEmail: true } });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ id: 5 });
    expectContractHeaders(response.headers);
    expect(requests).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);

    const stored = await readInvitation(5);
    expect(stored).toMatchObject({
      ...seeded,
      emailSendCount: 1,
      emailSendTo: seeded.emailAddress,
      updatedAt: stored?.emailSendRequestedAt,
    });
    expect(Date.parse(stored?.emailSendRequestedAt ?? '')).toBeGreaterThanOrEqual(before - 1);
    expect(stored?.smsSendRequestedAt).toBeUndefined();
  });

  test('only the fields sent change; the others keep their stored value', async () => {
    const response = await invoke({
      userId: '5',
      body: { language: 'de', phoneNumber: '+31850607337', sendSms: false },
    });
    expect(response.statusCode).toBe(200);
    const stored = await readInvitation(5);
    expect(stored).toMatchObject({
      ...seeded,
      language: 'de',
      phoneNumber: '+31850607337',
      updatedAt: expect.not.stringMatching(seeded.updatedAt),
    });
    expect(stored?.emailSendCount).toBeUndefined();
    expect(stored?.smsSendCount).toBeUndefined();
  });

  test('a new address and a send on it land together', async () => {
    const response = await invoke({
      userId: '7',
      body: { emailAddress: 'new@example.com', sendEmail: true },
    });
    expect(response.statusCode).toBe(200);
    expect(await readInvitation(7)).toMatchObject({
      emailAddress: 'new@example.com',
      emailSendCount: 1,
    });
  });

  test('both channels at once; the counters count every send', async () => {
    await putInvitation({
      ...seeded,
      phoneNumber: '+31850607337',
      emailSendCount: 4,
      emailSendRequestedAt: new Date(Date.now() - 61_000).toISOString(),
    });
    const response = await invoke({ userId: '5', body: { sendEmail: true, sendSms: true } });
    expect(response.statusCode).toBe(200);
    expect(await readInvitation(5)).toMatchObject({ emailSendCount: 5, smsSendCount: 1 });
  });

  test('concurrent PUTs of different fields all take effect', async () => {
    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      const expiration = new Date(Date.now() + (round + 1) * 86_400_000).toISOString();
      const updates = [
        { language: (['de', 'fr', 'nl', 'pl', 'cs'] as const)[round] },
        { expiration },
        { emailAddress: `round${round}@example.com` },
        { phoneNumber: `+3185060733${round}` },
      ];
      const responses = await Promise.all(updates.map((body) => invoke({ userId: '5', body })));
      expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200]);
      expect(await readInvitation(5)).toMatchObject(Object.assign({}, ...updates));
    }
    expect(requests).toHaveLength(rounds * 4);
  });

  test('concurrent sends on one channel: exactly one wins the cool-down', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => invoke({ userId: '5', body: { sendEmail: true } })),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 429, 429, 429, 429, 429]);
    expect((await readInvitation(5))?.emailSendCount).toBe(1);
  });
});

describe('refused PUTs change nothing and cost at most one request', () => {
  // A send to the stored address reads it first: that read alone answers these.
  test.each([
    ['403 for a member', { userId: '5', caller: memberOfOrg100 }, 403, 'InsufficientRights'],
    ["404 for another organization's user", { userId: '8' }, 404, 'UserNotFound'],
    ['404 for no such user', { userId: '999' }, 404, 'UserNotFound'],
    ['409 for an accepted invitation', { userId: '6' }, 409, 'InvitationAlreadyAccepted'],
    ['400 for a send without an address', { userId: '7' }, 400, 'ValidationFailed'],
  ] as const)('%s', async (_, options, status, code) => {
    const userId = Number(options.userId);
    const before = await readInvitation(userId);
    const response = await invoke({ ...options, body: { language: 'de', sendEmail: true } });
    expect(response.statusCode).toBe(status);
    expectErrorBody(response.body, code);
    expectContractHeaders(response.headers);
    expect(requests).toEqual(['GetItemCommand']);
    expect(await readInvitation(userId)).toEqual(before);
    if (status === 400) return;
    requests.length = 0;
    // Naming the address, the write is the one request (a transaction with the counters).
    const named = await invoke({
      ...options,
      body: { language: 'de', emailAddress: 'x@example.com', sendEmail: true },
    });
    expect(named.statusCode).toBe(status);
    expect(requests).toEqual(['TransactWriteItemsCommand']);
    expect(await readInvitation(userId)).toEqual(before);
  });

  test('429 within the cool-down, then allowed once it has passed', async () => {
    expect((await invoke({ userId: '5', body: { sendEmail: true } })).statusCode).toBe(200);
    const afterFirst = await readInvitation(5);

    const refused = await invoke({ userId: '5', body: { sendEmail: true, language: 'de' } });
    expect(refused.statusCode).toBe(429);
    expectErrorBody(refused.body, 'TooManyRequests');
    expect(Number(refused.headers?.['Retry-After'])).toBeGreaterThanOrEqual(58);
    expect(Number(refused.headers?.['Retry-After'])).toBeLessThanOrEqual(60);
    expect(await readInvitation(5)).toEqual(afterFirst);

    // The other channel is not in its cool-down.
    const sms = await invoke({ userId: '5', body: { sendSms: true, phoneNumber: '+31850607337' } });
    expect(sms.statusCode).toBe(200);

    // Let the cool-down pass (as stored), and send again.
    const lastSend = new Date(Date.now() - 60_000).toISOString();
    await putInvitation({
      ...(await readInvitation(5)),
      userId: 5,
      organizationId: 100,
      status: 'pending',
      emailSendRequestedAt: lastSend,
    });
    expect((await invoke({ userId: '5', body: { sendEmail: true } })).statusCode).toBe(200);
    expect((await readInvitation(5))?.emailSendCount).toBe(2);
  });

  test('invalid input never reaches the store', async () => {
    const responses = await Promise.all([
      invoke({ userId: '5', rawBody: '{' }),
      invoke({ userId: '5', body: { language: 'xx' } }),
      invoke({ userId: '05', body: { language: 'de' } }),
      invoke({ userId: '5', body: {} }),
      invoke({ userId: '5', contentType: 'text/plain' }),
      invoke({ userId: '5', rawBody: JSON.stringify({ emailAddress: 'a'.repeat(17_000) }) }),
      invoke({ userId: '5', caller: null }),
    ]);
    expect(responses.map((response) => response.statusCode)).toEqual([
      400, 400, 400, 400, 415, 413, 401,
    ]);
    expect(requests).toEqual([]);
    expect(await readInvitation(5)).toEqual(seeded);
  });
});
