/**
 * The PUT handler as functions/update-invitation/handler.ts builds it, on a client whose
 * store answers in the process (in-memory-store.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { storeBudget } from '../../functions/shared/dynamodb.ts';
import { defaultCooldownSeconds } from '../../functions/shared/invitations/rules.ts';
import { defaultSendLimits } from '../../functions/shared/send-limits/rules.ts';
import { composeUpdateInvitationHandler } from '../../functions/update-invitation/create-handler.ts';
import { inMemoryStore } from './in-memory-store.ts';

const client = new DynamoDBClient({
  maxAttempts: storeBudget.attempts,
  requestHandler: inMemoryStore,
});
export const handler = composeUpdateInvitationHandler({
  table: { client, tableName: 'bench', sendLimitsTableName: 'bench-limits' },
  cooldownSeconds: defaultCooldownSeconds,
  sendLimits: defaultSendLimits,
});
