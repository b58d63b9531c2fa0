/**
 * The route table: which method and path run which function, behind which authorizer.
 * The CDK stack and the local emulator both read it, so they cannot drift.
 */
import * as z from 'zod/mini';
import type { ErrorCode } from '../functions/shared/http/errors.ts';
import { invitationCreationSchema } from '../functions/shared/invitations/create-schema.ts';
import { invitationListQuerySchema } from '../functions/shared/invitations/list-schema.ts';
import { invitationPreviewSchema } from '../functions/shared/invitations/preview-schema.ts';
import { invitationTokenRequestSchema } from '../functions/shared/invitations/redemption-schema.ts';
import { invitationUpdateSchema } from '../functions/shared/invitations/schema.ts';
import {
  invitationListSchema,
  invitationViewSchema,
} from '../functions/shared/invitations/view-schema.ts';
import type { FunctionName } from './functions.ts';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway resource path, with `{name}` path parameters. */
  path: string;
  function: FunctionName;
  authorizer: 'token' | 'none';
  /** For the OpenAPI description. */
  operationId: string;
  summary: string;
  description: string;
  /**
   * The JSON body's schema; `minProperties` where the schema asks for at least one field;
   * an example that works on `npm start`'s demo data (the docs page proposes it).
   */
  requestSchema?: { name: string; schema: z.ZodMiniType; minProperties?: number; example: unknown };
  /** The query string's parameters, each optional: their names, types and descriptions. */
  querySchema?: z.ZodMiniObject;
  /** The answer when it succeeds, and its body's schema (none for 204). */
  success: {
    status: 200 | 201 | 204;
    description: string;
    schema?: { name: string; schema: z.ZodMiniType; example: unknown };
  };
  /** The error codes the function itself answers (API Gateway's own come on top). */
  errors: readonly ErrorCode[];
  /** Accepts an Idempotency-Key (functions/shared/idempotency.ts). */
  idempotencyKey?: boolean;
  /**
   * Tighter than the stage's limits (requests per second, burst): routes anyone can call
   * without a credential.
   */
  throttling?: { rateLimit: number; burstLimit: number };
}

/**
 * The invitee's routes, all clients together: half the stage's default, so anonymous
 * traffic never takes all of it from the authenticated routes, and far above what WAF lets
 * one address send (firewall.ts), so one client's flood is not every invitee's 429.
 */
const redemptionThrottling = { rateLimit: 25, burstLimit: 50 };
const redemptionErrors = [
  'ValidationFailed',
  'MalformedJson',
  'InvitationNotFound',
  'PayloadTooLarge',
  'UnsupportedMediaType',
  'InternalError',
  'ServiceUnavailable',
] as const satisfies readonly ErrorCode[];
const tokenRequest = {
  name: 'InvitationToken',
  schema: invitationTokenRequestSchema,
  // The demo invitee's e-mail link (local/fixtures/demo.json).
  example: { token: '9.email.demo-invitee-link-token-00000009' },
};

/** An invitation as GET and the list show it, for the OpenAPI description. */
const invitationViewExample = {
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
const invitationIdSchema = z.strictObject({ id: z.int().check(z.minimum(1)) });

/** What every route of a user's invitation answers about the path and the caller. */
const userRouteErrors = [
  'ValidationFailed',
  'Unauthorized',
  'InsufficientRights',
  'UserNotFound',
  'InternalError',
  'ServiceUnavailable',
] as const satisfies readonly ErrorCode[];

export const routes: readonly Route[] = [
  {
    method: 'POST',
    path: '/v2/users',
    function: 'create-invitation',
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
  {
    method: 'PUT',
    path: '/v2/users/{userId}/invitation',
    function: 'update-invitation',
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
  {
    method: 'GET',
    path: '/v2/users/{userId}/invitation',
    function: 'get-invitation',
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
  {
    method: 'GET',
    path: '/v2/invitations',
    function: 'list-invitations',
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
  {
    method: 'DELETE',
    path: '/v2/users/{userId}/invitation',
    function: 'revoke-invitation',
    authorizer: 'token',
    operationId: 'revokeInvitation',
    summary: 'Revoke user invitation',
    description:
      'Revokes a pending invitation: its links stop working at once, a send not yet delivered is not sent, a later PUT answers 409 `InvitationRevoked`. The invitation is kept (GET shows it revoked). Revoking it again answers 204; an accepted invitation cannot be revoked (409).',
    success: { status: 204, description: 'Revoked (or already revoked); no body.' },
    errors: [...userRouteErrors, 'InvitationAlreadyAccepted'],
  },
  {
    method: 'POST',
    path: '/v2/invitations/preview',
    function: 'preview-invitation',
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
  {
    method: 'POST',
    path: '/v2/invitations/accept',
    function: 'accept-invitation',
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
];

/** The `{name}` path parameters of a route's path, in order. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name ?? '');
}

/** The TOKEN authorizer in front of protected routes. */
export const tokenAuthorizer = {
  function: 'authorizer' as FunctionName,
  header: 'Authorization',
  /**
   * API Gateway refuses a header that does not match with 401 before the authorizer runs
   * (a Java regex there, a JS one locally: written to mean the same in both). The
   * authorizer's own parsing (functions/shared/credentials/rules.ts) stays the authority.
   */
  validationRegex: '^[Bb][Ee][Aa][Rr][Ee][Rr] +[\\x21-\\x7E]+$',
  /** API Gateway's default; a revoked credential keeps working until its entry expires. */
  cacheTtlSeconds: 300,
} as const;
