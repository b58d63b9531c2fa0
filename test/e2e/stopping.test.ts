/**
 * However `npm start` is stopped, nothing is left behind: not node, not DynamoDB Local's
 * Java, not the port. Signals go to one process, as `kill <pid>`, a process manager or an
 * IDE's stop button send them, not to the whole group as Ctrl-C does.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { type RunningApi, startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
    () => true,
    () => false,
  );

async function goneWithin(ms: number, check: () => Promise<boolean> | boolean) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test.each([
  ['SIGTERM to npm', (started: RunningApi) => started.npm.kill('SIGTERM')],
  ['SIGINT to npm', (started: RunningApi) => started.npm.kill('SIGINT')],
  ['SIGKILL to npm', (started: RunningApi) => started.npm.kill('SIGKILL')],
  ['SIGKILL to node', (started: RunningApi) => process.kill(started.nodePid, 'SIGKILL')],
])('%s: node, Java and both ports are gone', { timeout: 60_000 }, async (_, stop) => {
  const started = await startLocalApi({}, { ownProcessGroup: false });
  const store = started.storeEndpoint ?? '';
  expect(await answers(store)).toBe(true);
  expect(alive(started.nodePid)).toBe(true);
  stop(started);
  expect(await goneWithin(10_000, () => !alive(started.nodePid))).toBe(true);
  expect(await goneWithin(10_000, async () => !(await answers(store)))).toBe(true);
  expect(await answers(started.baseUrl)).toBe(false);
});

test('Ctrl-C a moment after a send: the message still goes out before DynamoDB Local stops', async () => {
  const outbox = mkdtempSync(join(tmpdir(), 'outbox-stop-'));
  const api = await startLocalApi({ OUTBOX_DIR: outbox });
  const response = await fetch(`${api.baseUrl}/v2/users/5/invitation`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${demoData.admin}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ sendEmail: true }),
  });
  expect(response.status).toBe(200);
  await api.stop();
  expect(readdirSync(outbox).filter((file) => file.endsWith('.eml'))).toHaveLength(1);
  expect(existsSync(join(outbox, 'failed'))).toBe(false);
});
