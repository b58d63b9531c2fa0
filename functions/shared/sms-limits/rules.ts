/**
 * What keeps SMS from being abused (toll fraud: a caller texting premium-rate numbers in
 * bulk), as plain functions: the countries SMS may go to, and the daily caps per
 * organization and per destination number. No AWS here; counters-table.ts counts.
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

export interface SmsLimits {
  /** E.164 digit prefixes (calling codes, or finer) a phone number must start with. */
  allowedCallingCodes: readonly string[];
  /** SMS sends an organization may request per UTC day. */
  dailyCapPerOrganization: number;
  /** SMS sends one phone number may be sent per UTC day, across all invitations. */
  dailyCapPerNumber: number;
}

/**
 * The defaults: a small organization invites a few people a day, and five texts to one
 * number in a day covers every honest resend, while it caps what one credential can spend.
 */
export const defaultSmsLimits: SmsLimits = {
  allowedCallingCodes: defaultAllowedCallingCodes,
  dailyCapPerOrganization: 100,
  dailyCapPerNumber: 5,
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

/** One of the day's counters an SMS send raises, and the cap it may not pass. */
export interface DailyCounter {
  scope: 'organization' | 'number';
  /** Unique per scope, subject and UTC day; a number appears only as its hash. */
  counterId: string;
  cap: number;
  /** Seconds since the epoch when the counter may be deleted (a day after its day ends). */
  expiresAt: number;
}

/** The counters an SMS send to `phoneNumber` by `organizationId` raises today (UTC). */
export function dailySmsCounters(
  { organizationId, phoneNumber, now }: { organizationId: number; phoneNumber: string; now: Date },
  limits: SmsLimits,
): DailyCounter[] {
  const day = now.toISOString().slice(0, 10);
  const expiresAt = Math.floor(nextUtcDay(now).getTime() / 1000) + 86_400;
  return [
    {
      scope: 'organization',
      counterId: `sms#organization#${organizationId}#${day}`,
      cap: limits.dailyCapPerOrganization,
      expiresAt,
    },
    {
      scope: 'number',
      counterId: `sms#number#${sha256Hex(phoneNumber)}#${day}`,
      cap: limits.dailyCapPerNumber,
      expiresAt,
    },
  ];
}

/** 429 SmsQuotaExceeded, to retry when the day's counters reset (midnight UTC). */
export function smsQuotaExceeded(scope: DailyCounter['scope'], now: Date): ApiError {
  return new ApiError('SmsQuotaExceeded', {
    message:
      scope === 'organization'
        ? "The organization's SMS sends for today are used up; retry after midnight UTC."
        : "This phone number's SMS sends for today are used up; retry after midnight UTC.",
    retryAfterSeconds: Math.max(1, Math.ceil((nextUtcDay(now).getTime() - now.getTime()) / 1000)),
  });
}

function nextUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}
