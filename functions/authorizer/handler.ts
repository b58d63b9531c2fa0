/**
 * The TOKEN authorizer on Lambda: its configuration, read once at init, and the client
 * built from it, composed by create-handler.ts.
 */
import { requiredEnv } from '../shared/config.ts';
import { createDynamoDbClient, dynamodbConnectionFrom } from '../shared/dynamodb.ts';
import { composeAuthorizerHandler } from './create-handler.ts';

export const handler = composeAuthorizerHandler({
  client: createDynamoDbClient(dynamodbConnectionFrom(process.env)),
  tableName: requiredEnv('CREDENTIALS_TABLE'),
  sharedUsageKey: requiredEnv('SHARED_USAGE_KEY'),
});
