/**
 * Delivering one send request, at most once: claim it (a conditional write that also
 * issues the new link), render the message in the invitation's language for the address
 * stored now, hand it to the transport, confirm. A failure known to have sent nothing gives
 * the claim back so the retry can take it; a permanent refusal is recorded, not retried.
 */
import { sha256Hex } from '../hash.ts';
import { newInvitationToken } from '../invitations/invitation-token.ts';
import type { InvitationsTable } from '../invitations/table.ts';
import { logger } from '../logger.ts';
import { countMetric } from '../metrics.ts';
import { invitationLink } from './links.ts';
import { renderEmail, renderSms, type Templates } from './messages.ts';
import type { SendRequest } from './send-requests.ts';
import { type Accepted, PermanentDeliveryError, type Transport } from './transport.ts';

export interface DeliverySettings {
  /** The invitations table: where a send request is claimed, confirmed or given back. */
  table: Pick<
    InvitationsTable,
    'claimDelivery' | 'confirmDelivery' | 'releaseDelivery' | 'recordDeliveryFailure'
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

export type DeliveryOutcome = 'sent' | 'nothing-to-send' | 'refused';

export async function deliver(
  request: SendRequest,
  settings: DeliverySettings,
): Promise<DeliveryOutcome> {
  const { userId, channel, sendNumber } = request;
  const token = newInvitationToken(userId, channel);
  const invitation = await settings.table.claimDelivery({
    userId,
    channel,
    sendNumber,
    linkTokenHash: sha256Hex(token),
    now: new Date(),
  });
  const to = invitation?.[channel.addressField];
  if (invitation === undefined || to === undefined) return 'nothing-to-send';

  const values = {
    link: invitationLink(settings.linkBaseUrl, token),
    expiration: invitation.expiration,
  };
  const language = invitation.language ?? 'en';
  let accepted: Accepted;
  try {
    if (channel.name === 'email') {
      const content = renderEmail(settings.templates, language, values);
      accepted = await settings.transport.sendEmail({
        ...content,
        from: settings.emailFrom,
        to,
        tags: { userId: String(userId), sendNumber: String(sendNumber) },
      });
    } else {
      accepted = await settings.transport.sendSms({
        ...renderSms(settings.templates, language, values),
        to,
      });
    }
  } catch (error) {
    if (error instanceof PermanentDeliveryError) {
      logger.warn('delivery refused', {
        userId,
        channel: channel.name,
        sendNumber,
        reason: error.message,
      });
      await settings.table.recordDeliveryFailure(userId, channel, sendNumber, error.message);
      countMetric('Deliveries', { Channel: channel.name, Result: 'refused' });
      return 'refused';
    }
    await settings.table.releaseDelivery(userId, channel, sendNumber);
    throw error;
  }
  await settings.table.confirmDelivery(userId, channel, sendNumber, accepted.messageId);
  countMetric('Deliveries', { Channel: channel.name, Result: 'sent' });
  logger.info('invitation sent', { userId, channel: channel.name, sendNumber, language });
  return 'sent';
}
