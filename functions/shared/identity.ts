/**
 * Who is calling: the context the TOKEN authorizer returns and API Gateway hands to the
 * handler in `event.requestContext.authorizer`. Both sides use this module, so the shape
 * is written down once. API Gateway context values are flat strings, numbers or booleans
 * (and may arrive stringified), hence the comma-joined roles and the coercion of ids.
 *
 * Plain code rather than a zod schema: the shape is ours and tiny, and a schema here cost
 * ~2 ms of every cold start (bench/).
 */
import { ApiError } from './http/errors.ts';
import { parsePositiveId } from './ids.ts';

export const roles = ['owner', 'admin', 'member'] as const;
export type Role = (typeof roles)[number];

const credentialKinds = ['session', 'apiKey'] as const;
export type CredentialKind = (typeof credentialKinds)[number];

/** The parsed caller; what the handler may rely on. */
export interface Caller {
  principalId: string;
  organizationId: number;
  roles: Role[];
  credentialKind: CredentialKind;
  /** Absent for an organization API key: it acts for the organization, not for a user. */
  userId?: number;
}

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
  const caller = readCaller(authorizerContext);
  if (caller === undefined) throw new ApiError('Unauthorized');
  return caller;
}

function readCaller(context: unknown): Caller | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  const {
    principalId,
    organizationId,
    roles: roleList,
    credentialKind,
    userId,
  } = context as Record<string, unknown>;
  const organization = parsePositiveId(organizationId);
  const parsedRoles = typeof roleList === 'string' ? roleList.split(',').filter(Boolean) : [];
  const user = userId === undefined || userId === '' ? undefined : parsePositiveId(userId);
  if (
    typeof principalId !== 'string' ||
    principalId === '' ||
    organization === undefined ||
    typeof roleList !== 'string' ||
    !parsedRoles.every(isRole) ||
    !credentialKinds.includes(credentialKind as CredentialKind) ||
    (userId !== undefined && userId !== '' && user === undefined)
  ) {
    return undefined;
  }
  return {
    principalId,
    organizationId: organization,
    roles: parsedRoles,
    credentialKind: credentialKind as CredentialKind,
    ...(user === undefined ? {} : { userId: user }),
  };
}

const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);
