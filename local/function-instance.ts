/** One execution environment of a function (see function-instances.ts): a worker thread. */
import { parentPort, workerData } from 'node:worker_threads';
import type { LambdaHandler } from './api-gateway.ts';
import type { InvocationMessage, ResultMessage } from './function-instances.ts';
import { lambdaContext } from './lambda-context.ts';

const { entry } = workerData as { entry: string };
// The function's init, as Lambda runs it: once per instance, before its first event.
const { handler } = (await import(entry)) as { handler: LambdaHandler };

parentPort?.on('message', async (invocation: InvocationMessage) => {
  const context = {
    ...lambdaContext(invocation.functionName, invocation.deadline - Date.now()),
    awsRequestId: invocation.awsRequestId,
  };
  let message: ResultMessage;
  try {
    message = { id: invocation.id, result: await handler(invocation.event as never, context) };
  } catch (error) {
    const { name, message: text } = error as Error;
    message = { id: invocation.id, error: { name, message: text } };
  }
  parentPort?.postMessage(message);
});
