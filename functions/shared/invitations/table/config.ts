/**
 * The invitations table (partition key `userId`, Number; attribute names are the API's
 * field names), as each operation module of this folder is given it. A handler builds only
 * the operations its route uses, so its bundle carries no other route's writes.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { requiredEnv } from '../../config.ts';
import { createDynamoDbClient, dynamodbConnectionFrom } from '../../dynamodb.ts';
import type { Invitation } from '../invitation.ts';

export interface TableConfig {
  client: DynamoDBClient;
  tableName: string;
  /** The send limits table: a write that sends counts and checks there, in the same transaction. */
  sendLimitsTableName?: string | undefined;
}

export type WriteResult = { written: true } | { written: false; current: Invitation | undefined };

/**
 * The table as a function's environment names it (INVITATIONS_TABLE, and
 * DYNAMODB_ENDPOINT locally), with its client: built once, at init, by each handler.ts.
 */
export function invitationsTableFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  options: {
    /** The function's writes send, so count and check them in SEND_LIMITS_TABLE. */
    sendLimits?: boolean;
  } = {},
): TableConfig {
  return {
    client: createDynamoDbClient(dynamodbConnectionFrom(env)),
    tableName: requiredEnv('INVITATIONS_TABLE', env),
    sendLimitsTableName: options.sendLimits ? requiredEnv('SEND_LIMITS_TABLE', env) : undefined,
  };
}
