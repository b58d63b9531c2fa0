/** What the invitation routes' declarations share: error lists, schemas and examples. */
import * as z from 'zod/mini';
import type { ErrorCode } from '../http/errors.ts';
import { invitationTokenRequestSchema } from './redemption-schema.ts';

/**
 * The invitee's routes, all clients together: half the stage's default, so anonymous
 * traffic never takes all of it from the authenticated routes, and far above what WAF lets
 * one address send (infra/firewall.ts), so one client's flood is not every invitee's 429.
 */
export const redemptionThrottling = { rateLimit: 25, burstLimit: 50 };
export const redemptionErrors = [
  'ValidationFailed',
  'MalformedJson',
  'InvitationNotFound',
  'PayloadTooLarge',
  'UnsupportedMediaType',
  'InternalError',
  'ServiceUnavailable',
] as const satisfies readonly ErrorCode[];
export const tokenRequest = {
  name: 'InvitationToken',
  schema: invitationTokenRequestSchema,
  // The demo invitee's e-mail link (local/fixtures/demo.json).
  example: { token: '9.email.demo-invitee-link-token-00000009' },
};

/** An invitation as GET and the list show it, for the OpenAPI description. */
export const invitationViewExample = {
  id: 5,
  status: 'pending',
  language: 'de',
  expiration: '2027-06-23T13:53:02+02:00',
  emailAddress: 'new.user@example.com',
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-26T10:15:00.000Z',
  channels: {
    email: { sends: 1, lastRequestedAt: '2026-11-26T10:15:00.000Z', delivery: 'sent' },
    sms: { sends: 0 },
  },
};

/** The `{ "id": <userId> }` a write answers. */
export const invitationIdSchema = z.strictObject({ id: z.int().check(z.minimum(1)) });

/** What every route of a user's invitation answers about the path and the caller. */
export const userRouteErrors = [
  'ValidationFailed',
  'Unauthorized',
  'InsufficientRights',
  'UserNotFound',
  'InternalError',
  'ServiceUnavailable',
] as const satisfies readonly ErrorCode[];
