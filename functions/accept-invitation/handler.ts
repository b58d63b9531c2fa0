/**
 * POST /v2/invitations/accept on Lambda: its configuration, read once at init, the client
 * and the use case built from it, composed by create-handler.ts.
 */
import { requiredEnv } from '../shared/config.ts';
import { createDynamoDbClient, dynamodbConnectionFrom } from '../shared/dynamodb.ts';
import { createAcceptInvitation } from '../shared/invitations/redeem-invitation.ts';
import { invitationsTable } from '../shared/invitations/table.ts';
import { createAcceptInvitationHandler } from './create-handler.ts';

const config = {
  invitationsTable: requiredEnv('INVITATIONS_TABLE'),
  dynamodb: dynamodbConnectionFrom(process.env),
};

const client = createDynamoDbClient(config.dynamodb);
export const handler = createAcceptInvitationHandler({
  acceptInvitation: createAcceptInvitation({
    table: invitationsTable({ client, tableName: config.invitationsTable }),
  }),
});
