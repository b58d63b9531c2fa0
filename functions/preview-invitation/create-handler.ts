/**
 * POST /v2/invitations/preview: the middy composition around one call into the use case it
 * is given. No authorizer: the link's token is the credential.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { httpMiddlewares } from '../shared/http/middlewares.ts';
import { jsonResponse } from '../shared/http/responses.ts';
import type { PreviewInvitation } from '../shared/invitations/redeem-invitation.ts';
import { createPreviewInvitation } from '../shared/invitations/redeem-invitation.ts';
import { parseInvitationTokenRequest } from '../shared/invitations/redemption-schema.ts';
import type { TableConfig } from '../shared/invitations/table/config.ts';
import { readInvitationOn } from '../shared/invitations/table/read-invitation.ts';

function createPreviewInvitationHandler({
  previewInvitation,
}: {
  previewInvitation: PreviewInvitation;
}) {
  return middy<APIGatewayProxyEvent>()
    .use(httpMiddlewares({ body: 'json' }))
    .handler(async (event) => {
      const { token } = parseInvitationTokenRequest(event.body as unknown);
      return jsonResponse(200, await previewInvitation({ token }));
    });
}

/** The handler on the invitations table: what handler.ts and the tests build alike. */
export function composePreviewInvitationHandler({ table }: { table: TableConfig }) {
  return createPreviewInvitationHandler({
    previewInvitation: createPreviewInvitation({
      table: { readInvitation: readInvitationOn(table) },
    }),
  });
}
