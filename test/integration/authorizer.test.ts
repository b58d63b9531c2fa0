/**
 * Credentials on DynamoDB Local: the CLI issues one, the authorizer allows it, the CLI
 * revokes it, the authorizer denies it. Then authorizer and handler together, in process,
 * as API Gateway chains them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { beforeAll, describe, expect, test } from 'vitest';
import { hashCredential } from '../../functions/shared/credentials/table.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { invitationEvent } from '../support/events.ts';
import { useFreshTables } from '../support/tables.ts';
import { tokenEvent } from '../support/token-events.ts';

const {
  putInvitation,
  credentials,
  connection,
  tableNames,
  authorizerHandler: authorizer,
  updateInvitationHandler: updateInvitation,
} = await useFreshTables();
const { putCredential } = credentials;

const run = promisify(execFile);
async function credentialsCli(...args: string[]) {
  // The CLI works on the store its environment names: this file's tables.
  return run(process.execPath, ['scripts/credentials.ts', ...args], {
    env: {
      ...process.env,
      DYNAMODB_ENDPOINT: connection.endpoint,
      CREDENTIALS_TABLE: tableNames.credentials,
      INVITATIONS_TABLE: tableNames.invitations,
    },
  });
}
async function createCredential(...args: string[]) {
  const { stdout } = await credentialsCli('create', ...args);
  const credential = /^credential: (\S+)$/m.exec(stdout)?.[1];
  expect(credential).toBeDefined();
  return credential ?? '';
}

const authorize = (credential: string) =>
  authorizer(tokenEvent(`Bearer ${credential}`), lambdaContext('authorizer', 3_000));

/** What API Gateway does: authorizer first (401 on Unauthorized), then the handler. */
async function put(credential: string, userId: string, body: unknown) {
  let result: APIGatewayAuthorizerResult;
  try {
    result = await authorize(credential);
  } catch (error) {
    if ((error as Error).message === 'Unauthorized') return { statusCode: 401 };
    throw error;
  }
  const event = invitationEvent({ userId, body, caller: null });
  event.requestContext.authorizer = { ...result.context, principalId: result.principalId };
  return updateInvitation(event, lambdaContext('update-invitation', 10_000));
}

describe('the credentials CLI and the authorizer', () => {
  test('create -> allowed -> revoke -> denied', async () => {
    const credential = await createCredential('--org', '100', '--role', 'admin', '--user', '7');
    expect(credential).toMatch(/^sess_[\w-]{43}$/);
    const allowed = await authorize(credential);
    expect(allowed.context).toMatchObject({ organizationId: 100, userId: 7, roles: 'admin' });

    const { stdout } = await credentialsCli('revoke', credential);
    expect(stdout).toContain(hashCredential(credential));
    await expect(authorize(credential)).rejects.toThrow(/^Unauthorized$/);
  });

  test('revoke by hash; list shows no secret', async () => {
    const credential = await createCredential('--org', '300', '--role', 'owner', '--label', 'ci');
    expect(credential).toMatch(/^apik_/);
    const { stdout: listed } = await credentialsCli('list', '--org', '300');
    expect(listed).toContain(hashCredential(credential));
    expect(listed).not.toContain(credential);
    await credentialsCli('revoke', hashCredential(credential));
    await expect(authorize(credential)).rejects.toThrow('Unauthorized');
  });

  test('the CLI refuses bad input with its usage and exit code 2', async () => {
    const failure = await credentialsCli('create', '--org', '100', '--role', 'root').catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown role root'),
    });
  });
});

