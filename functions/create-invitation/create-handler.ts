/**
 * POST /v2/users: the middy composition around one call into the use case, built from
 * what it is given (handler.ts gives it what the environment says; tests what they build).
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { httpMiddlewares } from '../shared/http/middlewares.ts';
import { jsonResponse } from '../shared/http/responses.ts';
import { parseIdempotencyKey } from '../shared/idempotency.ts';
import { parseCaller } from '../shared/identity.ts';
import { requestedSends } from '../shared/invitations/rules.ts';
import type { TableConfig } from '../shared/invitations/table/config.ts';
import { insertInvitationOn } from '../shared/invitations/table/insert-invitation.ts';
import { countMetric } from '../shared/metrics.ts';
import type { SecretValue } from '../shared/secrets.ts';
import type { SendLimits } from '../shared/send-limits/rules.ts';
import type { CreateInvitation } from './create-invitation.ts';
import { createCreateInvitation } from './create-invitation.ts';
import { parseInvitationCreation } from './request-schema.ts';

function createCreateInvitationHandler({
  createInvitation,
}: {
  createInvitation: CreateInvitation;
}) {
  return middy<APIGatewayProxyEvent>()
    .use(httpMiddlewares({ body: 'json' }))
    .handler(async (event) => {
      const caller = parseCaller(event.requestContext?.authorizer);
      // The JSON body parser has replaced the raw string with the parsed value.
      const creation = parseInvitationCreation(event.body as unknown);
      // Header names are lower case here (http-header-normalizer).
      const idempotencyKey = parseIdempotencyKey(event.headers?.['idempotency-key']);
      const result = await createInvitation({ creation, caller, idempotencyKey });
      for (const channel of requestedSends(creation)) {
        countMetric('SendsRequested', { Channel: channel.name });
      }
      return jsonResponse(201, result);
    });
}

/** The handler on its table, limits and key: what handler.ts and the tests build alike. */
export function composeCreateInvitationHandler({
  table,
  sendLimits,
  userIdKey,
}: {
  table: TableConfig;
  sendLimits: SendLimits;
  userIdKey: SecretValue;
}) {
  return createCreateInvitationHandler({
    createInvitation: createCreateInvitation({
      table: { insertInvitation: insertInvitationOn(table) },
      sendLimits,
      userIdKey,
    }),
  });
}
