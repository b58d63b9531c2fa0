/**
 * The tables the local tools work on (npm start, invoke, seed, credentials, the tests): one
 * client for the store DYNAMODB_ENDPOINT names (or AWS's), and the three tables under the
 * names the environment gives (local defaults: local/environment.ts).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { requiredEnv } from '../functions/shared/config.ts';
import { type CredentialsTable, credentialsTable } from '../functions/shared/credentials/table.ts';
import {
  createDynamoDbClient,
  type DynamoDbConnection,
  dynamodbConnectionFrom,
} from '../functions/shared/dynamodb.ts';
import { type InvitationsTable, invitationsTable } from '../functions/shared/invitations/table.ts';
import {
  type SendLimitsTable,
  sendLimitsTableOn,
} from '../functions/shared/send-limits/limits-table.ts';

export interface Store {
  connection: DynamoDbConnection;
  client: DynamoDBClient;
  invitations: InvitationsTable;
  credentials: CredentialsTable;
  sendLimits: SendLimitsTable;
}

export function storeFrom(env: NodeJS.ProcessEnv = process.env): Store {
  const connection = dynamodbConnectionFrom(env);
  const client = createDynamoDbClient(connection);
  return {
    connection,
    client,
    invitations: invitationsTable({ client, tableName: requiredEnv('INVITATIONS_TABLE', env) }),
    credentials: credentialsTable({ client, tableName: requiredEnv('CREDENTIALS_TABLE', env) }),
    sendLimits: sendLimitsTableOn({ client, tableName: requiredEnv('SEND_LIMITS_TABLE', env) }),
  };
}
