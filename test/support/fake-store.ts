/**
 * The handlers composed, as each handler.ts composes them, on a DynamoDB client whose
 * `send` is faked (a vitest spy): unit tests decide what the store answers, and see every
 * command the code sends.
 */
import { vi } from 'vitest';
import { composeAuthorizerHandler } from '../../functions/authorizer/create-handler.ts';
import { composeGetInvitationHandler } from '../../functions/get-invitation/create-handler.ts';
import { composeRevokeInvitationHandler } from '../../functions/revoke-invitation/create-handler.ts';
import { credentialsTable } from '../../functions/shared/credentials/table.ts';
import { createDynamoDbClient } from '../../functions/shared/dynamodb.ts';
import { defaultCooldownSeconds } from '../../functions/shared/invitations/rules.ts';
import { invitationsTable } from '../../functions/shared/invitations/table.ts';
import { defaultSendLimits } from '../../functions/shared/send-limits/rules.ts';
import { composeUpdateInvitationHandler } from '../../functions/update-invitation/create-handler.ts';

export function fakeStore(options: { cooldownSeconds?: number } = {}) {
  // Never reached: `send` is faked.
  const client = createDynamoDbClient({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' },
  });
  const send = vi.spyOn(client, 'send');
  const table = {
    client,
    tableName: 'invitations-unit',
    sendLimitsTableName: 'send-limits-unit',
  };
  const sharedUsageKey = 'shared-usage-key-unit';
  return {
    sharedUsageKey,
    client,
    send,
    invitations: invitationsTable(table),
    credentials: credentialsTable({ client, tableName: 'credentials-unit' }),
    updateInvitationHandler: composeUpdateInvitationHandler({
      table,
      cooldownSeconds: options.cooldownSeconds ?? defaultCooldownSeconds,
      sendLimits: defaultSendLimits,
    }),
    getInvitationHandler: composeGetInvitationHandler({ table }),
    revokeInvitationHandler: composeRevokeInvitationHandler({ table }),
    authorizerHandler: composeAuthorizerHandler({
      client,
      tableName: 'credentials-unit',
      sharedUsageKey,
    }),
  };
}
