/** api.http, request by request, through `npm start`: each answers what its comment says. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';

interface HttpFileRequest {
  title: string;
  status: number;
  code: string | undefined;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** The .http format: `@name = value` variables, `###` between requests, `{{name}}` uses. */
function parseHttpFile(text: string, overrides: Record<string, string>): HttpFileRequest[] {
  const [preamble = '', ...blocks] = text.split(/^###/m);
  const variables: Record<string, string> = {};
  for (const [, name = '', value = ''] of preamble.matchAll(/^@(\w+)\s*=\s*(.+)$/gm)) {
    variables[name] = value.trim();
  }
  Object.assign(variables, overrides);
  const expand = (line: string) =>
    line.replace(/\{\{(\w+)\}\}/g, (_, name) => variables[name] ?? '');
  return blocks.map((block) => {
    const [title = '', ...lines] = block.split('\n');
    const [, status = '0', code] = /^# expect (\d{3})(?: (\w+))?$/m.exec(block) ?? [];
    const content = lines.filter((line) => !line.startsWith('#'));
    const start = content.findIndex((line) => line.trim() !== '');
    const [method = '', url = ''] = expand(content[start] ?? '').split(' ');
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
    return {
      title: title.trim(),
      status: Number(status),
      code,
      method,
      url,
      headers: Object.fromEntries(
        headerLines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).trim(), expand(line.slice(colon + 1).trim())];
        }),
      ),
      body: bodyText === '' ? undefined : bodyText,
    };
  });
}

let api: RunningApi;
let requests: HttpFileRequest[];
beforeAll(async () => {
  api = await startLocalApi();
  requests = parseHttpFile(readFileSync('api.http', 'utf8'), { baseUrl: api.baseUrl });
});
afterAll(async () => {
  await api?.stop();
});

test('every request in api.http answers as its comment says, in order', async () => {
  expect(requests.length).toBeGreaterThanOrEqual(15);
  for (const request of requests) {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const text = await response.text();
    expect(response.status, `${request.title}: ${text}`).toBe(request.status);
    expectContractHeaders(Object.fromEntries(response.headers));
    if (request.code) expectErrorBody(text, request.code);
  }
});
