/**
 * The route table: which method and path run which function, behind which authorizer.
 * The CDK stack and the local emulator both read it, so they cannot drift.
 */
import type * as z from 'zod/mini';
import { invitationUpdateSchema } from '../functions/shared/invitations/schema.ts';
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
  /** The JSON body's schema; `minProperties` where the schema asks for at least one field. */
  requestSchema?: { name: string; schema: z.ZodMiniType; minProperties?: number };
}

export const routes: readonly Route[] = [
  {
    method: 'PUT',
    path: '/v2/users/{userId}/invitation',
    function: 'update-invitation',
    authorizer: 'token',
    operationId: 'updateInvitation',
    summary: 'Update user invitation',
    description:
      "Updates the invitation of a user of the caller's organization; fields left out keep their value. `sendEmail` / `sendSms` (re)send it, at most once a minute per channel.",
    requestSchema: { name: 'InvitationUpdate', schema: invitationUpdateSchema, minProperties: 1 },
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

/** The stage name in deployed URLs and method ARNs. */
export const defaultStageName = 'v1';
