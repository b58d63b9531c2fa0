/**
 * The invitation messages: one set of templates per language (plain files a translator
 * can edit: subject.txt, email.txt, email.html, sms.txt), filled with the link and the
 * expiration. Placeholders: {{link}}, {{expiration}}; {{#expiration}}...{{/expiration}}
 * disappears when the invitation has no expiration. A language's email.html is the body
 * only: layout.html, shared by all, wraps it with the document, its language and direction.
 */
import { readFileSync } from 'node:fs';
import { type Language, languages } from '../invitations/languages.ts';

export const templateFiles = ['subject.txt', 'email.txt', 'email.html', 'sms.txt'] as const;
type TemplateFile = (typeof templateFiles)[number];
export interface Templates {
  layout: string;
  byLanguage: Record<Language, Record<TemplateFile, string>>;
}

const rightToLeft: ReadonlySet<Language> = new Set(['ar']);

/** Reads every language's templates, at init: a missing file fails the init, not a send. */
export function loadTemplates(directory: URL): Templates {
  const read = (path: string) => readFileSync(new URL(path, directory), 'utf8').trimEnd();
  return {
    layout: read('layout.html'),
    byLanguage: Object.fromEntries(
      languages.map((language) => [
        language,
        Object.fromEntries(templateFiles.map((file) => [file, read(`${language}/${file}`)])),
      ]),
    ) as Templates['byLanguage'],
  };
}

export interface MessageValues {
  link: string;
  /** ISO 8601, as stored; absent: the expiration sentence is left out. */
  expiration?: string;
}

export interface EmailContent {
  language: Language;
  subject: string;
  text: string;
  html: string;
}

export function renderEmail(
  templates: Templates,
  language: Language,
  values: MessageValues,
): EmailContent {
  const set = templates.byLanguage[language];
  const plain = fill(values, language, (text) => text);
  const subject = plain(set['subject.txt']);
  const html = templates.layout
    .replace('{{language}}', language)
    .replace('{{direction}}', rightToLeft.has(language) ? 'rtl' : 'ltr')
    .replace('{{subject}}', escapeHtml(subject))
    .replace('{{content}}', () => fill(values, language, escapeHtml)(set['email.html']));
  return { language, subject, text: plain(set['email.txt']), html };
}

export function renderSms(templates: Templates, language: Language, values: MessageValues) {
  const sms = templates.byLanguage[language]['sms.txt'];
  return { language, text: fill(values, language, (text) => text)(sms) };
}

function fill(values: MessageValues, language: Language, encode: (text: string) => string) {
  const expiration = values.expiration ? formatExpiration(values.expiration, language) : undefined;
  return (template: string) =>
    template
      .replace(/\{\{#expiration\}\}([\s\S]*?)\{\{\/expiration\}\}/g, (_, inner: string) =>
        expiration === undefined ? '' : inner,
      )
      .replaceAll('{{link}}', encode(values.link))
      .replaceAll('{{expiration}}', encode(expiration ?? ''));
}

/** The expiration in the reader's language, in UTC (the stored offset is the inviter's). */
export function formatExpiration(iso: string, language: Language): string {
  const date = new Date(iso);
  const formatted = new Intl.DateTimeFormat(language, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date);
  return `${formatted} UTC`;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
