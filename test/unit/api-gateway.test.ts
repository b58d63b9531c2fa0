/** The API Gateway emulation with fake functions: what API Gateway itself decides. */
import type { APIGatewayAuthorizerResult, APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, test, vi } from 'vitest';
import { routes } from '../../infra/routes.ts';
import {
  createLocalApi,
  type HttpRequest,
  type LocalApiOptions,
  policyAllows,
} from '../../local/api-gateway.ts';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';

const allow = (resource: string): APIGatewayAuthorizerResult => ({
  principalId: 'user/1',
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: resource }],
  },
  context: { organizationId: 100, roles: 'admin', credentialKind: 'session', userId: 1 },
  usageIdentifierKey: 'organization-100-key',
});

function setup(
  options: {
    authorizer?: (event: { authorizationToken: string; methodArn: string }) => Promise<unknown>;
    handler?: (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;
    ttl?: number;
    throttling?: LocalApiOptions['throttling'];
    now?: () => number;
  } = {},
) {
  const authorizer = vi.fn(
    options.authorizer ??
      (async () => allow('arn:aws:execute-api:local:000000000000:localapi/local/*/*')),
  );
  const handler = vi.fn(
    options.handler ??
      (async (event: APIGatewayProxyEvent) => ({ statusCode: 200, body: JSON.stringify(event) })),
  );
  const api = createLocalApi({
    handlerOf: async (name) => (name === 'authorizer' ? authorizer : handler) as never,
    authorizerCacheTtlSeconds: options.ttl,
    throttling: options.throttling,
    now: options.now,
  });
  return { api, authorizer, handler };
}

const request = (overrides: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'PUT',
  url: '/v2/users/5/invitation',
  rawHeaders: ['Authorization', 'Bearer token-1', 'Content-Type', 'application/json'],
  body: Buffer.from('{"language":"de"}'),
  sourceIp: '127.0.0.1',
  ...overrides,
});

test('builds a REST proxy event: resource, path parameters, headers, query, context', async () => {
  const { api } = setup();
  const response = await api.handle(
    request({
      url: '/v2/users/5/invitation?a=1&a=2&b=x',
      rawHeaders: ['Authorization', 'Bearer token-1', 'X-Many', 'one', 'x-many', 'two'],
    }),
  );
  const event = JSON.parse(response.body.toString()) as APIGatewayProxyEvent;
  expect(event).toMatchObject({
    resource: '/v2/users/{userId}/invitation',
    path: '/v2/users/5/invitation',
    httpMethod: 'PUT',
    pathParameters: { userId: '5' },
    queryStringParameters: { a: '2', b: 'x' },
    multiValueQueryStringParameters: { a: ['1', '2'], b: ['x'] },
    body: '{"language":"de"}',
    isBase64Encoded: false,
    requestContext: {
      resourcePath: '/v2/users/{userId}/invitation',
      stage: 'local',
      requestId: response.requestId,
      identity: { sourceIp: '127.0.0.1' },
      authorizer: { principalId: 'user/1', organizationId: 100, roles: 'admin' },
    },
  });
  expect(event.headers['X-Many']).toBe('one');
  expect(event.multiValueHeaders['X-Many']).toEqual(['one']);
  expect(event.multiValueHeaders['x-many']).toEqual(['two']);
  expect(response.headers['x-amzn-RequestId']).toBe(response.requestId);
});

test('the authorizer gets a TOKEN event with the method ARN, and is cached per token', async () => {
  const { api, authorizer } = setup();
  await api.handle(request());
  await api.handle(request({ url: '/v2/users/6/invitation' }));
  expect(authorizer).toHaveBeenCalledTimes(1);
  expect(authorizer.mock.calls[0]?.[0]).toEqual({
    type: 'TOKEN',
    authorizationToken: 'Bearer token-1',
    methodArn: 'arn:aws:execute-api:local:000000000000:localapi/local/PUT/v2/users/5/invitation',
  });
  await api.handle(request({ rawHeaders: ['authorization', 'Bearer token-2'] }));
  expect(authorizer).toHaveBeenCalledTimes(2);
});

test('TTL 0: the authorizer runs on every request', async () => {
  const { api, authorizer } = setup({ ttl: 0 });
  await api.handle(request());
  await api.handle(request());
  expect(authorizer).toHaveBeenCalledTimes(2);
});

