/**
 * DELETE /v2/users/{userId}/invitation through `npm start`: revoked for good, kept for GET,
 * a later PUT refused, a repeat harmless; the PUT's access answers. Its own API: a
 * revocation would change the demo data other suites rely on.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { apiClient } from './api-contract.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

let api: RunningApi;
const call = apiClient(() => api.baseUrl);
const revoke = (options: Parameters<typeof call>[0] = {}) =>
  call({ method: 'DELETE', body: null, contentType: null, ...options });
const read = (userId: number) => call({ method: 'GET', body: null, contentType: null, userId });

beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(async () => {
  await api?.stop();
});

test('DELETE: 204 with no body; GET shows it revoked; a PUT is refused; again: 204', async () => {
  const userId = demoData.users.pending;
  const response = await revoke({ userId });
  expect(response.status).toBe(204);
  expect(response.text).toBe('');
  expectContractHeaders(response.headers);

  const view = JSON.parse((await read(userId)).text);
  expect(view).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
  const stored = await api.readInvitation(userId);
  expect(stored).toMatchObject({ status: 'revoked', emailAddress: expect.any(String) });

  const put = await call({ userId, json: { language: 'de', sendEmail: true } });
  expect(put.status).toBe(409);
  expectErrorBody(put.text, 'InvitationRevoked');
  expect(await api.readInvitation(userId)).toEqual(stored);

  const again = await revoke({ userId });
  expect(again.status).toBe(204);
  // A repeat changes nothing, not even the time of the revocation.
  expect(await api.readInvitation(userId)).toEqual(stored);
});

test.each([
  ['an accepted invitation', { userId: demoData.users.accepted }, 409, 'InvitationAlreadyAccepted'],
  ['another organization', { userId: demoData.users.otherOrganization }, 404, 'UserNotFound'],
  ['an unknown user', { userId: 999_999 }, 404, 'UserNotFound'],
  [
    'a member',
    { userId: demoData.users.withoutAddress, token: demoData.member },
    403,
    'InsufficientRights',
  ],
  ['a user id that is no id', { path: '/v2/users/abc/invitation' }, 400, 'ValidationFailed'],
  ['no credential', { token: null, userId: demoData.users.withoutAddress }, 401, 'Unauthorized'],
] as const)('DELETE for %s: %i %s, nothing changes', async (_, options, status, code) => {
  const userId = 'userId' in options ? options.userId : undefined;
  const before = userId === undefined ? undefined : await api.readInvitation(userId);
  const response = await revoke(options);
  expect(response.status).toBe(status);
  expectErrorBody(response.text, code);
  expectContractHeaders(response.headers);
  if (userId !== undefined) expect(await api.readInvitation(userId)).toEqual(before);
});
