/**
 * The store of `npm start` as a user meets it: DATA_DIR keeps changes from one start to
 * the next, the scripts find the running store by themselves (or say how to name one), and
 * a revocation can be tried at once with the authorizer cache off.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

const put = (baseUrl: string, token: string, json: object) =>
  fetch(`${baseUrl}/v2/users/5/invitation`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(json),
  });

/** An npm script as a user runs it, without DYNAMODB_ENDPOINT or a region. */
const npmRun = (args: string[], env: Record<string, string>) => {
  const { DYNAMODB_ENDPOINT: _, AWS_REGION: __, ...rest } = process.env;
  return spawnSync('npm', ['run', '--silent', ...args], {
    env: { ...rest, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
};

test('DATA_DIR keeps changes to the demo data from one start to the next', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'data-'));
  const first = await startLocalApi({ DATA_DIR: dataDir });
  expect(first.output()).toContain(`data in ${dataDir}, new`);
  expect((await put(first.baseUrl, demoData.admin, { language: 'it' })).status).toBe(200);
  await first.stop();

  const second = await startLocalApi({ DATA_DIR: dataDir });
  try {
    expect(second.output()).toContain(`data in ${dataDir}, kept from the last run`);
    expect(await second.readInvitation(5)).toMatchObject({ language: 'it' });
  } finally {
    await second.stop();
  }
});

test('the scripts use the running npm start; revoked with the cache off, a credential stops at once', async () => {
  const state = mkdtempSync(join(tmpdir(), 'local-state-'));
  const api = await startLocalApi({ LOCAL_STATE_DIR: state, AUTHORIZER_CACHE_TTL_SECONDS: '0' });
  try {
    const created = npmRun(
      ['credentials', '--', 'create', '--org', '100', '--role', 'admin', '--user', '1'],
      {
        LOCAL_STATE_DIR: state,
      },
    );
    expect(created.status, created.stderr).toBe(0);
    expect(created.stderr).toContain(`using the running npm start's store, ${api.storeEndpoint}`);
    const credential = /credential: (\S+)/.exec(created.stdout)?.[1] ?? '';
    expect((await put(api.baseUrl, credential, { language: 'fr' })).status).toBe(200);

    const revoked = npmRun(['credentials', '--', 'revoke', credential], { LOCAL_STATE_DIR: state });
    expect(revoked.status, revoked.stderr).toBe(0);
    expect((await put(api.baseUrl, credential, { language: 'fr' })).status).toBe(401);
  } finally {
    await api.stop();
  }
});

test.each([
  ['credentials', ['credentials', '--', 'list', '--org', '100']],
  ['seed', ['seed']],
])('npm run %s with no store running or named: says which to name, exit 2', (_, args) => {
  const result = npmRun(args, { LOCAL_STATE_DIR: mkdtempSync(join(tmpdir(), 'local-state-')) });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain("npm start's `store:` line");
  expect(result.stderr).toContain('--region');
  expect(result.stderr).not.toMatch(/Region is missing|\n\s+at /);
});

test('a restart with DATA_DIR goes on from where the stream was read, as an event source mapping does: no event twice', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'data-'));
  const eventsFile = join(mkdtempSync(join(tmpdir(), 'events-')), 'events.jsonl');
  const lines = () =>
    existsSync(eventsFile) ? readFileSync(eventsFile, 'utf8').trim().split('\n') : [];
  const first = await startLocalApi({ DATA_DIR: dataDir, EVENTS_FILE: eventsFile });
  expect((await put(first.baseUrl, demoData.admin, { language: 'it' })).status).toBe(200);
  await expect.poll(() => lines().some((line) => line.includes('"updated"'))).toBe(true);
  await first.stop();
  const before = lines();
  expect(before.length).toBeGreaterThan(0);

  const second = await startLocalApi({ DATA_DIR: dataDir, EVENTS_FILE: eventsFile });
  try {
    expect((await put(second.baseUrl, demoData.admin, { language: 'pl' })).status).toBe(200);
    await expect.poll(() => lines().length).toBeGreaterThan(before.length);
    // A moment more for any replay to show.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const after = lines().slice(before.length);
    const ids = (list: string[]) => list.map((line) => JSON.parse(line).detail.eventId);
    expect(ids(after).filter((id) => ids(before).includes(id))).toEqual([]);
    expect(after.map((line) => JSON.parse(line).detail.type)).toEqual(['updated']);
  } finally {
    await second.stop();
  }
});
