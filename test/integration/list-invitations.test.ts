/**
 * GET /v2/invitations through its handler on DynamoDB Local: the organization's
 * invitations newest change first, by status, a page at a time through the indexes (no
 * scan); pages that hold across inserts; cursors that only work for their own list.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, test } from 'vitest';
import { encodeCursor } from '../../functions/list-invitations/cursor.ts';
import type { Invitation } from '../../functions/shared/invitations/invitation.ts';
import type { InvitationList } from '../../functions/shared/invitations/view-schema.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import {
  adminOfOrg100,
  creationEvent,
  listEvent,
  memberOfOrg100,
  ownerOfOrg200,
} from '../support/events.ts';
import { testCursorKey, useFreshTables } from '../support/tables.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString();
const future = '2030-01-01T00:00:00+00:00';
const past = '2026-01-01T00:00:00+00:00';

/** Organization 100's invitations, in every status, oldest change first. */
const seeded: Invitation[] = [
  { userId: 101, status: 'pending', expiration: future },
  { userId: 102, status: 'accepted' },
  { userId: 103, status: 'revoked' },
  { userId: 104, status: 'pending', expiration: past },
  { userId: 105, status: 'pending' },
  { userId: 106, status: 'accepted' },
  { userId: 107, status: 'pending', expiration: future },
].map((invitation, index) => ({
  ...invitation,
  organizationId: 100,
  emailAddress: `u${invitation.userId}@example.com`,
  createdAt: at(index),
  updatedAt: at(index),
})) as Invitation[];

async function tablesWith(options: { statusIndex?: boolean } = {}) {
  const tables = await useFreshTables(options);
  for (const invitation of seeded) await tables.putInvitation(invitation);
  await tables.putInvitation({ ...seeded[0], userId: 201, organizationId: 200 } as Invitation);
  const list = async (query: Record<string, string> = {}, caller = adminOfOrg100) => {
    const response: APIGatewayProxyResult = await tables.listInvitationsHandler(
      listEvent(query, { caller }),
      lambdaContext('list-invitations', 10_000),
    );
    return { ...response, page: JSON.parse(response.body) as InvitationList };
  };
  return { ...tables, list };
}

const ids = (page: InvitationList) => page.invitations.map((invitation) => invitation.id);
const newestFirst = (userIds: number[]) => [...userIds].reverse();

describe.each([
  ['with the status index', true],
  ['without it (a stack between its two index updates)', false],
])('GET /v2/invitations, %s', async (_, statusIndex) => {
  const { list, requests } = await tablesWith({ statusIndex });

  test('a member may not list: 403 InsufficientRights, before any read of the table', async () => {
    requests.length = 0;
    const response = await list({}, memberOfOrg100);
    expect(response.statusCode).toBe(403);
    expectErrorBody(response.body, 'InsufficientRights');
    expect(requests).toEqual([]);
  });

  test('all of the organization, newest change first, each as GET shows it', async () => {
    requests.length = 0;
    const response = await list();
    expect(response.statusCode).toBe(200);
    expectContractHeaders(response.headers);
    expect(ids(response.page)).toEqual(newestFirst([101, 102, 103, 104, 105, 106, 107]));
    expect(response.page.next).toBeUndefined();
    expect(response.page.invitations[0]).toMatchObject({
      id: 107,
      status: 'pending',
      emailAddress: 'u107@example.com',
      channels: { email: { sends: 0 }, sms: { sends: 0 } },
    });
    expect(response.body).not.toMatch(/organizationStatus|lastWriteId|TokenHash|idempotency/);
    expect(requests.every((name) => name === 'QueryCommand')).toBe(true);
  });

  test.each([
    ['pending', [101, 105, 107]],
    ['expired', [104]],
    ['accepted', [102, 106]],
    ['revoked', [103]],
  ] as const)('status=%s', async (status, expected) => {
    const { page } = await list({ status });
    expect(ids(page)).toEqual(newestFirst([...expected]));
    expect(page.invitations.every((invitation) => invitation.status === status)).toBe(true);
  });

  test('another organization sees only its own', async () => {
    const { page } = await list({}, ownerOfOrg200);
    expect(ids(page)).toEqual([201]);
  });
});

