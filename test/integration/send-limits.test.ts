/**
 * The SMS limits on the official DynamoDB Local: countries outside the allow-list refused
 * before anything is written, and the daily caps counted in the PUT's own write (one
 * transaction), so racing requests never pass a cap together and a refused send leaves
 * neither the invitation nor a counter changed.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, test } from 'vitest';
import { sha256Hex } from '../../functions/shared/hash.ts';
import { defaultSendLimits } from '../../functions/shared/send-limits/rules.ts';
import { createUpdateInvitation } from '../../functions/update-invitation/update-invitation.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { adminOfOrg100, invitationEvent } from '../support/events.ts';
import { useFreshTables } from '../support/tables.ts';

const caps = { dailyCapPerOrganization: 6, dailyCapPerNumber: 2 };
const {
  client,
  tableNames,
  invitations,
  putInvitation,
  readInvitation,
  requests,
  updateInvitationHandler: handler,
} = await useFreshTables({ sendLimits: caps });

/** Users 100.. of the test's organization, each with a number of its own in this test. */
const userIds = Array.from({ length: 12 }, (_, index) => 100 + index);
const numberOf = (userId: number) => `+31${organizationId}${userId}`;

beforeEach(async () => {
  // A new organization per test: its counters start at zero.
  organizationId += 1;
  caller = { ...adminOfOrg100, organizationId };
  for (const userId of userIds) {
    await putInvitation({
      userId,
      organizationId,
      status: 'pending',
      phoneNumber: numberOf(userId),
    });
  }
  requests.length = 0;
});
let organizationId = 5000 + Math.floor(Math.random() * 1e6);
let caller = adminOfOrg100;
const invokeAs = (
  userId: number,
  body: Record<string, unknown>,
  headers?: Record<string, string>,
) =>
  handler(
    invitationEvent({ userId: String(userId), body, caller, headers }),
    lambdaContext('update-invitation', 10_000),
  );

async function counter(limitId: string) {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: tableNames.sendLimits,
      Key: { limitId: { S: limitId } },
      ConsistentRead: true,
    }),
  );
  return Item === undefined
    ? undefined
    : { sends: Number(Item.sends?.N), expiresAt: Number(Item.expiresAt?.N) };
}
const today = () => new Date().toISOString().slice(0, 10);
const numberCounter = (number: string) =>
  `sms#organization#${organizationId}#number#${sha256Hex(number)}#${today()}`;

describe('allowed countries', () => {
  test('a number of another country answers 400 PhoneNumberNotAllowed, before any request', async () => {
    const before = await readInvitation(userIds[0] ?? 0);
    for (const body of [
      { phoneNumber: '+12025550123' },
      { phoneNumber: '+12025550123', sendSms: true },
      { phoneNumber: '+88213123456', language: 'de' },
    ]) {
      const response = await invokeAs(userIds[0] ?? 0, body);
      expect(response.statusCode).toBe(400);
      expect(expectErrorBody(response.body, 'PhoneNumberNotAllowed').errors).toEqual([
        { path: 'phoneNumber', message: expect.any(String) },
      ]);
      expectContractHeaders(response.headers);
    }
    expect(requests).toEqual([]);
    expect(await readInvitation(userIds[0] ?? 0)).toEqual(before);
  });

  test('an SMS to a stored number of another country (stored before the list) answers 400 too', async () => {
    const userId = userIds[1] ?? 0;
    await putInvitation({ userId, organizationId, status: 'pending', phoneNumber: '+18765550123' });
    const before = await readInvitation(userId);
    requests.length = 0;
    const response = await invokeAs(userId, { sendSms: true });
    expect(response.statusCode).toBe(400);
    expect(expectErrorBody(response.body, 'PhoneNumberNotAllowed').errors).toEqual([
      { path: 'sendSms', message: expect.any(String) },
    ]);
    expect(requests).toEqual(['GetItemCommand']);
    expect(await readInvitation(userId)).toEqual(before);
    // Without a send, the rest of the invitation still changes.
    expect((await invokeAs(userId, { language: 'de' })).statusCode).toBe(200);
  });
});

