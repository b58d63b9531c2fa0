/** A function for the instance tests: sleeps `event.ms`, answers which instance ran it. */
import { threadId } from 'node:worker_threads';

export const handler = async (event: { ms: number }) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return { threadId };
};
