/**
 * What a stream record of the invitations table asks the sender to do, as plain
 * functions. A send request is a rise of a channel's send counter; every other change,
 * the sender's own bookkeeping writes included, asks for nothing.
 */
import { type Invitation, type SendChannel, sendChannels } from '../invitations/invitation.ts';

/**
 * The sender's function timeout (the stack deploys it with this one): a claim older than
 * that can no longer be in the hands of a running sender.
 */
export const senderTimeoutSeconds = 30;

/** The sender's log event for a lost delivery: the LostDeliveries metric filter counts it. */
export const lostDeliveryEvent = 'delivery claimed but never confirmed';

export interface SendRequest {
  userId: number;
  channel: SendChannel;
  /** The n-th send request on this channel. */
  sendNumber: number;
}

export function sendRequestsOf(
  oldImage: Invitation | undefined,
  newImage: Invitation | undefined,
): SendRequest[] {
  if (newImage === undefined) return [];
  return sendChannels.flatMap((channel) => {
    const sendNumber = newImage[channel.countField] ?? 0;
    const before = oldImage?.[channel.countField] ?? 0;
    return sendNumber > before ? [{ userId: newImage.userId, channel, sendNumber }] : [];
  });
}

/**
 * Claims that were never confirmed nor failed, seen on a record written when the sender
 * that claimed them can no longer be running (its timeout after the claim): it died
 * between claiming and handing the message over. SES has no idempotency key, so such a
 * message is not retried (that could send it twice); it is reported, on every later
 * change of the item. A younger claim is not lost but under way: a PUT that lands between
 * a claim and its confirmation shows it unconfirmed.
 */
export function lostDeliveries(
  newImage: Invitation | undefined,
  recordedAt: Date,
  claimTimeoutMs: number,
): SendRequest[] {
  if (newImage === undefined) return [];
  return sendChannels.flatMap((channel) => {
    const claimed = newImage[channel.claimedField] ?? 0;
    const settled = Math.max(
      newImage[channel.confirmedField] ?? 0,
      newImage[channel.failedField] ?? 0,
      newImage[channel.supersededField] ?? 0,
      newImage[channel.unknownField] ?? 0,
    );
    const claimedAt = Date.parse(newImage[channel.linkIssuedAtField] ?? '');
    const senderGone = recordedAt.getTime() - claimedAt > claimTimeoutMs;
    return claimed > settled && senderGone
      ? [{ userId: newImage.userId, channel, sendNumber: claimed }]
      : [];
  });
}
