/**
 * Delivery through `npm start`: a PUT with sendEmail / sendSms becomes a message file in
 * the outbox, in the invitation's language, to the stored address, with a working link.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tokenOfLink } from '../../functions/shared/delivery/links.ts';
import { sha256Hex } from '../../functions/shared/hash.ts';
import { outboxMessage, plainTextOf } from '../support/eml.ts';
import { apiClient } from './api-contract.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
let api: RunningApi;
const call = apiClient(() => api.baseUrl);
beforeAll(async () => {
  api = await startLocalApi({ OUTBOX_DIR: outbox });
});
afterAll(async () => {
  await api?.stop();
});

const messageFile = (pattern: RegExp) => outboxMessage(outbox, pattern);

test('the banner says where messages go', () => {
  expect(api.output()).toContain(`invitation messages: ${outbox}`);
});

test('sendEmail: one .eml, in Czech, to the stored address, with a link that matches the stored hash', async () => {
  const response = await call({
    token: demoData.personalOwner,
    userId: demoData.users.personal,
    json: { sendEmail: true },
  });
  expect(response.status).toBe(200);
  const eml = await messageFile(/-email-eva\.novak@example\.com\.eml$/);
  expect(eml).toMatch(/^From: Invitations <invitations@example\.com>\r$/m);
  expect(eml).toMatch(/^To: eva\.novak@example\.com\r$/m);
  expect(eml).toMatch(/^Content-Language: cs\r$/m);
  const text = plainTextOf(eml);
  expect(text).toContain('Pozvánka platí do');
  const token = tokenOfLink(/https?:\S+/.exec(text)?.[0] ?? '') ?? '';
  expect((await api.readInvitation(demoData.users.personal))?.emailLinkTokenHash).toBe(
    sha256Hex(token),
  );
  expect(readdirSync(outbox).filter((name) => name.includes('eva.novak'))).toHaveLength(1);
});

test('sendSms: one .txt naming the number, in English', async () => {
  const response = await call({ userId: demoData.users.pending, json: { sendSms: true } });
  expect(response.status).toBe(200);
  const sms = await messageFile(/-sms-\+31850607337\.txt$/);
  expect(sms).toContain('To: +31850607337');
  expect(sms).toContain('Language: en');
  const token = tokenOfLink(/https?:\S+/.exec(sms)?.[0] ?? '') ?? '';
  expect((await api.readInvitation(demoData.users.pending))?.smsLinkTokenHash).toBe(
    sha256Hex(token),
  );
});