test.each([
  ['no header', []],
  ['a header the validation regex refuses', ['Authorization', 'Token abc']],
])('401 on %s, without running the authorizer', async (_, rawHeaders) => {
  const { api, authorizer, handler } = setup();
  const response = await api.handle(request({ rawHeaders }));
  expect(response.statusCode).toBe(401);
  expectContractHeaders(response.headers as Record<string, string>);
  expectErrorBody(response.body.toString(), 'Unauthorized');
  expect(authorizer).not.toHaveBeenCalled();
  expect(handler).not.toHaveBeenCalled();
});

test('401 when the authorizer says Unauthorized; it is not cached', async () => {
  const { api, authorizer } = setup({
    authorizer: async () => Promise.reject(new Error('Unauthorized')),
  });
  expect((await api.handle(request())).statusCode).toBe(401);
  expect((await api.handle(request())).statusCode).toBe(401);
  expect(authorizer).toHaveBeenCalledTimes(2);
});

test('500 when the authorizer fails or answers nonsense', async () => {
  const failing = setup({ authorizer: async () => Promise.reject(new Error('store down')) });
  const response = await failing.api.handle(request());
  expect(response.statusCode).toBe(500);
  expectErrorBody(response.body.toString(), 'InternalError');
  expect((await setup({ authorizer: async () => ({}) }).api.handle(request())).statusCode).toBe(
    500,
  );
});

test('403 AccessDenied when the policy does not allow the method ARN', async () => {
  const { api, handler } = setup({
    authorizer: async () => allow('arn:aws:execute-api:local:000000000000:localapi/local/GET/*'),
  });
  const response = await api.handle(request());
  expect(response.statusCode).toBe(403);
  expectErrorBody(response.body.toString(), 'AccessDenied');
  expect(handler).not.toHaveBeenCalled();
});

