/**
 * The local transport: every message becomes a file under the outbox directory, an .eml
 * (RFC 5322, multipart text + HTML, openable in any mail client) per e-mail and a .txt
 * per SMS. An e-mail's invitation link is also on its `X-Invitation-Link:` line and in the
 * log line that names the file: its parts are base64, which grep cannot read. Addresses in the reserved `.invalid` domain are refused for good, as a real
 * provider refuses a bad address; addresses at `unknown-outcome.test` are written and then
 * fail as a connection reset after the provider took the message would.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { logger } from '../logger.ts';
import { type EmailMessage, PermanentDeliveryError, type Transport } from './transport.ts';

export function outboxTransport(directory: string): Transport {
  const write = async (name: string, content: string, link?: string) => {
    await mkdir(directory, { recursive: true });
    const file = join(directory, name);
    await writeFile(file, content);
    logger.info('message written', { file, ...(link ? { link } : {}) });
    return file;
  };
  const stamp = () => new Date().toISOString().replaceAll(':', '-');
  return {
    async sendEmail(message) {
      if (/\.invalid$/i.test(message.to)) {
        throw new PermanentDeliveryError(`MessageRejected: no such domain in ${message.to}`);
      }
      const messageId = `${randomUUID()}@invitations.local`;
      await write(
        `${stamp()}-email-${safe(message.to)}.eml`,
        toEml(message, new Date(), messageId),
        linkIn(message.text),
      );
      if (/@unknown-outcome\.test$/i.test(message.to)) {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      }
      return { messageId };
    },
    async sendSms(message) {
      const messageId = randomUUID();
      await write(
        `${stamp()}-sms-${safe(message.to)}.txt`,
        `To: ${message.to}\nLanguage: ${message.language}\nDate: ${new Date().toISOString()}\n\n${message.text}\n`,
      );
      return { messageId };
    },
  };
}

const safe = (text: string) => text.replace(/[^\w.@+-]/g, '_');

/** The invitation link of a message's text, if it has one. */
const linkIn = (text: string) => /\bhttps?:\/\/\S+#token=\S+/.exec(text)?.[0];

/** An RFC 5322 message with a multipart/alternative body (RFC 2046), UTF-8 throughout. */
export function toEml(
  message: Omit<EmailMessage, 'tags'>,
  date = new Date(),
  messageId = `${randomUUID()}@invitations.local`,
): string {
  const boundary = `=_${randomUUID()}`;
  const part = (type: string, body: string) =>
    [
      `--${boundary}`,
      `Content-Type: ${type}; charset=utf-8`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(body),
    ].join('\r\n');
  return [
    `From: ${message.from}`,
    `To: ${message.to}`,
    `Subject: ${encodedWord(message.subject)}`,
    `Date: ${rfc5322Date(date)}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    `Content-Language: ${message.language}`,
    ...(linkIn(message.text) ? [`X-Invitation-Link: ${linkIn(message.text)}`] : []),
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    part('text/plain', message.text),
    part('text/html', message.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** RFC 2047 for a header that is not plain ASCII. */
function encodedWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

function base64Lines(text: string): string {
  return Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\r\n');
}

/** e.g. "Thu, 26 Nov 2026 05:30:00 +0000" */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}
