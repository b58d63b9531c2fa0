/**
 * An invitation as stored (attribute names are the API's field names), and the two
 * delivery channels with the attributes each one owns.
 */
import type { Language } from './languages.ts';

export interface Invitation {
  userId: number;
  organizationId: number;
  /** Revoked: kept for audit; no link works and nothing more is sent. */
  status: 'pending' | 'accepted' | 'revoked';
  language?: Language;
  expiration?: string;
  emailAddress?: string;
  phoneNumber?: string;
  createdAt?: string;
  updatedAt?: string;
  /** When the invitee accepted, and through the link of which channel. */
  acceptedAt?: string;
  acceptedChannel?: SendChannel['name'];
  revokedAt?: string;
  /** When the last send on the channel was requested (ISO 8601, UTC): the cool-down. */
  emailSendRequestedAt?: string;
  smsSendRequestedAt?: string;
  /** Sends requested on the channel, ever: send request n is the n-th. */
  emailSendCount?: number;
  smsSendCount?: number;
  /**
   * Where the last send request on the channel goes: the address or number it was checked
   * and counted for. The sender delivers there only, and only while it is still the
   * channel's address; changed meanwhile, the request is superseded, never redirected.
   */
  emailSendTo?: string;
  smsSendTo?: string;
  /** A send request that was not delivered because its address changed, or a newer one came. */
  emailDeliverySuperseded?: number;
  smsDeliverySuperseded?: number;
  /**
   * A send request whose hand-over failed without telling whether the provider took the
   * message (a reset, a timeout): not sent again, since that could send it twice.
   */
  emailDeliveryUnknown?: number;
  smsDeliveryUnknown?: number;
  /** The highest send request the sender claimed; above `...Confirmed`: claimed, not sent. */
  emailDeliveryClaimed?: number;
  smsDeliveryClaimed?: number;
  /** The highest send request the sender confirmed as handed to SES / SNS. */
  emailDeliveryConfirmed?: number;
  smsDeliveryConfirmed?: number;
  /**
   * When the sender last recorded what became of a send (handed over, refused, superseded,
   * unknown): the time its event carries, the write's own.
   */
  emailDeliveryAt?: string;
  smsDeliveryAt?: string;
  /** A send request SES / SNS refused for good (bad address...), and why. */
  emailDeliveryFailed?: number;
  emailDeliveryFailure?: string;
  smsDeliveryFailed?: number;
  smsDeliveryFailure?: string;
  /** The provider's id of the message of the last confirmed send: its events name it. */
  emailMessageId?: string;
  smsMessageId?: string;
  /** What became of that message, as the provider's events said (e-mail only, for now). */
  emailOutcome?: MessageOutcome;
  smsOutcome?: MessageOutcome;
  emailOutcomeAt?: string;
  smsOutcomeAt?: string;
  /** An address that hard-bounced or complained: no more e-mail to it while it is the address. */
  emailUndeliverable?: string;
  /** SHA-256 of the token in the latest link sent on the channel; an older one stops working. */
  emailLinkTokenHash?: string;
  smsLinkTokenHash?: string;
  emailLinkIssuedAt?: string;
  smsLinkIssuedAt?: string;
  /** The address the latest link was sent to: the link works only while it is the address. */
  emailLinkAddress?: string;
  smsLinkAddress?: string;
  /** The id of the last PUT that changed the item: a retry of it finds it landed. */
  lastWriteId?: string;
  /** The create that brought the invitation into existence: its write id, and its key. */
  creationWriteId?: string;
  creationIdempotencyKey?: string;
  creationFingerprint?: string;
  /** The last Idempotency-Key a PUT applied, its request's fingerprint, and when. */
  idempotencyKey?: string;
  idempotencyFingerprint?: string;
  idempotencyKeyUsedAt?: string;
}

export const invitationStatuses = ['pending', 'accepted', 'revoked'] as const;

/**
 * What the provider said became of a message, from least to most final: a later event of
 * the same message replaces the outcome only with one at least as far down this list
 * (a complaint follows a delivery; a late delivery event never hides a bounce).
 */
export const messageOutcomes = [
  'delivered',
  'softBounced',
  'rejected',
  'bounced',
  'complained',
] as const;
export type MessageOutcome = (typeof messageOutcomes)[number];

export const sendChannels = [
  {
    name: 'email',
    sendFlag: 'sendEmail',
    addressField: 'emailAddress',
    requestedAtField: 'emailSendRequestedAt',
    countField: 'emailSendCount',
    sendToField: 'emailSendTo',
    supersededField: 'emailDeliverySuperseded',
    unknownField: 'emailDeliveryUnknown',
    linkAddressField: 'emailLinkAddress',
    claimedField: 'emailDeliveryClaimed',
    confirmedField: 'emailDeliveryConfirmed',
    failedField: 'emailDeliveryFailed',
    failureField: 'emailDeliveryFailure',
    linkTokenHashField: 'emailLinkTokenHash',
    linkIssuedAtField: 'emailLinkIssuedAt',
    messageIdField: 'emailMessageId',
    outcomeField: 'emailOutcome',
    outcomeAtField: 'emailOutcomeAt',
    deliveryAtField: 'emailDeliveryAt',
  },
  {
    name: 'sms',
    sendFlag: 'sendSms',
    addressField: 'phoneNumber',
    requestedAtField: 'smsSendRequestedAt',
    countField: 'smsSendCount',
    sendToField: 'smsSendTo',
    supersededField: 'smsDeliverySuperseded',
    unknownField: 'smsDeliveryUnknown',
    linkAddressField: 'smsLinkAddress',
    claimedField: 'smsDeliveryClaimed',
    confirmedField: 'smsDeliveryConfirmed',
    failedField: 'smsDeliveryFailed',
    failureField: 'smsDeliveryFailure',
    linkTokenHashField: 'smsLinkTokenHash',
    linkIssuedAtField: 'smsLinkIssuedAt',
    messageIdField: 'smsMessageId',
    outcomeField: 'smsOutcome',
    outcomeAtField: 'smsOutcomeAt',
    deliveryAtField: 'smsDeliveryAt',
  },
] as const;

export type SendChannel = (typeof sendChannels)[number];
