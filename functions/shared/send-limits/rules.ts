/**
 * What keeps SMS from being abused (toll fraud: a caller texting premium-rate numbers in
 * bulk), as plain functions: the countries SMS may go to, and the daily caps per
 * organization and per destination number. No AWS here; limits-table.ts counts.
 */
import { sha256Hex } from '../hash.ts';
import { ApiError } from '../http/errors.ts';

/**
 * Calling codes SMS may go to by default: the European Economic Area, Switzerland and the
 * United Kingdom, where the API's languages are spoken and SMS rates are regulated.
 * Deliberately not `1`: it covers the Caribbean's premium-rate ranges as well as the US and
 * Canada; list `1` (or finer prefixes such as `1416`) to allow them.
 */
export const defaultAllowedCallingCodes = [
  '30',
  '31',
  '32',
  '33',
  '34',
  '351',
  '352',
  '353',
  '354',
  '356',
  '357',
  '358',
  '359',
  '36',
  '370',
  '371',
  '372',
  '385',
  '386',
  '39',
  '40',
  '41',
  '420',
  '421',
  '423',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
] as const;

export interface SendLimits {
  /** E.164 digit prefixes (calling codes, or finer) a phone number must start with. */
  allowedCallingCodes: readonly string[];
  /** SMS sends an organization may request per UTC day. */
  dailyCapPerOrganization: number;
  /** SMS sends an organization may request to one phone number per UTC day. */
  dailyCapPerNumber: number;
  /** E-mail sends an organization may request per UTC day. */
  emailDailyCapPerOrganization: number;
  /** E-mail sends an organization may request to one address per UTC day. */
  emailDailyCapPerRecipient: number;
}

/**
 * The defaults: a small organization invites a few people a day, and five messages to one
 * recipient in a day covers every honest resend, while it caps what one credential can
 * spend or flood. E-mail costs little per message but the operator's sending reputation.
 */
export const defaultSendLimits: SendLimits = {
  allowedCallingCodes: defaultAllowedCallingCodes,
  dailyCapPerOrganization: 100,
  dailyCapPerNumber: 5,
  emailDailyCapPerOrganization: 1000,
  emailDailyCapPerRecipient: 5,
};

/** A comma-separated list of calling codes (`+` optional), as a setting gives it. */
export function parseCallingCodes(text: string): string[] {
  const codes = text
    .split(',')
    .map((code) => code.trim().replace(/^\+/, ''))
    .filter((code) => code !== '');
  const bad = codes.filter((code) => !/^[1-9]\d{0,5}$/.test(code));
  if (bad.length > 0 || codes.length === 0) {
    throw new Error(
      `calling codes must be a comma-separated list of 1 to 6 digits each (e.g. 31,49,44), got "${text}"`,
    );
  }
  return codes;
}

/** 400 PhoneNumberNotAllowed unless the E.164 number starts with an allowed calling code. */
export function checkSmsDestination(
  phoneNumber: string,
  allowedCallingCodes: readonly string[],
  path = 'phoneNumber',
): void {
  const digits = phoneNumber.replace(/^\+/, '');
  if (allowedCallingCodes.some((code) => digits.startsWith(code))) return;
  throw new ApiError('PhoneNumberNotAllowed', {
    errors: [{ path, message: 'SMS are not sent to numbers of this country' }],
  });
}

/**
 * One recipient, however the address is written: SES's suppression list compares
 * addresses without regard to case, and so do the mailbox providers that matter, so
 * `Jan@Example.com` and `jan@example.com` are one person. Dots and `+tags` are kept: SES
 * treats those as other addresses, and so do many providers.
 */
export function normalizedEmailAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** What identifies a recipient in a limit's key: a hash, never the address or number. */
export function recipientKey(channel: SendChannelName, to: string): string {
  return sha256Hex(channel === 'email' ? normalizedEmailAddress(to) : to);
}

export type SendChannelName = 'email' | 'sms';

