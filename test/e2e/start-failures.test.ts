/** `npm start` says what is wrong and exits non-zero, instead of half-starting. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject, test } from 'vitest';

const start = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['local/start.ts'], {
    env: { ...process.env, PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

/** Runs a node script as if `java` were not installed. */
const withoutJava = (args: string[]) => {
  const { DYNAMODB_ENDPOINT: _, ...env } = process.env;
  return spawnSync(process.execPath, args, {
    env: { ...env, PATH: '/nonexistent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
};

test.each([
  ['npm start', ['local/start.ts']],
  [
    'npm run invoke',
    ['scripts/invoke.ts', 'update-invitation', 'events/update-invitation.example-1.200.json'],
  ],
  // What `npm test` runs first: the test run's DynamoDB Local.
  [
    'npm test',
    [
      '--input-type=module',
      '-e',
      "(await import('./test/support/global-setup.ts')).default({ provide() {} })",
    ],
  ],
])('%s without Java 17+: says how to get it, exits 1, no stack trace', (_, args) => {
  const result = withoutJava(args);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('needs Java 17 or newer');
  expect(result.stderr).toContain('apt-get install');
  expect(result.stderr).not.toMatch(/ENOENT|\n\s+at /);
});

test('a bad SEED_FILE names the file and the problem', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'seed-')), 'bad.json');
  writeFileSync(file, JSON.stringify({ invitations: [{ userId: 5 }], credentials: [] }));
  const result = start({ DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'), SEED_FILE: file });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(`Invalid fixture file ${file}`);
  expect(result.stderr).toContain('invitations.0.organizationId: expected number');
  expect(result.stdout).not.toContain('listening on');
});

test.each([
  ['PORT=abc', { PORT: 'abc' }, 'PORT must be a port number (0 to 65535), got "abc"'],
  ['PORT=70000', { PORT: '70000' }, 'PORT must be a port number'],
])('%s is refused at once with what it must be', (_, env, message) => {
  const result = start(env);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(message);
  expect(result.stderr).not.toContain('NaN');
});

test('a busy port is said before DynamoDB Local starts, with another to try that is free, docs port too', async () => {
  // Another npm start: its API's port and, next to it, its docs page's.
  const listen = async (port: number) => {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    return server;
  };
  const api = await listen(0);
  const address = api.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const docs = await listen(port + 1).catch(() => undefined);
  try {
    const started = Date.now();
    const result = start({ PORT: String(port) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
    expect(result.stdout).not.toContain('DynamoDB Local');
    const suggested = Number(/PORT=(\d+) npm start/.exec(result.stderr)?.[1]);
    expect(suggested).toBeGreaterThan(0);
    if (docs) expect(suggested).not.toBe(port + 1);
    // Both the suggested port and the docs page's beside it are free.
    for (const free of [suggested, suggested + 1]) (await listen(free)).close();
    console.log(`busy port refused in ${Date.now() - started} ms`);
  } finally {
    api.close();
    docs?.close();
  }
});
