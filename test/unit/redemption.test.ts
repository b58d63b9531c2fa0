/** The invitee's rules: which token works, what preview shows, when accept is refused. */
import { describe, expect, test } from 'vitest';
import { sha256Hex } from '../../functions/shared/hash.ts';
import { ApiError } from '../../functions/shared/http/errors.ts';
import { type Invitation, sendChannels } from '../../functions/shared/invitations/invitation.ts';
import {
  newInvitationToken,
  parseInvitationToken,
} from '../../functions/shared/invitations/invitation-token.ts';
import {
  checkAcceptable,
  checkLinkWorks,
  previewOf,
} from '../../functions/shared/invitations/redemption.ts';

const [email, sms] = sendChannels;
const now = new Date('2026-11-26T12:00:00Z');
const codeOf = (run: () => void) => {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as ApiError).code;
  }
};

describe('tokens', () => {
  test('a new token names its user and channel, and carries 192 random bits', () => {
    if (!email) throw new Error('no email channel');
    const token = newInvitationToken(5, email);
    expect(token).toMatch(/^5\.email\.[A-Za-z0-9_-]{32}$/);
    expect(newInvitationToken(5, email)).not.toBe(token);
    expect(parseInvitationToken(token)).toMatchObject({ userId: 5, channel: { name: 'email' } });
  });
  test.each([
    '',
    'hello',
    '5.email.short',
    '0.email.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    '05.email.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    '5.fax.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    '5.email.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    '99999999999999999.email.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ' 5.email.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  ])('%j is no token', (raw) => {
    expect(parseInvitationToken(raw)).toBeUndefined();
  });
});

describe('which link works', () => {
  const token = '5.email.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const parsed = parseInvitationToken(token);
  if (!parsed) throw new Error('test token does not parse');
  const invitation: Invitation = {
    userId: 5,
    organizationId: 100,
    status: 'pending',
    emailLinkTokenHash: sha256Hex(token),
  };
  test('the current link of its channel', () => {
    expect(codeOf(() => checkLinkWorks(invitation, parsed))).toBeUndefined();
  });
  test.each([
    ['no invitation', undefined],
    ['revoked', { ...invitation, status: 'revoked' as const }],
    ['replaced by a newer link', { ...invitation, emailLinkTokenHash: sha256Hex('newer') }],
    ['no link on its channel', { ...invitation, emailLinkTokenHash: undefined }],
  ])('not when %s: 404 InvitationNotFound', (_, stored) => {
    expect(codeOf(() => checkLinkWorks(stored, parsed))).toBe('InvitationNotFound');
  });
  test("another channel's link: 404", () => {
    const other = parseInvitationToken(token.replace('.email.', '.sms.'));
    if (!other) throw new Error('no sms token');
    expect(codeOf(() => checkLinkWorks(invitation, other))).toBe('InvitationNotFound');
  });
});

describe('preview and accept', () => {
  const pending: Invitation = { userId: 5, organizationId: 100, status: 'pending' };
  test('preview shows what the page needs, English when no language is set', () => {
    if (!sms) throw new Error('no sms channel');
    expect(previewOf({ ...pending, emailAddress: 'a@example.com' }, sms, now)).toEqual({
      status: 'pending',
      language: 'en',
      channel: 'sms',
    });
  });
  test.each([
    [{}, undefined],
    [{ expiration: '2026-11-26T12:00:01Z' }, undefined],
    [{ expiration: '2026-11-26T12:00:00Z' }, 'InvitationExpired'],
    [{ status: 'accepted' as const }, 'InvitationAlreadyAccepted'],
  ])('accept %o: %s', (fields, code) => {
    expect(codeOf(() => checkAcceptable({ ...pending, ...fields }, now))).toBe(code);
  });
  test('the statuses map to 404, 409 and 410', () => {
    expect(new ApiError('InvitationNotFound').status).toBe(404);
    expect(new ApiError('InvitationAlreadyAccepted').status).toBe(409);
    expect(new ApiError('InvitationExpired').status).toBe(410);
  });
});
