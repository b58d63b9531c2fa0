/**
 * The SMS limits through `npm start` (HTTP -> emulated API Gateway -> authorizer ->
 * handler -> DynamoDB Local), with small caps so a test can reach them: another country's
 * number refused, and requests racing for the last sends of a day, per number and per
 * organization, of which exactly the cap pass and are sent.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import demo from '../../local/fixtures/demo.json' with { type: 'json' };
import { expectErrorBody } from '../support/contract.ts';
import { smsFilesTo } from '../support/eml.ts';
import { apiClient } from './api-contract.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';

// Messages, then their events, arrive a moment after each request: slower on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const caps = { organization: 5, number: 2 };
const userIds = Array.from({ length: 12 }, (_, index) => 300 + index);
const numberOf = (userId: number) => `+4930123${userId}`;

const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
let api: RunningApi;
const call = apiClient(() => api.baseUrl);
beforeAll(async () => {
  const seedFile = join(mkdtempSync(join(tmpdir(), 'seed-')), 'sms.json');
  writeFileSync(
    seedFile,
    JSON.stringify({
      invitations: [
        ...userIds.map((userId) => ({
          userId,
          organizationId: 100,
          phoneNumber: numberOf(userId),
        })),
        { userId: 400, organizationId: 100, phoneNumber: '+18765550123' },
      ],
      credentials: demo.credentials,
    }),
  );
  api = await startLocalApi({
    SEED_FILE: seedFile,
    OUTBOX_DIR: outbox,
    SMS_DAILY_CAP_PER_ORGANIZATION: String(caps.organization),
    SMS_DAILY_CAP_PER_NUMBER: String(caps.number),
  });
});
afterAll(async () => {
  await api?.stop();
});

const waitFor = async (check: () => boolean) => {
  for (const deadline = Date.now() + 15_000; !check() && Date.now() < deadline; )
    await new Promise((resolve) => setTimeout(resolve, 100));
};

test('a number of a country not allowed: 400 PhoneNumberNotAllowed, nothing stored', async () => {
  const before = await api.readInvitation(300);
  const response = await call({
    userId: 300,
    json: { phoneNumber: '+12025550123', sendSms: true },
  });
  expect(response.status).toBe(400);
  expectErrorBody(response.text, 'PhoneNumberNotAllowed');
  expect(await api.readInvitation(300)).toEqual(before);

  // A number stored before the list said otherwise is not texted either.
  const stored = await call({ userId: 400, json: { sendSms: true } });
  expect(stored.status).toBe(400);
  expectErrorBody(stored.text, 'PhoneNumberNotAllowed');
});

test('six invitations racing to text one number: the cap passes, the rest get 429 with Retry-After', async () => {
  const number = '+4915100000001';
  const responses = await Promise.all(
    userIds
      .slice(0, 6)
      .map((userId) => call({ userId, json: { phoneNumber: number, sendSms: true } })),
  );
  expect(responses.map((response) => response.status).sort()).toEqual([
    200, 200, 429, 429, 429, 429,
  ]);
  for (const refused of responses.filter((response) => response.status === 429)) {
    expectErrorBody(refused.text, 'SmsQuotaExceeded');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
  }
  await waitFor(() => smsFilesTo(outbox, number).length >= caps.number);
  // Give a send that should not exist the time to show up anyway.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(smsFilesTo(outbox, number)).toHaveLength(caps.number);
});

test("the organization's last sends of the day, raced for: exactly what is left passes", async () => {
  const left = caps.organization - caps.number;
  // Not those of the race above: their cool-down would answer first.
  const racing = userIds.slice(6);
  const responses = await Promise.all(
    racing.map((userId) => call({ userId, json: { sendSms: true } })),
  );
  const passed = racing.filter((_, index) => responses[index]?.status === 200);
  expect(passed).toHaveLength(left);
  for (const refused of responses.filter((response) => response.status !== 200)) {
    expect(refused.status).toBe(429);
    expect(expectErrorBody(refused.text, 'SmsQuotaExceeded').message).toContain('organization');
  }
  await waitFor(() => passed.every((userId) => smsFilesTo(outbox, numberOf(userId)).length === 1));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  for (const userId of racing) {
    expect(smsFilesTo(outbox, numberOf(userId)), String(userId)).toHaveLength(
      passed.includes(userId) ? 1 : 0,
    );
  }
  // E-mail is not capped.
  expect(
    (await call({ userId: 300, json: { emailAddress: 'a@example.com', sendEmail: true } })).status,
  ).toBe(200);
});
