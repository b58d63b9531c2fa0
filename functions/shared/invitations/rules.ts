/**
 * The rules of updating an invitation, as plain functions: no AWS, no HTTP framework.
 * The storage layer encodes the same rules as one DynamoDB condition (table.ts); when
 * that condition fails, `checkUpdate` run on the item DynamoDB returns names the rule.
 */
import { ApiError } from '../http/errors.ts';
import type { Caller } from '../identity.ts';
import { type Invitation, type SendChannel, sendChannels } from './invitation.ts';
import type { InvitationUpdate } from './schema.ts';

const managerRoles: ReadonlySet<string> = new Set(['owner', 'admin']);

export function mayManageInvitations(caller: Caller): boolean {
  return caller.roles.some((role) => managerRoles.has(role));
}

/** The channels on which this update asks for a (re)send. */
export function requestedSends(update: InvitationUpdate): SendChannel[] {
  return sendChannels.filter((channel) => update[channel.sendFlag] === true);
}

/** The moment before which a last send on a channel no longer blocks a new one. */
export function cooldownStart(now: Date, cooldownSeconds: number): Date {
  return new Date(now.getTime() - cooldownSeconds * 1000);
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
  // Another organization's user answers exactly like a missing one: no existence leak.
  if (invitation === undefined || invitation.organizationId !== caller.organizationId) {
    throw new ApiError('UserNotFound');
  }
  if (!mayManageInvitations(caller)) throw new ApiError('InsufficientRights');
  if (invitation.status === 'accepted') throw new ApiError('InvitationAlreadyAccepted');

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
