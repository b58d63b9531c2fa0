/**
 * GET /v2/users/{userId}/invitation: the middy composition around one call into the use
 * case it is given (handler.ts builds it from the environment; tests from what they build).
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { httpMiddlewares } from '../shared/http/middlewares.ts';
import { jsonResponse } from '../shared/http/responses.ts';
import { parseCaller } from '../shared/identity.ts';
import type { TableConfig } from '../shared/invitations/table/config.ts';
import { readInvitationOn } from '../shared/invitations/table/read-invitation.ts';
import { parseUserId } from '../shared/invitations/user-id.ts';
import type { GetInvitation } from './get-invitation.ts';
import { createGetInvitation } from './get-invitation.ts';

function createGetInvitationHandler({ getInvitation }: { getInvitation: GetInvitation }) {
  return middy<APIGatewayProxyEvent>()
    .use(httpMiddlewares({ body: 'none' }))
    .handler(async (event) => {
      const caller = parseCaller(event.requestContext?.authorizer);
      const userId = parseUserId(event.pathParameters?.userId);
      return jsonResponse(200, await getInvitation({ userId, caller }));
    });
}

/** The handler on the invitations table: what handler.ts and the tests build alike. */
export function composeGetInvitationHandler({ table }: { table: TableConfig }) {
  return createGetInvitationHandler({
    getInvitation: createGetInvitation({ table: { readInvitation: readInvitationOn(table) } }),
  });
}
