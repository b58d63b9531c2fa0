/** What revoke-invitation needs, beside its code (functions/shared/function-declaration.ts). */
import type { FunctionDeclaration } from '../shared/function-declaration.ts';
import { userRouteErrors } from '../shared/invitations/route-parts.ts';
import { metricSettings } from '../shared/metrics.ts';

export const revokeInvitationFunction = {
  // One conditional UpdateItem per request (refusals tell 403, 404 and 409 apart).
  tables: { invitations: ['dynamodb:UpdateItem'] },
  settings: metricSettings,
  route: {
    method: 'DELETE',
    path: '/v2/users/{userId}/invitation',
    authorizer: 'token',
    operationId: 'revokeInvitation',
    summary: 'Revoke user invitation',
    description:
      'Revokes a pending invitation: its links stop working at once, a send not yet delivered is not sent, a later PUT answers 409 `InvitationRevoked`. The invitation is kept (GET shows it revoked). Revoking it again answers 204; an accepted invitation cannot be revoked (409).',
    success: { status: 204, description: 'Revoked (or already revoked); no body.' },
    errors: [...userRouteErrors, 'InvitationAlreadyAccepted'],
  },
} as const satisfies FunctionDeclaration;
