/** What GET shows of an invitation: its status as the caller sees it, per-channel delivery, no secrets. */
import { describe, expect, test } from 'vitest';
import type { Invitation } from '../../functions/shared/invitations/invitation.ts';
import { toInvitationView } from '../../functions/shared/invitations/view.ts';
import { invitationViewSchema } from '../../functions/shared/invitations/view-schema.ts';

const now = new Date('2026-11-26T12:00:00Z');
const base: Invitation = { userId: 5, organizationId: 100, status: 'pending' };

describe('status', () => {
  test.each([
    [{}, 'pending'],
    [{ expiration: '2026-11-26T12:00:01Z' }, 'pending'],
    [{ expiration: '2026-11-26T12:00:00Z' }, 'expired'],
    [{ expiration: '2026-11-26T13:00:00+02:00' }, 'expired'],
    [{ status: 'accepted', expiration: '2020-01-01T00:00:00Z' }, 'accepted'],
    [{ status: 'revoked' }, 'revoked'],
  ] as const)('%o -> %s', (fields, status) => {
    expect(toInvitationView({ ...base, ...fields }, now).status).toBe(status);
  });
});

describe('delivery of the last send on a channel', () => {
  test('no send: the count only', () => {
    expect(toInvitationView(base, now).channels).toEqual({
      email: { sends: 0 },
      sms: { sends: 0 },
    });
  });
  test('requested, not yet confirmed', () => {
    const view = toInvitationView(
      { ...base, emailSendCount: 2, emailDeliveryConfirmed: 1, emailSendRequestedAt: 'T2' },
      now,
    );
    expect(view.channels.email).toEqual({
      sends: 2,
      lastRequestedAt: 'T2',
      delivery: 'requested',
    });
  });
  test('sent', () => {
    const view = toInvitationView({ ...base, smsSendCount: 1, smsDeliveryConfirmed: 1 }, now);
    expect(view.channels.sms).toMatchObject({ sends: 1, delivery: 'sent' });
  });
  test('failed, with its reason; an older failure does not stick', () => {
    const failed = toInvitationView(
      { ...base, emailSendCount: 3, emailDeliveryFailed: 3, emailDeliveryFailure: 'bounced' },
      now,
    );
    expect(failed.channels.email).toMatchObject({ delivery: 'failed', failureReason: 'bounced' });
    const later = toInvitationView(
      {
        ...base,
        emailSendCount: 4,
        emailDeliveryFailed: 3,
        emailDeliveryConfirmed: 4,
        emailDeliveryFailure: 'bounced',
      },
      now,
    );
    expect(later.channels.email).toEqual({ sends: 4, delivery: 'sent' });
  });
  test("the provider's outcome of the last message, once it was sent", () => {
    const sent = {
      ...base,
      emailAddress: 'jan@example.com',
      emailSendCount: 2,
      emailDeliveryConfirmed: 2,
      emailOutcome: 'bounced',
      emailOutcomeAt: '2026-11-26T11:00:00.000Z',
      emailUndeliverable: 'jan@example.com',
    } as const;
    expect(toInvitationView(sent, now).channels.email).toEqual({
      sends: 2,
      delivery: 'sent',
      outcome: 'bounced',
      outcomeAt: '2026-11-26T11:00:00.000Z',
      addressUndeliverable: true,
    });
    // Another address since: it may be tried.
    expect(
      toInvitationView({ ...sent, emailAddress: 'jan@example.org' }, now).channels.email,
    ).not.toHaveProperty('addressUndeliverable');
  });
});

test('never a token hash, write id or idempotency key, and the shape its schema documents', () => {
  const stored: Invitation = {
    ...base,
    language: 'de',
    emailAddress: 'a@example.com',
    phoneNumber: '+31850607337',
    expiration: '2027-01-01T00:00:00Z',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-02T00:00:00.000Z',
    emailSendCount: 1,
    emailSendRequestedAt: '2026-11-02T00:00:00.000Z',
    emailDeliveryClaimed: 1,
    emailDeliveryConfirmed: 1,
    emailLinkTokenHash: 'f'.repeat(64),
    emailLinkIssuedAt: '2026-11-02T00:00:01.000Z',
    lastWriteId: 'write-1',
    idempotencyKey: 'key-1',
    idempotencyFingerprint: 'e'.repeat(64),
    idempotencyKeyUsedAt: '2026-11-02T00:00:00.000Z',
  };
  const view = toInvitationView(stored, now);
  const text = JSON.stringify(view);
  for (const secret of ['f'.repeat(64), 'write-1', 'key-1', 'e'.repeat(64)]) {
    expect(text).not.toContain(secret);
  }
  expect(Object.keys(view)).not.toContain('organizationId');
  expect(invitationViewSchema.safeParse(view).success).toBe(true);
});
