/**
 * POST /v2/invitations/preview on Lambda: its configuration, read once at init, the client
 * and the use case built from it, composed by create-handler.ts.
 */
import { requiredEnv } from '../shared/config.ts';
import { createDynamoDbClient, dynamodbConnectionFrom } from '../shared/dynamodb.ts';
import { createPreviewInvitation } from '../shared/invitations/redeem-invitation.ts';
import { invitationsTable } from '../shared/invitations/table.ts';
import { createPreviewInvitationHandler } from './create-handler.ts';

const config = {
  invitationsTable: requiredEnv('INVITATIONS_TABLE'),
  dynamodb: dynamodbConnectionFrom(process.env),
};

const client = createDynamoDbClient(config.dynamodb);
export const handler = createPreviewInvitationHandler({
  previewInvitation: createPreviewInvitation({
    table: invitationsTable({ client, tableName: config.invitationsTable }),
  }),
});