describe('pages', async () => {
  const tables = await tablesWith();
  const { list } = tables;

  test('page by page: every invitation once, in order, even with creates between pages', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { statusCode, page } = await list({ limit: '2', ...(cursor ? { cursor } : {}) });
      expect(statusCode).toBe(200);
      expect(page.invitations.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.next;
      pages += 1;
      // A new invitation between two pages: newer than everything listed, so not on a later page.
      const created = await tables.createInvitationHandler(
        creationEvent({ body: { emailAddress: `new${pages}@example.com` } }),
        lambdaContext('create-invitation', 10_000),
      );
      expect(created.statusCode).toBe(201);
    } while (cursor !== undefined && pages < 10);
    expect(seen).toEqual(newestFirst([101, 102, 103, 104, 105, 106, 107]));
    expect(pages).toBe(4);
    // The next pass starts with what was created meanwhile.
    const { page } = await list({ limit: '4' });
    expect(page.invitations.map((invitation) => invitation.emailAddress)).toEqual([
      'new4@example.com',
      'new3@example.com',
      'new2@example.com',
      'new1@example.com',
    ]);
  });

  test('a status page and its next page', async () => {
    const first = await list({ status: 'pending', limit: '1' });
    expect(ids(first.page)).toEqual([expect.any(Number)]);
    const second = await list({ status: 'pending', limit: '1', cursor: first.page.next ?? '' });
    expect(second.statusCode).toBe(200);
    expect(ids(second.page)).not.toEqual(ids(first.page));
  });

  test('a cursor works only for its own organization and filter, unaltered, within its hour', async () => {
    const { page } = await list({ limit: '1' });
    const cursor = page.next ?? '';
    expect(cursor).not.toBe('');
    const refused = async (query: Record<string, string>, caller = adminOfOrg100) => {
      const response = await list(query, caller);
      expect(response.statusCode, response.body).toBe(400);
      expectErrorBody(response.body, 'ValidationFailed');
      expect(response.body).toMatch(/"path":"cursor"/);
      expect(response.body).not.toMatch(/u\d+@example\.com/);
    };
    await refused({ cursor }, ownerOfOrg200);
    await refused({ cursor, status: 'accepted' });
    const [payload = '', signature = ''] = cursor.split('.');
    const altered = JSON.parse(Buffer.from(payload, 'base64url').toString());
    altered[1] = 200;
    await refused({
      cursor: `${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`,
    });
    await refused({ cursor: `${cursor}x` });
    await refused({ cursor: 'not-a-cursor' });
    const expired = encodeCursor(
      { index: 'byOrganization', userId: 104, updatedAt: at(3) },
      { organizationId: 100, status: undefined },
      testCursorKey,
      new Date(Date.now() - 2 * 60 * 60 * 1000),
    );
    await refused({ cursor: expired });
  });

  test.each([
    [{ status: 'unknown' }, 'status'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ sort: 'asc' }, 'sort'],
  ])('%o: 400', async (query, path) => {
    const response = await list(query);
    expect(response.statusCode).toBe(400);
    expectErrorBody(response.body, 'ValidationFailed');
    expect(JSON.parse(response.body).errors.map((e: { path: string }) => e.path)).toEqual([path]);
  });

  test('100 in a page at most; the default is 50', async () => {
    for (let index = 0; index < 110; index++) {
      await tables.putInvitation({
        userId: 10_000 + index,
        organizationId: 300,
        status: 'pending',
        updatedAt: at(30),
      });
    }
    const caller = { ...ownerOfOrg200, organizationId: 300 };
    const byDefault = await list({}, caller);
    expect(byDefault.page.invitations).toHaveLength(50);
    const full = await list({ limit: '100' }, caller);
    expect(full.page.invitations).toHaveLength(100);
    const rest = await list({ limit: '100', cursor: full.page.next ?? '' }, caller);
    expect(rest.page.invitations).toHaveLength(10);
    expect(rest.page.next).toBeUndefined();
    expect(new Set([...ids(full.page), ...ids(rest.page)]).size).toBe(110);
  });
});

describe('the status index follows every status change', async () => {
  const tables = await tablesWith();
  test('revoked and accepted move between the status pages', async () => {
    const revoke = await tables.revokeInvitationHandler(
      { ...listEvent(), httpMethod: 'DELETE', pathParameters: { userId: '101' } },
      lambdaContext('revoke-invitation', 10_000),
    );
    expect(revoke.statusCode).toBe(204);
    const ofStatus = async (status: string) => ids((await tables.list({ status })).page);
    expect(await ofStatus('pending')).not.toContain(101);
    expect((await ofStatus('revoked'))[0]).toBe(101);
  });
});
