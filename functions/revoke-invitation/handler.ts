/**
 * DELETE /v2/users/{userId}/invitation on Lambda: its configuration, read once at init, the
 * client and the use case built from it, composed by create-handler.ts.
 */
import { requiredEnv } from '../shared/config.ts';
import { createDynamoDbClient, dynamodbConnectionFrom } from '../shared/dynamodb.ts';
import { createRevokeInvitation } from '../shared/invitations/revoke-invitation.ts';
import { invitationsTable } from '../shared/invitations/table.ts';
import { createRevokeInvitationHandler } from './create-handler.ts';

const config = {
  invitationsTable: requiredEnv('INVITATIONS_TABLE'),
  dynamodb: dynamodbConnectionFrom(process.env),
};

const client = createDynamoDbClient(config.dynamodb);
export const handler = createRevokeInvitationHandler({
  revokeInvitation: createRevokeInvitation({
    table: invitationsTable({ client, tableName: config.invitationsTable }),
  }),
});
