/** The documentation stands alone: every link resolves inside the repository. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expect, test } from 'vitest';

const pages = [
  'README.md',
  'bench/README.md',
  ...readdirSync('docs').map((file) => join('docs', file)),
].filter((path) => path.endsWith('.md'));

test.each(pages)('%s: links resolve inside the repository, nothing points outside it', (page) => {
  const text = readFileSync(page, 'utf8');
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target ?? '');
  for (const link of links.filter((target) => !/^(https?:|mailto:|#)/.test(target))) {
    const path = resolve(dirname(page), link.split('#')[0] ?? '');
    expect(existsSync(path), `${page} -> ${link}`).toBe(true);
    expect(path.startsWith(resolve('.')), `${page} -> ${link}`).toBe(true);
  }
  expect(text).not.toMatch(/\.\.\/shared|[Ii]ssue #?\d+/);
});

test('the README stays short: the rest lives in docs/', () => {
  expect(statSync('README.md').size).toBeLessThanOrEqual(10 * 1024);
});

test("the languages the docs list are the API's, and the accept page speaks each", async () => {
  const { languages } = await import('../../functions/shared/invitations/languages.ts');
  const listed = /one of `([a-z ]+)`/.exec(readFileSync('docs/api.md', 'utf8'))?.[1]?.split(' ');
  expect(listed).toEqual([...languages]);
  const pagePath = '../../web/accept/messages.js';
  const { messages } = (await import(pagePath)) as { messages: Record<string, unknown> };
  expect(Object.keys(messages).sort()).toEqual([...languages].sort());
  expect(readFileSync('docs/delivery.md', 'utf8')).toContain('## Adding a language');
});

test('api.md names every route, and every error code a route answers', async () => {
  const { routes } = await import('../../infra/routes.ts');
  const text = readFileSync('docs/api.md', 'utf8');
  const missing = routes.flatMap((route) => [
    ...(text.includes(`${route.method} ${route.path}`) ? [] : [`${route.method} ${route.path}`]),
    ...route.errors.filter((code) => !new RegExp(`\\b${code}\\b`).test(text)),
  ]);
  expect([...new Set(missing)]).toEqual([]);
});
