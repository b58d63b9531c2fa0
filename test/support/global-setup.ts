/** One DynamoDB Local for the whole test run; each test file makes its own tables in it. */
import type { TestProject } from 'vitest/node';
import { JavaRequiredError, startDynamoDbLocal } from '../../local/dynamodb-local.ts';

export default async function setup(project: TestProject) {
  let dynamodbLocal: Awaited<ReturnType<typeof startDynamoDbLocal>>;
  try {
    dynamodbLocal = await startDynamoDbLocal();
  } catch (error) {
    // Say what is missing and how to get it, not a stack trace from spawn.
    if (!(error instanceof JavaRequiredError)) throw error;
    console.error(`\nnpm test: ${error.message}\n`);
    process.exit(1);
  }
  project.provide('dynamodbEndpoint', dynamodbLocal.endpoint);
  return () => dynamodbLocal.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}
