/**
 * What a stream record of the invitations table asks the sender to do, as plain
 * functions. A send request is a rise of a channel's send counter; every other change,
 * the sender's own bookkeeping writes included, asks for nothing.
 */
import { type Invitation, type SendChannel, sendChannels } from '../invitations/invitation.ts';

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
 * Claims that were never confirmed nor failed: a sender that died between claiming and
 * handing the message over. SES has no idempotency key, so such a message is not retried
 * (that could send it twice); it is reported, on every later change of the item.
 */
export function lostDeliveries(
  oldImage: Invitation | undefined,
  newImage: Invitation | undefined,
): SendRequest[] {
  if (newImage === undefined) return [];
  return sendChannels.flatMap((channel) => {
    const claimed = newImage[channel.claimedField] ?? 0;
    const settled = Math.max(
      newImage[channel.confirmedField] ?? 0,
      newImage[channel.failedField] ?? 0,
    );
    // The record of the claim itself comes before its confirmation: not lost yet.
    const isTheClaim = (oldImage?.[channel.claimedField] ?? 0) < claimed;
    return claimed > settled && !isTheClaim
      ? [{ userId: newImage.userId, channel, sendNumber: claimed }]
      : [];
  });
}
