/**
 * The store misbehaves under a running `npm start` (a fault proxy sits between the API and
 * DynamoDB Local): every PUT answers within the store budget, nothing is applied or sent
 * twice, a keyed retry after the fault is answered as the first request, and the server
 * serves normally right after. The send cool-down is off here, so only the write id and the
 * Idempotency-Key stand between a retry and a second send.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { storeBudget } from '../../functions/shared/dynamodb.ts';
import { functions } from '../../infra/functions.ts';
import { tables } from '../../infra/tables.ts';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { smsFilesTo } from '../support/eml.ts';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

const users = { stall: 11, reset: 12, trickle: 13, refuse: 14 } as const;
const phoneOf = (userId: number) => `+3185060${String(userId).padStart(4, '0')}`;

let store: RunningDynamoDbLocal;
let proxy: FaultProxy;
let api: RunningApi;
const outbox = mkdtempSync(join(tmpdir(), 'outbox-faults-'));

beforeAll(async () => {
  store = await startDynamoDbLocal();
  proxy = await startFaultProxy(store.endpoint);
  const fixtures = join(mkdtempSync(join(tmpdir(), 'faults-')), 'fixtures.json');
  writeFileSync(
    fixtures,
    JSON.stringify({
      invitations: Object.values(users).map((userId) => ({
        userId,
        organizationId: 100,
        emailAddress: `user${userId}@example.com`,
        phoneNumber: phoneOf(userId),
        language: 'en',
      })),
      credentials: [{ token: demoData.admin, organizationId: 100, userId: 1, roles: ['admin'] }],
    }),
  );
  api = await startLocalApi({
    DYNAMODB_ENDPOINT: proxy.endpoint,
    SEED_FILE: fixtures,
    OUTBOX_DIR: outbox,
    SEND_COOLDOWN_SECONDS: '0',
  });
  // Caches the authorizer's answer: the faults below hit the handler's write.
  expect((await put(users.refuse, { language: 'en' })).status).toBe(200);
});

afterAll(async () => {
  await api?.stop();
  await proxy?.close();
  await store?.stop();
});

async function put(
  userId: number,
  json: object,
  idempotencyKey?: string,
  token: string = demoData.admin,
) {
  const started = performance.now();
  const response = await fetch(`${api.baseUrl}/v2/users/${userId}/invitation`, {
    method: 'PUT',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
    },
    body: JSON.stringify(json),
  });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text: await response.text(),
    ms: performance.now() - started,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The item once `sends` SMS were requested and delivered (or the time is up), read again a
 * moment later: whatever else was under way (held attempts, a late sender) has landed too.
 */
async function afterSends(userId: number, sends: number) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const item = await api.readInvitation(userId);
    const delivered =
      (item?.smsSendCount ?? 0) >= sends &&
      (item?.smsDeliveryConfirmed ?? 0) >= sends &&
      smsFilesTo(outbox, item?.phoneNumber).length >= sends;
    if (delivered || Date.now() > deadline) break;
    await sleep(100);
  }
  await sleep(500);
  return api.readInvitation(userId);
}

/** A 503 answered by the store budget, well before the function's own timeout. */
function expectBudgetedUnavailable(response: Awaited<ReturnType<typeof put>>) {
  expect(response.status, response.text).toBe(503);
  expectContractHeaders(response.headers);
  const body = expectErrorBody(response.text, 'ServiceUnavailable');
  expect(body.message).toMatch(/may or may not have been applied.*Idempotency-Key/);
  expect(response.ms).toBeLessThan(functions['update-invitation'].timeoutSeconds * 1000);
  console.log(
    `store fault: 503 in ${response.ms.toFixed(0)} ms (budget ${storeBudget.totalMs} ms)`,
  );
}

