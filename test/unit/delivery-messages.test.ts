/** Templates: every language has every template and placeholder; messages render right. */
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  formatExpiration,
  loadTemplates,
  renderEmail,
  renderSms,
  templateFiles,
} from '../../functions/shared/delivery/messages.ts';
import { toEml } from '../../functions/shared/delivery/outbox-transport.ts';
import { languages } from '../../functions/shared/invitations/languages.ts';

const directory = new URL('../../functions/send-invitation/templates/', import.meta.url);
const templates = loadTemplates(directory);
const values = {
  link: 'https://app.example.com/accept?token=abc&x=<1>',
  expiration: '2030-01-01T12:00:00+02:00',
};

test('there is a template folder for each language of the contract, and no other', () => {
  const folders = readdirSync(directory, { withFileTypes: true }).filter((entry) =>
    entry.isDirectory(),
  );
  expect(folders.map((folder) => folder.name).sort()).toEqual([...languages].sort());
});

describe.each(languages)('%s', (language) => {
  test('has every template, with the link and the expiration section', () => {
    for (const file of templateFiles) {
      const template = templates.byLanguage[language][file];
      expect(template.trim(), file).not.toBe('');
      if (file === 'subject.txt') continue;
      expect(template, file).toContain('{{link}}');
      expect(template, file).toMatch(
        /\{\{#expiration\}\}[\s\S]*\{\{expiration\}\}[\s\S]*\{\{\/expiration\}\}/,
      );
    }
    const email = renderEmail(templates, language, values);
    expect(email.html).toMatch(/^<!DOCTYPE html>/);
    expect(email.html).toContain(
      `<html lang="${language}" dir="${language === 'ar' ? 'rtl' : 'ltr'}">`,
    );
    expect(email.html).toContain(`<title>${email.subject}</title>`);
  });

  test('renders with no placeholder left, the link escaped in HTML', () => {
    const email = renderEmail(templates, language, values);
    const sms = renderSms(templates, language, values);
    for (const text of [email.subject, email.text, email.html, sms.text])
      expect(text).not.toContain('{{');
    expect(email.text).toContain(values.link);
    expect(sms.text).toContain(values.link);
    expect(email.html).toContain('https://app.example.com/accept?token=abc&amp;x=&lt;1&gt;');
    expect(email.html).not.toContain('<1>');
    const expiration = formatExpiration(values.expiration, language);
    expect(email.text).toContain(expiration);
    expect(sms.text).toContain(expiration);
  });

  test('without an expiration, the sentence about it is left out', () => {
    const email = renderEmail(templates, language, { link: values.link });
    expect(email.text).not.toContain('UTC');
    expect(email.html).not.toContain('UTC');
    expect(email.text).not.toMatch(/\n\n\n/);
  });
});

test('expirations are written in the reader language, in UTC', () => {
  expect(formatExpiration('2030-01-01T12:00:00+02:00', 'en')).toBe(
    'January 1, 2030 at 10:00 AM UTC',
  );
  expect(formatExpiration('2030-01-01T12:00:00+02:00', 'de')).toBe('1. Januar 2030 um 10:00 UTC');
});

test('an .eml is an RFC 5322 message with a multipart text + HTML body', () => {
  const email = renderEmail(templates, 'cs', values);
  const eml = toEml(
    { ...email, from: 'Invitations <invitations@example.com>', to: 'eva@example.com' },
    new Date('2026-11-26T05:00:00Z'),
  );
  const [head = '', ...rest] = eml.split('\r\n\r\n');
  expect(head).toContain('From: Invitations <invitations@example.com>');
  expect(head).toContain('To: eva@example.com');
  expect(head).toContain('Date: Thu, 26 Nov 2026 05:00:00 +0000');
  expect(head).toContain('Content-Language: cs');
  expect(head).toContain('MIME-Version: 1.0');
  const subject = /Subject: =\?UTF-8\?B\?(.+)\?=/.exec(head)?.[1] ?? '';
  expect(Buffer.from(subject, 'base64').toString()).toBe('Vaše pozvánka');
  const boundary = /boundary="([^"]+)"/.exec(head)?.[1] ?? '';
  const parts = rest.join('\r\n\r\n').split(`--${boundary}`);
  expect(parts.at(-1)?.trim()).toBe('--');
  const bodies = parts.slice(1, -1).map((part) => {
    const [partHead = '', body = ''] = part.split('\r\n\r\n');
    return {
      type: /Content-Type: ([\w/]+)/.exec(partHead)?.[1],
      text: Buffer.from(body.replaceAll('\r\n', ''), 'base64').toString(),
    };
  });
  expect(bodies.map((part) => part.type)).toEqual(['text/plain', 'text/html']);
  expect(bodies[0]?.text).toBe(email.text);
  expect(bodies[1]?.text).toBe(email.html);
  for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
});
