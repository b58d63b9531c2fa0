/**
 * Fresh invitations and credentials tables on the run's DynamoDB Local for one test file,
 * built directly (no environment), with what tests need around them: the tables' modules,
 * the handlers composed on them, a reader of the store on another client, and a count of
 * the requests the code under test sends.
 */
import { randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { composeAcceptInvitationHandler } from '../../functions/accept-invitation/create-handler.ts';
import { composeAuthorizerHandler } from '../../functions/authorizer/create-handler.ts';
import { composeCreateInvitationHandler } from '../../functions/create-invitation/create-handler.ts';
import { composeDeliveryFeedbackHandler } from '../../functions/delivery-feedback/create-handler.ts';
import { composeGetInvitationHandler } from '../../functions/get-invitation/create-handler.ts';
import { composeListInvitationsHandler } from '../../functions/list-invitations/create-handler.ts';
import { composePreviewInvitationHandler } from '../../functions/preview-invitation/create-handler.ts';
import { composeRevokeInvitationHandler } from '../../functions/revoke-invitation/create-handler.ts';
import { credentialsTable } from '../../functions/shared/credentials/table.ts';
import { createDynamoDbClient, type DynamoDbConnection } from '../../functions/shared/dynamodb.ts';
import { fromItem } from '../../functions/shared/invitations/item.ts';
import { defaultCooldownSeconds } from '../../functions/shared/invitations/rules.ts';
import { invitationsTable } from '../../functions/shared/invitations/table.ts';
import { sendLimitsTableOn } from '../../functions/shared/send-limits/limits-table.ts';
import { defaultSendLimits, type SendLimits } from '../../functions/shared/send-limits/rules.ts';
import { composeUpdateInvitationHandler } from '../../functions/update-invitation/create-handler.ts';
import { ensureTables } from '../../local/tables.ts';

/** DynamoDB Local of the test run (test/support/global-setup.ts). */
export const localConnection = (): DynamoDbConnection => ({
  endpoint: inject('dynamodbEndpoint'),
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

/** The key that signs the list's cursors in these tests. */
export const testCursorKey = 'test-cursor-key';

export async function useFreshTables(
  options: {
    cooldownSeconds?: number;
    sendLimits?: Partial<SendLimits>;
    /** false: the list reads byOrganization only, as before a stack has its status index. */
    statusIndex?: boolean;
  } = {},
) {
  const connection = localConnection();
  const client = createDynamoDbClient(connection);
  const tableNames = {
    invitations: `invitations-${randomUUID()}`,
    credentials: `credentials-${randomUUID()}`,
    sendLimits: `send-limits-${randomUUID()}`,
  };
  await ensureTables(client, tableNames);
  const table = {
    client,
    tableName: tableNames.invitations,
    sendLimitsTableName: tableNames.sendLimits,
  };
  const invitations = invitationsTable(table, { statusIndex: options.statusIndex ?? true });
  const credentials = credentialsTable({ client, tableName: tableNames.credentials });

  /** Counts the HTTP requests the code's client sends (retries included). */
  const requests: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      requests.push(String(context.commandName));
      return next(args);
    },
    { step: 'finalizeRequest', name: 'countRequests' },
  );

  // The tests' own reads go through another client, so `requests` holds only the code's.
  const reader = createDynamoDbClient(connection);
  async function readInvitation(userId: number) {
    const { Item } = await reader.send(
      new GetItemCommand({
        TableName: tableNames.invitations,
        Key: { userId: { N: String(userId) } },
        ConsistentRead: true,
      }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  // Composed as each handler.ts composes them, on these tables and the tests' settings.
  const sendLimits = { ...defaultSendLimits, ...options.sendLimits };
  const updateInvitationHandler = composeUpdateInvitationHandler({
    table,
    cooldownSeconds: options.cooldownSeconds ?? defaultCooldownSeconds,
    sendLimits,
  });
  const createInvitationHandler = composeCreateInvitationHandler({
    table,
    sendLimits,
    userIdKey: async () => 'test-user-id-key',
  });
  const authorizerHandler = composeAuthorizerHandler({
    client,
    tableName: tableNames.credentials,
    sharedUsageKey: 'test-shared-usage-key',
  });
  const getInvitationHandler = composeGetInvitationHandler({ table });
  const listInvitationsHandler = composeListInvitationsHandler({
    table,
    statusIndex: options.statusIndex ?? true,
    cursorKey: async () => testCursorKey,
  });
  const revokeInvitationHandler = composeRevokeInvitationHandler({ table });
  const previewInvitationHandler = composePreviewInvitationHandler({ table });
  const acceptInvitationHandler = composeAcceptInvitationHandler({ table });
  const deliveryFeedbackHandler = composeDeliveryFeedbackHandler({
    table,
    sendLimitsTableName: tableNames.sendLimits,
  });

  return {
    connection,
    client,
    tableNames,
    invitations,
    credentials,
    sendLimits: sendLimitsTableOn({ client, tableName: tableNames.sendLimits }),
    putInvitation: invitations.putInvitation,
    readInvitation,
    requests,
    updateInvitationHandler,
    createInvitationHandler,
    getInvitationHandler,
    listInvitationsHandler,
    revokeInvitationHandler,
    previewInvitationHandler,
    acceptInvitationHandler,
    deliveryFeedbackHandler,
    authorizerHandler,
  };
}
