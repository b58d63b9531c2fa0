/** What update-invitation needs, beside its code (functions/shared/function-declaration.ts). */
import type { FunctionDeclaration } from '../shared/function-declaration.ts';
import { invitationUpdateSchema } from '../shared/invitations/fields-schema.ts';
import { invitationIdSchema, userRouteErrors } from '../shared/invitations/route-parts.ts';
import { metricSettings } from '../shared/metrics.ts';
import { sendLimitSettings } from '../shared/send-limits/limits-from-environment.ts';

export const updateInvitationFunction = {
  // One conditional UpdateItem per request, refusals included (403 vs 404 from its answer);
  // a send makes it a transaction with the day's counters (and, for e-mail, the check of
  // the organization's suppression list), and one to the stored address or number reads
  // it first (GetItem): the counters are keyed by it.
  tables: {
    invitations: ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
    sendLimits: ['dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
  },
  settings: {
    SEND_COOLDOWN_SECONDS: 'sendCooldownSeconds',
    ...sendLimitSettings,
    ...metricSettings,
  },
  route: {
    method: 'PUT',
    path: '/v2/users/{userId}/invitation',
    authorizer: 'token',
    operationId: 'updateInvitation',
    summary: 'Update user invitation',
    description:
      "Updates the invitation of a user of the caller's organization; fields left out keep their value. `sendEmail` / `sendSms` (re)send it, at most once a minute per channel.",
    requestSchema: {
      name: 'InvitationUpdate',
      schema: invitationUpdateSchema,
      minProperties: 1,
      // The reference's example 1.
      example: { sendEmail: true },
    },
    success: {
      status: 200,
      description: 'Updated: the user id.',
      schema: { name: 'InvitationId', schema: invitationIdSchema, example: { id: 5 } },
    },
    errors: [
      ...userRouteErrors,
      'MalformedJson',
      'InvitationAlreadyAccepted',
      'PayloadTooLarge',
      'UnsupportedMediaType',
      'IdempotencyKeyReused',
      'InvitationRevoked',
      'PhoneNumberNotAllowed',
      'EmailAddressUndeliverable',
      'TooManyRequests',
      'SmsQuotaExceeded',
      'EmailQuotaExceeded',
    ],
    idempotencyKey: true,
  },
} as const satisfies FunctionDeclaration;
