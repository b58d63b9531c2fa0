/**
 * api.http, request by request, through `npm start`: each answers what its comment says,
 * run in the file's order, and again, on a fresh start, with its examples in reverse order:
 * an example depends on no other but those it names (`# after <name>`, or an answer it
 * reads), which run right before it either way.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { startLocalApi } from './local-api.ts';

interface HttpFileRequest {
  title: string;
  /** `# @name x`: later requests read its answer as `{{x.response.body.$.field}}`. */
  name: string | undefined;
  /** The named requests it needs run first: `# after <name>`, and the answers it reads. */
  after: string[];
  status: number;
  code: string | undefined;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * The .http format as REST Client reads it: `@name = value` variables, `###` between
 * requests, `{{name}}` uses, `# @name` requests whose answers later ones use, and a body
 * `< ./file` read from that file. `# expect <status> [code]` is ours: what it answers.
 */
function parseHttpFile(text: string): HttpFileRequest[] {
  const [, ...blocks] = text.split(/^###/m);
  return blocks.map((block) => {
    const [title = '', ...lines] = block.split('\n');
    const [, status = '0', code] = /^# expect (\d{3})(?: (\w+))?$/m.exec(block) ?? [];
    const [, name] = /^# @name (\w+)$/m.exec(block) ?? [];
    const after = [
      ...[...block.matchAll(/^# after (\w+)$/gm)].map(([, first]) => first ?? ''),
      ...[...block.matchAll(/\{\{(\w+)\.response\./g)].map(([, first]) => first ?? ''),
    ];
    const content = lines.filter((line) => !line.startsWith('#'));
    const start = content.findIndex((line) => line.trim() !== '');
    const [method = '', url = ''] = (content[start] ?? '').split(' ');
    const rest = content.slice(start + 1);
    const blank = rest.findIndex((line) => line.trim() === '');
    const headerLines = blank < 0 ? rest : rest.slice(0, blank);
    const bodyText =
      blank < 0
        ? ''
        : rest
            .slice(blank + 1)
            .join('\n')
            .trim();
    const [, bodyFile] = /^< (\S+)$/.exec(bodyText) ?? [];
    return {
      title: title.trim(),
      name,
      after,
      status: Number(status),
      code,
      method,
      url,
      headers: Object.fromEntries(
        headerLines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
        }),
      ),
      body:
        bodyFile !== undefined
          ? readFileSync(bodyFile, 'utf8')
          : bodyText === ''
            ? undefined
            : bodyText,
    };
  });
}

/** The `@name = value` lines before the first request. */
function fileVariables(text: string): Record<string, string> {
  const [preamble = ''] = text.split(/^###/m);
  return Object.fromEntries(
    [...preamble.matchAll(/^@(\w+)\s*=\s*(.+)$/gm)].map(([, name = '', value = '']) => [
      name,
      value.trim(),
    ]),
  );
}

/** `{{name}}` from the file's variables, `{{request.response.body.$.a.b}}` from an answer. */
function expander(variables: Record<string, string>, answers: Map<string, unknown>) {
  return (text: string) =>
    text.replace(/\{\{([\w.$]+)\}\}/g, (_, reference: string) => {
      const [request = '', part, field, ...path] = reference.split('.');
      if (part === undefined) {
        const value = variables[request];
        if (value === undefined)
          throw new Error(`api.http uses {{${reference}}}: no such variable`);
        return value;
      }
      let value: unknown = answers.get(request);
      if (value === undefined || part !== 'response' || field !== 'body' || path[0] !== '$') {
        throw new Error(`api.http uses {{${reference}}}: no earlier request of that name`);
      }
      for (const key of path.slice(1)) value = (value as Record<string, unknown>)?.[key];
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new Error(`api.http uses {{${reference}}}: its answer has no such field`);
      }
      return String(value);
    });
}

/** Runs the requests one after the other on a fresh `npm start`. */
async function runInOrder(requests: HttpFileRequest[]) {
  const api = await startLocalApi();
  try {
    const variables = { ...fileVariables(readFileSync('api.http', 'utf8')), baseUrl: api.baseUrl };
    const answers = new Map<string, unknown>();
    const expand = expander(variables, answers);
    for (const request of requests) {
      const response = await fetch(expand(request.url), {
        method: request.method,
        headers: Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name, expand(value)]),
        ),
        ...(request.body === undefined ? {} : { body: expand(request.body) }),
      });
      const text = await response.text();
      expect(response.status, `${request.title}: ${text}`).toBe(request.status);
      expectContractHeaders(Object.fromEntries(response.headers));
      if (request.code) expectErrorBody(text, request.code);
      if (request.name) answers.set(request.name, JSON.parse(text || 'null'));
    }
  } finally {
    await api.stop();
  }
}

/** The examples: a request, with the ones after it that need it (directly or in a chain). */
function examples(requests: HttpFileRequest[]): HttpFileRequest[][] {
  const groups: HttpFileRequest[][] = [];
  const groupOf = new Map<string, HttpFileRequest[]>();
  for (const request of requests) {
    const needed = request.after.map((name) => groupOf.get(name));
    if (needed.some((group) => group === undefined)) {
      throw new Error(`${request.title}: needs ${request.after.join(', ')}, not named before it`);
    }
    const group = needed[0] ?? [];
    if (needed.some((other) => other !== group)) {
      throw new Error(`${request.title}: needs requests of two examples`);
    }
    if (group.length === 0) groups.push(group);
    group.push(request);
    if (request.name) groupOf.set(request.name, group);
  }
  return groups;
}

const requests = parseHttpFile(readFileSync('api.http', 'utf8'));

test('every request in api.http answers as its comment says, in order', async () => {
  expect(requests.length).toBeGreaterThanOrEqual(15);
  await runInOrder(requests);
});

test("api.http's examples in reverse order answer the same: none depends on another", async () => {
  const groups = examples(requests);
  expect(groups.length).toBeGreaterThan(20);
  expect(groups.some((group) => group.length > 1)).toBe(true);
  await runInOrder(groups.reverse().flat());
});

test("every error of api.md's table is in api.http, or in its list of those it cannot draw", () => {
  const documented = [
    ...readFileSync('docs/api.md', 'utf8').matchAll(/^\| (\d{3}) +\| `(\w+)` +\|/gm),
  ].map(([, status, code]) => `${status} ${code}`);
  expect(documented.length).toBeGreaterThan(15);
  const text = readFileSync('api.http', 'utf8');
  const [preamble = ''] = text.split(/^###/m);
  const shown = new Set(requests.map((request) => `${request.status} ${request.code}`));
  const notDrawn = preamble.replace(/\n# /g, ' ');
  expect(documented.filter((error) => !shown.has(error) && !notDrawn.includes(error))).toEqual([]);
});
