/**
 * The token of an invitation link, a split token: `<userId>.<channel>.<secret>`. The user
 * id and channel say where to look (one consistent GetItem, no scan and no index that
 * lags); the secret, 192 random bits, is what proves the link. Only its SHA-256 hash is
 * stored, per channel, and a new send replaces it, so an older link stops working. Every
 * way a token can fail (malformed, unknown user, another channel's or an older link, a
 * revoked invitation) answers the same 404.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../hash.ts';
import { parsePositiveId } from '../ids.ts';
import { type SendChannel, sendChannels } from './invitation.ts';

export interface InvitationToken {
  userId: number;
  channel: SendChannel;
  /** The whole token, as its stored hash was made from it. */
  token: string;
}

const tokenPattern = /^([1-9]\d{0,15})\.(email|sms)\.([A-Za-z0-9_-]{32})$/;

/** A new token for a link of this user and channel. */
export function newInvitationToken(userId: number, channel: SendChannel): string {
  return `${userId}.${channel.name}.${randomBytes(24).toString('base64url')}`;
}

/** The token's parts, or undefined when it is no token of ours. */
export function parseInvitationToken(raw: string): InvitationToken | undefined {
  const [, id, channelName] = tokenPattern.exec(raw) ?? [];
  const userId = parsePositiveId(id);
  const channel = sendChannels.find((candidate) => candidate.name === channelName);
  return userId === undefined || channel === undefined
    ? undefined
    : { userId, channel, token: raw };
}

/** True when `hash` is this token's: compared in constant time. */
export function tokenMatches(token: string, hash: string | undefined): boolean {
  if (hash === undefined) return false;
  const expected = Buffer.from(hash, 'hex');
  const actual = Buffer.from(sha256Hex(token), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
