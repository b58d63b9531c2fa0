/** `npm start` says what is wrong and exits non-zero, instead of half-starting. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject, test } from 'vitest';

const start = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['local/start.ts'], {
    env: { ...process.env, PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

test('without Java 17+, it says how to get it', () => {
  const { DYNAMODB_ENDPOINT: _, ...env } = process.env;
  const result = spawnSync(process.execPath, ['local/start.ts'], {
    env: { ...env, PATH: '/nonexistent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('needs Java 17 or newer');
  expect(result.stderr).toContain('apt-get install');
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
