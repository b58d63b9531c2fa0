/**
 * Lambda's execution environments, on this machine: each function runs in worker threads
 * of its own, one invocation at a time per worker, a new worker (a cold start) when all of
 * a function's workers are busy. So, as deployed, two functions never share a module (a
 * client, a correlation id), concurrent requests never share an instance, and the first
 * request of each instance is a cold start.
 *
 * Unlike Lambda, whose environments each have a CPU of their own, these share the
 * machine's few cores: a function has at most `maxInstances` workers, and an invocation
 * beyond them waits for one to be free (in order), where Lambda would start another
 * environment. Its timeout counts from when a ready worker takes it, as Lambda's counts
 * from when its environment runs it (an instance's init is not part of it either); a
 * worker whose invocation timed out is ended, as Lambda ends such an environment.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import type { LambdaHandler } from './api-gateway.ts';

export interface InvocationMessage {
  id: number;
  event: unknown;
  functionName: string;
  awsRequestId: string;
  deadline: number;
}

export type ResultMessage =
  | { id: number; result: unknown }
  | { id: number; error: { name: string; message: string } };

/** What a worker says once its init (the function's import) is done. */
export const readyMessage = 'ready';

/**
 * Instances per function unless FUNCTION_INSTANCES says otherwise: the cores, at least two
 * (a burst then queues instead of every request loading its own copy on the same cores).
 */
export function defaultMaxInstances(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FUNCTION_INSTANCES;
  if (raw === undefined || raw === '') return Math.max(2, availableParallelism());
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    throw new Error(`FUNCTION_INSTANCES must be 1 to 64, got "${raw}"`);
  }
  return value;
}

interface Invocation {
  event: unknown;
  context: Context;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/** A handler that runs `entry`'s `handler` in the function's own workers. */
export function functionInstances(
  functionName: string,
  entry: string,
  { timeoutMs, maxInstances = defaultMaxInstances() }: { timeoutMs: number; maxInstances?: number },
): LambdaHandler & { close: () => Promise<void>; enforcesTimeout: true } {
  const workers = new Map<Worker, 'starting' | 'idle' | 'busy'>();
  const queue: Invocation[] = [];
  let nextId = 0;
  const inState = (wanted: 'starting' | 'idle' | 'busy') =>
    [...workers].filter(([, state]) => state === wanted).map(([worker]) => worker);

  const newWorker = () => {
    const worker = new Worker(new URL('./function-instance.ts', import.meta.url), {
      workerData: { entry, functionName },
    });
    worker.unref();
    workers.set(worker, 'starting');
    const onReady = (message: unknown) => {
      if (message !== readyMessage) return;
      worker.off('message', onReady);
      workers.set(worker, 'idle');
      dispatch();
    };
    worker.on('message', onReady);
    worker.once('error', (error) => {
      // An init that fails fails the invocation waiting longest, as Lambda's failed init
      // fails the invocation it was for (and the next one tries a new instance).
      if (workers.get(worker) === 'starting') queue.shift()?.reject(error);
    });
    worker.once('exit', () => {
      workers.delete(worker);
      dispatch();
    });
  };

  /** Hands waiting invocations to free workers, starting workers up to the bound. */
  function dispatch() {
    while (queue.length > 0) {
      const [worker] = inState('idle');
      if (worker !== undefined) {
        run(worker, queue.shift() as Invocation);
        continue;
      }
      // Another instance only if those already starting will not serve every waiting one.
      if (workers.size >= maxInstances || inState('starting').length >= queue.length) return;
      newWorker();
    }
  }

  function run(worker: Worker, invocation: Invocation) {
    workers.set(worker, 'busy');
    const id = nextId++;
    const settle = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    const timer = setTimeout(() => {
      settle();
      // Lambda ends a timed-out environment: the next invocation gets a fresh one.
      workers.delete(worker);
      void worker.terminate();
      invocation.reject(new Error(`${functionName} timed out after ${timeoutMs} ms`));
      dispatch();
    }, timeoutMs);
    const onMessage = (message: ResultMessage) => {
      if (message.id !== id) return;
      settle();
      if ('error' in message) {
        invocation.reject(
          Object.assign(new Error(message.error.message), { name: message.error.name }),
        );
      } else invocation.resolve(message.result);
      workers.set(worker, 'idle');
      dispatch();
    };
    const onError = (error: Error) => {
      settle();
      invocation.reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    const message: InvocationMessage = {
      id,
      event: invocation.event,
      functionName: invocation.context.functionName,
      awsRequestId: invocation.context.awsRequestId,
      deadline: Date.now() + timeoutMs,
    };
    worker.postMessage(message);
  }

  const invoke = (event: never, context: Context): Promise<unknown> =>
    new Promise((resolve, reject) => {
      queue.push({ event, context, resolve, reject });
      dispatch();
    });

  return Object.assign(invoke, {
    enforcesTimeout: true as const,
    close: async () => {
      await Promise.all([...workers.keys()].map((worker) => worker.terminate()));
    },
  });
}
