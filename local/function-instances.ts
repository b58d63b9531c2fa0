/**
 * Lambda's execution environments, on this machine: each function runs in worker threads
 * of its own, one invocation at a time per worker, a new worker (a cold start) when all of
 * a function's workers are busy. So, as deployed, two functions never share a module (a
 * client, a correlation id), concurrent requests never share an instance, and
 * the first request of each instance is a cold start.
 */
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

/** A handler that runs `entry`'s `handler` in the function's own workers. */
export function functionInstances(
  functionName: string,
  entry: string,
): LambdaHandler & { close: () => Promise<void> } {
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  let nextId = 0;

  const newWorker = () => {
    const worker = new Worker(new URL('./function-instance.ts', import.meta.url), {
      workerData: { entry, functionName },
    });
    worker.unref();
    all.add(worker);
    worker.once('exit', () => {
      all.delete(worker);
      idle.splice(idle.indexOf(worker) >>> 0, 1);
    });
    return worker;
  };

  const invoke = (event: never, context: Context): Promise<unknown> => {
    const worker = idle.pop() ?? newWorker();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (message: ResultMessage) => {
        if (message.id !== id) return;
        worker.off('message', onMessage);
        worker.off('error', onError);
        idle.push(worker);
        if ('error' in message) {
          reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
        } else resolve(message.result);
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        reject(error);
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      const invocation: InvocationMessage = {
        id,
        event,
        functionName: context.functionName,
        awsRequestId: context.awsRequestId,
        deadline: Date.now() + context.getRemainingTimeInMillis(),
      };
      worker.postMessage(invocation);
    });
  };
  return Object.assign(invoke, {
    close: async () => {
      await Promise.all([...all].map((worker) => worker.terminate()));
    },
  });
}