test('policy evaluation: wildcards, arrays, Deny wins', () => {
  const arn = 'arn:aws:execute-api:eu-west-1:1:api/v1/PUT/v2/users/5/invitation';
  const result = (statements: object[]) =>
    ({
      principalId: 'p',
      policyDocument: { Version: '2012-10-17', Statement: statements },
    }) as APIGatewayAuthorizerResult;
  expect(
    policyAllows(
      result([{ Effect: 'Allow', Action: '*', Resource: ['arn:aws:execute-api:*'] }]),
      arn,
    ),
  ).toBe(true);
  expect(
    policyAllows(
      result([
        {
          Effect: 'Allow',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:eu-west-1:1:api/v1/*/*',
        },
      ]),
      arn,
    ),
  ).toBe(true);
  expect(
    policyAllows(
      result([
        { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' },
        {
          Effect: 'Deny',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:eu-west-1:1:api/v1/PUT/*',
        },
      ]),
      arn,
    ),
  ).toBe(false);
  expect(policyAllows(result([]), arn)).toBe(false);
});

test('403 MissingAuthenticationToken for unknown routes and methods, without any function', async () => {
  const { api, authorizer, handler } = setup();
  for (const overrides of [
    { url: '/v2/users/5' },
    { method: 'PATCH' },
    { url: '/v2/users//invitation' },
  ]) {
    const response = await api.handle(request(overrides));
    expect(response.statusCode).toBe(403);
    expectErrorBody(response.body.toString(), 'MissingAuthenticationToken');
    expectContractHeaders(response.headers as Record<string, string>);
  }
  expect(authorizer).not.toHaveBeenCalled();
  expect(handler).not.toHaveBeenCalled();
});

test('OPTIONS preflight: 204 with the contract headers, no authorizer', async () => {
  const { api, authorizer } = setup();
  const response = await api.handle(request({ method: 'OPTIONS', rawHeaders: [] }));
  expect(response.statusCode).toBe(204);
  expectContractHeaders(response.headers as Record<string, string>);
  expect(authorizer).not.toHaveBeenCalled();
});

test('502 when the function throws or returns no proxy result', async () => {
  const throwing = setup({ handler: async () => Promise.reject(new Error('boom')) });
  const response = await throwing.api.handle(request());
  expect(response.statusCode).toBe(502);
  expectContractHeaders(response.headers as Record<string, string>);
  expectErrorBody(response.body.toString(), 'InternalError');
  expect((await setup({ handler: async () => 'hello' }).api.handle(request())).statusCode).toBe(
    502,
  );
});

test('the Lambda context counts down from the function timeout', async () => {
  let remaining = 0;
  const { api } = setup({
    handler: async (_, context) => {
      remaining = context.getRemainingTimeInMillis();
      return { statusCode: 200, body: '' };
    },
  });
  await api.handle(request());
  expect(remaining).toBeGreaterThan(9_000);
  expect(remaining).toBeLessThanOrEqual(10_000);
});

test('a base64 proxy result is decoded; multi-value headers are kept', async () => {
  const { api } = setup({
    handler: async () => ({
      statusCode: 201,
      headers: { 'Content-Type': 'text/plain' },
      multiValueHeaders: { 'Set-Thing': ['a', 'b'] },
      body: Buffer.from('héllo').toString('base64'),
      isBase64Encoded: true,
    }),
  });
  const response = await api.handle(request());
  expect(response.statusCode).toBe(201);
  expect(response.body.toString()).toBe('héllo');
  expect(response.headers['Set-Thing']).toEqual(['a', 'b']);
});

test('413 over API Gateway payload limit, before any function', async () => {
  const { api, authorizer } = setup();
  const response = await api.handle(request({ body: Buffer.alloc(10 * 1024 * 1024 + 1) }));
  expect(response.statusCode).toBe(413);
  expectErrorBody(response.body.toString(), 'PayloadTooLarge');
  expect(authorizer).not.toHaveBeenCalled();
});

test.each(['toString', '__proto__', 'constructor', 'valueOf', 'hasOwnProperty'])(
  'a header and a query key named %s are names like any other',
  async (name) => {
    const { api } = setup();
    const response = await api.handle(
      request({
        url: `/v2/users/5/invitation?${name}=1&${name}=2`,
        rawHeaders: ['Authorization', 'Bearer token-1', name, 'x', name, 'y'],
      }),
    );
    expect(response.statusCode).toBe(200);
    const event = JSON.parse(response.body.toString()) as APIGatewayProxyEvent;
    expect(event.multiValueHeaders[name]).toEqual(['x', 'y']);
    expect(event.multiValueQueryStringParameters?.[name]).toEqual(['1', '2']);
  },
);

test.each([
  ['dot segments', '/v2/users/10/../14/invitation'],
  ['a dot segment for the user id', '/v2/users/5/./invitation'],
  ['a backslash', '/v2/users/5\\invitation'],
  ['malformed percent-encoding', '/v2/users/%E0%A4%A/invitation'],
  ['the absolute form', 'http://localhost/v2/users/5/invitation'],
  ['the asterisk form', '*'],
])('%s: no route, as API Gateway answers it (403), no function runs', async (_, url) => {
  const { api, authorizer, handler } = setup();
  const response = await api.handle(request({ url }));
  expect(response.statusCode).toBe(403);
  expectContractHeaders(response.headers);
  expectErrorBody(response.body.toString(), 'MissingAuthenticationToken');
  expect(authorizer).not.toHaveBeenCalled();
  expect(handler).not.toHaveBeenCalled();
});

test('path parameters are percent-decoded; the path stays as sent', async () => {
  const { api } = setup();
  const response = await api.handle(request({ url: '/v2/users/%35/invitation' }));
  const event = JSON.parse(response.body.toString()) as APIGatewayProxyEvent;
  expect(event.pathParameters).toEqual({ userId: '5' });
  expect(event.path).toBe('/v2/users/%35/invitation');
});

test('a body that is not UTF-8 reaches the function base64-encoded, byte for byte', async () => {
  const { api } = setup();
  const bytes = Buffer.concat([Buffer.from('{"language":"'), Buffer.alloc(6000, 0xff)]);
  const response = await api.handle(request({ body: bytes }));
  const event = JSON.parse(response.body.toString()) as APIGatewayProxyEvent;
  expect(event.isBase64Encoded).toBe(true);
  expect(Buffer.from(event.body ?? '', 'base64').equals(bytes)).toBe(true);
});

test("a function that waits past API Gateway's integration limit: 504, the contract headers", async () => {
  // Instances that enforce the function timeout themselves (from when they run it): the
  // emulator only bounds the whole wait, as API Gateway does at 29 s (here 50 ms).
  const slow = Object.assign(
    async () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200 }), 500)),
    { enforcesTimeout: true as const },
  );
  const api = createLocalApi({
    handlerOf: async (name) =>
      (name === 'authorizer'
        ? async () => allow('arn:aws:execute-api:local:000000000000:localapi/local/*/*')
        : slow) as never,
    integrationTimeoutMs: 50,
  });
  const response = await api.handle(request());
  expect(response.statusCode).toBe(504);
  expectContractHeaders(response.headers as Record<string, string>);
  expectErrorBody(response.body.toString(), 'InternalError');
});

describe("throttling, as the stack sets it: the stage's, the invitee routes', each organization's", () => {
  const arn = 'arn:aws:execute-api:local:000000000000:localapi/local/*/*';
  /** Bearer org-<n>: organization n with its own usage key; Bearer shared-<n>: the shared key. */
  const byToken = async ({ authorizationToken }: { authorizationToken: string }) => {
    const [, kind, organization] = /^Bearer (org|shared)-(\d+)$/.exec(authorizationToken) ?? [];
    return {
      ...allow(arn),
      usageIdentifierKey: kind === 'org' ? `organization-${organization}-key` : 'shared-key',
    };
  };
  const clock = { ms: 1_000_000 };
  const throttled = (limits: Partial<NonNullable<LocalApiOptions['throttling']>>) =>
    setup({
      authorizer: byToken,
      now: () => clock.ms,
      throttling: {
        stage: { rateLimit: 1000, burstLimit: 1000 },
        perOrganization: { rateLimit: 1, burstLimit: 2 },
        sharedUsageKey: 'shared-key',
        ...limits,
      },
    });
  const as = (token: string) => request({ rawHeaders: ['Authorization', `Bearer ${token}`] });
  const statuses = async (api: ReturnType<typeof setup>['api'], requests: HttpRequest[]) => {
    const codes: number[] = [];
    for (const each of requests) codes.push((await api.handle(each)).statusCode);
    return codes;
  };

  test('an organization past its share answers 429 Throttled; another organization is not slowed', async () => {
    const { api, handler } = throttled({});
    expect(await statuses(api, [as('org-1'), as('org-1'), as('org-1')])).toEqual([200, 200, 429]);
    expect(await statuses(api, [as('org-2'), as('org-2')])).toEqual([200, 200]);
    expect(handler).toHaveBeenCalledTimes(4);

    const refused = await api.handle(as('org-1'));
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['Retry-After']).toBe('1');
    expectContractHeaders(refused.headers as Record<string, string>);
    expectErrorBody(refused.body.toString(), 'Throttled');

    // Its bucket refills at its rate: a second later, one more.
    clock.ms += 1000;
    expect(await statuses(api, [as('org-1'), as('org-1')])).toEqual([200, 429]);
  });

  test("the shared key has no share of its own: only the stage's limits hold it, per method", async () => {
    const { api } = throttled({ stage: { rateLimit: 1, burstLimit: 4 } });
    expect(
      await statuses(
        api,
        Array.from({ length: 5 }, () => as('shared-7')),
      ),
    ).toEqual([200, 200, 200, 200, 429]);
    // A method's bucket is every caller's: an organization with room in its own is refused;
    // another method has a bucket of its own.
    expect(await statuses(api, [as('org-3')])).toEqual([429]);
    expect(await statuses(api, [{ ...as('org-3'), method: 'GET', body: Buffer.alloc(0) }])).toEqual(
      [200],
    );
  });

  test("the invitee routes: their own limit, for all clients together, apart from the others'", async () => {
    const preview = request({
      method: 'POST',
      url: '/v2/invitations/preview',
      rawHeaders: ['Content-Type', 'application/json'],
      body: Buffer.from('{"token":"x"}'),
    });
    const { api } = throttled({});
    const burst = routes.find((route) => route.path === '/v2/invitations/preview')?.throttling
      ?.burstLimit;
    expect(burst).toBeGreaterThan(0);
    const codes = await statuses(
      api,
      Array.from({ length: (burst ?? 0) + 1 }, () => preview),
    );
    expect(codes.filter((code) => code === 200)).toHaveLength(burst ?? 0);
    expect(codes.at(-1)).toBe(429);
    expect(await statuses(api, [as('org-4')])).toEqual([200]);
  });

  test('a route that counts against a usage plan, and an authorizer that names no key: 403', async () => {
    const { api, handler } = setup({
      authorizer: async () => ({ ...allow(arn), usageIdentifierKey: undefined }),
    });
    const response = await api.handle(request());
    expect(response.statusCode).toBe(403);
    expectContractHeaders(response.headers as Record<string, string>);
    expectErrorBody(response.body.toString(), 'AccessDenied');
    expect(handler).not.toHaveBeenCalled();
  });
});
