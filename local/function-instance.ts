/** One execution environment of a function (see function-instances.ts): a worker thread. */
import { parentPort, workerData } from 'node:worker_threads';
import type { LambdaHandler } from './api-gateway.ts';
import { type InvocationMessage, type ResultMessage, readyMessage } from './function-instances.ts';
import { lambdaContext } from './lambda-context.ts';
import { invokeWithRuntimeLogs, logInitStart, useRuntimeLogs } from './runtime-logs.ts';

const { entry, functionName } = workerData as { entry: string; functionName: string };
useRuntimeLogs();
logInitStart(functionName);
// The function's init, as Lambda runs it: once per instance, before its first event.
const { handler } = (await import(entry)) as { handler: LambdaHandler };
parentPort?.postMessage(readyMessage);

parentPort?.on('message', async (invocation: InvocationMessage) => {
  const context = {
    ...lambdaContext(invocation.functionName, invocation.deadline - Date.now()),
    awsRequestId: invocation.awsRequestId,
  };
  let message: ResultMessage;
  try {
    const result = await invokeWithRuntimeLogs(
      { functionName: invocation.functionName, requestId: context.awsRequestId },
      () => handler(invocation.event as never, context),
    );
    message = { id: invocation.id, result };
  } catch (error) {
    const { name, message: text } = error as Error;
    message = { id: invocation.id, error: { name, message: text } };
  }
  parentPort?.postMessage(message);
});
