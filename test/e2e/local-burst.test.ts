/**
 * A burst through `npm start` on this small machine: every request answered with a
 * contract status, none a 5xx, right after start and again with warm instances (a
 * function's instances are bounded and the rest wait: local/function-instances.ts). No
 * time is asserted: `npm run bench:burst` measures them.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { burst } from '../support/burst.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';

let api: RunningApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(async () => {
  await api?.stop();
});

test('50 concurrent PUTs and GETs right after start, then 50 more: all 200, no 5xx', async () => {
  for (const moment of ['right after start', 'warm']) {
    const result = await burst(api.baseUrl, 50);
    console.log(`burst of 50 ${moment}: ${JSON.stringify(result.statuses)}`);
    expect(result.serverErrors, JSON.stringify(result.statuses)).toBe(0);
    expect(result.statuses).toEqual({ 200: 50 });
  }
}, 120_000);
