/**
 * Requests Node's HTTP parser refuses, sent byte for byte to `npm start`: each gets a JSON
 * error with the contract's headers (not Node's bare 400), and the server keeps serving.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { sendRaw } from '../support/raw-http.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

let api: RunningApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(async () => {
  await api?.stop();
});

const head = (lines: string[]) =>
  Buffer.from(`${['Host: 127.0.0.1', ...lines].join('\r\n')}\r\n\r\n`, 'latin1');
const request = (requestLine: string, headers: string[], body = '') =>
  Buffer.concat([Buffer.from(`${requestLine}\r\n`), head(headers), Buffer.from(body)]);
const put = 'PUT /v2/users/5/invitation HTTP/1.1';
const authorization = `Authorization: Bearer ${demoData.admin}`;

test.each([
  ['a bare LF inside a header value', request(put, [authorization, 'X-Note: a\nb'])],
  ['a bare CR inside a header value', request(put, [authorization, 'X-Note: a\rb'])],
  ['an unknown method', request('FOO /v2/users/5/invitation HTTP/1.1', [authorization])],
  [
    'two Content-Lengths that disagree',
    request(put, [authorization, 'Content-Length: 2', 'Content-Length: 3'], '{}'),
  ],
  ['a header without a colon', request(put, [authorization, 'NoColonHere'])],
  ['a request line that is not HTTP', Buffer.from('hello there\r\n\r\n')],
])('%s: 400 with the contract headers', async (_, bytes) => {
  const response = await sendRaw(api.baseUrl, bytes);
  expect(response.status).toBe(400);
  expectContractHeaders(Object.fromEntries(response.headers));
  expectErrorBody(response.body, 'RequestRejected');
});

test.each([
  ['a 17 KB header', [`X-Big: ${'a'.repeat(17_000)}`]],
  ['1,200 headers', Array.from({ length: 1_200 }, (_, index) => `X-H${index}: value-${index}`)],
])('%s: 431 with the contract headers', async (_, headers) => {
  const response = await sendRaw(api.baseUrl, request(put, [authorization, ...headers]));
  expect(response.status).toBe(431);
  expectContractHeaders(Object.fromEntries(response.headers));
  expectErrorBody(response.body, 'RequestRejected');
});

test('the server serves normally after all of them', async () => {
  const response = await fetch(`${api.baseUrl}/v2/users/5/invitation`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${demoData.admin}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ language: 'de' }),
  });
  expect(response.status).toBe(200);
});
