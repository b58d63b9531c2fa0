/**
 * The local execution environments (local/function-instances.ts): at most `maxInstances`
 * per function, the rest waiting in order; a timeout counted from when an instance takes
 * the invocation; a timed-out instance replaced.
 */
import { afterEach, expect, test } from 'vitest';
import { defaultMaxInstances, functionInstances } from '../../local/function-instances.ts';
import { lambdaContext } from '../../local/lambda-context.ts';

const entry = new URL('../support/functions/sleeper.ts', import.meta.url).href;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
});

const start = (options: { timeoutMs: number; maxInstances: number }) => {
  const instances = functionInstances('sleeper', entry, options);
  close = instances.close;
  return (ms: number) =>
    instances({ ms } as never, lambdaContext('sleeper', options.timeoutMs)) as Promise<{
      threadId: number;
    }>;
};

test('a burst runs on at most maxInstances instances; the rest wait, and all are answered', async () => {
  const invoke = start({ timeoutMs: 5_000, maxInstances: 2 });
  const results = await Promise.all(Array.from({ length: 8 }, () => invoke(100)));
  expect(results).toHaveLength(8);
  expect(new Set(results.map((result) => result.threadId)).size).toBeLessThanOrEqual(2);
});

test('a waiting invocation’s timeout counts from when an instance takes it', async () => {
  // One instance, three invocations of 400 ms each: the last ends 1.2 s after the burst,
  // past a 1 s timeout counted from its arrival, within it counted from its start.
  const invoke = start({ timeoutMs: 1_000, maxInstances: 1 });
  await invoke(0); // the instance's init is not part of any timeout either
  const results = await Promise.allSettled([invoke(400), invoke(400), invoke(400)]);
  expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
});

test('a timed-out invocation fails; its instance is ended and the next gets a new one', async () => {
  const invoke = start({ timeoutMs: 300, maxInstances: 1 });
  const first = await invoke(0);
  await expect(invoke(1_000)).rejects.toThrow('sleeper timed out after 300 ms');
  const next = await invoke(0);
  expect(next.threadId).not.toBe(first.threadId);
});

test('the bound: the cores, at least two, or FUNCTION_INSTANCES', () => {
  expect(defaultMaxInstances({})).toBeGreaterThanOrEqual(2);
  expect(defaultMaxInstances({ FUNCTION_INSTANCES: '5' })).toBe(5);
  expect(() => defaultMaxInstances({ FUNCTION_INSTANCES: '0' })).toThrow('FUNCTION_INSTANCES');
});
