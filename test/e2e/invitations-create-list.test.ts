/**
 * POST /v2/users and GET /v2/invitations through `npm start`: created at a new id, sent at
 * once by the sender on the table's stream, read back with GET, changed with PUT, listed
 * page by page; who may create and list; keyed retries; creates racing. Its own API:
 * creates add to the demo data other suites count on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { InvitationList } from '../../functions/shared/invitations/view-schema.ts';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { outboxMessage, plainTextOf, smsFilesTo } from '../support/eml.ts';
import { apiClient } from './api-contract.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

let api: RunningApi;
const outbox = mkdtempSync(join(tmpdir(), 'outbox-create-'));
const call = apiClient(() => api.baseUrl);
const create = (json: unknown, options: Parameters<typeof call>[0] = {}) =>
  call({ method: 'POST', path: '/v2/users', json, ...options });
const idOf = (response: { status: number; text: string }) => {
  expect(response.status, response.text).toBe(201);
  return (JSON.parse(response.text) as { id: number }).id;
};

beforeAll(async () => {
  api = await startLocalApi({ OUTBOX_DIR: outbox });
});
afterAll(async () => {
  await api?.stop();
});

describe('POST /v2/users', () => {
  test('201 with a new id; the e-mail goes out; GET shows it; a PUT changes it', async () => {
    const response = await create({
      emailAddress: 'created@example.com',
      language: 'nl',
      sendEmail: true,
    });
    const id = idOf(response);
    expectContractHeaders(response.headers);
    expect(response.headers['content-type']).toMatch(/^application\/json/);

    const eml = await outboxMessage(outbox, /-email-created@example\.com\.eml$/);
    expect(plainTextOf(eml)).toMatch(/#token=/);
    const view = JSON.parse((await call({ method: 'GET', userId: id, body: null })).text);
    expect(view).toMatchObject({
      id,
      status: 'pending',
      language: 'nl',
      emailAddress: 'created@example.com',
      channels: { email: { sends: 1 } },
    });

    const put = await call({ userId: id, json: { language: 'de' } });
    expect(put.status, put.text).toBe(200);
    expect(await api.readInvitation(id)).toMatchObject({ language: 'de', organizationId: 100 });
  });

  test('an SMS goes out too; a PUT on an id nobody created is still 404', async () => {
    const id = idOf(await create({ phoneNumber: '+31850609001', sendSms: true }));
    const deadline = Date.now() + 15_000;
    while (smsFilesTo(outbox, '+31850609001').length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(smsFilesTo(outbox, '+31850609001')).toHaveLength(1);
    expect(await api.readInvitation(id)).toMatchObject({ smsSendCount: 1 });

    const unknown = await call({ userId: id + 1 === 2 ** 53 ? id - 1 : id + 1 });
    expect(unknown.status).toBe(404);
  });

  test.each([
    [
      'a member',
      { emailAddress: 'm@example.com' },
      { token: demoData.member },
      403,
      'InsufficientRights',
    ],
    ['no credential', { emailAddress: 'n@example.com' }, { token: null }, 401, 'Unauthorized'],
    ['no address', { language: 'en' }, {}, 400, 'ValidationFailed'],
    [
      'a send without its address',
      { phoneNumber: '+31850609002', sendEmail: true },
      {},
      400,
      'ValidationFailed',
    ],
    [
      'a number of another country',
      { phoneNumber: '+15555550100' },
      {},
      400,
      'PhoneNumberNotAllowed',
    ],
  ] as const)('%s: %i %s', async (_, json, options, status, code) => {
    const response = await create(json, options);
    expect(response.status, response.text).toBe(status);
    expectContractHeaders(response.headers);
    expectErrorBody(response.text, code);
  });

  test('not JSON: 415; a preflight: the contract headers, no credential needed', async () => {
    const notJson = await create(undefined, { contentType: 'text/plain', body: 'x' });
    expect(notJson.status).toBe(415);
    const preflight = await call({ method: 'OPTIONS', path: '/v2/users', token: null, body: null });
    expect([200, 204]).toContain(preflight.status);
    expectContractHeaders(preflight.headers);
  });

  test('a keyed retry: the same id, created once; the key with another body: 422', async () => {
    const headers = { 'Idempotency-Key': 'e2e-create-1' };
    const body = { emailAddress: 'keyed.e2e@example.com', sendEmail: true };
    const first = idOf(await create(body, { headers }));
    const retry = idOf(await create(body, { headers }));
    expect(retry).toBe(first);
    const other = await create({ emailAddress: 'else@example.com' }, { headers });
    expect(other.status).toBe(422);
    expectErrorBody(other.text, 'IdempotencyKeyReused');
    expect(await api.readInvitation(first)).toMatchObject({ emailSendCount: 1 });
  });

  test('creates racing: each its own id', async () => {
    // Warm: the authorizer's answer cached, as after any first request.
    idOf(await create({ emailAddress: 'warm@example.com' }));
    const ids = (
      await Promise.all(
        Array.from({ length: 8 }, (_, index) => create({ emailAddress: `r${index}@example.com` })),
      )
    ).map(idOf);
    expect(new Set(ids).size).toBe(8);
    for (const [index, id] of ids.entries()) {
      expect(await api.readInvitation(id)).toMatchObject({ emailAddress: `r${index}@example.com` });
    }
  });
});

describe('GET /v2/invitations', () => {
  const list = (query = '', options: Parameters<typeof call>[0] = {}) =>
    call({
      method: 'GET',
      path: `/v2/invitations${query}`,
      body: null,
      contentType: null,
      ...options,
    });
  const pageOf = (response: { status: number; text: string }) => {
    expect(response.status, response.text).toBe(200);
    return JSON.parse(response.text) as InvitationList;
  };

  test('a member may not list: 403, as on GET, with no invitee in the answer', async () => {
    for (const query of ['', '?status=pending', '?limit=1']) {
      const refused = await list(query, { token: demoData.member });
      expect(refused.status, refused.text).toBe(403);
      expectContractHeaders(refused.headers);
      expectErrorBody(refused.text, 'InsufficientRights');
      expect(refused.text).not.toMatch(/@example\.com|\+\d{6,}/);
    }
  });

  test("an admin lists the organization's invitations, newest change first; no one else's", async () => {
    const response = await list('');
    expectContractHeaders(response.headers);
    const page = pageOf(response);
    const ids = page.invitations.map((invitation) => invitation.id);
    expect(ids).toEqual(expect.arrayContaining([demoData.users.pending, demoData.users.accepted]));
    expect(ids).not.toContain(demoData.users.otherOrganization);
    expect(ids).not.toContain(demoData.users.personal);
    const updated = page.invitations.map((invitation) => invitation.updatedAt ?? '');
    expect(updated).toEqual([...updated].sort().reverse());
    expect(response.text).not.toMatch(/TokenHash|lastWriteId|organizationStatus/);
  });

  test('by status', async () => {
    const accepted = pageOf(await list('?status=accepted'));
    expect(accepted.invitations.map((invitation) => invitation.id)).toContain(
      demoData.users.accepted,
    );
    expect(accepted.invitations.every((invitation) => invitation.status === 'accepted')).toBe(true);
    const bad = await list('?status=lost');
    expect(bad.status).toBe(400);
    expectErrorBody(bad.text, 'ValidationFailed');
  });

  test('page by page with creates between pages: each invitation once; a cursor of another organization: 400', async () => {
    const everything = pageOf(await list('?limit=100')).invitations.map(
      (invitation) => invitation.id,
    );
    const seen: number[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const page = pageOf(
        await list(`?limit=3${next ? `&cursor=${encodeURIComponent(next)}` : ''}`),
      );
      seen.push(...page.invitations.map((invitation) => invitation.id));
      next = page.next;
      pages += 1;
      idOf(await create({ emailAddress: `between${pages}@example.com` }));
    } while (next !== undefined && pages < 50);
    expect(seen).toEqual(everything);

    const cursor = pageOf(await list('?limit=1')).next ?? '';
    const foreign = await list(`?cursor=${encodeURIComponent(cursor)}`, {
      token: demoData.personalOwner,
    });
    expect(foreign.status).toBe(400);
    expectErrorBody(foreign.text, 'ValidationFailed');
  });

  test('no credential: 401', async () => {
    const response = await list('', { token: null });
    expect(response.status).toBe(401);
    expectContractHeaders(response.headers);
  });
});
