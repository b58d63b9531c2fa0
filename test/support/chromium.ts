/**
 * Debian's chromium for the browser tests, headless; where it is missing, the tests skip
 * and say how to get it (.ci/run installs it).
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

export const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) =>
  existsSync(path),
);

export const chromiumSkipReason = (what: string) =>
  `${what} skipped: no chromium (apt-get install -y chromium; .ci/run does)`;

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}
