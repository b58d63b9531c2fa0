/**
 * GET /v2/invitations: the middy composition around one call into the use case it is
 * given (handler.ts builds it from the environment; tests from what they build).
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { httpMiddlewares } from '../shared/http/middlewares.ts';
import { jsonResponse } from '../shared/http/responses.ts';
import { parseCaller } from '../shared/identity.ts';
import type { TableConfig } from '../shared/invitations/table/config.ts';
import { listInvitationsOn } from '../shared/invitations/table/list-invitations.ts';
import type { SecretValue } from '../shared/secrets.ts';
import type { ListInvitations } from './list-invitations.ts';
import { createListInvitations } from './list-invitations.ts';
import { parseInvitationListQuery } from './query-schema.ts';

function createListInvitationsHandler({ listInvitations }: { listInvitations: ListInvitations }) {
  return middy<APIGatewayProxyEvent>()
    .use(httpMiddlewares({ body: 'none' }))
    .handler(async (event) => {
      const caller = parseCaller(event.requestContext?.authorizer);
      const query = parseInvitationListQuery(event.queryStringParameters);
      return jsonResponse(200, await listInvitations({ query, caller }));
    });
}

/** The handler on its table and cursor key: what handler.ts and the tests build alike. */
export function composeListInvitationsHandler({
  table,
  statusIndex,
  cursorKey,
}: {
  table: TableConfig;
  /** false: the list reads byOrganization only, as before a stack has its status index. */
  statusIndex: boolean;
  cursorKey: SecretValue;
}) {
  return createListInvitationsHandler({
    listInvitations: createListInvitations({
      table: { listInvitations: listInvitationsOn(table, { statusIndex }) },
      cursorKey,
    }),
  });
}
