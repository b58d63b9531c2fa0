/**
 * GET /v2/users/{userId}/invitation on Lambda: its configuration, read once at init, the
 * client and the use case built from it, composed by create-handler.ts.
 */
import { requiredEnv } from '../shared/config.ts';
import { createDynamoDbClient, dynamodbConnectionFrom } from '../shared/dynamodb.ts';
import { createGetInvitation } from '../shared/invitations/get-invitation.ts';
import { invitationsTable } from '../shared/invitations/table.ts';
import { createGetInvitationHandler } from './create-handler.ts';

const config = {
  invitationsTable: requiredEnv('INVITATIONS_TABLE'),
  dynamodb: dynamodbConnectionFrom(process.env),
};

const client = createDynamoDbClient(config.dynamodb);
export const handler = createGetInvitationHandler({
  getInvitation: createGetInvitation({
    table: invitationsTable({ client, tableName: config.invitationsTable }),
  }),
});
