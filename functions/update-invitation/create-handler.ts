/**
 * PUT /v2/users/{userId}/invitation: the middy composition around one call into the use
 * case, built from what it is given (handler.ts gives it what the environment says; tests
 * give it what they build).
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { httpMiddlewares } from '../shared/http/middlewares.ts';
import { jsonResponse } from '../shared/http/responses.ts';
import { parseIdempotencyKey } from '../shared/idempotency.ts';
import { parseCaller } from '../shared/identity.ts';
import { parseInvitationUpdate } from '../shared/invitations/fields-schema.ts';
import { requestedSends } from '../shared/invitations/rules.ts';
import type { TableConfig } from '../shared/invitations/table/config.ts';
import { readInvitationOn } from '../shared/invitations/table/read-invitation.ts';
import { writeInvitationUpdateOn } from '../shared/invitations/table/write-invitation-update.ts';
import { parseUserId } from '../shared/invitations/user-id.ts';
import { countMetric } from '../shared/metrics.ts';
import type { SendLimits } from '../shared/send-limits/rules.ts';
import type { UpdateInvitation } from './update-invitation.ts';
import { createUpdateInvitation } from './update-invitation.ts';

function createUpdateInvitationHandler({
  updateInvitation,
}: {
  updateInvitation: UpdateInvitation;
}) {
  return middy<APIGatewayProxyEvent>()
    .use(httpMiddlewares({ body: 'json' }))
    .handler(async (event) => {
      const caller = parseCaller(event.requestContext?.authorizer);
      const userId = parseUserId(event.pathParameters?.userId);
      // The JSON body parser has replaced the raw string with the parsed value.
      const update = parseInvitationUpdate(event.body as unknown);
      // Header names are lower case here (http-header-normalizer).
      const idempotencyKey = parseIdempotencyKey(event.headers?.['idempotency-key']);
      const result = await updateInvitation({ userId, update, caller, idempotencyKey });
      for (const channel of requestedSends(update)) {
        countMetric('SendsRequested', { Channel: channel.name });
      }
      return jsonResponse(200, result);
    });
}

/** The handler on its tables and settings: what handler.ts and the tests build alike. */
export function composeUpdateInvitationHandler({
  table,
  cooldownSeconds,
  sendLimits,
}: {
  table: TableConfig;
  cooldownSeconds: number;
  sendLimits: SendLimits;
}) {
  return createUpdateInvitationHandler({
    updateInvitation: createUpdateInvitation({
      table: {
        writeInvitationUpdate: writeInvitationUpdateOn(table),
        readInvitation: readInvitationOn(table),
      },
      cooldownSeconds,
      sendLimits,
    }),
  });
}
