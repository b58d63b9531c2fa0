/**
 * The invitee's whole journey through `npm start`, in a real browser (Debian's chromium,
 * headless): a PUT sends the e-mail, its link opens the accept page, the page previews,
 * the button accepts; afterwards the PUT answers 409 and GET shows it accepted. Fetching
 * the link as a scanner would, and loading the page, change nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { securityHeaders } from '../../functions/shared/http/headers.ts';
import { chromiumPath, chromiumSkipReason, launchChromium } from '../support/chromium.ts';
import { emailedLink } from '../support/eml.ts';
import { apiClient } from './api-contract.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

const chromium = chromiumPath;
const skipReason = chromiumSkipReason('accept page test');
if (!chromium) console.log(skipReason);

describe.skipIf(!chromium)('the accept page', () => {
  const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
  let api: RunningApi;
  let browser: Browser;
  const call = apiClient(() => api.baseUrl);

  beforeAll(async () => {
    api = await startLocalApi({ OUTBOX_DIR: outbox });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  async function open(link: string) {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(link, { waitUntil: 'networkidle0' });
    return { page, problems };
  }
  const stateOf = (page: Page, state: string) =>
    page.waitForSelector(`body[data-state="${state}"]`, { timeout: 10_000 });

  test('e-mail -> link -> preview -> accept; then 409 and accepted', {
    timeout: 60_000,
  }, async () => {
    const userId = demoData.users.invitee;
    expect((await call({ userId, json: { sendEmail: true } })).status).toBe(200);
    const link = await emailedLink(outbox, 'invitee@example.com');
    expect(new URL(link).pathname).toBe('/invitations/accept');

    // A link scanner fetches the URL: the fragment, and so the token, is never sent.
    const scanned = await fetch(link);
    expect(scanned.status).toBe(200);
    expect(scanned.headers.get('content-type')).toMatch(/^text\/html/);
    // The contract's security headers; its policy lets the page run its script and call the API.
    for (const [name, value] of Object.entries(securityHeaders)) {
      if (name !== 'Content-Security-Policy') expect(scanned.headers.get(name), name).toBe(value);
    }
    expect(scanned.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await api.readInvitation(userId))?.status).toBe('pending');

    const { page, problems } = await open(link);
    await stateOf(page, 'pending');
    // Read once, the token leaves the address bar and the history entry (shared screens,
    // synced history, a link copied from the bar).
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate('window.location.href')).not.toContain('token');
    expect(await page.$eval('html', (html) => [html.lang, html.dir])).toEqual(['de', 'ltr']);
    expect(await page.$eval('#title', (title) => title.textContent)).toBe('Ihre Einladung');
    expect(await page.$eval('#detail', (detail) => detail.textContent)).toContain('2030');
    // Loading the page previewed it: nothing changed.
    expect((await api.readInvitation(userId))?.status).toBe('pending');

    await page.click('#accept');
    await stateOf(page, 'accepted');
    expect(await page.$eval('#message', (message) => message.textContent)).toBe(
      'Vielen Dank: Die Einladung ist angenommen.',
    );
    expect(await api.readInvitation(userId)).toMatchObject({
      status: 'accepted',
      acceptedChannel: 'email',
    });
    expect((await call({ userId, json: { language: 'en' } })).status).toBe(409);
    const view = await call({ method: 'GET', body: null, contentType: null, userId });
    expect(JSON.parse(view.text).status).toBe('accepted');

    // Opened again later: it says so, and offers nothing to press.
    const again = await open(link);
    await stateOf(again.page, 'alreadyAccepted');
    expect(await again.page.$eval('#accept', (button) => button.hidden)).toBe(true);
    expect([...problems, ...again.problems]).toEqual([]);
  });

  test('an Arabic invitation reads right to left', { timeout: 60_000 }, async () => {
    const userId = demoData.users.personal;
    const sent = await call({
      userId,
      token: demoData.personalOwner,
      json: { language: 'ar', sendEmail: true },
    });
    expect(sent.status).toBe(200);
    const stored = await api.readInvitation(userId);
    const link = await emailedLink(outbox, stored?.emailAddress ?? '');
    const { page, problems } = await open(link);
    await stateOf(page, 'pending');
    expect(await page.$eval('html', (html) => [html.lang, html.dir])).toEqual(['ar', 'rtl']);
    expect(await page.$eval('#accept', (button) => button.textContent)).toBe('قبول الدعوة');
    expect(problems).toEqual([]);
  });

  test('a link that does not work says so', { timeout: 30_000 }, async () => {
    const base = (await emailedLink(outbox, 'invitee@example.com')).split('#')[0];
    const { page } = await open(`${base}#token=9.email.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    await stateOf(page, 'notFound');
    const { page: none } = await open(base ?? '');
    await stateOf(none, 'notFound');
  });
});
