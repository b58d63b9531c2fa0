/**
 * Who is calling: the context the TOKEN authorizer returns and API Gateway hands to the
 * handler in `event.requestContext.authorizer`. Both sides use this module, so the shape
 * is written down once. API Gateway context values are flat strings, numbers or booleans
 * (and may arrive stringified), hence the comma-joined roles and the coercion of ids.
 */
import * as z from 'zod/mini';
import { ApiError } from './http/errors.ts';

export const roles = ['owner', 'admin', 'member'] as const;
export type Role = (typeof roles)[number];

export const credentialKinds = ['session', 'apiKey'] as const;
export type CredentialKind = (typeof credentialKinds)[number];

const positiveId = z.pipe(
  z.union([z.number(), z.string().check(z.regex(/^[1-9]\d{0,15}$/))]),
  z.pipe(
    z.transform((value: number | string) => Number(value)),
    z.int().check(z.positive()),
  ),
);

const roleList = z.pipe(
  z.string(),
  z.pipe(
    z.transform((value: string) => value.split(',').filter((role) => role !== '')),
    z.array(z.enum(roles)),
  ),
);

/** The parsed caller; what the handler may rely on. */
export const callerSchema = z.object({
  principalId: z.string().check(z.minLength(1)),
  organizationId: positiveId,
  roles: roleList,
  credentialKind: z.enum(credentialKinds),
  // An organization API key acts for the organization, not for a user.
  userId: z.optional(
    z.union([
      positiveId,
      z.pipe(
        z.literal(''),
        z.transform(() => undefined),
      ),
    ]),
  ),
});

export type Caller = z.output<typeof callerSchema>;

/** What the authorizer puts in its result's `context` (and API Gateway passes on). */
export type AuthorizerContext = Record<string, string | number | boolean>;

export function toAuthorizerContext(caller: Caller): AuthorizerContext {
  return {
    principalId: caller.principalId,
    organizationId: caller.organizationId,
    roles: caller.roles.join(','),
    credentialKind: caller.credentialKind,
    ...(caller.userId === undefined ? {} : { userId: caller.userId }),
  };
}

/** 401 unless the request carries a well-formed authorizer context. */
export function parseCaller(authorizerContext: unknown): Caller {
  const result = callerSchema.safeParse(authorizerContext);
  if (!result.success) throw new ApiError('Unauthorized');
  return result.data;
}
