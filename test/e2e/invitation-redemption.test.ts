/**
 * The invitee's journey through `npm start`, without a browser: a PUT sends the invitation,
 * its e-mail's link carries the token in the fragment, preview shows it without changing
 * it, accept takes it once; afterwards the PUT answers 409 and GET shows it accepted.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tokenOfLink } from '../../functions/shared/delivery/links.ts';
import { sha256Hex } from '../../functions/shared/hash.ts';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { emailedLink } from '../support/eml.ts';
import { apiClient } from './api-contract.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
let api: RunningApi;
const call = apiClient(() => api.baseUrl);
const redeem = (action: 'preview' | 'accept', body: unknown) =>
  call({ method: 'POST', path: `/v2/invitations/${action}`, token: null, json: body });

beforeAll(async () => {
  api = await startLocalApi({ OUTBOX_DIR: outbox });
});
afterAll(async () => {
  await api?.stop();
});

test('PUT sends a link; preview changes nothing; accept once; then 409 and accepted', async () => {
  const userId = demoData.users.invitee;
  const sent = await call({ userId, json: { sendEmail: true } });
  expect(sent.status).toBe(200);
  const link = await emailedLink(outbox, 'invitee@example.com');
  expect(new URL(link).search).toBe('');
  const token = tokenOfLink(link) ?? '';
  expect(token).toMatch(/^9\.email\./);

  // The sender confirms its send just after the message is written: wait for it, so that
  // only the preview could change the item from here on.
  let before = await api.readInvitation(userId);
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    if (before?.emailDeliveryConfirmed === before?.emailSendCount) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    before = await api.readInvitation(userId);
  }
  expect(before?.emailDeliveryConfirmed).toBe(before?.emailSendCount);
  const preview = await redeem('preview', { token });
  expect(preview.status).toBe(200);
  expectContractHeaders(preview.headers);
  expect(JSON.parse(preview.text)).toEqual({
    status: 'pending',
    language: 'de',
    expiration: '2030-01-01T00:00:00+00:00',
    channel: 'email',
  });
  expect(await api.readInvitation(userId)).toEqual(before);

  // The demo link the fixtures loaded was replaced by the one just sent.
  const older = await redeem('preview', { token: demoData.inviteeLinkToken });
  expect(older.status).toBe(404);
  expectErrorBody(older.text, 'InvitationNotFound');

  const accepted = await redeem('accept', { token });
  expect(accepted.status).toBe(200);
  expect(JSON.parse(accepted.text)).toEqual({ id: userId });
  const again = await redeem('accept', { token });
  expect(again.status).toBe(409);
  expectErrorBody(again.text, 'InvitationAlreadyAccepted');

  const put = await call({ userId, json: { language: 'en' } });
  expect(put.status).toBe(409);
  const view = JSON.parse(
    (await call({ method: 'GET', body: null, contentType: null, userId })).text,
  );
  expect(view).toMatchObject({ status: 'accepted', acceptedChannel: 'email' });
  expect(view.acceptedAt).toEqual(expect.any(String));
  expect(JSON.parse((await redeem('preview', { token })).text).status).toBe('accepted');
});

test('past its expiration: preview says expired, accept answers 410, nothing changes', async () => {
  const token = '31.email.expired-link-token-0000000000031';
  await api.writeInvitation({
    userId: 31,
    organizationId: 100,
    status: 'pending',
    language: 'nl',
    expiration: '2020-01-01T00:00:00+00:00',
    emailLinkTokenHash: sha256Hex(token),
  });
  const before = await api.readInvitation(31);
  const preview = await redeem('preview', { token });
  expect(preview.status).toBe(200);
  expect(JSON.parse(preview.text)).toMatchObject({ status: 'expired', language: 'nl' });
  const accepted = await redeem('accept', { token });
  expect(accepted.status).toBe(410);
  expectErrorBody(accepted.text, 'InvitationExpired');
  expectContractHeaders(accepted.headers);
  expect(await api.readInvitation(31)).toEqual(before);
});

test.each([
  [
    'a made-up token',
    { token: '5.email.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    404,
    'InvitationNotFound',
  ],
  ['no token of ours', { token: 'hello' }, 404, 'InvitationNotFound'],
  ['no token', {}, 400, 'ValidationFailed'],
  ['another field', { token: 'x', user: 5 }, 400, 'ValidationFailed'],
] as const)('%s: %i %s, on both routes, without a credential', async (_, body, status, code) => {
  for (const action of ['preview', 'accept'] as const) {
    const response = await redeem(action, body);
    expect(response.status).toBe(status);
    expectErrorBody(response.text, code);
    expectContractHeaders(response.headers);
  }
});

test.each([
  ['not JSON', { contentType: 'text/plain', body: 'token=x' }, 415, 'UnsupportedMediaType'],
  ['malformed JSON', { body: '{"token":' }, 400, 'MalformedJson'],
  [
    'a body over 16 KiB',
    { body: JSON.stringify({ token: 'x'.repeat(17_000) }) },
    413,
    'PayloadTooLarge',
  ],
] as const)('%s: %i %s, on both routes', async (_, options, status, code) => {
  for (const action of ['preview', 'accept'] as const) {
    const response = await call({
      method: 'POST',
      path: `/v2/invitations/${action}`,
      token: null,
      ...options,
    });
    expect(response.status).toBe(status);
    expectErrorBody(response.text, code);
    expectContractHeaders(response.headers);
  }
});
