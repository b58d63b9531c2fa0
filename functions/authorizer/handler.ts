/**
 * The TOKEN authorizer on Lambda: its configuration, read once at init, the client and the
 * decision built from it, composed by create-handler.ts.
 */
import { requiredEnv } from '../shared/config.ts';
import { createAuthorizeToken } from '../shared/credentials/authorize-token.ts';
import { credentialsTable } from '../shared/credentials/table.ts';
import { createDynamoDbClient, dynamodbConnectionFrom } from '../shared/dynamodb.ts';
import { createAuthorizerHandler } from './create-handler.ts';

const config = {
  credentialsTable: requiredEnv('CREDENTIALS_TABLE'),
  sharedUsageKey: requiredEnv('SHARED_USAGE_KEY'),
  dynamodb: dynamodbConnectionFrom(process.env),
};

const client = createDynamoDbClient(config.dynamodb);
export const handler = createAuthorizerHandler({
  authorizeToken: createAuthorizeToken({
    credentials: credentialsTable({ client, tableName: config.credentialsTable }),
    sharedUsageKey: config.sharedUsageKey,
  }),
});
