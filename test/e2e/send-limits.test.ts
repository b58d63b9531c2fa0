/**
 * The limits of sending, tried as a caller would get around them, through `npm start`
 * (HTTP -> emulated API Gateway -> authorizer -> handler -> DynamoDB Local -> stream ->
 * sender -> outbox -> mailbox simulator -> delivery feedback): one address e-mailed by
 * racing creates, one number texted by two organizations, a bounced address written in
 * another case or on another invitation, and the suppression lifted again.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { expectErrorBody } from '../support/contract.ts';
import { smsFilesTo } from '../support/eml.ts';
import { apiClient } from './api-contract.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

vi.setConfig({ testTimeout: 90_000 });

const outbox = mkdtempSync(join(tmpdir(), 'outbox-limits-'));
let api: RunningApi;
const call = apiClient(() => api.baseUrl);
const create = (json: unknown, token?: string) =>
  call({ method: 'POST', path: '/v2/users', json, ...(token ? { token } : {}) });
const emailsTo = (address: string) =>
  readdirSync(outbox).filter((name) => name.endsWith(`-email-${address}.eml`));
const waitFor = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never happened: ${what}\n${api.output()}`);
};
const statuses = (responses: { status: number }[]) =>
  responses.map((response) => response.status).sort();

beforeAll(async () => {
  api = await startLocalApi({ OUTBOX_DIR: outbox, SEND_COOLDOWN_SECONDS: '0' });
});
afterAll(async () => {
  await api?.stop();
});

test('30 creates racing to e-mail one address: 5 pass (its day), 25 answer 429 EmailQuotaExceeded', async () => {
  const address = 'one.person@example.com';
  const responses = await Promise.all(
    Array.from({ length: 30 }, () => create({ emailAddress: address, sendEmail: true })),
  );
  expect(statuses(responses)).toEqual([...Array(5).fill(201), ...Array(25).fill(429)]);
  for (const refused of responses.filter((response) => response.status === 429)) {
    expect(expectErrorBody(refused.text, 'EmailQuotaExceeded').message).toContain('address');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  }
  // Another case of the same address is the same recipient.
  const upper = await create({ emailAddress: 'One.Person@EXAMPLE.com', sendEmail: true });
  expect(upper.status).toBe(429);
  await waitFor(() => emailsTo(address).length === 5, 'five e-mails');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(emailsTo(address)).toHaveLength(5);
  expect(emailsTo('One.Person@EXAMPLE.com')).toEqual([]);
});

test("two organizations texting one number: neither counts against, nor learns of, the other's sends", async () => {
  const number = '+4917000000123';
  const [elsewhere, here] = await Promise.all([
    Promise.all(
      Array.from({ length: 3 }, () =>
        create({ phoneNumber: number, sendSms: true }, demoData.personalOwner),
      ),
    ),
    Promise.all(Array.from({ length: 6 }, () => create({ phoneNumber: number, sendSms: true }))),
  ]);
  expect(statuses(elsewhere)).toEqual([201, 201, 201]);
  expect(statuses(here)).toEqual([201, 201, 201, 201, 201, 429]);
  await waitFor(() => smsFilesTo(outbox, number).length === 8, 'eight SMS');
});

const simulator = (local: string) => `${local}@simulator.amazonses.com`;

test("a bounced address is suppressed for the organization, in any case and on every invitation; an admin's lift ends it", async () => {
  const bounced = await create({ emailAddress: simulator('bounce'), sendEmail: true });
  const userId = (JSON.parse(bounced.text) as { id: number }).id;
  await waitFor(async () => {
    const view = await call({ userId, method: 'GET', body: null, contentType: null });
    return JSON.parse(view.text).channels.email.outcome === 'bounced';
  }, 'the bounce recorded');

  for (const address of [simulator('bounce'), 'BOUNCE@Simulator.AmazonSES.com']) {
    const again = await create({ emailAddress: address, sendEmail: true });
    expect(again.status, address).toBe(400);
    expectErrorBody(again.text, 'EmailAddressUndeliverable');
  }
  const otherInvitation = await call({
    userId: demoData.users.pending,
    json: { emailAddress: 'Bounce@simulator.amazonses.com', sendEmail: true },
  });
  expect(otherInvitation.status).toBe(400);
  expectErrorBody(otherInvitation.text, 'EmailAddressUndeliverable');
  // Stored, not sent: an address is not refused, a send to it is.
  expect((await create({ emailAddress: simulator('bounce') })).status).toBe(201);
  // Another organization's list is its own.
  const elsewhere = await create(
    { emailAddress: simulator('bounce'), sendEmail: true },
    demoData.personalOwner,
  );
  expect(elsewhere.status).toBe(201);

  const lift = await promisify(execFile)(
    'npm',
    [
      'run',
      '--silent',
      'lift-suppression',
      '--',
      '--organization',
      '100',
      '--email',
      'BOUNCE@simulator.amazonses.com',
    ],
    { env: { ...process.env, DYNAMODB_ENDPOINT: api.storeEndpoint ?? '' } },
  );
  expect(lift.stdout).toMatch(/lifted/);
  expect((await create({ emailAddress: simulator('bounce'), sendEmail: true })).status).toBe(201);
});
