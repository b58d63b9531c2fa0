/** What accept-invitation needs, beside its code (functions/shared/function-declaration.ts). */
import type { FunctionDeclaration } from '../shared/function-declaration.ts';
import {
  invitationIdSchema,
  redemptionErrors,
  redemptionThrottling,
  tokenRequest,
} from '../shared/invitations/route-parts.ts';
import { metricSettings } from '../shared/metrics.ts';

export const acceptInvitationFunction = {
  // The invitee's second call, without a credential: one consistent GetItem and one conditional
  // UpdateItem (two at most, when the expiration moved meanwhile).
  tables: { invitations: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] },
  settings: metricSettings,
  route: {
    method: 'POST',
    path: '/v2/invitations/accept',
    authorizer: 'none',
    operationId: 'acceptInvitation',
    summary: 'Accept an invitation (invitee)',
    description:
      "The invitee accepts, with the link's token instead of a credential. Once: again answers 409; past its expiration 410; a token that does not work (unknown, older, revoked) 404 `InvitationNotFound`.",
    requestSchema: tokenRequest,
    success: {
      status: 200,
      description: 'Accepted: the user id.',
      schema: { name: 'InvitationId', schema: invitationIdSchema, example: { id: 5 } },
    },
    errors: [...redemptionErrors, 'InvitationAlreadyAccepted', 'InvitationExpired'],
    throttling: redemptionThrottling,
  },
} as const satisfies FunctionDeclaration;
