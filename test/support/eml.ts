import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The plain-text part of an .eml the outbox transport wrote (base64, as sent). */
export function plainTextOf(eml: string): string {
  const [, textPart = ''] = eml.split(
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n',
  );
  return Buffer.from(
    textPart.split('\r\n--')[0]?.replaceAll('\r\n', '') ?? '',
    'base64',
  ).toString();
}

/** The first outbox message whose file name matches, once the sender has written it (15 s). */
export async function outboxMessage(outbox: string, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const file = readdirSync(outbox).find((name) => pattern.test(name));
    if (file) return readFileSync(join(outbox, file), 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no message matching ${pattern} in ${outbox}: ${readdirSync(outbox).join(', ')}`);
}

/** The SMS the outbox holds for this phone number, as file names. */
export function smsFilesTo(outbox: string, phoneNumber: string | undefined): string[] {
  return readdirSync(outbox).filter((name) => name.endsWith(`-sms-${phoneNumber}.txt`));
}

/** The invitation link in an e-mail the outbox holds for this address. */
export async function emailedLink(outbox: string, address: string): Promise<string> {
  const eml = await outboxMessage(
    outbox,
    new RegExp(`-email-${address.replaceAll('.', '\\.')}\\.eml$`),
  );
  return /https?:\/\/\S+#token=[\w.-]+/.exec(plainTextOf(eml))?.[0] ?? '';
}
