/**
 * The TOKEN authorizer fed with TOKEN events, the credentials store faked at the SDK
 * client's `send`. The same flows run on DynamoDB Local in test/integration.
 */
import {
  type GetItemCommand,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, test } from 'vitest';
import { hashCredential } from '../../functions/shared/credentials/table.ts';
import { parseCaller } from '../../functions/shared/identity.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { fakeStore } from '../support/fake-store.ts';
import { methodArn, tokenEvent } from '../support/token-events.ts';

const { authorizerHandler: handler, send, sharedUsageKey } = fakeStore();

const token = 'sess_4bWq0cJm6Zb3o8R1yT5uVxA2eD9fG7hK0lMnPqRsTuV';
const authorize = (header: string) =>
  handler(tokenEvent(header), lambdaContext('authorizer', 3_000));

type StoredFields = {
  userId?: number;
  kind?: 'session' | 'apiKey';
  roles?: string[];
  expiresAt?: string;
  revoked?: boolean;
  usageKey?: string;
};
function storeHas(credential: string, fields: StoredFields = {}) {
  const {
    userId = 1,
    kind = 'session',
    roles = ['admin'],
    expiresAt,
    revoked = false,
    usageKey,
  } = fields;
  send.mockImplementation(async (command) => {
    const key = (command as GetItemCommand).input.Key?.credentialHash?.S;
    if (key !== hashCredential(credential)) return {};
    return {
      Item: {
        credentialHash: { S: key },
        organizationId: { N: '100' },
        ...(kind === 'session' ? { userId: { N: String(userId) } } : {}),
        roles: { L: roles.map((role) => ({ S: role })) },
        kind: { S: kind },
        ...(expiresAt ? { expiresAt: { S: expiresAt } } : {}),
        revoked: { BOOL: revoked },
        createdAt: { S: '2026-01-01T00:00:00.000Z' },
        ...(usageKey ? { usageKey: { S: usageKey } } : {}),
      },
    };
  });
}

beforeEach(() => {
  send.mockReset();
  storeHas(token);
});

describe('accepted', () => {
  test.each([`Bearer ${token}`, `bearer ${token}`, `BEARER ${token}`, `Bearer   ${token}`])(
    '%s',
    async (header) => {
      const result = await authorize(header);
      expect(result.principalId).toBe('user/1');
      expect(send).toHaveBeenCalledTimes(1);
    },
  );

  test('the policy allows the whole API, not only the called method', async () => {
    const result = await authorize(`Bearer ${token}`);
    expect(result.policyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: 'Allow',
          Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/v1/*/*',
        },
      ],
    });
    expect(methodArn).toContain('/PUT/v2/users/5/invitation');
  });

  test('the context is the shared caller shape, flat values only', async () => {
    storeHas(token, { roles: ['owner', 'admin'] });
    const { context } = await authorize(`Bearer ${token}`);
    expect(context).toEqual({
      principalId: 'user/1',
      organizationId: 100,
      roles: 'owner,admin',
      credentialKind: 'session',
      userId: 1,
    });
    for (const value of Object.values(context ?? {})) {
      expect(['string', 'number', 'boolean']).toContain(typeof value);
    }
    expect(parseCaller(context)).toMatchObject({ organizationId: 100, roles: ['owner', 'admin'] });
  });

  test('an organization API key has no user and a principal without the secret', async () => {
    const apiKey = 'apik_Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0fE9dC8bA7zY6x';
    storeHas(apiKey, { kind: 'apiKey' });
    const result = await authorize(`Bearer ${apiKey}`);
    expect(result.context).toMatchObject({ credentialKind: 'apiKey', organizationId: 100 });
    expect(result.context?.userId).toBeUndefined();
    expect(result.principalId).toBe(`apikey/${hashCredential(apiKey).slice(0, 16)}`);
    expect(JSON.stringify(result)).not.toContain(apiKey);
  });

  test('a credential that expires later is valid now', async () => {
    storeHas(token, { expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect((await authorize(`Bearer ${token}`)).principalId).toBe('user/1');
  });

  test('the store is asked for the hash, never the credential', async () => {
    await authorize(`Bearer ${token}`);
    const command = send.mock.calls[0]?.[0] as GetItemCommand;
    expect(command.input.Key).toEqual({ credentialHash: { S: hashCredential(token) } });
    expect(JSON.stringify(command.input)).not.toContain(token);
  });
});

describe('Unauthorized (401)', () => {
  test.each([
    ['an empty header', ''],
    ['another scheme', `Basic ${token}`],
    ['no space after the scheme', `Bearer${token}`],
    ['a scheme alone', 'Bearer'],
    ['a scheme and spaces', 'Bearer   '],
    ['two tokens', `Bearer ${token} extra`],
    ['a control character', `Bearer ${token}\u0000`],
    ['a non-ASCII credential', 'Bearer tökén'],
  ])('%s, without asking the store', async (_, header) => {
    await expect(authorize(header)).rejects.toThrow(/^Unauthorized$/);
    expect(send).not.toHaveBeenCalled();
  });

  test('an over-long credential is refused before hashing', async () => {
    await expect(authorize(`Bearer ${'a'.repeat(513)}`)).rejects.toThrow('Unauthorized');
    await expect(authorize(`Bearer ${'a'.repeat(1_000_000)}`)).rejects.toThrow('Unauthorized');
    expect(send).not.toHaveBeenCalled();
  });

  test('an unknown credential', async () => {
    await expect(authorize('Bearer sess_unknown')).rejects.toThrow(/^Unauthorized$/);
    expect(send).toHaveBeenCalledTimes(1);
  });

  test('an expired credential', async () => {
    storeHas(token, { expiresAt: new Date(Date.now() - 1).toISOString() });
    await expect(authorize(`Bearer ${token}`)).rejects.toThrow(/^Unauthorized$/);
  });

  test('a revoked credential', async () => {
    storeHas(token, { revoked: true });
    await expect(authorize(`Bearer ${token}`)).rejects.toThrow(/^Unauthorized$/);
  });
});

test('a store failure is not a 401: it fails, and API Gateway answers 500', async () => {
  send.mockRejectedValue(
    new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }),
  );
  const error = await authorize(`Bearer ${token}`).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).not.toBe('Unauthorized');
});

describe('the usage plan key API Gateway counts the request against', () => {
  test("the organization's own key, when it has one: its share of the API", async () => {
    storeHas(token, { usageKey: 'organization-100-usage-key' });
    expect((await authorize(`Bearer ${token}`)).usageIdentifierKey).toBe(
      'organization-100-usage-key',
    );
  });

  test('the shared key otherwise: a credential from before per-organization keys still works', async () => {
    expect((await authorize(`Bearer ${token}`)).usageIdentifierKey).toBe(sharedUsageKey);
  });
});
