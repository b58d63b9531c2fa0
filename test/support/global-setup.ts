/** One DynamoDB Local for the whole test run; each test file makes its own tables in it. */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb-local.ts';

export default async function setup(project: TestProject) {
  const dynamodbLocal = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamodbLocal.endpoint);
  return () => dynamodbLocal.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}
