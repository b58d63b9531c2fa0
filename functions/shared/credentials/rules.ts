/**
 * What makes a credential acceptable, as plain functions: no AWS here. The authorizer
 * decides 401 only; what the caller may do with a valid credential is the handler's call.
 */
import type { Caller, CredentialKind, Role } from '../identity.ts';

/** A stored credential: everything but the credential itself, which is never stored. */
export interface Credential {
  credentialHash: string;
  organizationId: number;
  /** Absent for an organization API key. */
  userId?: number;
  roles: Role[];
  kind: CredentialKind;
  /** ISO 8601; absent: does not expire. */
  expiresAt?: string;
  revoked: boolean;
  createdAt: string;
  label?: string;
  /**
   * The API Gateway API key of its organization's usage plan share (not a secret: API
   * Gateway takes it from the authorizer only). Absent: the stack's shared key.
   */
  usageKey?: string;
}

/** Longer headers are refused before hashing: nothing we issue comes near it. */
const maxCredentialLength = 512;

const bearer = /^bearer +([\x21-\x7e]+)$/i;

/** The credential of an `Authorization: Bearer <credential>` header, or undefined. */
export function bearerCredential(header: string | undefined): string | undefined {
  if (header === undefined || header.length > maxCredentialLength + 'bearer '.length + 8) {
    return undefined;
  }
  const credential = bearer.exec(header.trim())?.[1];
  return credential !== undefined && credential.length <= maxCredentialLength
    ? credential
    : undefined;
}

export function isCredentialValid(credential: Credential, now: Date): boolean {
  if (credential.revoked) return false;
  return credential.expiresAt === undefined || Date.parse(credential.expiresAt) > now.getTime();
}

/** Who the credential speaks for; the principal id never contains the credential. */
export function callerOf(credential: Credential): Caller {
  const principalId =
    credential.userId === undefined
      ? `apikey/${credential.credentialHash.slice(0, 16)}`
      : `user/${credential.userId}`;
  return {
    principalId,
    organizationId: credential.organizationId,
    roles: credential.roles,
    credentialKind: credential.kind,
    ...(credential.userId === undefined ? {} : { userId: credential.userId }),
  };
}

/**
 * The usage plan key API Gateway counts the credential's requests against: its
 * organization's own, so that one organization's traffic never throttles another's, or the
 * stack's shared key for an organization that has none yet.
 */
export function usageKeyOf(credential: Credential, sharedUsageKey: string): string {
  return credential.usageKey ?? sharedUsageKey;
}

/**
 * `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/*\/*` from the called method's ARN.
 * API Gateway caches the policy per token and applies it to every route the token calls
 * next, so it must allow the whole API, not only the method that was called first.
 */
export function apiWideResource(methodArn: string): string {
  // arn:aws:execute-api:{region}:{account}:{apiId} / {stage} / {method} / {path...}
  const [api, stage] = methodArn.split('/');
  if (api?.split(':').length !== 6 || !api.startsWith('arn:') || !stage) {
    throw new Error(`Unexpected methodArn: ${methodArn}`);
  }
  return `${api}/${stage}/*/*`;
}
