/**
 * What the contract says a request must get, given the invitation as stored before it:
 * written from the contract and the project's documented decisions (the order of checks,
 * Idempotency-Key), not from the code under test.
 */
import type { Invitation } from '../../functions/shared/invitations/invitation.ts';
import { defaultAllowedCallingCodes } from '../../functions/shared/send-limits/rules.ts';
import type { FuzzRequest, Update } from './requests.ts';

export interface Expected {
  /** The status, or the statuses a race with the clock allows (cool-down boundary). */
  statuses: number[];
  /** The error code, when the status alone does not name it. */
  code?: string;
  /** What the store must show afterwards. */
  effect: 'unchanged' | 'applied' | 'applied-or-unchanged' | 'revoked';
}

/** The last keyed request that changed an invitation: what its key stands for. */
export interface KeyedWrite {
  key: string;
  token: string;
  canonicalBody: string;
}

const refused = (status: number, code?: string): Expected => ({
  statuses: [status],
  ...(code ? { code } : {}),
  effect: 'unchanged',
});

export const canonicalBody = (update: Update) =>
  JSON.stringify(Object.entries(update).sort(([a], [b]) => (a < b ? -1 : 1)));

const maxBodyBytes = 16 * 1024;

export function expectedOutcome(
  request: FuzzRequest,
  stored: Invitation | undefined,
  lastKeyed: KeyedWrite | undefined,
  now: number,
  cooldownMs: number,
): Expected {
  const { route } = request;
  if (route.kind === 'none') return refused(403, 'MissingAuthenticationToken');
  if (request.method === 'OPTIONS') return { statuses: [200, 204], effect: 'unchanged' };
  if (request.method === 'GET') return expectedRead(request, stored);
  if (request.method === 'DELETE') return expectedRevocation(request, stored);
  if (request.method !== 'PUT') return refused(403, 'MissingAuthenticationToken');

  const { caller } = request;
  if (caller === undefined) return refused(401, 'Unauthorized');
  if (request.body.byteLength > maxBodyBytes) return refused(413, 'PayloadTooLarge');
  if (!request.contentType.json) return refused(415, 'UnsupportedMediaType');
  if (request.bodyKind.kind === 'malformed') return refused(400, 'MalformedJson');
  if (!route.userId.valid || request.bodyKind.kind === 'invalid') {
    return refused(400, 'ValidationFailed');
  }
  if (request.idempotencyKey !== undefined && request.idempotencyKey.key === undefined) {
    return refused(400, 'ValidationFailed');
  }

  const { update } = request.bodyKind;
  // Before anything is read or written: a number SMS may never go to (the default list).
  const phoneDigits = update.phoneNumber?.slice(1);
  if (
    phoneDigits !== undefined &&
    !defaultAllowedCallingCodes.some((code) => phoneDigits.startsWith(code))
  ) {
    return refused(400, 'PhoneNumberNotAllowed');
  }
  if (stored === undefined || stored.organizationId !== caller.organizationId) {
    return refused(404, 'UserNotFound');
  }
  if (!caller.mayManage) return refused(403, 'InsufficientRights');
  const key = request.idempotencyKey?.key;
  if (key !== undefined && lastKeyed?.key === key) {
    return lastKeyed.token === caller.token && lastKeyed.canonicalBody === canonicalBody(update)
      ? { statuses: [200], effect: 'unchanged' }
      : refused(422, 'IdempotencyKeyReused');
  }
  if (stored.status === 'accepted') return refused(409, 'InvitationAlreadyAccepted');
  if (stored.status === 'revoked') return refused(409, 'InvitationRevoked');
  const sends = [
    {
      flag: update.sendEmail,
      address: update.emailAddress ?? stored.emailAddress,
      last: stored.emailSendRequestedAt,
    },
    {
      flag: update.sendSms,
      address: update.phoneNumber ?? stored.phoneNumber,
      last: stored.smsSendRequestedAt,
    },
  ].filter((send) => send.flag === true);
  if (sends.some((send) => send.address === undefined)) return refused(400, 'ValidationFailed');

  // The server's clock and ours differ by the time the request takes: a margin either side.
  const margin = 500;
  const ages = sends.map((send) =>
    send.last === undefined ? Infinity : now - Date.parse(send.last),
  );
  if (ages.some((age) => age < cooldownMs - margin)) return refused(429, 'TooManyRequests');
  if (ages.some((age) => age <= cooldownMs + margin)) {
    return { statuses: [200, 429], effect: 'applied-or-unchanged' };
  }
  return { statuses: [200], effect: 'applied' };
}

/** GET reads: no body, no content type, the PUT's access answers, nothing changes. */
function expectedRead(request: FuzzRequest, stored: Invitation | undefined): Expected {
  const { caller, route } = request;
  if (route.kind === 'none') return refused(403, 'MissingAuthenticationToken');
  if (caller === undefined) return refused(401, 'Unauthorized');
  if (!route.userId.valid) return refused(400, 'ValidationFailed');
  if (stored === undefined || stored.organizationId !== caller.organizationId) {
    return refused(404, 'UserNotFound');
  }
  if (!caller.mayManage) return refused(403, 'InsufficientRights');
  return { statuses: [200], effect: 'unchanged' };
}

/** DELETE revokes a pending invitation; a revoked one stays as it is; an accepted one is 409. */
function expectedRevocation(request: FuzzRequest, stored: Invitation | undefined): Expected {
  const access = expectedRead(request, stored);
  if (access.statuses[0] !== 200 || stored === undefined) return access;
  if (stored.status === 'accepted') return refused(409, 'InvitationAlreadyAccepted');
  if (stored.status === 'revoked') return { statuses: [204], effect: 'unchanged' };
  return { statuses: [204], effect: 'revoked' };
}

/** The invitation's attributes the PUT owns (the sender's bookkeeping changes on its own). */
export const putOwnedFields = [
  'userId',
  'organizationId',
  'status',
  'language',
  'expiration',
  'emailAddress',
  'phoneNumber',
  'emailSendCount',
  'smsSendCount',
  'emailSendRequestedAt',
  'smsSendRequestedAt',
  'updatedAt',
  'createdAt',
  'lastWriteId',
  'idempotencyKey',
  'idempotencyFingerprint',
  'idempotencyKeyUsedAt',
] as const;

export function putOwned(invitation: Invitation | undefined) {
  if (invitation === undefined) return undefined;
  return Object.fromEntries(
    putOwnedFields
      .filter((field) => invitation[field] !== undefined)
      .map((field) => [field, invitation[field]]),
  );
}

/**
 * The invitation after an applied update, in the fields a test can predict: what was sent
 * replaces what was stored, each send counts once, nothing else moves.
 */
export function appliedTo(before: Invitation, update: Update, idempotencyKey: string | undefined) {
  return {
    userId: before.userId,
    organizationId: before.organizationId,
    status: before.status,
    language: update.language ?? before.language,
    expiration: update.expiration ?? before.expiration,
    emailAddress: update.emailAddress ?? before.emailAddress,
    phoneNumber: update.phoneNumber ?? before.phoneNumber,
    emailSendCount: (before.emailSendCount ?? 0) + (update.sendEmail === true ? 1 : 0) || undefined,
    smsSendCount: (before.smsSendCount ?? 0) + (update.sendSms === true ? 1 : 0) || undefined,
    createdAt: before.createdAt,
    idempotencyKey: idempotencyKey ?? before.idempotencyKey,
  };
}
