/**
 * DELETE /v2/users/{userId}/invitation: the middy composition around one call into the use
 * case it is given (handler.ts builds it from the environment; tests from what they build).
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { httpMiddlewares } from '../shared/http/middlewares.ts';
import { emptyResponse } from '../shared/http/responses.ts';
import { parseCaller } from '../shared/identity.ts';
import type { TableConfig } from '../shared/invitations/table/config.ts';
import { revokeInvitationOn } from '../shared/invitations/table/revoke-invitation.ts';
import { parseUserId } from '../shared/invitations/user-id.ts';
import type { RevokeInvitation } from './revoke-invitation.ts';
import { createRevokeInvitation } from './revoke-invitation.ts';

function createRevokeInvitationHandler({
  revokeInvitation,
}: {
  revokeInvitation: RevokeInvitation;
}) {
  return middy<APIGatewayProxyEvent>()
    .use(httpMiddlewares({ body: 'none' }))
    .handler(async (event) => {
      const caller = parseCaller(event.requestContext?.authorizer);
      const userId = parseUserId(event.pathParameters?.userId);
      await revokeInvitation({ userId, caller });
      return emptyResponse(204);
    });
}

/** The handler on the invitations table: what handler.ts and the tests build alike. */
export function composeRevokeInvitationHandler({ table }: { table: TableConfig }) {
  return createRevokeInvitationHandler({
    revokeInvitation: createRevokeInvitation({
      table: { revokeInvitation: revokeInvitationOn(table) },
    }),
  });
}
