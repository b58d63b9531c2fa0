/** The local outbox: an e-mail's link can be found with grep, without decoding the message. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { outboxTransport } from '../../functions/shared/delivery/outbox-transport.ts';
import { plainTextOf } from '../support/eml.ts';

test("an .eml names its invitation link on a line of its own, the text's link", async () => {
  const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
  const link = 'https://app.example.com/invitations/accept#token=5.email.abcDEF123_-';
  await outboxTransport(outbox).sendEmail({
    from: 'Invitations <invitations@example.com>',
    to: 'new.user@example.com',
    subject: 'Your invitation',
    text: `Hello,\n\nAccept it here: ${link}\n`,
    html: `<p>Accept it <a href="${link}">here</a></p>`,
    language: 'en',
    tags: { userId: '5', organizationId: '100', sendNumber: '1' },
  });
  const [file = ''] = readdirSync(outbox);
  const eml = readFileSync(join(outbox, file), 'utf8');
  const greppable = /^X-Invitation-Link: (\S+)\r?$/m.exec(eml)?.[1];
  expect(greppable).toBe(link);
  expect(plainTextOf(eml)).toContain(link);
});
