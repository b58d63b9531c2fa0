/**
 * The handlers composed on a DynamoDB client whose `send` is faked (a vitest spy): unit
 * tests decide what the store answers, and see every command the code sends.
 */
import { vi } from 'vitest';
import { createAuthorizerHandler } from '../../functions/authorizer/create-handler.ts';
import { createGetInvitationHandler } from '../../functions/get-invitation/create-handler.ts';
import { createRevokeInvitationHandler } from '../../functions/revoke-invitation/create-handler.ts';
import { createAuthorizeToken } from '../../functions/shared/credentials/authorize-token.ts';
import { credentialsTable } from '../../functions/shared/credentials/table.ts';
import { createDynamoDbClient } from '../../functions/shared/dynamodb.ts';
import { createGetInvitation } from '../../functions/shared/invitations/get-invitation.ts';
import { createRevokeInvitation } from '../../functions/shared/invitations/revoke-invitation.ts';
import { invitationsTable } from '../../functions/shared/invitations/table.ts';
import { createUpdateInvitation } from '../../functions/shared/invitations/update-invitation.ts';
import { defaultSendLimits } from '../../functions/shared/send-limits/rules.ts';
import { createUpdateInvitationHandler } from '../../functions/update-invitation/create-handler.ts';

export function fakeStore(options: { cooldownSeconds?: number } = {}) {
  // Never reached: `send` is faked.
  const client = createDynamoDbClient({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' },
  });
  const send = vi.spyOn(client, 'send');
  const invitations = invitationsTable({
    client,
    tableName: 'invitations-unit',
    sendLimitsTableName: 'send-limits-unit',
  });
  const credentials = credentialsTable({ client, tableName: 'credentials-unit' });
  const sharedUsageKey = 'shared-usage-key-unit';
  return {
    sharedUsageKey,
    client,
    send,
    invitations,
    credentials,
    updateInvitationHandler: createUpdateInvitationHandler({
      updateInvitation: createUpdateInvitation({
        table: invitations,
        cooldownSeconds: options.cooldownSeconds ?? 60,
        sendLimits: defaultSendLimits,
      }),
    }),
    getInvitationHandler: createGetInvitationHandler({
      getInvitation: createGetInvitation({ table: invitations }),
    }),
    revokeInvitationHandler: createRevokeInvitationHandler({
      revokeInvitation: createRevokeInvitation({ table: invitations }),
    }),
    authorizerHandler: createAuthorizerHandler({
      authorizeToken: createAuthorizeToken({ credentials, sharedUsageKey }),
    }),
  };
}
