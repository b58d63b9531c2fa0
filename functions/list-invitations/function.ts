/** What list-invitations needs, beside its code (functions/shared/function-declaration.ts). */
import type { FunctionDeclaration } from '../shared/function-declaration.ts';
import { invitationViewExample } from '../shared/invitations/route-parts.ts';
import { invitationListSchema } from '../shared/invitations/view-schema.ts';
import { metricSettings } from '../shared/metrics.ts';
import { invitationListQuerySchema } from './query-schema.ts';

export const listInvitationsFunction = {
  // A page: one Query of an index, a few at most when a filter skips items; its cursor key
  // (LIST_CURSOR_KEY) comes with its wiring (infra/api-stack.ts).
  tables: { invitations: ['dynamodb:Query'] },
  settings: { STATUS_INDEX: 'statusIndex', ...metricSettings },
  route: {
    method: 'GET',
    path: '/v2/invitations',
    authorizer: 'token',
    operationId: 'listInvitations',
    summary: "List the organization's invitations",
    description:
      "The invitations of the caller's organization, newest change first (`updatedAt`), each as GET shows it, a page at a time: `next` is the `cursor` of the page after (valid for an hour, for this organization and filter only), absent on the last page. Admins and owners only, as for GET.",
    querySchema: invitationListQuerySchema,
    success: {
      status: 200,
      description: 'A page of invitations.',
      schema: {
        name: 'InvitationList',
        schema: invitationListSchema,
        example: {
          invitations: [invitationViewExample],
          next: 'WzEsMTAwLCJwZW5kaW5nIiwiYnlPcmdhbml6YXRpb25TdGF0dXMiLDQxODAzNzI5Mzg0NzExMjMsIjIwMjYtMTItMDRUMDk6MDA6MDAuMDAwWiIsMTc2NDg0MjQwMF0.lvR0nVGmDnCgAQb5iA3jqA',
        },
      },
    },
    errors: [
      'ValidationFailed',
      'Unauthorized',
      'InsufficientRights',
      'InternalError',
      'ServiceUnavailable',
    ],
  },
} as const satisfies FunctionDeclaration;
