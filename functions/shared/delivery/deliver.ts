/**
 * Delivering one send request, at most once, to where it was asked to go: claim it (a
 * conditional write that also issues the new link, and holds only while the channel's
 * address is the request's destination), render the message in the invitation's language,
 * hand it to the transport, confirm. A failure that proves nothing was sent gives the
 * claim back so the retry can take it; a permanent refusal is recorded, not retried; any
 * other failure may have sent the message, and is recorded as unknown, not retried.
 */
import { sha256Hex } from '../hash.ts';
import { newInvitationToken } from '../invitations/invitation-token.ts';
import type { InvitationsTable } from '../invitations/table.ts';
import { logger } from '../logger.ts';
import { countMetric } from '../metrics.ts';
import { invitationLink } from './links.ts';
import { renderEmail, renderSms, type Templates } from './messages.ts';
import type { SendRequest } from './send-requests.ts';
import {
  type Accepted,
  MessageNotTakenError,
  PermanentDeliveryError,
  type Transport,
} from './transport.ts';

export interface DeliverySettings {
  /** The invitations table: where a send request is claimed, confirmed or given back. */
  table: Pick<
    InvitationsTable,
    | 'claimDelivery'
    | 'confirmDelivery'
    | 'releaseDelivery'
    | 'recordDeliveryFailure'
    | 'recordDeliveryUnknown'
  >;
  transport: Transport;
  templates: Templates;
  /** Where the link points; the token is added as `#token=` (links.ts says why). */
  linkBaseUrl: string;
  /** The From address of e-mails. */
  emailFrom: string;
  /** How long a claim may stay unconfirmed by a sender still running: its timeout. */
  claimTimeoutSeconds: number;
}

export type DeliveryOutcome = 'sent' | 'nothing-to-send' | 'superseded' | 'refused' | 'unknown';

export async function deliver(
  request: SendRequest,
  settings: DeliverySettings,
): Promise<DeliveryOutcome> {
  const { userId, channel, sendNumber } = request;
  const token = newInvitationToken(userId, channel);
  const claim = await settings.table.claimDelivery({
    userId,
    channel,
    sendNumber,
    linkTokenHash: sha256Hex(token),
    now: new Date(),
  });
  if (!claim.claimed) {
    if (!claim.superseded) return 'nothing-to-send';
    logger.info('send request superseded', { userId, channel: channel.name, sendNumber });
    countMetric('Deliveries', { Channel: channel.name, Result: 'superseded' });
    return 'superseded';
  }
  const { invitation, to } = claim;

  const values = {
    link: invitationLink(settings.linkBaseUrl, token),
    expiration: invitation.expiration,
  };
  const language = invitation.language ?? 'en';
  let accepted: Accepted;
  // The time the events of this send carry: the hand-over's start, which comes before
  // anything the provider reports of the message.
  const handedOverAt = new Date();
  try {
    if (channel.name === 'email') {
      const content = renderEmail(settings.templates, language, values);
      accepted = await settings.transport.sendEmail({
        ...content,
        from: settings.emailFrom,
        to,
        tags: {
          userId: String(userId),
          organizationId: String(invitation.organizationId),
          sendNumber: String(sendNumber),
        },
      });
    } else {
      accepted = await settings.transport.sendSms({
        ...renderSms(settings.templates, language, values),
        to,
      });
    }
  } catch (error) {
    if (error instanceof PermanentDeliveryError) {
      const reason = withoutAddresses(error.message);
      logger.warn('delivery refused', { userId, channel: channel.name, sendNumber, reason });
      await settings.table.recordDeliveryFailure(userId, channel, sendNumber, reason, handedOverAt);
      countMetric('Deliveries', { Channel: channel.name, Result: 'refused' });
      return 'refused';
    }
    if (error instanceof MessageNotTakenError) {
      await settings.table.releaseDelivery(userId, channel, sendNumber);
      throw error;
    }
    logger.error('delivery outcome unknown; not sent again', {
      userId,
      channel: channel.name,
      sendNumber,
      reason: withoutAddresses(error instanceof Error ? error.message : String(error)),
    });
    await settings.table.recordDeliveryUnknown(userId, channel, sendNumber, handedOverAt);
    countMetric('Deliveries', { Channel: channel.name, Result: 'unknown' });
    return 'unknown';
  }
  await settings.table.confirmDelivery(
    userId,
    channel,
    sendNumber,
    accepted.messageId,
    handedOverAt,
  );
  countMetric('Deliveries', { Channel: channel.name, Result: 'sent' });
  logger.info('invitation sent', { userId, channel: channel.name, sendNumber, language });
  return 'sent';
}

/**
 * A provider's error text without the addresses or numbers it may quote: stored on the
 * invitation and logged, where no recipient's address belongs beside an error.
 */
export function withoutAddresses(text: string): string {
  return text
    .replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<address>')
    .replace(/\+?\d[\d ()-]{6,}\d/g, '<number>');
}
