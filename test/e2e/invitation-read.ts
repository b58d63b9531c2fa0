/**
 * GET /v2/users/{userId}/invitation through a running API: the same access answers as the
 * PUT, the view of what the PUT and the sender wrote, never a secret.
 */
import { expect, test } from 'vitest';
import { expectContractHeaders } from '../support/contract.ts';
import { apiClient } from './api-contract.ts';
import { demoData } from './target.ts';

export function invitationReadSuite(baseUrl: () => string) {
  const call = apiClient(baseUrl);
  const get = (options: Parameters<typeof call>[0] = {}) =>
    call({ method: 'GET', body: null, contentType: null, ...options });

  test('GET: 200 with the invitation, the contract headers, no secret', async () => {
    const response = await get({ userId: demoData.users.pending });
    expect(response.status).toBe(200);
    expectContractHeaders(response.headers);
    const view = JSON.parse(response.text);
    expect(view).toMatchObject({
      id: demoData.users.pending,
      status: expect.stringMatching(/^(pending|expired)$/),
      channels: { email: { sends: expect.any(Number) }, sms: { sends: expect.any(Number) } },
    });
    expect(response.text).not.toMatch(/TokenHash|lastWriteId|idempotency|organizationId/);
  });

  test('GET after a PUT shows what the PUT changed and the send it requested', async () => {
    const changed = await call({ userId: demoData.users.pending, json: { language: 'it' } });
    expect(changed.status).toBe(200);
    const before = JSON.parse((await get({ userId: demoData.users.pending })).text);
    expect(before.language).toBe('it');
    // An earlier test may have sent moments ago: then the cool-down refuses, and nothing moves.
    const send = await call({ userId: demoData.users.pending, json: { sendEmail: true } });
    expect([200, 429]).toContain(send.status);
    const after = JSON.parse((await get({ userId: demoData.users.pending })).text);
    expect(after.channels.email.sends).toBe(
      before.channels.email.sends + (send.status === 200 ? 1 : 0),
    );
    if (send.status === 200) {
      expect(['requested', 'sent']).toContain(after.channels.email.delivery);
    }
  });

  test('GET: an accepted invitation reads as accepted', async () => {
    const response = await get({ userId: demoData.users.accepted });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text).status).toBe('accepted');
  });

  test.each([
    ['another organization', { userId: demoData.users.otherOrganization }, 404, 'UserNotFound'],
    ['an unknown user', { userId: 999_999 }, 404, 'UserNotFound'],
    ['a member', { token: demoData.member }, 403, 'InsufficientRights'],
    ['a user id that is no id', { path: '/v2/users/abc/invitation' }, 400, 'ValidationFailed'],
    ['no credential', { token: null }, 401, 'Unauthorized'],
  ] as const)('GET by or for %s: %i %s', async (_, options, status, code) => {
    const response = await get(options);
    expect(response.status).toBe(status);
    expect(JSON.parse(response.text).code).toBe(code);
    expectContractHeaders(response.headers);
  });
}
