/**
 * The invitations table as a function's environment names it (INVITATIONS_TABLE, and
 * DYNAMODB_ENDPOINT locally), with its client: built once, at init, by each handler.ts.
 */
import { requiredEnv } from '../config.ts';
import { createDynamoDbClient, dynamodbConnectionFrom } from '../dynamodb.ts';
import { invitationsTable } from './table.ts';

export function invitationsTableFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  options: {
    /** The function counts SMS sends (SMS_COUNTERS_TABLE), in the same writes. */
    smsCounters?: boolean;
  } = {},
) {
  return invitationsTable({
    client: createDynamoDbClient(dynamodbConnectionFrom(env)),
    tableName: requiredEnv('INVITATIONS_TABLE', env),
    smsCountersTableName: options.smsCounters ? requiredEnv('SMS_COUNTERS_TABLE', env) : undefined,
  });
}
