/** The SMS limits' rules: which numbers, which counters, when they reset. */
import { describe, expect, test } from 'vitest';
import { sha256Hex } from '../../functions/shared/hash.ts';
import { ApiError } from '../../functions/shared/http/errors.ts';
import {
  checkSmsDestination,
  dailySmsCounters,
  defaultSmsLimits,
  parseCallingCodes,
  smsQuotaExceeded,
} from '../../functions/shared/sms-limits/rules.ts';

describe('allowed destinations', () => {
  const allowed = defaultSmsLimits.allowedCallingCodes;

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

  test('one per organization and one per number (hashed), per UTC day, kept a day past it', () => {
    const counters = dailySmsCounters(
      { organizationId: 100, phoneNumber: '+31850607337', now },
      { ...defaultSmsLimits, dailyCapPerOrganization: 7, dailyCapPerNumber: 2 },
    );
    const expiresAt = Date.parse('2026-11-28T00:00:00.000Z') / 1000;
    expect(counters).toEqual([
      {
        scope: 'organization',
        counterId: 'sms#organization#100#2026-11-26',
        cap: 7,
        expiresAt,
      },
      {
        scope: 'number',
        counterId: `sms#number#${sha256Hex('+31850607337')}#2026-11-26`,
        cap: 2,
        expiresAt,
      },
    ]);
    expect(JSON.stringify(counters)).not.toContain('850607337');
  });

  test('the next UTC day counts anew', () => {
    const tomorrow = new Date('2026-11-27T00:00:00.000Z');
    const [today] = dailySmsCounters(
      { organizationId: 100, phoneNumber: '+31850607337', now },
      defaultSmsLimits,
    );
    const [next] = dailySmsCounters(
      { organizationId: 100, phoneNumber: '+31850607337', now: tomorrow },
      defaultSmsLimits,
    );
    expect(next?.counterId).not.toBe(today?.counterId);
  });

  test('429 SmsQuotaExceeded says which cap, and to retry at midnight UTC', () => {
    expect(smsQuotaExceeded('organization', now)).toMatchObject({
      code: 'SmsQuotaExceeded',
      status: 429,
      retryAfterSeconds: 90 * 60,
      message: expect.stringContaining('organization'),
    });
    expect(smsQuotaExceeded('number', new Date('2026-11-26T23:59:59.600Z'))).toMatchObject({
      retryAfterSeconds: 1,
      message: expect.stringContaining('phone number'),
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
