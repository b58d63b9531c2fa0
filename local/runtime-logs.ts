/**
 * What Lambda's Node.js runtime does with a function's `console` calls under the JSON log
 * format the stack sets: each call inside an invocation becomes one JSON line holding
 * `timestamp`, `level`, the invocation's `requestId` and, for a single argument, that value
 * as `message` (several arguments are formatted into one string). Locally every function
 * shares one terminal, so each line also names its `functionName` (on Lambda, the log
 * group does). Outside an invocation (the local API's own messages) `console` is untouched.
 *
 * The runtime also writes platform lines; `platform.initStart` is emitted here at each
 * instance's init, so cold starts show as they do in a function's log group.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { writeSync } from 'node:fs';
import { format } from 'node:util';

interface Invocation {
  functionName: string;
  requestId: string;
}
const current = new AsyncLocalStorage<Invocation>();

type Write = (line: string) => void;

/** Pipes write up to this many bytes at once or not at all: a line never splits. */
const atomicWriteBytes = 4096;

/**
 * A line to standard output, written to the descriptor at once, as Lambda's runtime writes
 * to its log descriptor. In a function instance (a worker thread) `process.stdout` would hand
 * each line to the API's thread to write: a message and a wake-up of that thread per line,
 * on every request's path. A line the descriptor cannot take now (a full pipe, a long line,
 * an error) goes the buffered way, and so does every line while that stream has some
 * queued, so lines keep their order.
 */
const toStdout: Write = (line) => {
  const bytes = Buffer.from(`${line}\n`);
  let written = 0;
  if (process.stdout.writableLength === 0 && bytes.byteLength <= atomicWriteBytes) {
    try {
      written = writeSync(1, bytes);
    } catch {
      // EAGAIN on a full pipe, or a closed descriptor: the stream below deals with it.
    }
  }
  if (written < bytes.byteLength) process.stdout.write(bytes.subarray(written));
};

const methods = [
  ['trace', 'TRACE'],
  ['debug', 'DEBUG'],
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
] as const;

/** The runtime's serialization of an Error anywhere in a logged value. */
const errorReplacer = (_key: string, value: unknown) =>
  value instanceof Error
    ? {
        errorType: value.constructor?.name ?? 'UnknownError',
        errorMessage: value.message,
        stackTrace: value.stack?.split('\n') ?? [],
        ...value,
      }
    : value;

let installed = false;

/** Patches `console` as the runtime does; lines go to stdout unless told otherwise. */
export function useRuntimeLogs(write: Write = toStdout): void {
  if (installed) return;
  installed = true;
  for (const [method] of methods) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const invocation = current.getStore();
      if (!invocation) return original(...args);
      write(runtimeLogLine(method, invocation, args));
    };
  }
}

/** The line the runtime writes for one `console[method](...args)` call of an invocation. */
export function runtimeLogLine(
  method: (typeof methods)[number][0],
  invocation: Invocation,
  args: unknown[],
): string {
  const line = {
    timestamp: new Date().toISOString(),
    level: methods.find(([name]) => name === method)?.[1] ?? 'INFO',
    requestId: invocation.requestId,
    functionName: invocation.functionName,
    message: args.length === 1 ? args[0] : format(...args),
  };
  try {
    return JSON.stringify(line, errorReplacer);
  } catch {
    // What the runtime does with a value JSON cannot hold (a cycle, a BigInt).
    return JSON.stringify({ ...line, message: format(line.message) });
  }
}

/** Runs one invocation: `console` calls within it are its log lines. */
export function invokeWithRuntimeLogs<T>(invocation: Invocation, run: () => T): T {
  return current.run(invocation, run);
}

/** The runtime's line at the start of an instance's init: one per cold start. */
export function logInitStart(functionName: string, write: Write = toStdout): void {
  write(
    JSON.stringify({
      time: new Date().toISOString(),
      type: 'platform.initStart',
      record: { initializationType: 'on-demand', phase: 'init', functionName },
    }),
  );
}
