/**
 * The rules of updating an invitation, as plain functions: no AWS, no HTTP framework.
 * The storage layer encodes the same rules as one DynamoDB condition (table.ts); when
 * that condition fails, `checkUpdate` run on the item DynamoDB returns names the rule.
 */
import { ApiError } from '../http/errors.ts';
import type { Caller } from '../identity.ts';
import type { InvitationUpdate } from './fields-schema.ts';
import { type Invitation, type SendChannel, sendChannels } from './invitation.ts';

const managerRoles: ReadonlySet<string> = new Set(['owner', 'admin']);

export function mayManageInvitations(caller: Caller): boolean {
  return caller.roles.some((role) => managerRoles.has(role));
}

/** The channels on which this update asks for a (re)send. */
export function requestedSends(update: InvitationUpdate): SendChannel[] {
  return sendChannels.filter((channel) => update[channel.sendFlag] === true);
}

/** Where one requested send goes. */
export interface SendDestination {
  channel: SendChannel;
  to: string;
  /** Read from the item, not sent in the request: the write requires the item still holds it. */
  stored: boolean;
}

/**
 * Where each requested send goes, and so what it is checked and counted for: the address
 * in the request, else the one stored. A send with neither has no destination (the rules
 * refuse it).
 */
export function sendDestinations(
  update: InvitationUpdate,
  stored: Invitation | undefined,
): SendDestination[] {
  return requestedSends(update).flatMap((channel) => {
    const sent = update[channel.addressField];
    const to = sent ?? stored?.[channel.addressField];
    return to === undefined ? [] : [{ channel, to, stored: sent === undefined }];
  });
}

/** Seconds between two sends on one channel, unless the stack says otherwise. */
export const defaultCooldownSeconds = 60;

/** The moment before which a last send on a channel no longer blocks a new one. */
export function cooldownStart(now: Date, cooldownSeconds: number): Date {
  return new Date(now.getTime() - cooldownSeconds * 1000);
}

/** What a PUT carries to recognise its own repeats. */
export interface WriteIdentity {
  /** New for each PUT: a retry of its one write (the SDK's) carries the same id. */
  writeId: string;
  /** From the Idempotency-Key header: a client's retry of the same request. */
  idempotency?: { key: string; fingerprint: string };
}

/** The moment before which a remembered Idempotency-Key no longer counts. */
export function idempotencyWindowStart(now: Date, windowSeconds: number): Date {
  return new Date(now.getTime() - windowSeconds * 1000);
}

/**
 * Whether a refused write repeats one that already landed, judged on the item as it is:
 * its last write id is ours (an SDK retry of a write that landed), or it remembers our
 * Idempotency-Key with our request's fingerprint (a client's retry). The same key with
 * another request is a client error. Call after `checkAccess`: a key says nothing to a
 * caller who may not see the invitation.
 */
export function isRepeatOfLandedWrite(
  invitation: Invitation,
  identity: WriteIdentity,
  idempotencyWindowStartsAt: Date,
): boolean {
  if (invitation.lastWriteId === identity.writeId) return true;
  const { idempotency } = identity;
  if (
    idempotency === undefined ||
    invitation.idempotencyKey !== idempotency.key ||
    invitation.idempotencyKeyUsedAt === undefined ||
    Date.parse(invitation.idempotencyKeyUsedAt) <= idempotencyWindowStartsAt.getTime()
  ) {
    return false;
  }
  if (invitation.idempotencyFingerprint !== idempotency.fingerprint) {
    throw new ApiError('IdempotencyKeyReused');
  }
  return true;
}

/**
 * 403 unless the caller may manage invitations: pending invitations and their invitees'
 * addresses are for admins and owners only, one by one (GET) as in a list.
 */
export function checkMayManage(caller: Caller): void {
  if (!mayManageInvitations(caller)) throw new ApiError('InsufficientRights');
}

/** 404 unless the caller's organization holds the invitation; 403 unless they may manage it. */
export function checkAccess(
  invitation: Invitation | undefined,
  caller: Caller,
): asserts invitation is Invitation {
  // Another organization's user answers exactly like a missing one: no existence leak.
  if (invitation === undefined || invitation.organizationId !== caller.organizationId) {
    throw new ApiError('UserNotFound');
  }
  checkMayManage(caller);
}

/** Only a pending invitation changes: an accepted one is done, a revoked one withdrawn. */
export function checkChangeable(invitation: Invitation): void {
  if (invitation.status === 'accepted') throw new ApiError('InvitationAlreadyAccepted');
  if (invitation.status === 'revoked') throw new ApiError('InvitationRevoked');
}

