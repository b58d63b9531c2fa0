/**
 * Requires one bundle, then invokes its handler with one event, `warm` times and then
 * `measured` times, one after the other as Lambda does. The warm bench runs this twice
 * under valgrind (measured 0 and n) and divides the difference by n.
 *
 *   node bench/warm/invoke-many.ts <bundle.cjs> <event.json> <warm> <measured>
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { invokeWithRuntimeLogs, useRuntimeLogs } from '../../local/runtime-logs.ts';

const [file, eventFile, warm = '0', measured = '0'] = process.argv.slice(2);
if (!file || !eventFile)
  throw new Error('usage: invoke-many.ts <bundle> <event> <warm> <measured>');
const { handler } = createRequire(import.meta.url)(file) as {
  handler: (event: unknown, context: unknown) => Promise<{ statusCode: number }>;
};
const event: unknown = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = {
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bench',
  memoryLimitInMB: '256',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  getRemainingTimeInMillis: () => 10_000,
};
// Log lines formatted as Lambda's runtime does under the JSON log format (its work, in the
// function's process), not by Node's console.
useRuntimeLogs();
const invocation = { functionName: 'bench', requestId: context.awsRequestId };
const invoke = async () => {
  // Each invocation gets its own copy: middlewares rewrite the event in place.
  const { statusCode } = await invokeWithRuntimeLogs(invocation, () =>
    handler(structuredClone(event), context),
  );
  if (statusCode !== 200) throw new Error(`${file} answered ${statusCode}`);
};
// A full collection before and after the measured invocations: both runs start them on an
// empty young generation and end with their garbage collected, so the difference holds the
// collections these invocations caused, wherever they would have fallen.
const { gc } = globalThis as { gc?: () => void };
if (!gc) throw new Error('run with --expose-gc');
for (let i = 0; i < Number(warm); i++) await invoke();
gc();
for (let i = 0; i < Number(measured); i++) await invoke();
gc();
