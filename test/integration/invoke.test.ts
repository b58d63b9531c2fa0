/** `npm run invoke`: a handler run on an event file, on its own DynamoDB Local with the demo data. */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { functions } from '../../infra/functions.ts';
import { routes } from '../../infra/routes.ts';

const run = promisify(execFile);
const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
const invoke = async (functionName: string, event: string) => {
  const {
    DYNAMODB_ENDPOINT: _,
    INVITATIONS_TABLE: __,
    CREDENTIALS_TABLE: ___,
    ...env
  } = process.env;
  const { stdout } = await run(process.execPath, ['scripts/invoke.ts', functionName, event], {
    env: { ...env, OUTBOX_DIR: outbox, AWS_LAMBDA_LOG_LEVEL: 'FATAL' },
  });
  return JSON.parse(stdout) as Record<string, unknown>;
};

test('the reference example 1 answers 200 with the contract headers', async () => {
  const result = await invoke('update-invitation', 'events/update-invitation.example-1.200.json');
  expect(result).toMatchObject({ statusCode: 200, body: '{"id":5}' });
  expect(result.headers).toMatchObject({ 'Permissions-policy': 'interest-cohort=()' });
});

test('a stream event for the sender writes its message to the outbox', async () => {
  const result = await invoke(
    'send-invitation',
    'events/send-invitation.email-requested.sends.json',
  );
  expect(result).toEqual({ batchItemFailures: [] });
  expect(readdirSync(outbox).filter((file) => file.endsWith('.eml'))).toHaveLength(1);
});

test('an unknown function is refused with the list of functions', async () => {
  const failure = await invoke('nope', 'x.json').catch(
    (error: { code: number; stderr: string }) => error,
  );
  expect(failure).toMatchObject({
    code: 2,
    stderr: expect.stringContaining(Object.keys(functions).join(', ')),
  });
  expect((failure as { stderr: string }).stderr).toContain('no function "nope"');
});

test('a missing event file is named, without a stack trace', async () => {
  const failure = await invoke('update-invitation', 'events/nope.json').catch(
    (error: { code: number; stderr: string }) => error,
  );
  expect(failure).toMatchObject({
    code: 1,
    stderr: expect.stringContaining('cannot read the event file events/nope.json: no such file'),
  });
  expect((failure as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
});

test('the event can come on stdin', async () => {
  const { DYNAMODB_ENDPOINT: _, ...env } = process.env;
  const result = spawnSync(process.execPath, ['scripts/invoke.ts', 'update-invitation', '-'], {
    env: { ...env, OUTBOX_DIR: outbox, AWS_LAMBDA_LOG_LEVEL: 'FATAL' },
    input: readFileSync('events/update-invitation.example-2.200.json'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({ statusCode: 200, body: '{"id":2}' });
});

/** `npm run -s generate-event -- <args> | npm run invoke -- <function> -`: the result. */
function generateAndInvoke(name: string, flags: string[]) {
  const generated = spawnSync(process.execPath, ['scripts/generate-event.ts', name, ...flags], {
    encoding: 'utf8',
  });
  expect(generated.status, generated.stderr).toBe(0);
  const { DYNAMODB_ENDPOINT: _, ...env } = process.env;
  const invoked = spawnSync(process.execPath, ['scripts/invoke.ts', name, '-'], {
    env: { ...env, OUTBOX_DIR: outbox, AWS_LAMBDA_LOG_LEVEL: 'FATAL' },
    input: generated.stdout,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: invoked.status, stderr: invoked.stderr, result: JSON.parse(invoked.stdout) };
}

test.each([
  [['--path', 'userId=5', '--body', '{"language": "de"}'], 200],
  [['--caller', 'member'], 403],
  [['--path', 'userId=8'], 404],
  [['--body', '{"language": "xx"}'], 400],
])('npm run generate-event update-invitation %j | npm run invoke: %i', (flags, status) => {
  const { status: exit, stderr, result } = generateAndInvoke('update-invitation', flags);
  expect(exit, stderr).toBe(0);
  expect(result.statusCode).toBe(status);
});

// Every route's event as generated, with its example body, succeeds on the demo data.
test.each(routes.map((route) => [route.function, route.success.status] as const))(
  'npm run generate-event %s | npm run invoke: %i',
  (name, status) => {
    const { status: exit, stderr, result } = generateAndInvoke(name, []);
    expect(exit, stderr).toBe(0);
    expect(result.statusCode).toBe(status);
  },
);

test('npm run generate-event authorizer: the TOKEN event of a caller, allowed', () => {
  const { status, stderr, result } = generateAndInvoke('authorizer', ['--caller', 'owner']);
  expect(status, stderr).toBe(0);
  expect(result.policyDocument.Statement[0].Effect).toBe('Allow');
  expect(result.context.organizationId).toBe(200);
});

test('generate-event of a function no request runs says where its samples are', () => {
  const result = spawnSync(process.execPath, ['scripts/generate-event.ts', 'send-invitation'], {
    encoding: 'utf8',
  });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('events/send-invitation.*.json');
});

test('generate-event refuses an unknown caller with its usage', () => {
  const result = spawnSync(
    process.execPath,
    ['scripts/generate-event.ts', 'update-invitation', '--caller', 'root'],
    {
      encoding: 'utf8',
    },
  );
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('unknown caller root');
  expect(result.stderr).toContain('admin|member|owner|api-key|none');
});
