/**
 * The interactive API docs that `npm start` serves, in a real browser (Debian's chromium,
 * headless): a newcomer opens the page, finds the PUT operation, and sends the reference's
 * first example from it; the API answers as documented.
 */
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { referenceExamples } from '../../local/reference-examples.ts';
import { chromiumPath, chromiumSkipReason, launchChromium } from '../support/chromium.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';

const chromium = chromiumPath;
const skipReason = chromiumSkipReason('docs page test');
if (!chromium) console.log(skipReason);

describe.skipIf(!chromium)('the API docs page', () => {
  let api: RunningApi;
  let browser: Browser;
  let docsUrl: string;

  beforeAll(async () => {
    // Both tests send to user 5: a cool-down of a second lets the second send too.
    api = await startLocalApi({ SEND_COOLDOWN_SECONDS: '1' });
    docsUrl = /API docs \(OpenAPI, try it out\): (http\S+)/.exec(api.output())?.[1] ?? '';
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  // First: on a fresh start, before the other test's send starts the cool-down.
  test("the PUT's first Execute, with what the page proposes, answers 200; the demo credential is named where it is asked for", {
    timeout: 60_000,
  }, async () => {
    const page = await browser.newPage();
    await page.goto(docsUrl, { waitUntil: 'networkidle0' });
    await page.click('.btn.authorize');
    const help = await page.$eval('.modal-ux', (modal) => modal.textContent ?? '');
    const credential = /`?([0-9a-f-]{36})`? is an admin/.exec(help)?.[1];
    expect(credential).toBeDefined();
    await page.type('input[aria-label="auth-bearer-value"]', credential ?? '');
    await page.click('.auth-btn-wrapper .btn.modal-btn.auth.authorize');
    await page.click('.btn-done');

    // Nothing typed but the credential: the user id and the body are the page's own.
    await page.click('.opblock-put .opblock-summary');
    await page.waitForSelector('.opblock-put .try-out__btn');
    await page.click('.opblock-put .try-out__btn');
    const answered = page.waitForResponse(
      (response) =>
        /\/v2\/users\/\d+\/invitation$/.test(response.url()) &&
        response.request().method() === 'PUT',
    );
    await page.click('.opblock-put .btn.execute');
    const response = await answered;
    expect(response.status(), await response.text()).toBe(200);
    // The operations are grouped: the organization's, the invitee's.
    const groups = await page.$$eval('.opblock-tag', (tags) =>
      tags.map((tag) => tag.textContent ?? ''),
    );
    expect(groups.join(' ')).toMatch(/Invitations.*Invitee/);
    await page.close();
  });

  test('open it, find PUT /v2/users/{userId}/invitation, send the first example', {
    timeout: 60_000,
  }, async () => {
    const [example] = referenceExamples;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const page = await browser.newPage();
    const failedRequests: string[] = [];
    page.on('requestfailed', (request) => failedRequests.push(request.url()));
    await page.goto(docsUrl, { waitUntil: 'networkidle0' });

    // Authorize with the example's bearer credential.
    await page.click('.btn.authorize');
    const credential = example.authorization.replace(/^Bearer /, '');
    await page.type('input[aria-label="auth-bearer-value"]', credential);
    await page.click('.auth-btn-wrapper .btn.modal-btn.auth.authorize');
    await page.click('.btn-done');

    // The PUT operation: open it, try it out with the example's user and body.
    await page.click('.opblock-put .opblock-summary');
    await page.waitForSelector('.opblock-put .try-out__btn');
    await page.click('.opblock-put .try-out__btn');
    const userId = /\/v2\/users\/(\d+)\//.exec(example.path)?.[1] ?? '';
    // The page proposes a user id of its own: replace it.
    await page.$eval('.opblock-put input[placeholder="userId"]', (input) => {
      (input as unknown as { select: () => void }).select();
    });
    await page.keyboard.press('Backspace');
    await page.type('.opblock-put input[placeholder="userId"]', userId);
    // Replace the example body Swagger UI proposes with the reference's, as a user types it.
    await page.click('.opblock-put textarea.body-param__text');
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Control');
    await page.keyboard.press('Backspace');
    await page.type('.opblock-put textarea.body-param__text', example.body);
    const answered = page.waitForResponse(
      (response) => response.url().endsWith(example.path) && response.request().method() === 'PUT',
    );
    await page.click('.opblock-put .btn.execute');
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(await response.text()).toBe(JSON.stringify(example.response));
    expect(response.headers()['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );

    // The page shows it too.
    const status = '.opblock-put .live-responses-table tbody .response-col_status';
    await page.waitForSelector(status);
    const shown = await page.$eval(status, (cell) => cell.textContent?.trim());
    expect(shown).toBe('200');
    // Everything the page needed came from npm start itself.
    expect(failedRequests).toEqual([]);
    await page.close();
  });
});
