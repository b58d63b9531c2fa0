/**
 * Fair shares through `npm start`: two organizations whose credentials were made with
 * `npm run credentials`, each with its own usage plan key. One sends more than its share
 * at once and meets 429 Throttled; the other, calling meanwhile, is served every time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { defaultThrottling } from '../../infra/throttling.ts';
import { expectErrorBody } from '../support/contract.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';

const state = mkdtempSync(join(tmpdir(), 'local-state-'));
let api: RunningApi;

function credentialOf(organizationId: number) {
  const { DYNAMODB_ENDPOINT: _, AWS_REGION: __, ...env } = process.env;
  const created = spawnSync(
    'npm',
    [
      'run',
      '--silent',
      'credentials',
      '--',
      'create',
      '--org',
      String(organizationId),
      '--role',
      'admin',
      '--user',
      '1',
    ],
    { env: { ...env, LOCAL_STATE_DIR: state }, encoding: 'utf8', timeout: 60_000 },
  );
  expect(created.status, created.stderr).toBe(0);
  return /credential: (\S+)/.exec(created.stdout)?.[1] ?? '';
}

const list = (credential: string) =>
  fetch(`${api.baseUrl}/v2/invitations`, { headers: { Authorization: `Bearer ${credential}` } });

beforeAll(async () => {
  api = await startLocalApi({ LOCAL_STATE_DIR: state });
});
afterAll(async () => {
  await api?.stop();
});

test("one organization past its share is throttled; another's calls meanwhile all pass", async () => {
  const busy = credentialOf(100);
  const quiet = credentialOf(200);
  // The authorizer's answers cached first, as they are after a client's first call; then
  // each organization's bucket is full again.
  expect((await list(busy)).status).toBe(200);
  expect((await list(quiet)).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 2_500));

  const share = defaultThrottling.perOrganization.burstLimit;
  const flood = Array.from({ length: share + 20 }, () => list(busy));
  const meanwhile = Array.from({ length: 10 }, () => list(quiet));
  const [busyAnswers, quietAnswers] = await Promise.all([
    Promise.all(flood),
    Promise.all(meanwhile),
  ]);

  expect(quietAnswers.map((response) => response.status)).toEqual(Array(10).fill(200));
  const served = busyAnswers.filter((response) => response.status === 200);
  const throttled = busyAnswers.filter((response) => response.status === 429);
  expect(served.length + throttled.length).toBe(flood.length);
  expect(served.length).toBeGreaterThanOrEqual(share);
  expect(throttled.length).toBeGreaterThan(0);
  for (const response of throttled) {
    expect(response.headers.get('retry-after')).toBe('1');
    expectErrorBody(await response.text(), 'Throttled');
  }

  // Its bucket refills at its rate: a moment later it is served again.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect((await list(busy)).status).toBe(200);
});
