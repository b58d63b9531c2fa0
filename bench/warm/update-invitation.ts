/**
 * The PUT handler as functions/update-invitation/handler.ts builds it, on a client whose
 * store answers in the process (in-memory-store.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { storeBudget } from '../../functions/shared/dynamodb.ts';
import { invitationsTable } from '../../functions/shared/invitations/table.ts';
import { createUpdateInvitation } from '../../functions/shared/invitations/update-invitation.ts';
import { defaultSendLimits } from '../../functions/shared/send-limits/rules.ts';
import { createUpdateInvitationHandler } from '../../functions/update-invitation/create-handler.ts';
import { inMemoryStore } from './in-memory-store.ts';

const client = new DynamoDBClient({
  maxAttempts: storeBudget.attempts,
  requestHandler: inMemoryStore,
});
export const handler = createUpdateInvitationHandler({
  updateInvitation: createUpdateInvitation({
    table: invitationsTable({ client, tableName: 'bench', sendLimitsTableName: 'bench-limits' }),
    cooldownSeconds: 60,
    sendLimits: defaultSendLimits,
  }),
});
