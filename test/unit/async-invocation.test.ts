/** Lambda's asynchronous invocation as npm start plays it: two retries, then given up. */
import { expect, test } from 'vitest';
import { asyncInvocation } from '../../local/async-invocation.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

test('a failing invocation is retried twice, then given up with its last error', async () => {
  const attempts: number[] = [];
  const givenUp: [string, unknown][] = [];
  const invoke = asyncInvocation<string>(
    async () => {
      attempts.push(attempts.length + 1);
      throw new Error(`attempt ${attempts.length} failed`);
    },
    (event, error) => givenUp.push([event, (error as Error).message]),
    [5, 10],
  );
  invoke('event-1');
  await settle();
  expect(attempts).toEqual([1, 2, 3]);
  expect(givenUp).toEqual([['event-1', 'attempt 3 failed']]);
});

test('an invocation that succeeds on a retry is not given up; the caller never waits', async () => {
  let calls = 0;
  const givenUp: unknown[] = [];
  const invoke = asyncInvocation<string>(
    async () => {
      calls += 1;
      if (calls === 1) throw new Error('not confirmed yet');
    },
    (event) => givenUp.push(event),
    [5, 10],
  );
  expect(invoke('event-2')).toBeUndefined();
  await settle();
  expect(calls).toBe(2);
  expect(givenUp).toEqual([]);
});
