/** What get-invitation needs, beside its code (functions/shared/function-declaration.ts). */
import type { FunctionDeclaration } from '../shared/function-declaration.ts';
import { invitationViewExample, userRouteErrors } from '../shared/invitations/route-parts.ts';
import { invitationViewSchema } from '../shared/invitations/view-schema.ts';
import { metricSettings } from '../shared/metrics.ts';

export const getInvitationFunction = {
  // One consistent GetItem per request.
  tables: { invitations: ['dynamodb:GetItem'] },
  settings: metricSettings,
  route: {
    method: 'GET',
    path: '/v2/users/{userId}/invitation',
    authorizer: 'token',
    operationId: 'getInvitation',
    summary: 'Get user invitation',
    description:
      "The invitation of a user of the caller's organization: its status, settings and, per channel, its sends and the last one's delivery. Never its link or token.",
    success: {
      status: 200,
      description: 'The invitation.',
      schema: {
        name: 'Invitation',
        schema: invitationViewSchema,
        example: invitationViewExample,
      },
    },
    errors: userRouteErrors,
  },
} as const satisfies FunctionDeclaration;