export interface UpdateCheck {
  invitation: Invitation | undefined;
  caller: Caller;
  update: InvitationUpdate;
  now: Date;
  cooldownSeconds: number;
}

/**
 * Throws the ApiError of the first rule the update breaks, in the order a client should
 * learn of them; returns when the update is allowed.
 */
export function checkUpdate({
  invitation,
  caller,
  update,
  now,
  cooldownSeconds,
}: UpdateCheck): void {
  checkAccess(invitation, caller);
  checkChangeable(invitation);

  const sends = requestedSends(update);
  const unreachable = sends.filter(
    (channel) => (update[channel.addressField] ?? invitation[channel.addressField]) === undefined,
  );
  if (unreachable.length > 0) {
    throw new ApiError('ValidationFailed', {
      errors: unreachable.map((channel) => ({
        path: channel.sendFlag,
        message: `needs ${channel.addressField} on the invitation or in this request`,
      })),
    });
  }

  // A hard bounce or a complaint marked the address; another address may be tried.
  const emailTo = update.emailAddress ?? invitation.emailAddress;
  if (update.sendEmail === true && emailTo === invitation.emailUndeliverable) {
    throw new ApiError('EmailAddressUndeliverable', {
      errors: [{ path: 'sendEmail', message: `${emailTo} bounced or complained` }],
    });
  }

  const earliest = cooldownStart(now, cooldownSeconds).getTime();
  const waits = sends.flatMap((channel) => {
    const last = invitation[channel.requestedAtField];
    const lastMs = last === undefined ? Number.NaN : Date.parse(last);
    return lastMs > earliest ? [lastMs - earliest] : [];
  });
  if (waits.length > 0) {
    throw new ApiError('TooManyRequests', {
      retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)),
    });
  }
}

/** What a create carries to recognise its own repeats (the PUT's WriteIdentity, for a create). */
export interface CreationIdentity {
  organizationId: number;
  /** New for each create: an SDK retry of its one write carries the same id. */
  writeId: string;
  idempotency?: { key: string; fingerprint: string };
}

/**
 * The invitation a create writes: pending, the fields sent, and its sends requested (each
 * channel's first), so the sender delivers them from the table's stream as after a PUT.
 */
export function newInvitation(
  userId: number,
  creation: InvitationUpdate,
  identity: CreationIdentity,
  now: Date,
): Invitation {
  const at = now.toISOString();
  const invitation: Invitation = {
    userId,
    organizationId: identity.organizationId,
    status: 'pending',
    ...(creation.language === undefined ? {} : { language: creation.language }),
    ...(creation.expiration === undefined ? {} : { expiration: creation.expiration }),
    ...(creation.emailAddress === undefined ? {} : { emailAddress: creation.emailAddress }),
    ...(creation.phoneNumber === undefined ? {} : { phoneNumber: creation.phoneNumber }),
    createdAt: at,
    updatedAt: at,
    lastWriteId: identity.writeId,
    creationWriteId: identity.writeId,
    ...(identity.idempotency === undefined
      ? {}
      : {
          creationIdempotencyKey: identity.idempotency.key,
          creationFingerprint: identity.idempotency.fingerprint,
        }),
  };
  for (const channel of requestedSends(creation)) {
    invitation[channel.requestedAtField] = at;
    invitation[channel.countField] = 1;
    const to = creation[channel.addressField];
    if (to !== undefined) invitation[channel.sendToField] = to;
  }
  return invitation;
}

/**
 * Whether the invitation a create found at its id is its own, landed before: an SDK retry
 * of its write (its write id), or a client's retry with the same Idempotency-Key within its
 * window (the same request, else IdempotencyKeyReused). Anything else holding the id is
 * another invitation: the create takes the next id.
 */
export function isRepeatOfCreation(
  existing: Invitation | undefined,
  identity: CreationIdentity,
  idempotencyWindowStartsAt: Date,
): boolean {
  if (existing === undefined || existing.organizationId !== identity.organizationId) return false;
  if (existing.creationWriteId === identity.writeId) return true;
  const { idempotency } = identity;
  if (
    idempotency === undefined ||
    existing.creationIdempotencyKey !== idempotency.key ||
    Date.parse(existing.createdAt ?? '') <= idempotencyWindowStartsAt.getTime()
  ) {
    return false;
  }
  if (existing.creationFingerprint !== idempotency.fingerprint) {
    throw new ApiError('IdempotencyKeyReused');
  }
  return true;
}
