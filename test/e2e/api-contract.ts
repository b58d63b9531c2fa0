/**
 * The contract, row by row, through real HTTP: used against the local API and, when
 * configured, a deployed stack. `baseUrl` is the API root (the stage URL when deployed).
 */
import { describe, expect, test } from 'vitest';
import type { Invitation } from '../../functions/shared/invitations/invitation.ts';
import { referenceExamples } from '../../local/reference-examples.ts';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { demoData } from './target.ts';

export interface Call {
  userId?: string | number;
  method?: string;
  path?: string;
  token?: string | null;
  authorization?: string;
  contentType?: string | null;
  body?: string | null;
  json?: unknown;
  /** More request headers (Idempotency-Key...). */
  headers?: Record<string, string>;
}

export function apiClient(baseUrl: () => string) {
  return async function call(options: Call = {}) {
    const headers: Record<string, string> = { ...options.headers };
    const authorization =
      options.authorization ??
      (options.token === null ? undefined : `Bearer ${options.token ?? demoData.admin}`);
    if (authorization !== undefined) headers.Authorization = authorization;
    if (options.contentType !== null)
      headers['Content-Type'] = options.contentType ?? 'application/json';
    const body =
      options.body !== undefined
        ? options.body
        : JSON.stringify(options.json ?? { language: 'de' });
    const path = options.path ?? `/v2/users/${options.userId ?? demoData.users.pending}/invitation`;
    const response = await fetch(`${baseUrl()}${path}`, {
      method: options.method ?? 'PUT',
      headers,
      body: body ?? undefined,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      text,
    };
  };
}

type Client = ReturnType<typeof apiClient>;

/**
 * Runs every row of the contract against the API at `baseUrl()`, in a fresh demo state.
 * Deployed, API Gateway's request validation answers bad JSON before the handler does.
 */
export function contractSuite(
  baseUrl: () => string,
  options: {
    deployed?: boolean;
    /** The stored invitation, where the suite can read the store (locally). */
    readInvitation?: (userId: number) => Promise<Invitation | undefined>;
  } = {},
) {
  const call: Client = apiClient(baseUrl);
  const expectError = async (
    response: Awaited<ReturnType<Client>>,
    status: number,
    code: string,
  ) => {
    expect(response.status, response.text).toBe(status);
    expectContractHeaders(response.headers);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    return expectErrorBody(response.text, code);
  };

  describe('the reference examples, verbatim', () => {
    test.each(referenceExamples)('$name', async (example) => {
      const response = await call({
        path: example.path,
        authorization: example.authorization,
        body: example.body,
      });
      expect(response.status).toBe(200);
      expect(response.text).toBe(JSON.stringify(example.response));
      expectContractHeaders(response.headers);
    });

    test('repeating example 1 within the cool-down: 429 with Retry-After', async () => {
      const [example] = referenceExamples;
      const response = await call({
        path: example.path,
        authorization: example.authorization,
        body: example.body,
      });
      await expectError(response, 429, 'TooManyRequests');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('400', () => {
    test.each(['0', '05', 'abc', '-1', '9007199254740992'])('user id %j', async (userId) => {
      const body = await expectError(await call({ userId }), 400, 'ValidationFailed');
      expect(body.errors?.[0]?.path).toBe('userId');
    });

    test.each([
      ['an unknown field', { language: 'de', colour: 'red' }],
      ['a null value', { language: null }],
      ['a wrong type', { sendEmail: 'yes' }],
      ['an empty object', {}],
      ['an array', [{ language: 'de' }]],
      ['a string', 'de'],
      ['a number', 5],
      ['null', null],
      ['a bad language', { language: 'EN' }],
      ['a past expiration', { expiration: '2020-01-01T00:00:00Z' }],
      ['a bad e-mail address', { emailAddress: 'nobody' }],
      ['a bad phone number', { phoneNumber: '0612345678' }],
      ['an expiration without offset', { expiration: '2030-01-01T00:00:00' }],
      [
        'an expiration over 365 days ahead',
        { expiration: new Date(Date.now() + 366 * 86_400_000).toISOString() },
      ],
      [
        'an e-mail address over 254 characters',
        { emailAddress: `${'a'.repeat(64)}@${'b'.repeat(190)}.example.com` },
      ],
    ])('%s', async (_, json) => {
      // (`json: null` would mean "the default body" to `call`: send the text.)
      const request = json === null ? { body: 'null' } : { json };
      const body = await expectError(await call(request), 400, 'ValidationFailed');
      expect(body.errors?.length).toBeGreaterThan(0);
    });

    test('a phone number of a country SMS are not sent to (the default allow-list)', async () => {
      const response = await call({ json: { phoneNumber: '+12025550123', sendSms: true } });
      const body = await expectError(response, 400, 'PhoneNumberNotAllowed');
      expect(body.errors?.[0]?.path).toBe('phoneNumber');
    });

    test('malformed JSON', async () => {
      const code = options.deployed ? 'ValidationFailed' : 'MalformedJson';
      await expectError(await call({ body: '{"language": "de"' }), 400, code);
    });

    test.each([
      ['sendEmail', 'e-mail address'],
      ['sendSms', 'phone number'],
    ])('%s without an %s after the update', async (flag) => {
      const response = await call({
        userId: demoData.users.withoutAddress,
        json: { [flag]: true },
      });
      const body = await expectError(response, 400, 'ValidationFailed');
      expect(body.errors?.[0]?.path).toBe(flag);
    });
  });

  describe('401', () => {
    test.each([
      ['no Authorization header', { token: null }],
      ['another scheme', { authorization: `Basic ${demoData.admin}` }],
      ['a scheme alone', { authorization: 'Bearer' }],
      ['an unknown credential', { token: '00000000-0000-4000-8000-000000000000' }],
      ['an expired credential', { token: demoData.expired }],
      ['a revoked credential', { token: demoData.revoked }],
    ] as const)('%s', async (_, options) => {
      const response = await call(options);
      await expectError(response, 401, 'Unauthorized');
      expect(response.text).not.toContain(demoData.admin);
    });
  });

  describe('403', () => {
    test('a member of the organization', async () => {
      await expectError(await call({ token: demoData.member }), 403, 'InsufficientRights');
    });
    test.each([
      ['an unknown path', { path: '/v2/users/5/nothing' }],
      ['an unknown method on the route', { method: 'PATCH' }],
      ['an empty user id', { path: '/v2/users//invitation' }],
    ])('%s: API Gateway answers MissingAuthenticationToken', async (_, options) => {
      await expectError(await call(options), 403, 'MissingAuthenticationToken');
    });
  });

  describe('404, 409', () => {
    test("another organization's user looks like no user", async () => {
      const other = await expectError(
        await call({ userId: demoData.users.otherOrganization }),
        404,
        'UserNotFound',
      );
      const none = await expectError(await call({ userId: 999_999 }), 404, 'UserNotFound');
      expect(other).toEqual(none);
    });
    test('an accepted invitation', async () => {
      await expectError(
        await call({ userId: demoData.users.accepted }),
        409,
        'InvitationAlreadyAccepted',
      );
    });
  });

  describe('413, 415', () => {
    test('a body over 16 KiB', async () => {
      const body = JSON.stringify({ emailAddress: `${'a'.repeat(16_400)}@example.com` });
      await expectError(await call({ body }), 413, 'PayloadTooLarge');
    });
    test.each(['text/plain', 'application/x-www-form-urlencoded'])(
      'content type %s',
      async (contentType) => {
        await expectError(await call({ contentType }), 415, 'UnsupportedMediaType');
      },
    );
  });

  describe('200', () => {
    test('an organization API key with the admin role', async () => {
      const response = await call({ token: demoData.apiKey, json: { language: 'fr' } });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toEqual({ id: demoData.users.pending });
    });

    test('the charset suffix of the content type is fine', async () => {
      const response = await call({ contentType: 'application/json; charset=utf-8' });
      expect(response.status).toBe(200);
    });

    test('a round of concurrent updates of different fields: all land', async () => {
      const expiration = new Date(Date.now() + 7 * 86_400_000).toISOString();
      const updates = [
        { language: 'nl' },
        { expiration },
        { emailAddress: 'concurrent@example.com' },
        { phoneNumber: '+31850607338' },
      ];
      const before = await options.readInvitation?.(demoData.users.pending);
      const responses = await Promise.all(updates.map((json) => call({ json })));
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
      for (const response of responses) expectContractHeaders(response.headers);
      if (options.readInvitation) {
        // No lost update, and what was not sent kept its stored value.
        const after = await options.readInvitation(demoData.users.pending);
        expect(after).toMatchObject(Object.assign({}, ...updates));
        expect(after).toMatchObject({
          organizationId: before?.organizationId,
          status: before?.status,
          emailSendCount: before?.emailSendCount,
        });
      }
    });

    test('the largest user id is a valid path (and no such user here)', async () => {
      await expectError(await call({ userId: '9007199254740991' }), 404, 'UserNotFound');
    });
  });

  test('refused requests change nothing that was stored', async ({ skip }) => {
    const read = options.readInvitation;
    if (!read) return skip('needs to read the store: local runs only');
    const users = [demoData.users.pending, demoData.users.accepted, demoData.users.withoutAddress];
    const before = await Promise.all(users.map(read));
    const refused = await Promise.all([
      call({ token: demoData.member, json: { language: 'fr' } }),
      call({ userId: demoData.users.accepted, json: { language: 'fr' } }),
      call({ userId: demoData.users.withoutAddress, json: { language: 'fr', sendSms: true } }),
      call({ token: demoData.expired, json: { language: 'fr' } }),
      call({ json: { language: 'fr', unknown: 1 } }),
      call({ json: { language: 'fr', phoneNumber: '+12025550123' } }),
      // Example 1 sent an e-mail to this user moments ago: the cool-down refuses the whole PUT.
      call({ json: { language: 'fr', sendEmail: true } }),
    ]);
    expect(refused.map((response) => response.status)).toEqual([403, 409, 400, 401, 400, 400, 429]);
    expect(await Promise.all(users.map(read))).toEqual(before);
  });

  test('CORS preflight: no credential, the contract headers', async () => {
    const response = await fetch(`${baseUrl()}/v2/users/5/invitation`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'PUT' },
    });
    expect([200, 204]).toContain(response.status);
    expectContractHeaders(Object.fromEntries(response.headers));
  });
}