/** One of the day's counters a send raises, and the cap it may not pass. */
export interface DailyCounter {
  channel: SendChannelName;
  /** The organization's sends on the channel, or its sends to this one recipient. */
  scope: 'organization' | 'recipient';
  /** Unique per organization, channel, scope, recipient and UTC day; recipients hashed. */
  limitId: string;
  cap: number;
  /** Seconds since the epoch when the counter may be deleted (a day after its day ends). */
  expiresAt: number;
}

/**
 * The counters a send on `channel` to `to` by `organizationId` raises today (UTC). Every
 * key starts with the organization: one organization's sends neither count against nor
 * show in another's.
 */
export function dailySendCounters(
  {
    organizationId,
    channel,
    to,
    now,
  }: { organizationId: number; channel: SendChannelName; to: string; now: Date },
  limits: SendLimits,
): DailyCounter[] {
  const day = now.toISOString().slice(0, 10);
  const expiresAt = Math.floor(nextUtcDay(now).getTime() / 1000) + 86_400;
  const prefix = `${channel}#organization#${organizationId}`;
  const [perOrganization, perRecipient] =
    channel === 'sms'
      ? [limits.dailyCapPerOrganization, limits.dailyCapPerNumber]
      : [limits.emailDailyCapPerOrganization, limits.emailDailyCapPerRecipient];
  return [
    {
      channel,
      scope: 'organization',
      limitId: `${prefix}#${day}`,
      cap: perOrganization,
      expiresAt,
    },
    {
      channel,
      scope: 'recipient',
      limitId: `${prefix}#${channel === 'sms' ? 'number' : 'address'}#${recipientKey(channel, to)}#${day}`,
      cap: perRecipient,
      expiresAt,
    },
  ];
}

/**
 * What a write that sends checks in the send limits table with it: the day's counters it
 * raises, and the e-mail address the organization must not have suppressed.
 */
export interface SendLimitChecks {
  counters: DailyCounter[];
  suppression?: { organizationId: number; emailAddress: string } | undefined;
}

/** The checks of the sends an organization requests in one write, to these destinations. */
export function sendLimitChecks(
  organizationId: number,
  destinations: readonly { channel: SendChannelName; to: string }[],
  now: Date,
  limits: SendLimits,
): SendLimitChecks {
  const email = destinations.find((destination) => destination.channel === 'email');
  return {
    counters: destinations.flatMap(({ channel, to }) =>
      dailySendCounters({ organizationId, channel, to, now }, limits),
    ),
    suppression: email === undefined ? undefined : { organizationId, emailAddress: email.to },
  };
}

/** The organization's suppression of an e-mail address (hashed): no send to it goes out. */
export function suppressionId(organizationId: number, emailAddress: string): string {
  return `suppressed#organization#${organizationId}#email#${recipientKey('email', emailAddress)}`;
}

/** 400 EmailAddressUndeliverable: the address bounced or complained, in this organization. */
export function emailAddressSuppressed(path = 'sendEmail'): ApiError {
  return new ApiError('EmailAddressUndeliverable', {
    errors: [{ path, message: 'this address bounced or complained; it is not sent to' }],
  });
}

/** 429 SmsQuotaExceeded or EmailQuotaExceeded, to retry when the day's counters reset. */
export function sendQuotaExceeded(
  { channel, scope }: Pick<DailyCounter, 'channel' | 'scope'>,
  now: Date,
): ApiError {
  const what = channel === 'sms' ? 'SMS' : 'e-mail';
  const whose =
    scope === 'organization'
      ? "The organization's"
      : channel === 'sms'
        ? "This phone number's"
        : "This address's";
  return new ApiError(channel === 'sms' ? 'SmsQuotaExceeded' : 'EmailQuotaExceeded', {
    message: `${whose} ${what} sends for today are used up; retry after midnight UTC.`,
    retryAfterSeconds: Math.max(1, Math.ceil((nextUtcDay(now).getTime() - now.getTime()) / 1000)),
  });
}

function nextUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}
