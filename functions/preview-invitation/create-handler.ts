/**
 * POST /v2/invitations/preview: the middy composition around one call into the use case it
 * is given. No authorizer: the link's token is the credential.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { httpMiddlewares } from '../shared/http/middlewares.ts';
import { jsonResponse } from '../shared/http/responses.ts';
import type { PreviewInvitation } from '../shared/invitations/redeem-invitation.ts';
import { parseInvitationTokenRequest } from '../shared/invitations/redemption-schema.ts';

export function createPreviewInvitationHandler({
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
