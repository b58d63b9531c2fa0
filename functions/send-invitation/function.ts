/** What send-invitation needs, beside its code (functions/shared/function-declaration.ts). */
import { senderTimeoutSeconds } from '../shared/delivery/send-requests.ts';
import type { FunctionDeclaration } from '../shared/function-declaration.ts';
import { metricSettings } from '../shared/metrics.ts';

export const sendInvitationFunction = {
  timeoutSeconds: senderTimeoutSeconds,
  assets: 'templates',
  // A batch of stream records, each at most two e-mails/SMS and four small writes. Its stream,
  // SES and SNS permissions come with its wiring (infra/delivery.ts).
  tables: { invitations: ['dynamodb:UpdateItem'] },
  settings: {
    INVITATION_LINK_BASE_URL: 'linkBaseUrl',
    EMAIL_FROM: 'emailFrom',
    ...metricSettings,
  },
} as const satisfies FunctionDeclaration;
