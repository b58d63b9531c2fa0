/** What create-invitation needs, beside its code (functions/shared/function-declaration.ts). */
import type { FunctionDeclaration } from '../shared/function-declaration.ts';
import { invitationIdSchema } from '../shared/invitations/route-parts.ts';
import { metricSettings } from '../shared/metrics.ts';
import { sendLimitSettings } from '../shared/send-limits/limits-from-environment.ts';
import { invitationCreationSchema } from './request-schema.ts';

export const createInvitationFunction = {
  // One conditional PutItem per request (a transaction with the day's counters and the
  // suppression check when it sends); a taken id, rare as it is, costs one more.
  tables: {
    invitations: ['dynamodb:PutItem'],
    sendLimits: ['dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
  },
  settings: { ...sendLimitSettings, ...metricSettings },
  route: {
    method: 'POST',
    path: '/v2/users',
    authorizer: 'token',
    operationId: 'createInvitation',
    summary: 'Create user invitation',
    description:
      "Creates a user's invitation in the caller's organization, at an id the server picks, and sends it at once with `sendEmail` / `sendSms`. The PUT's fields and rules, and an address: `emailAddress`, `phoneNumber` or both. Retry it with the same `Idempotency-Key` to get the same id back.",
    requestSchema: {
      name: 'InvitationCreation',
      schema: invitationCreationSchema,
      example: { emailAddress: 'new.user@example.com', language: 'nl', sendEmail: true },
    },
    success: {
      status: 201,
      description: 'Created: the new user id.',
      schema: {
        name: 'InvitationId',
        schema: invitationIdSchema,
        example: { id: 4180372938471123 },
      },
    },
    errors: [
      'ValidationFailed',
      'MalformedJson',
      'Unauthorized',
      'InsufficientRights',
      'PayloadTooLarge',
      'UnsupportedMediaType',
      'IdempotencyKeyReused',
      'PhoneNumberNotAllowed',
      'SmsQuotaExceeded',
      'EmailQuotaExceeded',
      'InternalError',
      'ServiceUnavailable',
    ],
    idempotencyKey: true,
  },
} as const satisfies FunctionDeclaration;
