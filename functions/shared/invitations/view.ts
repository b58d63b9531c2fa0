/**
 * An invitation as GET /v2/users/{userId}/invitation shows it to the caller's
 * organization (shape: view-schema.ts). Never a token, token hash, write id or idempotency
 * key: the view is built field by field from what may be shown, so a new stored attribute
 * stays hidden until it is added here.
 */
import { type Invitation, type SendChannel, sendChannels } from './invitation.ts';
import type { ChannelView, InvitationView } from './view-schema.ts';

/** The status a caller sees: a pending invitation past its expiration is expired. */
export function visibleStatus(invitation: Invitation, now: Date): InvitationView['status'] {
  if (
    invitation.status === 'pending' &&
    invitation.expiration !== undefined &&
    Date.parse(invitation.expiration) <= now.getTime()
  ) {
    return 'expired';
  }
  return invitation.status;
}

function channelView(invitation: Invitation, channel: SendChannel): ChannelView {
  const sends = invitation[channel.countField] ?? 0;
  const view: ChannelView = { sends };
  const lastRequestedAt = invitation[channel.requestedAtField];
  if (lastRequestedAt !== undefined) view.lastRequestedAt = lastRequestedAt;
  if (
    channel.name === 'email' &&
    invitation.emailAddress !== undefined &&
    invitation.emailAddress === invitation.emailUndeliverable
  ) {
    view.addressUndeliverable = true;
  }
  if (sends === 0) return view;
  if (invitation[channel.failedField] === sends) {
    view.delivery = 'failed';
    const reason = invitation[channel.failureField];
    if (reason !== undefined) view.failureReason = reason;
  } else if (invitation[channel.supersededField] === sends) {
    view.delivery = 'superseded';
  } else if (invitation[channel.unknownField] === sends) {
    view.delivery = 'unknown';
  } else if ((invitation[channel.confirmedField] ?? 0) >= sends) {
    view.delivery = 'sent';
  } else {
    view.delivery = 'requested';
  }
  const outcome = invitation[channel.outcomeField];
  if (outcome !== undefined && view.delivery === 'sent') {
    view.outcome = outcome;
    const at = invitation[channel.outcomeAtField];
    if (at !== undefined) view.outcomeAt = at;
  }
  return view;
}

export function toInvitationView(invitation: Invitation, now: Date): InvitationView {
  const shown = {
    language: invitation.language,
    expiration: invitation.expiration,
    emailAddress: invitation.emailAddress,
    phoneNumber: invitation.phoneNumber,
    createdAt: invitation.createdAt,
    updatedAt: invitation.updatedAt,
    acceptedAt: invitation.acceptedAt,
    acceptedChannel: invitation.acceptedChannel,
    revokedAt: invitation.revokedAt,
  };
  const [email, sms] = sendChannels.map((channel) => channelView(invitation, channel));
  return {
    id: invitation.userId,
    status: visibleStatus(invitation, now),
    ...Object.fromEntries(Object.entries(shown).filter(([, value]) => value !== undefined)),
    channels: { email: email ?? { sends: 0 }, sms: sms ?? { sends: 0 } },
  };
}
