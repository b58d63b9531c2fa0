/**
 * Logs of `npm start` as Lambda's runtime writes them under the JSON log format: one JSON
 * line per log call, with the invocation's requestId and the handler's object as
 * `message`; each function in instances of its own, so every line names its own function
 * and carries its own request's correlation id, and each instance's init is one
 * `platform.initStart` line (a cold start), at most FUNCTION_INSTANCES of them.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RunningApi, startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

let api: RunningApi;
beforeAll(async () => {
  api = await startLocalApi({ AWS_LAMBDA_LOG_LEVEL: 'INFO', FUNCTION_INSTANCES: '2' });
});
afterAll(async () => {
  await api?.stop();
});

type LogLine = {
  level?: string;
  requestId?: string;
  functionName?: string;
  message?: { event?: string; correlationId?: string; statusCode?: number };
  type?: string;
  record?: { functionName?: string };
};
const logLines = (): LogLine[] =>
  api
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
const logged = (event: string) => logLines().filter((line) => line.message?.event === event);
const initsOf = (functionName: string) =>
  logLines().filter(
    (line) => line.type === 'platform.initStart' && line.record?.functionName === functionName,
  );

test('each line names its function and its own request; each instance inits once', async () => {
  const put = (json: object) =>
    fetch(`${api.baseUrl}/v2/users/5/invitation`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${demoData.admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(json),
    });
  const responses = await Promise.all([
    put({ language: 'de', sendEmail: true }),
    put({ language: 'nl' }),
    put({ language: 'fr' }),
  ]);
  const requestIds = responses.map((response) => response.headers.get('x-amzn-requestid'));
  // Let the sender run on the stream meanwhile.
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  const completed = logged('request completed');
  expect(completed).toHaveLength(3);
  for (const line of completed) {
    expect(line).toMatchObject({ level: 'INFO', functionName: 'update-invitation' });
    expect(line.message?.statusCode).toBe(200);
  }
  expect(completed.map((line) => line.message?.correlationId).sort()).toEqual(
    [...requestIds].sort(),
  );
  // Lambda's request ids: one per invocation.
  expect(new Set(completed.map((line) => line.requestId)).size).toBe(3);
  // Three concurrent requests on at most two instances: each instance initialized once
  // (how many start depends on how the requests overlap, which nothing here fixes).
  const inits = initsOf('update-invitation').length;
  expect(inits).toBeGreaterThanOrEqual(1);
  expect(inits).toBeLessThanOrEqual(2);

  const authorized = logged('authorized');
  expect(authorized.length).toBeGreaterThan(0);
  for (const line of authorized) expect(line.functionName).toBe('authorizer');
  expect(initsOf('authorizer').length).toBeGreaterThan(0);
  const sent = logged('invitation sent');
  expect(sent.map((line) => line.functionName)).toEqual(['send-invitation']);

  const again = await put({ language: 'it' });
  expect(again.status).toBe(200);
  expect(logged('request completed')).toHaveLength(4);
  // A warm instance took it: no init more.
  expect(initsOf('update-invitation')).toHaveLength(inits);
});
