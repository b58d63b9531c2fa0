/**
 * A send goes where it was asked to go, or nowhere, through `npm start` (HTTP -> emulated
 * API Gateway -> authorizer -> handler -> DynamoDB Local -> stream -> sender -> outbox):
 * an address changed right after a send request never receives it (the request is
 * superseded), and a corrected address kills the link the old one was sent.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { tokenOfLink } from '../../functions/shared/delivery/links.ts';
import { expectErrorBody } from '../support/contract.ts';
import { emailedLink, smsFilesTo } from '../support/eml.ts';
import { apiClient } from './api-contract.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';

// Messages arrive a moment after each request: slower on a busy machine.
vi.setConfig({ testTimeout: 90_000 });

const outbox = mkdtempSync(join(tmpdir(), 'outbox-destination-'));
let api: RunningApi;
const call = apiClient(() => api.baseUrl);
const create = (json: unknown) => call({ method: 'POST', path: '/v2/users', json });
const idOf = (response: { status: number; text: string }) => {
  expect(response.status, response.text).toBe(201);
  return (JSON.parse(response.text) as { id: number }).id;
};
const channelsOf = async (userId: number) => {
  const response = await call({ userId, method: 'GET', body: null, contentType: null });
  expect(response.status, response.text).toBe(200);
  return JSON.parse(response.text).channels as Record<
    'email' | 'sms',
    { sends: number; delivery?: string }
  >;
};
const redeem = (action: 'preview' | 'accept', token: string) =>
  call({ method: 'POST', path: `/v2/invitations/${action}`, token: null, json: { token } });
const emailsTo = (address: string) =>
  readdirSync(outbox).filter((name) => name.endsWith(`-email-${address}.eml`));
/** Until every send request of these invitations is settled: sent, superseded or failed. */
async function settled(userIds: number[], channel: 'email' | 'sms') {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const views = await Promise.all(userIds.map(channelsOf));
    if (views.every((view) => view[channel].delivery !== 'requested')) return views;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`send requests never settled:\n${api.output()}`);
}

beforeAll(async () => {
  // Sends one after another: the cool-down is not what these tests are about.
  api = await startLocalApi({ OUTBOX_DIR: outbox, SEND_COOLDOWN_SECONDS: '0' });
});
afterAll(async () => {
  await api?.stop();
});

test('a number changed right after an SMS was requested never gets it; its cap holds for what is sent', async () => {
  const other = '+4915100000777';
  const rounds = Array.from({ length: 7 }, (_, round) => `+4915100000${700 + round}`);
  const userIds: number[] = [];
  for (const number of rounds) {
    const userId = idOf(await create({ phoneNumber: number, sendSms: true }));
    userIds.push(userId);
    // No send: not counted for `other`, so `other` may not receive the request above.
    expect((await call({ userId, json: { phoneNumber: other } })).status).toBe(200);
  }
  const views = await settled(userIds, 'sms');
  expect(smsFilesTo(outbox, other)).toEqual([]);
  for (const [round, number] of rounds.entries()) {
    // Either sent before the change (to the number it was asked for) or superseded.
    const delivery = views[round]?.sms.delivery;
    expect(['sent', 'superseded']).toContain(delivery);
    expect(smsFilesTo(outbox, number)).toHaveLength(delivery === 'sent' ? 1 : 0);
  }

  // Sent to directly, `other` gets its day's cap (5) and no more.
  const direct = [];
  for (const userId of userIds.slice(0, 6)) {
    direct.push((await call({ userId, json: { sendSms: true } })).status);
  }
  expect(direct).toEqual([200, 200, 200, 200, 200, 429]);
  await settled(userIds.slice(0, 5), 'sms');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(smsFilesTo(outbox, other)).toHaveLength(5);
});

test('an address changed right after an e-mail was requested never gets it', async () => {
  const userIds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const userId = idOf(
      await create({ emailAddress: `asked-${round}@example.com`, sendEmail: true }),
    );
    userIds.push(userId);
    const changed = await call({ userId, json: { emailAddress: `changed-${round}@example.com` } });
    expect(changed.status).toBe(200);
  }
  const views = await settled(userIds, 'email');
  for (const [round, view] of views.entries()) {
    expect(emailsTo(`changed-${round}@example.com`)).toEqual([]);
    expect(['sent', 'superseded']).toContain(view.email.delivery);
    expect(emailsTo(`asked-${round}@example.com`)).toHaveLength(
      view.email.delivery === 'sent' ? 1 : 0,
    );
    if (view.email.delivery === 'sent') {
      // Sent before the change: the link it carries died with the address.
      const token = tokenOfLink(await emailedLink(outbox, `asked-${round}@example.com`)) ?? '';
      expect((await redeem('preview', token)).status).toBe(404);
    }
  }
});

test('a corrected address kills the link sent to the old one: preview and accept 404, still pending', async () => {
  const userId = idOf(await create({ emailAddress: 'mistyped@example.com', sendEmail: true }));
  const token = tokenOfLink(await emailedLink(outbox, 'mistyped@example.com')) ?? '';
  expect((await redeem('preview', token)).status).toBe(200);

  expect((await call({ userId, json: { emailAddress: 'meant@example.com' } })).status).toBe(200);
  const preview = await redeem('preview', token);
  expect(preview.status).toBe(404);
  expectErrorBody(preview.text, 'InvitationNotFound');
  const accept = await redeem('accept', token);
  expect(accept.status).toBe(404);
  expectErrorBody(accept.text, 'InvitationNotFound');
  const view = await call({ userId, method: 'GET', body: null, contentType: null });
  expect(JSON.parse(view.text)).toMatchObject({
    status: 'pending',
    emailAddress: 'meant@example.com',
  });
});

test('a hand-over that fails after the provider took the message is not sent again: unknown', async () => {
  // The local transport writes the message, then fails as a reset connection would.
  const address = 'reset@unknown-outcome.test';
  const userId = idOf(await create({ emailAddress: address, sendEmail: true }));
  const [view] = await settled([userId], 'email');
  expect(view?.email.delivery).toBe('unknown');
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(emailsTo(address)).toHaveLength(1);
  expect((await channelsOf(userId)).email.delivery).toBe('unknown');
});