describe('a fault between the API and the store', () => {
  test('stalled store: 503 within the budget; the held write lands once; a keyed retry answers 200 and sends nothing more', async () => {
    const userId = users.stall;
    // With its number, an SMS send is the PUT's one request (a transaction with its counters).
    const body = { language: 'de', phoneNumber: phoneOf(userId), sendSms: true };
    proxy.set('stall');
    const during = await put(userId, body, 'stall-retry-1');
    expectBudgetedUnavailable(during);

    // The store resumes and works through every attempt the SDK made while it was paused.
    proxy.set('pass');
    const item = await afterSends(userId, 1);
    expect(item).toMatchObject({
      language: 'de',
      smsSendCount: 1,
      idempotencyKey: 'stall-retry-1',
    });

    const retry = await put(userId, body, 'stall-retry-1');
    expect(retry.status, retry.text).toBe(200);
    expect(JSON.parse(retry.text)).toEqual({ id: userId });
    expectContractHeaders(retry.headers);
    expect((await afterSends(userId, 1))?.smsSendCount).toBe(1);
    expect(smsFilesTo(outbox, phoneOf(userId))).toHaveLength(1);

    const reused = await put(userId, { ...body, language: 'fr' }, 'stall-retry-1');
    expect(reused.status, reused.text).toBe(422);
    expectErrorBody(reused.text, 'IdempotencyKeyReused');
    expect(await api.readInvitation(userId)).toMatchObject({ language: 'de', smsSendCount: 1 });
  });

  test('stalled store, credential not cached: the authorizer fails within its budget (500)', async () => {
    proxy.set('stall');
    const response = await put(users.refuse, { language: 'en' }, undefined, demoData.apiKey);
    proxy.set('pass');
    expect(response.status, response.text).toBe(500);
    expectContractHeaders(response.headers);
    expectErrorBody(response.text, 'InternalError');
    expect(response.ms).toBeLessThan(functions.authorizer.timeoutSeconds * 1000);
    console.log(`store fault: authorizer 500 in ${response.ms.toFixed(0)} ms`);
  });

  test('answer lost mid-way: the SDK retries, finds its own write landed, answers 200, counted once', async () => {
    const userId = users.reset;
    proxy.set('reset', 'TransactWriteItems');
    const response = await put(userId, {
      language: 'it',
      phoneNumber: phoneOf(userId),
      sendSms: true,
    });
    expect(response.status, response.text).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ id: userId });
    const item = await afterSends(userId, 1);
    expect(item).toMatchObject({ language: 'it', smsSendCount: 1, smsDeliveryConfirmed: 1 });
    expect(smsFilesTo(outbox, phoneOf(userId))).toHaveLength(1);
  });

  test('a create whose answer is lost mid-way: the SDK retries, finds its own write, 201 once', async () => {
    const phoneNumber = '+31850600777';
    proxy.set('reset', 'TransactWriteItems');
    const response = await fetch(`${api.baseUrl}/v2/users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${demoData.admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phoneNumber, sendSms: true }),
    });
    const text = await response.text();
    expect(proxy.current(), 'the answer of the first attempt was lost').toBe('pass');
    expect(response.status, text).toBe(201);
    const { id } = JSON.parse(text) as { id: number };
    const item = await afterSends(id, 1);
    expect(item).toMatchObject({ organizationId: 100, phoneNumber, smsSendCount: 1 });
    const client = new DynamoDBClient({
      endpoint: store.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { Items = [] } = await client.send(
      new ScanCommand({ TableName: tables.invitations.localName }),
    );
    client.destroy();
    expect(Items.filter((stored) => stored.phoneNumber?.S === phoneNumber)).toHaveLength(1);
    expect(smsFilesTo(outbox, phoneNumber)).toHaveLength(1);
  });

  test('answer trickling in: 503 within the budget; a keyed retry answers 200 and sends nothing more', async () => {
    const userId = users.trickle;
    const body = { phoneNumber: '+31850600999', sendSms: true };
    proxy.set('trickle');
    const during = await put(userId, body, 'trickle-retry-1');
    proxy.set('pass');
    expectBudgetedUnavailable(during);

    const retry = await put(userId, body, 'trickle-retry-1');
    expect(retry.status, retry.text).toBe(200);
    const item = await afterSends(userId, 1);
    expect(item).toMatchObject({ phoneNumber: '+31850600999', smsSendCount: 1 });
    expect(smsFilesTo(outbox, '+31850600999')).toHaveLength(1);
  });

  test('refused connections: 503 at once, nothing written; served normally right after', async () => {
    const userId = users.refuse;
    const before = await api.readInvitation(userId);
    proxy.set('refuse');
    const during = await put(userId, { language: 'nl', sendSms: true });
    proxy.set('pass');
    expectBudgetedUnavailable(during);
    expect(await api.readInvitation(userId)).toEqual(before);

    const after = await put(userId, { language: 'nl' });
    expect(after.status, after.text).toBe(200);
    expect(await api.readInvitation(userId)).toMatchObject({ language: 'nl' });
  });
});
