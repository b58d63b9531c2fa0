import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ApiError } from '../../functions/shared/http/errors.ts';
import { parseInvitationUpdate } from '../../functions/shared/invitations/fields-schema.ts';
import { parseUserId } from '../../functions/shared/invitations/user-id.ts';

function fieldErrors(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.code).toBe('ValidationFailed');
    return apiError.errors ?? [];
  }
  throw new Error('expected a ValidationFailed error');
}

describe('parseUserId', () => {
  test.each(['1', '5', '9007199254740991'])('accepts %s', (raw) => {
    expect(parseUserId(raw)).toBe(Number(raw));
  });
  test.each([
    '0',
    '05',
    '-1',
    '+1',
    '1.5',
    '1e3',
    'abc',
    '',
    ' 1',
    '9007199254740992',
    '99999999999999999',
  ])('refuses %j', (raw) => {
    expect(fieldErrors(() => parseUserId(raw))).toEqual([
      { path: 'userId', message: expect.any(String) },
    ]);
  });
  test('refuses a missing path parameter', () => {
    expect(fieldErrors(() => parseUserId(undefined))[0]?.path).toBe('userId');
  });
});

describe('parseInvitationUpdate', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  beforeEach(() => {
    vi.useFakeTimers({ now });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('accepts every field at once', () => {
    const body = {
      language: 'cs',
      expiration: '2026-07-01T13:53:02+02:00',
      emailAddress: 'jan@example.com',
      sendEmail: true,
      phoneNumber: '+31850607337',
      sendSms: false,
    };
    expect(parseInvitationUpdate(body)).toEqual(body);
  });

  test.each(['ar', 'de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'cs'])(
    'accepts language %s',
    (language) => {
      expect(parseInvitationUpdate({ language })).toEqual({ language });
    },
  );

  test.each([
    '2026-06-01T12:00:01Z',
    '2026-06-01T14:00:01+02:00',
    '2026-06-01T12:00:00.5Z',
    '2027-06-01T12:00:00Z', // exactly 365 days ahead
  ])('accepts expiration %s', (expiration) => {
    expect(parseInvitationUpdate({ expiration })).toEqual({ expiration });
  });

  test.each([['+31850607337'], ['+12'], ['+123456789012345']])(
    'accepts phone number %s',
    (phoneNumber) => {
      expect(parseInvitationUpdate({ phoneNumber })).toEqual({ phoneNumber });
    },
  );

  test.each([
    ['an empty object', {}, ''],
    ['an array', [], ''],
    ['a string', 'sendEmail', ''],
    ['a number', 5, ''],
    ['null', null, ''],
    ['an unknown field', { sendEmail: true, color: 'red' }, 'color'],
    ['a null value', { language: null }, 'language'],
    ['an upper-case language', { language: 'EN' }, 'language'],
    ['an unknown language', { language: 'xx' }, 'language'],
    ['a non-string language', { language: 1 }, 'language'],
    ['an expiration without offset', { expiration: '2026-07-01T13:53:02' }, 'expiration'],
    ['an expiration with a +hhmm offset', { expiration: '2026-07-01T13:53:02+0200' }, 'expiration'],
    ['a date-only expiration', { expiration: '2026-07-01' }, 'expiration'],
    ['an expiration in the past', { expiration: '2026-06-01T11:59:59Z' }, 'expiration'],
    ['an expiration of now', { expiration: '2026-06-01T12:00:00Z' }, 'expiration'],
    ['an expiration over 365 days', { expiration: '2027-06-01T12:00:01Z' }, 'expiration'],
    ['an invalid e-mail address', { emailAddress: 'not-an-address' }, 'emailAddress'],
    [
      'an e-mail address over 254 characters',
      {
        emailAddress: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`,
      },
      'emailAddress',
    ],
    ['a string sendEmail', { sendEmail: 'true' }, 'sendEmail'],
    ['a numeric sendSms', { sendSms: 1 }, 'sendSms'],
    ['a phone number without +', { phoneNumber: '31850607337' }, 'phoneNumber'],
    ['a phone number starting with 0', { phoneNumber: '+0123456' }, 'phoneNumber'],
    ['a phone number of one digit', { phoneNumber: '+1' }, 'phoneNumber'],
    ['a phone number of 16 digits', { phoneNumber: '+1234567890123456' }, 'phoneNumber'],
    ['a phone number with spaces', { phoneNumber: '+31 85 060 7337' }, 'phoneNumber'],
    ['a numeric phone number', { phoneNumber: 31850607337 }, 'phoneNumber'],
  ])('refuses %s', (_, body, path) => {
    const errors = fieldErrors(() => parseInvitationUpdate(body));
    expect(errors.map((error) => error.path)).toContain(path);
    for (const error of errors) expect(error.message).toMatch(/\w/);
  });

  test('lists every bad field, unknown fields one by one', () => {
    const errors = fieldErrors(() =>
      parseInvitationUpdate({ language: 'xx', sendSms: 'yes', a: 1, b: 2 }),
    );
    expect(errors.map((error) => error.path).sort()).toEqual(['a', 'b', 'language', 'sendSms']);
  });
});
