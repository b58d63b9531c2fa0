/** What preview-invitation needs, beside its code (functions/shared/function-declaration.ts). */
import type { FunctionDeclaration } from '../shared/function-declaration.ts';
import { invitationPreviewSchema } from '../shared/invitations/preview-schema.ts';
import {
  redemptionErrors,
  redemptionThrottling,
  tokenRequest,
} from '../shared/invitations/route-parts.ts';
import { metricSettings } from '../shared/metrics.ts';

export const previewInvitationFunction = {
  // The invitee's first call, without a credential: one consistent GetItem.
  tables: { invitations: ['dynamodb:GetItem'] },
  settings: metricSettings,
  route: {
    method: 'POST',
    path: '/v2/invitations/preview',
    authorizer: 'none',
    operationId: 'previewInvitation',
    summary: 'Preview an invitation (invitee)',
    description:
      "For the invitee's page, with the link's token instead of a credential: what the page needs to show. Changes nothing. A token that does not work, for whatever reason, answers 404 `InvitationNotFound`.",
    requestSchema: tokenRequest,
    success: {
      status: 200,
      description: 'The invitation as its page shows it.',
      schema: {
        name: 'InvitationPreview',
        schema: invitationPreviewSchema,
        example: {
          status: 'pending',
          language: 'de',
          expiration: '2027-06-23T13:53:02+02:00',
          channel: 'email',
        },
      },
    },
    errors: redemptionErrors,
    throttling: redemptionThrottling,
  },
} as const satisfies FunctionDeclaration;
