/**
 * POST /v2/users through its handler on DynamoDB Local: what a create stores, in one
 * request; who may create; nothing written on any refusal; ids the server picks, distinct
 * under concurrent creates; retries (the SDK's, and keyed ones) that never create twice.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { FinalizeRequestMiddleware, MetadataBearer } from '@smithy/types';
import { beforeEach, describe, expect, test } from 'vitest';
import { createDynamoDbClient } from '../../functions/shared/dynamodb.ts';
import { fromItem } from '../../functions/shared/invitations/item.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { creationEvent, memberOfOrg100, ownerOfOrg200 } from '../support/events.ts';
import { useFreshTables } from '../support/tables.ts';

const tables = await useFreshTables({ sendLimits: { dailyCapPerNumber: 1 } });
const { client, tableNames, readInvitation, requests, createInvitationHandler: handler } = tables;

const invoke = (options: Parameters<typeof creationEvent>[0] = {}) =>
  handler(creationEvent(options), lambdaContext('create-invitation', 10_000));

// The tests' own reads go through another client: `requests` holds only the handler's.
const reader = createDynamoDbClient(tables.connection);
async function allInvitations() {
  const { Items = [] } = await reader.send(new ScanCommand({ TableName: tableNames.invitations }));
  return Items.map(fromItem);
}

const createdId = (response: { statusCode: number; body: string }) => {
  expect(response.statusCode, response.body).toBe(201);
  return (JSON.parse(response.body) as { id: number }).id;
};

beforeEach(() => {
  requests.length = 0;
});

describe('a create', () => {
  test('stores a pending invitation at a new id, its send requested and counted, in one request', async () => {
    const before = Date.now();
    const response = await invoke({
      body: { emailAddress: 'ann@example.com', language: 'de', sendEmail: true },
    });
    const id = createdId(response);
    expectContractHeaders(response.headers);
    expect(Number.isSafeInteger(id) && id >= 1).toBe(true);
    expect(requests).toEqual(['TransactWriteItemsCommand']);
    const stored = await readInvitation(id);
    expect(stored).toMatchObject({
      userId: id,
      organizationId: 100,
      status: 'pending',
      emailAddress: 'ann@example.com',
      language: 'de',
      emailSendCount: 1,
    });
    expect(Date.parse(stored?.createdAt ?? '')).toBeGreaterThanOrEqual(before - 1);
    expect(stored?.updatedAt).toBe(stored?.createdAt);
    expect(stored?.emailSendRequestedAt).toBe(stored?.createdAt);
    expect(stored?.smsSendCount).toBeUndefined();
  });

  test('an SMS send is counted against the day’s caps in the same write', async () => {
    const body = { phoneNumber: '+31850600001', sendSms: true };
    const id = createdId(await invoke({ body }));
    expect(requests).toEqual(['TransactWriteItemsCommand']);
    expect(await readInvitation(id)).toMatchObject({
      phoneNumber: '+31850600001',
      smsSendCount: 1,
    });

    // The per-number cap is 1 here: the next create texting that number is refused whole.
    const count = (await allInvitations()).length;
    const refused = await invoke({ body });
    expect(refused.statusCode).toBe(429);
    expectErrorBody(refused.body, 'SmsQuotaExceeded');
    expect(await allInvitations()).toHaveLength(count);
  });

  test('without a send, nothing is requested', async () => {
    const id = createdId(await invoke({ body: { phoneNumber: '+31850600002' } }));
    const stored = await readInvitation(id);
    expect(stored?.smsSendCount).toBeUndefined();
    expect(stored?.emailSendCount).toBeUndefined();
  });
});

describe('refused creates write nothing', () => {
  test.each([
    ['no address', { language: 'en' }, 'ValidationFailed', ''],
    ['an empty body', {}, 'ValidationFailed', ''],
    [
      'a send without its address',
      { phoneNumber: '+31850600003', sendEmail: true },
      'ValidationFailed',
      'sendEmail',
    ],
    [
      'an unknown field',
      { emailAddress: 'a@example.com', userId: 9 },
      'ValidationFailed',
      'userId',
    ],
    ['a bad address', { emailAddress: 'not-an-address' }, 'ValidationFailed', 'emailAddress'],
    [
      'a number of another country',
      { phoneNumber: '+15555550100' },
      'PhoneNumberNotAllowed',
      'phoneNumber',
    ],
  ])('%s: 400', async (_, body, code, path) => {
    const count = (await allInvitations()).length;
    const response = await invoke({ body });
    expect(response.statusCode).toBe(400);
    expectErrorBody(response.body, code);
    expectContractHeaders(response.headers);
    const errors = (JSON.parse(response.body) as { errors?: { path: string }[] }).errors ?? [];
    expect(errors.map((error) => error.path)).toContain(path);
    expect(requests).toEqual([]);
    expect(await allInvitations()).toHaveLength(count);
  });

  test('a member may not create: 403', async () => {
    const response = await invoke({ caller: memberOfOrg100 });
    expect(response.statusCode).toBe(403);
    expectErrorBody(response.body, 'InsufficientRights');
    expect(requests).toEqual([]);
  });

  test('no caller: 401', async () => {
    const response = await invoke({ caller: null });
    expect(response.statusCode).toBe(401);
    expect(requests).toEqual([]);
  });

  test('not JSON: 415; malformed JSON: 400', async () => {
    expect((await invoke({ contentType: 'text/plain', rawBody: 'x' })).statusCode).toBe(415);
    const malformed = await invoke({ rawBody: '{"emailAddress": ' });
    expect(malformed.statusCode).toBe(400);
    expectErrorBody(malformed.body, 'MalformedJson');
    expect(requests).toEqual([]);
  });
});

describe('ids', () => {
  test('50 concurrent creates: 50 distinct ids, 50 invitations', async () => {
    const before = new Set((await allInvitations()).map((invitation) => invitation.userId));
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        invoke({ body: { emailAddress: `race${index}@example.com` } }),
      ),
    );
    const ids = responses.map(createdId);
    expect(new Set(ids).size).toBe(50);
    const after = (await allInvitations()).filter((invitation) => !before.has(invitation.userId));
    expect(after.map((invitation) => invitation.userId).sort()).toEqual([...ids].sort());
  });

  test('another organization creates in its own: the first cannot see it', async () => {
    const id = createdId(await invoke({ caller: ownerOfOrg200 }));
    expect(await readInvitation(id)).toMatchObject({ organizationId: 200 });
    const get = await tables.getInvitationHandler(
      { ...creationEvent(), httpMethod: 'GET', body: null, pathParameters: { userId: String(id) } },
      lambdaContext('get-invitation', 10_000),
    );
    expect(get.statusCode).toBe(404);
  });
});

describe('retries', () => {
  test('an SDK retry of a create that landed (its answer lost) creates nothing more', async () => {
    // Inside the SDK's retry loop: the first PutItem reaches the store, then its answer is lost.
    let lost = false;
    const loseFirstAnswer: FinalizeRequestMiddleware<object, MetadataBearer> =
      (next) => async (args) => {
        const result = await next(args);
        if (lost) return result;
        lost = true;
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      };
    client.middlewareStack.addRelativeTo(loseFirstAnswer, {
      relation: 'after',
      toMiddleware: 'retryMiddleware',
      name: 'loseFirstAnswer',
    });
    try {
      const count = (await allInvitations()).length;
      const id = createdId(await invoke({ body: { emailAddress: 'retried@example.com' } }));
      expect(requests).toEqual(['PutItemCommand', 'PutItemCommand']);
      expect(await allInvitations()).toHaveLength(count + 1);
      expect(await readInvitation(id)).toMatchObject({ emailAddress: 'retried@example.com' });
    } finally {
      client.middlewareStack.remove('loseFirstAnswer');
    }
  });

  test('the same Idempotency-Key and body: the same id, one invitation; another body: 422', async () => {
    const headers = { 'Idempotency-Key': 'create-once-1' };
    const body = { emailAddress: 'keyed@example.com', sendEmail: true };
    const count = (await allInvitations()).length;
    const first = createdId(await invoke({ headers, body }));
    const repeat = await invoke({
      headers,
      body: { sendEmail: true, emailAddress: 'keyed@example.com' },
    });
    expect(createdId(repeat)).toBe(first);
    expectContractHeaders(repeat.headers);
    expect(await allInvitations()).toHaveLength(count + 1);
    expect(await readInvitation(first)).toMatchObject({ emailSendCount: 1 });

    const other = await invoke({ headers, body: { emailAddress: 'other@example.com' } });
    expect(other.statusCode).toBe(422);
    expectErrorBody(other.body, 'IdempotencyKeyReused');
    expect(await allInvitations()).toHaveLength(count + 1);
  });

  test('concurrent keyed repeats: one invitation, one id', async () => {
    const headers = { 'Idempotency-Key': 'create-once-2' };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        invoke({ headers, body: { emailAddress: 'k2@example.com' } }),
      ),
    );
    expect(new Set(responses.map(createdId)).size).toBe(1);
    const stored = (await allInvitations()).filter((i) => i.emailAddress === 'k2@example.com');
    expect(stored).toHaveLength(1);
  });

  test('the same key in another organization is another request', async () => {
    const headers = { 'Idempotency-Key': 'create-once-3' };
    const ours = createdId(await invoke({ headers }));
    const theirs = createdId(await invoke({ headers, caller: ownerOfOrg200 }));
    expect(theirs).not.toBe(ours);
    expect(await readInvitation(theirs)).toMatchObject({ organizationId: 200 });
  });
});
