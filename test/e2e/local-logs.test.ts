/**
 * Logs of `npm start` as Lambda would write them: each function in instances of its own,
 * so every line names its own function, carries its own request's correlation id, and the
 * first invocation of an instance is a cold start.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RunningApi, startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

let api: RunningApi;
beforeAll(async () => {
  api = await startLocalApi({ POWERTOOLS_LOG_LEVEL: 'INFO' });
});
afterAll(async () => {
  await api?.stop();
});

type LogLine = Record<string, unknown>;
const logLines = (): LogLine[] =>
  api
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

test('each line names its function and its own request; first calls are cold starts', async () => {
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

  const lines = logLines();
  const completed = lines.filter((line) => line.message === 'request completed');
  expect(completed).toHaveLength(3);
  for (const line of completed) expect(line.function_name).toBe('update-invitation');
  expect(completed.map((line) => line.correlation_id).sort()).toEqual([...requestIds].sort());
  // Three concurrent requests: three instances, each cold on its first call.
  expect(completed.map((line) => line.cold_start)).toEqual([true, true, true]);

  const authorized = lines.filter((line) => line.message === 'authorized');
  for (const line of authorized) expect(line.function_name).toBe('authorizer');
  expect(authorized[0]?.cold_start).toBe(true);
  const sent = lines.filter((line) => line.message === 'invitation sent');
  expect(sent.map((line) => line.function_name)).toEqual(['send-invitation']);

  const again = await put({ language: 'it' });
  expect(again.status).toBe(200);
  const later = logLines().filter((line) => line.message === 'request completed');
  expect(later.at(-1)).toMatchObject({ cold_start: false, function_name: 'update-invitation' });
});