describe('daily caps', () => {
  test('an SMS with its number is one transaction that raises both counters', async () => {
    const userId = userIds[0] ?? 0;
    const response = await invokeAs(userId, { phoneNumber: '+31850600001', sendSms: true });
    expect(response.statusCode).toBe(200);
    expect(requests).toEqual(['TransactWriteItemsCommand']);
    expect((await readInvitation(userId))?.smsSendCount).toBe(1);
    const tomorrowEnd = Date.UTC(
      new Date().getUTCFullYear(),
      new Date().getUTCMonth(),
      new Date().getUTCDate() + 2,
    );
    expect(await counter(`sms#organization#${organizationId}#${today()}`)).toEqual({
      sends: 1,
      expiresAt: tomorrowEnd / 1000,
    });
    expect(await counter(numberCounter('+31850600001'))).toMatchObject({ sends: 1 });
  });

  test('an SMS to the stored number reads it, then counts under it', async () => {
    const userId = userIds[2] ?? 0;
    const response = await invokeAs(userId, { sendSms: true, language: 'fr' });
    expect(response.statusCode).toBe(200);
    expect(requests).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
    expect(await counter(numberCounter(numberOf(userId)))).toMatchObject({ sends: 1 });
    expect(await readInvitation(userId)).toMatchObject({ smsSendCount: 1, language: 'fr' });
  });

  test('sends to one number, racing from as many invitations: exactly the cap pass', async () => {
    const number = `+4930${Date.now() % 1e8}`;
    const responses = await Promise.all(
      userIds.slice(0, 8).map((userId) => invokeAs(userId, { phoneNumber: number, sendSms: true })),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 200, 429, 429, 429, 429, 429, 429]);
    for (const response of responses.filter((response) => response.statusCode === 429)) {
      expect(expectErrorBody(response.body, 'SmsQuotaExceeded').message).toContain('phone number');
      const retryAfter = Number(response.headers?.['Retry-After']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(86_400);
      expectContractHeaders(response.headers);
    }
    expect(await counter(numberCounter(number))).toMatchObject({ sends: 2 });
    // A refused send wrote nothing: neither its number nor its send request.
    const stored = await Promise.all(userIds.slice(0, 8).map(readInvitation));
    expect(stored.filter((invitation) => invitation?.phoneNumber === number)).toHaveLength(2);
    expect(stored.filter((invitation) => invitation?.smsSendCount === 1)).toHaveLength(2);
  });

  test("an organization's sends, racing to different numbers: exactly its cap pass", async () => {
    const responses = await Promise.all(
      userIds.map((userId) => invokeAs(userId, { sendSms: true })),
    );
    const passed = responses.filter((response) => response.statusCode === 200);
    expect(passed).toHaveLength(caps.dailyCapPerOrganization);
    for (const response of responses.filter((response) => response.statusCode !== 200)) {
      expect(response.statusCode).toBe(429);
      expect(expectErrorBody(response.body, 'SmsQuotaExceeded').message).toContain('organization');
    }
    expect(await counter(`sms#organization#${organizationId}#${today()}`)).toMatchObject({
      sends: caps.dailyCapPerOrganization,
    });
    const sent = await Promise.all(userIds.map(readInvitation));
    expect(sent.filter((invitation) => invitation?.smsSendCount === 1)).toHaveLength(
      caps.dailyCapPerOrganization,
    );
    // E-mail is not capped, and an update without a send is not either.
    await putInvitation({
      userId: 200,
      organizationId,
      status: 'pending',
      emailAddress: 'a@example.com',
    });
    expect((await invokeAs(200, { sendEmail: true })).statusCode).toBe(200);
    expect((await invokeAs(userIds[0] ?? 0, { language: 'it' })).statusCode).toBe(200);
  });

  test('a keyed retry of a landed SMS send answers 200 and is counted once', async () => {
    const userId = userIds[3] ?? 0;
    const headers = { 'Idempotency-Key': `sms-${organizationId}` };
    const first = await invokeAs(userId, { sendSms: true }, headers);
    const again = await invokeAs(userId, { sendSms: true }, headers);
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(await counter(numberCounter(numberOf(userId)))).toMatchObject({ sends: 1 });
    expect((await readInvitation(userId))?.smsSendCount).toBe(1);
  });

  test('a keyed retry of the send that filled a cap answers 200, not 429', async () => {
    const number = `+3322${organizationId}`;
    const [first, second] = [userIds[5] ?? 0, userIds[6] ?? 0];
    const headers = { 'Idempotency-Key': `fill-${organizationId}` };
    expect((await invokeAs(first, { phoneNumber: number, sendSms: true })).statusCode).toBe(200);
    const filling = await invokeAs(second, { phoneNumber: number, sendSms: true }, headers);
    expect(filling.statusCode).toBe(200);
    expect(await counter(numberCounter(number))).toMatchObject({ sends: caps.dailyCapPerNumber });
    // Both the invitation's condition (a repeat) and the counter's (at its cap) fail: the
    // invitation's reason answers.
    const retry = await invokeAs(second, { phoneNumber: number, sendSms: true }, headers);
    expect(retry.statusCode).toBe(200);
    expect((await readInvitation(second))?.smsSendCount).toBe(1);
    expect(await counter(numberCounter(number))).toMatchObject({ sends: caps.dailyCapPerNumber });
  });

  test('a number changed between the read and the write: the send is counted for the new one', async () => {
    const userId = userIds[4] ?? 0;
    // Numbers of this test alone: other tests' counters live on.
    const original = `+3320${organizationId}`;
    const changed = `+3321${organizationId}`;
    await putInvitation({ userId, organizationId, status: 'pending', phoneNumber: original });
    let changedOnce = false;
    const updateInvitation = createUpdateInvitation({
      table: {
        writeInvitationUpdate: invitations.writeInvitationUpdate,
        // Another PUT changes the number just after this one read it.
        readInvitation: async (id) => {
          const read = await invitations.readInvitation(id);
          if (!changedOnce) {
            changedOnce = true;
            await putInvitation({
              userId,
              organizationId,
              status: 'pending',
              phoneNumber: changed,
            });
          }
          return read;
        },
      },
      cooldownSeconds: 60,
      sendLimits: { ...defaultSendLimits, ...caps },
    });
    await updateInvitation({ userId, update: { sendSms: true }, caller });
    expect(await counter(numberCounter(changed))).toMatchObject({ sends: 1 });
    expect(await counter(numberCounter(original))).toBeUndefined();
    expect((await readInvitation(userId))?.smsSendCount).toBe(1);
  });
});
