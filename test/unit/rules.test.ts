import { describe, expect, test } from 'vitest';
import { ApiError } from '../../functions/shared/http/errors.ts';
import type { Caller } from '../../functions/shared/identity.ts';
import type { InvitationUpdate } from '../../functions/shared/invitations/fields-schema.ts';
import type { Invitation } from '../../functions/shared/invitations/invitation.ts';
import {
  checkUpdate,
  mayManageInvitations,
  requestedSends,
} from '../../functions/shared/invitations/rules.ts';
import { adminOfOrg100, memberOfOrg100 } from '../support/events.ts';

const now = new Date('2026-06-01T12:00:00.000Z');
const pending: Invitation = {
  userId: 5,
  organizationId: 100,
  status: 'pending',
  emailAddress: 'jan@example.com',
};

function verdict(
  invitation: Invitation | undefined,
  update: InvitationUpdate,
  caller: Caller = adminOfOrg100,
  cooldownSeconds = 60,
): ApiError | 'allowed' {
  try {
    checkUpdate({ invitation, caller, update, now, cooldownSeconds });
    return 'allowed';
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}

const codeOf = (result: ApiError | 'allowed') => (result === 'allowed' ? result : result.code);

describe('checkUpdate', () => {
  test('an owner or admin of the organization may update a pending invitation', () => {
    expect(verdict(pending, { language: 'de' })).toBe('allowed');
    expect(verdict(pending, { language: 'de' }, { ...adminOfOrg100, roles: ['owner'] })).toBe(
      'allowed',
    );
  });

  test('a member gets 403 in their own organization', () => {
    expect(codeOf(verdict(pending, { language: 'de' }, memberOfOrg100))).toBe('InsufficientRights');
  });

  test("another organization's user is not found, whatever the role", () => {
    const elsewhere = { ...pending, organizationId: 300 };
    expect(codeOf(verdict(elsewhere, { language: 'de' }))).toBe('UserNotFound');
    expect(codeOf(verdict(elsewhere, { language: 'de' }, memberOfOrg100))).toBe('UserNotFound');
    expect(codeOf(verdict(undefined, { language: 'de' }))).toBe('UserNotFound');
  });

  test('an accepted invitation can no longer change', () => {
    expect(codeOf(verdict({ ...pending, status: 'accepted' }, { language: 'de' }))).toBe(
      'InvitationAlreadyAccepted',
    );
  });

  test('a send needs an address after the update', () => {
    const noAddress = { ...pending, emailAddress: undefined };
    const refused = verdict(noAddress, { sendEmail: true });
    expect(codeOf(refused)).toBe('ValidationFailed');
    expect(refused !== 'allowed' && refused.errors).toEqual([
      { path: 'sendEmail', message: expect.stringContaining('emailAddress') },
    ]);
    expect(verdict(noAddress, { sendEmail: true, emailAddress: 'new@example.com' })).toBe(
      'allowed',
    );
    expect(codeOf(verdict(pending, { sendSms: true }))).toBe('ValidationFailed');
    expect(verdict(pending, { sendSms: true, phoneNumber: '+31850607337' })).toBe('allowed');
    expect(verdict(noAddress, { sendEmail: false })).toBe('allowed');
  });

  test('an e-mail to an address that bounced or complained: 400, until the address changes', () => {
    const bounced = { ...pending, emailUndeliverable: 'jan@example.com' };
    const refused = verdict(bounced, { sendEmail: true });
    expect(codeOf(refused)).toBe('EmailAddressUndeliverable');
    expect(refused !== 'allowed' && refused.errors).toEqual([
      { path: 'sendEmail', message: expect.stringContaining('jan@example.com') },
    ]);
    expect(codeOf(verdict(bounced, { sendEmail: true, emailAddress: 'jan@example.com' }))).toBe(
      'EmailAddressUndeliverable',
    );
    expect(verdict(bounced, { sendEmail: true, emailAddress: 'jan@example.org' })).toBe('allowed');
    expect(verdict(bounced, { language: 'de' })).toBe('allowed');
    expect(
      verdict({ ...pending, emailUndeliverable: 'old@example.com' }, { sendEmail: true }),
    ).toBe('allowed');
  });

  test('a send within the cool-down is refused with the seconds left', () => {
    const sentAgo = (seconds: number) => ({
      ...pending,
      emailSendRequestedAt: new Date(now.getTime() - seconds * 1000).toISOString(),
    });
    const refused = verdict(sentAgo(20.5), { sendEmail: true });
    expect(codeOf(refused)).toBe('TooManyRequests');
    expect(refused !== 'allowed' && refused.retryAfterSeconds).toBe(40);
    expect(verdict(sentAgo(60), { sendEmail: true })).toBe('allowed');
    expect(verdict(sentAgo(59.9), { sendEmail: true }, adminOfOrg100, 0)).toBe('allowed');
    // The cool-down is per channel.
    expect(verdict(sentAgo(1), { sendSms: true, phoneNumber: '+31850607337' })).toBe('allowed');
    expect(verdict(sentAgo(1), { language: 'de' })).toBe('allowed');
  });

  test('the first broken rule answers: not found, rights, accepted, address, cool-down', () => {
    const everythingWrong: Invitation = {
      ...pending,
      status: 'accepted',
      emailAddress: undefined,
      emailSendRequestedAt: now.toISOString(),
    };
    expect(codeOf(verdict(everythingWrong, { sendEmail: true }, memberOfOrg100))).toBe(
      'InsufficientRights',
    );
    expect(codeOf(verdict(everythingWrong, { sendEmail: true }))).toBe('InvitationAlreadyAccepted');
    const noAddressInCooldown = { ...everythingWrong, status: 'pending' as const };
    expect(codeOf(verdict(noAddressInCooldown, { sendEmail: true }))).toBe('ValidationFailed');
  });
});

test('mayManageInvitations: owner and admin, not member', () => {
  expect(mayManageInvitations({ ...adminOfOrg100, roles: ['owner'] })).toBe(true);
  expect(mayManageInvitations({ ...adminOfOrg100, roles: ['member', 'admin'] })).toBe(true);
  expect(mayManageInvitations({ ...adminOfOrg100, roles: ['member'] })).toBe(false);
  expect(mayManageInvitations({ ...adminOfOrg100, roles: [] })).toBe(false);
});

test('requestedSends: only channels flagged true', () => {
  const flags = (update: InvitationUpdate) => requestedSends(update).map((c) => c.sendFlag);
  expect(flags({ sendEmail: true, sendSms: false })).toEqual(['sendEmail']);
  expect(flags({ sendEmail: true, sendSms: true })).toEqual(['sendEmail', 'sendSms']);
  expect(flags({ language: 'de' })).toEqual([]);
});
