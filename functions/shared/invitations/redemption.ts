/**
 * The invitee's side, the rules: which link still works, what its page may show, whether
 * it can be accepted. Plain functions; redeem-invitation.ts applies them to the store.
 */
import { ApiError } from '../http/errors.ts';
import type { Invitation, SendChannel } from './invitation.ts';
import { type InvitationToken, tokenMatches } from './invitation-token.ts';
import type { InvitationPreview } from './preview-schema.ts';
import { visibleStatus } from './view.ts';

/**
 * 404 unless the link is the current one of its channel, sent to the channel's address as
 * it still is, on an invitation that is not revoked: an unknown, older, revoked link, or
 * one whose address was changed since, answers exactly like a made-up one.
 */
export function checkLinkWorks(
  invitation: Invitation | undefined,
  { channel, token }: InvitationToken,
): asserts invitation is Invitation {
  if (
    invitation === undefined ||
    invitation.status === 'revoked' ||
    !tokenMatches(token, invitation[channel.linkTokenHashField]) ||
    // Links from before the binding carry no address.
    (invitation[channel.linkAddressField] !== undefined &&
      invitation[channel.linkAddressField] !== invitation[channel.addressField])
  ) {
    throw new ApiError('InvitationNotFound');
  }
}

/** What the accept page needs, and nothing more (no address, no organization). */
export function previewOf(
  invitation: Invitation,
  channel: SendChannel,
  now: Date,
): InvitationPreview {
  const status = visibleStatus(invitation, now);
  return {
    // A working link is never revoked (checkLinkWorks).
    status: status === 'revoked' ? 'expired' : status,
    language: invitation.language ?? 'en',
    ...(invitation.expiration === undefined ? {} : { expiration: invitation.expiration }),
    channel: channel.name,
  };
}

/** 409 if accepted already, 410 if past its expiration; returns when it can be accepted. */
export function checkAcceptable(invitation: Invitation, now: Date): void {
  const status = visibleStatus(invitation, now);
  if (status === 'accepted') throw new ApiError('InvitationAlreadyAccepted');
  if (status === 'expired') throw new ApiError('InvitationExpired');
}