describe("each organization's usage plan key, from the credentials CLI", () => {
  test("a new credential counts against its organization's own key, the same for each of its credentials", async () => {
    const first = await createCredential('--org', '410', '--role', 'admin', '--user', '1');
    const second = await createCredential('--org', '410', '--role', 'admin', '--kind', 'api-key');
    const other = await createCredential('--org', '41', '--role', 'admin', '--user', '1');
    const keyOf = async (credential: string) => (await authorize(credential)).usageIdentifierKey;
    expect(await keyOf(first)).toBe(await keyOf(second));
    expect(await keyOf(first)).not.toBe(await keyOf(other));
    expect(await keyOf(first)).not.toBe('test-shared-usage-key');
  });

  test('usage-key gives an organization its own key on every credential it already has', async () => {
    const made = async (label: string) => {
      const credential = `sess_before-usage-keys-${label}`;
      await putCredential({
        credentialHash: hashCredential(credential),
        organizationId: 420,
        userId: 1,
        roles: ['admin'],
        kind: 'session',
        revoked: false,
        createdAt: new Date().toISOString(),
      });
      return credential;
    };
    const [older, old] = [await made('a'), await made('b')];
    expect((await authorize(older)).usageIdentifierKey).toBe('test-shared-usage-key');

    const { stdout } = await credentialsCli('usage-key', '--org', '420');
    expect(stdout).toMatch(/2 credentials/);
    const key = (await authorize(older)).usageIdentifierKey;
    expect(key).not.toBe('test-shared-usage-key');
    expect((await authorize(old)).usageIdentifierKey).toBe(key);
  });

  test("on a deployed table, a credential needs the stage's organizations plan: refused before any change", async () => {
    const { DYNAMODB_ENDPOINT: _, ...env } = process.env;
    const failure = await run(
      process.execPath,
      [
        'scripts/credentials.ts',
        'create',
        '--org',
        '430',
        '--role',
        'admin',
        '--table',
        'credentials',
        '--region',
        'eu-west-1',
      ],
      { env: { ...env, AWS_ACCESS_KEY_ID: 'none', AWS_SECRET_ACCESS_KEY: 'none' } },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--usage-plan'),
    });
    expect((failure as { stderr: string }).stderr).toContain('OrganizationsUsagePlanId');
  });
});

describe('authorizer + handler', () => {
  const credentials: Record<string, string> = {};
  beforeAll(async () => {
    await putInvitation({
      userId: 5,
      organizationId: 100,
      status: 'pending',
      emailAddress: 'a@example.com',
    });
    await putInvitation({ userId: 8, organizationId: 300, status: 'pending' });
    credentials.admin = await createCredential('--org', '100', '--role', 'admin', '--user', '1');
    credentials.member = await createCredential('--org', '100', '--role', 'member', '--user', '3');
    credentials.apiKey = await createCredential(
      '--org',
      '100',
      '--role',
      'admin',
      '--kind',
      'api-key',
    );
    credentials.expired = 'sess_expired-credential-for-the-test';
    await putCredential({
      credentialHash: hashCredential(credentials.expired),
      organizationId: 100,
      userId: 1,
      roles: ['admin'],
      kind: 'session',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
      revoked: false,
      createdAt: new Date().toISOString(),
    });
  });

  test.each([
    ['an admin', 'admin', '5', 200, undefined],
    ['a member', 'member', '5', 403, 'InsufficientRights'],
    ["an admin, on another organization's user", 'admin', '8', 404, 'UserNotFound'],
    ['an organization API key', 'apiKey', '5', 200, undefined],
  ])('%s: %s', async (_, who, userId, status, code) => {
    const response = await put(credentials[who] ?? '', userId, { language: 'de' });
    expect(response.statusCode).toBe(status);
    if ('headers' in response) expectContractHeaders(response.headers);
    if (code && 'body' in response) expectErrorBody(response.body, code);
    if (status === 200 && 'body' in response) expect(JSON.parse(response.body)).toEqual({ id: 5 });
  });

  test('an expired credential: 401', async () => {
    expect((await put(credentials.expired ?? '', '5', { language: 'de' })).statusCode).toBe(401);
  });

  test('an unknown credential: 401', async () => {
    expect((await put('sess_nobody', '5', { language: 'de' })).statusCode).toBe(401);
  });
});
