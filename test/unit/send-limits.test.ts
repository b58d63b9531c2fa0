/** The SMS limits' rules: which numbers, which counters, when they reset. */
import { describe, expect, test } from 'vitest';
import { sha256Hex } from '../../functions/shared/hash.ts';
import { ApiError } from '../../functions/shared/http/errors.ts';
import {
  checkSmsDestination,
  dailySendCounters,
  defaultSendLimits,
  parseCallingCodes,
  sendLimitChecks,
  sendQuotaExceeded,
  suppressionId,
} from '../../functions/shared/send-limits/rules.ts';

describe('allowed destinations', () => {
  const allowed = defaultSendLimits.allowedCallingCodes;

  test.each(['+31850607337', '+4915123456789', '+447700900123', '+420601234567'])(
    '%s is in the default list',
    (number) => expect(() => checkSmsDestination(number, allowed)).not.toThrow(),
  );

  test.each([
    '+12025550123', // US: not by default, as +1 also covers the Caribbean's premium ranges
    '+18765550123', // Jamaica
    '+88213123456', // international networks
    '+3754412345678', // Belarus: 375 is not 37x of the Baltics
  ])('%s answers 400 PhoneNumberNotAllowed', (number) => {
    const error = catchError(() => checkSmsDestination(number, allowed));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'PhoneNumberNotAllowed',
      status: 400,
      errors: [{ path: 'phoneNumber', message: expect.stringContaining('country') }],
    });
  });

  test('a finer prefix allows part of a calling code', () => {
    expect(() => checkSmsDestination('+14165550123', ['1416'])).not.toThrow();
    expect(catchError(() => checkSmsDestination('+18765550123', ['1416']))).toMatchObject({
      code: 'PhoneNumberNotAllowed',
    });
  });

  test('a setting is read as a comma-separated list, + optional; anything else is refused', () => {
    expect(parseCallingCodes('+31, 49,1416')).toEqual(['31', '49', '1416']);
    for (const bad of ['', ',', '31;49', '0031', '1234567', 'nl'])
      expect(() => parseCallingCodes(bad), bad).toThrow(/calling codes/);
  });
});

describe('daily counters', () => {
  const now = new Date('2026-11-26T22:30:00.000Z');
  const limits = {
    ...defaultSendLimits,
    dailyCapPerOrganization: 7,
    dailyCapPerNumber: 2,
    emailDailyCapPerOrganization: 9,
    emailDailyCapPerRecipient: 3,
  };
  const expiresAt = Date.parse('2026-11-28T00:00:00.000Z') / 1000;

  test("SMS: the organization's, and the organization's to the number (hashed), per UTC day, kept a day past it", () => {
    const counters = dailySendCounters(
      { organizationId: 100, channel: 'sms', to: '+31850607337', now },
      limits,
    );
    expect(counters).toEqual([
      {
        channel: 'sms',
        scope: 'organization',
        limitId: 'sms#organization#100#2026-11-26',
        cap: 7,
        expiresAt,
      },
      {
        channel: 'sms',
        scope: 'recipient',
        limitId: `sms#organization#100#number#${sha256Hex('+31850607337')}#2026-11-26`,
        cap: 2,
        expiresAt,
      },
    ]);
    expect(JSON.stringify(counters)).not.toContain('850607337');
  });

  test('e-mail: the same, keyed by the address in any case, hashed', () => {
    const counters = dailySendCounters(
      { organizationId: 100, channel: 'email', to: 'Jan.Jansen@Example.COM', now },
      limits,
    );
    expect(counters).toEqual([
      {
        channel: 'email',
        scope: 'organization',
        limitId: 'email#organization#100#2026-11-26',
        cap: 9,
        expiresAt,
      },
      {
        channel: 'email',
        scope: 'recipient',
        limitId: `email#organization#100#address#${sha256Hex('jan.jansen@example.com')}#2026-11-26`,
        cap: 3,
        expiresAt,
      },
    ]);
    expect(JSON.stringify(counters).toLowerCase()).not.toContain('jansen');
  });

  test("no counter or suppression of one organization is another's", () => {
    const keys = (organizationId: number) =>
      sendLimitChecks(
        organizationId,
        [
          { channel: 'sms', to: '+31850607337' },
          { channel: 'email', to: 'a@example.com' },
        ],
        now,
        limits,
      ).counters.map((counter) => counter.limitId);
    const ours = keys(100);
    expect(ours).toHaveLength(4);
    for (const key of keys(200)) expect(ours).not.toContain(key);
    expect(suppressionId(100, 'A@Example.com')).toBe(suppressionId(100, 'a@example.com'));
    expect(suppressionId(100, 'a@example.com')).not.toBe(suppressionId(200, 'a@example.com'));
    expect(suppressionId(100, 'a@example.com')).not.toContain('example');
  });

  test('the next UTC day counts anew', () => {
    const tomorrow = new Date('2026-11-27T00:00:00.000Z');
    const at = (when: Date) =>
      dailySendCounters(
        { organizationId: 100, channel: 'sms', to: '+31850607337', now: when },
        defaultSendLimits,
      ).map((counter) => counter.limitId);
    for (const key of at(tomorrow)) expect(at(now)).not.toContain(key);
  });

  test('429 SmsQuotaExceeded or EmailQuotaExceeded says which cap, and to retry at midnight UTC', () => {
    expect(sendQuotaExceeded({ channel: 'sms', scope: 'organization' }, now)).toMatchObject({
      code: 'SmsQuotaExceeded',
      status: 429,
      retryAfterSeconds: 90 * 60,
      message: expect.stringContaining('organization'),
    });
    expect(
      sendQuotaExceeded(
        { channel: 'sms', scope: 'recipient' },
        new Date('2026-11-26T23:59:59.600Z'),
      ),
    ).toMatchObject({
      retryAfterSeconds: 1,
      message: expect.stringContaining('phone number'),
    });
    expect(sendQuotaExceeded({ channel: 'email', scope: 'recipient' }, now)).toMatchObject({
      code: 'EmailQuotaExceeded',
      status: 429,
      retryAfterSeconds: 90 * 60,
      message: expect.stringContaining('address'),
    });
  });
});

function catchError(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
