/**
 * PUT /v2/users/{userId}/invitation on Lambda: its configuration, read once at init (a
 * missing or bad variable fails the init, named), the client and the use case built from
 * it, composed by create-handler.ts.
 */
import { positiveIntegerEnv, requiredEnv } from '../shared/config.ts';
import { createDynamoDbClient, dynamodbConnectionFrom } from '../shared/dynamodb.ts';
import { invitationsTable } from '../shared/invitations/table.ts';
import { createUpdateInvitation } from '../shared/invitations/update-invitation.ts';
import { createUpdateInvitationHandler } from './create-handler.ts';

const config = {
  invitationsTable: requiredEnv('INVITATIONS_TABLE'),
  sendCooldownSeconds: positiveIntegerEnv('SEND_COOLDOWN_SECONDS', 60),
  dynamodb: dynamodbConnectionFrom(process.env),
};

const client = createDynamoDbClient(config.dynamodb);
export const handler = createUpdateInvitationHandler({
  updateInvitation: createUpdateInvitation({
    table: invitationsTable({ client, tableName: config.invitationsTable }),
    cooldownSeconds: config.sendCooldownSeconds,
  }),
});
