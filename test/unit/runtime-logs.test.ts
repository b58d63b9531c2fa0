/**
 * The runtime's log lines leave a function instance straight through the descriptor, and
 * through the stream when the descriptor cannot take them: whichever way, every line
 * arrives whole, once, in the order it was logged, also while nobody reads the pipe.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';

const runtimeLogs = pathToFileURL(join(import.meta.dirname, '../../local/runtime-logs.ts')).href;
const lines = 3000;

/** A process whose `console.log` calls, in a worker thread or its main one, log `lines` lines. */
function loggingProcess(inWorker: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'runtime-logs-'));
  const instance = join(dir, 'instance.mjs');
  // Every seventh line is longer than a pipe writes at once: it always takes the stream.
  writeFileSync(
    instance,
    `import { invokeWithRuntimeLogs, useRuntimeLogs } from '${runtimeLogs}';
useRuntimeLogs();
invokeWithRuntimeLogs({ functionName: 'logger', requestId: 'r-1' }, () => {
  for (let index = 0; index < ${lines}; index++) {
    console.log({ index, padding: 'x'.repeat(index % 7 === 0 ? 6000 : 300) });
  }
});
`,
  );
  const main = join(dir, 'main.mjs');
  writeFileSync(
    main,
    inWorker
      ? `import { Worker } from 'node:worker_threads';\nnew Worker(${JSON.stringify(instance)});\n`
      : `await import(${JSON.stringify(pathToFileURL(instance).href)});\n`,
  );
  return spawn(process.execPath, [main], { stdio: ['ignore', 'pipe', 'inherit'] });
}

test.each([
  ['a worker thread (a function instance)', true],
  ['the main thread', false],
])(
  'from %s: every line whole, once, in order, while the pipe fills up',
  async (_where, inWorker) => {
    const child = loggingProcess(inWorker);
    const stdout = child.stdout;
    // Nobody reads for a while: the pipe fills, and writes to the descriptor fail with EAGAIN.
    stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const chunks: Buffer[] = [];
    stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(0);

    const logged = Buffer.concat(chunks)
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { requestId: string; message: { index: number } });
    expect(logged.map((line) => line.message.index)).toEqual([...Array(lines).keys()]);
    expect(new Set(logged.map((line) => line.requestId))).toEqual(new Set(['r-1']));
  },
);
