/**
 * The rules of a PUT live twice, on purpose: as the one UpdateItem's condition (what
 * DynamoDB enforces, atomically) and as `checkUpdate` (what names the broken rule). This
 * runs one matrix of (stored invitation, caller, update, time) through both, on DynamoDB
 * Local, and asserts the same verdict for every row: applied <=> no rule broken.
 */
import { expect, test } from 'vitest';
import type { Caller } from '../../functions/shared/identity.ts';
import type { InvitationUpdate } from '../../functions/shared/invitations/fields-schema.ts';
import type { Invitation } from '../../functions/shared/invitations/invitation.ts';
import {
  checkUpdate,
  cooldownStart,
  idempotencyWindowStart,
  mayManageInvitations,
  sendDestinations,
} from '../../functions/shared/invitations/rules.ts';
import { adminOfOrg100, apiKeyOfOrg100, memberOfOrg100, ownerOfOrg200 } from '../support/events.ts';
import { useFreshTables } from '../support/tables.ts';

const { putInvitation, readInvitation, invitations } = await useFreshTables();
const { writeInvitationUpdate } = invitations;

const now = new Date('2026-11-26T12:00:00.000Z');
const cooldownSeconds = 60;
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

const stored: [string, Omit<Invitation, 'userId'> | undefined][] = [
  ['no invitation', undefined],
  [
    'pending, both addresses',
    { organizationId: 100, status: 'pending', emailAddress: 'a@b.co', phoneNumber: '+31850607337' },
  ],
  ['pending, no address', { organizationId: 100, status: 'pending' }],
  [
    'pending, no status stored',
    { organizationId: 100, emailAddress: 'a@b.co' } as Omit<Invitation, 'userId'>,
  ],
  ['accepted', { organizationId: 100, status: 'accepted', emailAddress: 'a@b.co' }],
  ['another organization', { organizationId: 200, status: 'pending', emailAddress: 'a@b.co' }],
  [
    'e-mailed 10 s ago',
    {
      organizationId: 100,
      status: 'pending',
      emailAddress: 'a@b.co',
      phoneNumber: '+31850607337',
      emailSendRequestedAt: ago(10),
      emailSendCount: 1,
    },
  ],
  [
    'e-mailed 60 s ago',
    {
      organizationId: 100,
      status: 'pending',
      emailAddress: 'a@b.co',
      emailSendRequestedAt: ago(60),
      emailSendCount: 1,
    },
  ],
  [
    'texted 59 s ago',
    {
      organizationId: 100,
      status: 'pending',
      emailAddress: 'a@b.co',
      phoneNumber: '+31850607337',
      smsSendRequestedAt: ago(59),
      smsSendCount: 2,
    },
  ],
];
const callers: [string, Caller][] = [
  ['admin', adminOfOrg100],
  ['member', memberOfOrg100],
  ['API key', apiKeyOfOrg100],
  ['owner of 200', ownerOfOrg200],
];
const updates: [string, InvitationUpdate][] = [
  ['language', { language: 'de' }],
  ['sendEmail', { sendEmail: true }],
  ['sendSms', { sendSms: true }],
  ['sendEmail with an address', { sendEmail: true, emailAddress: 'new@b.co' }],
  ['sendSms with a number', { sendSms: true, phoneNumber: '+31850600000' }],
  ['both sends', { sendEmail: true, sendSms: true }],
  ['sendEmail false', { sendEmail: false }],
];

const rows = stored.flatMap(([storedName, invitation]) =>
  callers.flatMap(([callerName, caller]) =>
    updates.map(([updateName, update]) => ({
      name: `${storedName} / ${callerName} / ${updateName}`,
      invitation,
      caller,
      update,
    })),
  ),
);

test(`condition and rules agree on all ${rows.length} rows`, { timeout: 120_000 }, async () => {
  const disagreements: string[] = [];
  let applied = 0;
  for (const [index, row] of rows.entries()) {
    const userId = 1000 + index;
    const invitation = row.invitation && { userId, ...row.invitation };
    if (invitation) await putInvitation(invitation);

    const result = await writeInvitationUpdate({
      userId,
      update: row.update,
      organizationId: row.caller.organizationId,
      mayManage: mayManageInvitations(row.caller),
      now,
      cooldownStart: cooldownStart(now, cooldownSeconds),
      identity: { writeId: `matrix-${index}` },
      idempotencyWindowStart: idempotencyWindowStart(now, 86_400),
      // As the PUT gives them: the address sent, else the one stored.
      destinations: sendDestinations(row.update, invitation),
    });
    let rulesAllow = true;
    let rule = '';
    try {
      checkUpdate({ invitation, caller: row.caller, update: row.update, now, cooldownSeconds });
    } catch (error) {
      rulesAllow = false;
      rule = (error as { code?: string }).code ?? String(error);
    }
    if (result.written !== rulesAllow) {
      disagreements.push(
        `${row.name}: condition ${result.written ? 'applied' : 'refused'}, rules ${rulesAllow ? 'allow' : rule}`,
      );
    }
    if (result.written) {
      applied += 1;
      // What the condition let through is what was asked: the fields, and a send counted.
      const after = await readInvitation(userId);
      if (row.update.language) expect(after?.language).toBe(row.update.language);
      if (row.update.sendEmail)
        expect(after?.emailSendCount).toBe((invitation?.emailSendCount ?? 0) + 1);
    }
  }
  expect(disagreements).toEqual([]);
  // The matrix exercises both verdicts, not one.
  expect(applied).toBeGreaterThan(20);
  expect(rows.length - applied).toBeGreaterThan(100);
});
