/**
 * Every file in events/ answers as its name says: `<function>.<case>.<outcome>.json`, run
 * through the function's own entry (handler.ts, as Lambda and `npm run invoke` load it,
 * configured by the environment npm start gives) on the demo fixtures, loaded afresh before
 * each file so that no file depends on another. A file that names no function, or an
 * outcome this test cannot check, fails: a new sample is run without a line here.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { afterAll, expect, inject, test } from 'vitest';
import { type FunctionName, functions } from '../../infra/functions.ts';
import { useLocalEnvironment } from '../../local/environment.ts';
import { loadFixtureFile, writeStreamImages } from '../../local/fixtures.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { sampleEvents } from '../../local/sample-events.ts';
import { expectContractHeaders } from '../support/contract.ts';
import { useFreshTables } from '../support/tables.ts';

const tables = await useFreshTables();
const outbox = mkdtempSync(join(tmpdir(), 'sample-outbox-'));
const eventsFile = join(outbox, 'events.jsonl');
// The entries read their configuration at import, from process.env: set for this file only.
const environmentBefore = { ...process.env };
afterAll(() => {
  for (const key of Object.keys(process.env)) {
    if (!(key in environmentBefore)) delete process.env[key];
  }
  Object.assign(process.env, environmentBefore);
});
Object.assign(process.env, {
  DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  INVITATIONS_TABLE: tables.tableNames.invitations,
  CREDENTIALS_TABLE: tables.tableNames.credentials,
  SEND_LIMITS_TABLE: tables.tableNames.sendLimits,
  OUTBOX_DIR: outbox,
  EVENTS_FILE: eventsFile,
});
useLocalEnvironment();

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const handlers = new Map<FunctionName, Handler>();
async function handlerOf(name: FunctionName): Promise<Handler> {
  const loaded = handlers.get(name);
  if (loaded) return loaded;
  const entry = new URL(`../../${functions[name].entry}`, import.meta.url);
  const { handler } = (await import(entry.href)) as { handler: Handler };
  handlers.set(name, handler);
  return handler;
}

const samples = sampleEvents();
const files = samples.map(({ file }) => file);
// Copies: middy's parsers change an event in place (its body, its headers' names).
const eventOf = (file: string) =>
  structuredClone(samples.find((sample) => sample.file === file)?.event);
const written = () => readdirSync(outbox).filter((file) => file !== 'events.jsonl').length;
const published = () => {
  try {
    return readFileSync(eventsFile, 'utf8').trim().split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
};

/** How each outcome a file's name can end in is checked, on what the function returned. */
type Check = (
  run: () => Promise<unknown>,
  before: { messages: number; events: number },
) => Promise<void>;
const outcomeChecks: Record<string, Check> = {
  allow: async (run) => {
    const result = (await run()) as { policyDocument: { Statement: { Effect: string }[] } };
    expect(result.policyDocument.Statement[0]?.Effect).toBe('Allow');
  },
  unauthorized: async (run) => {
    await expect(run()).rejects.toThrow(/^Unauthorized$/);
  },
  recorded: async (run) => expect(await run()).toBe('recorded'),
  ignored: async (run) => expect(await run()).toBe('ignored'),
  sends: async (run, before) => {
    expect(await run()).toEqual({ batchItemFailures: [] });
    expect(written()).toBeGreaterThan(before.messages);
  },
  published: async (run, before) => {
    expect(await run()).toEqual({ batchItemFailures: [] });
    expect(published()).toBeGreaterThan(before.events);
  },
  nothing: async (run, before) => {
    expect(await run()).toEqual({ batchItemFailures: [] });
    expect({ messages: written(), events: published() }).toEqual(before);
  },
};

/** An HTTP status: the answer has it, with the contract's headers, and a JSON body if any. */
async function checkStatus(run: () => Promise<unknown>, status: number) {
  const response = (await run()) as {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
  };
  expect(response.statusCode).toBe(status);
  expectContractHeaders(response.headers);
  if (response.body !== '') expect(() => JSON.parse(response.body)).not.toThrow();
}

test('there are samples of both reference examples, for the PUT and the authorizer', () => {
  for (const example of ['example-1', 'example-2']) {
    expect(files).toContain(`update-invitation.${example}.200.json`);
    expect(files).toContain(`authorizer.${example}.allow.json`);
  }
});

test('every function has samples', () => {
  const named = new Set(samples.map(({ functionName }) => functionName));
  expect(Object.keys(functions).filter((name) => !named.has(name))).toEqual([]);
});

test.each(samples)('$file', async ({ file, functionName: name, outcome, event }) => {
  expect(Object.keys(functions), `${file} names no function`).toContain(name);
  const check = /^\d{3}$/.test(outcome)
    ? (run: () => Promise<unknown>) => checkStatus(run, Number(outcome))
    : outcomeChecks[outcome];
  expect(check, `${file}: no check for the outcome "${outcome}"`).toBeDefined();

  await loadFixtureFile(tables);
  await writeStreamImages(tables, event);
  const handler = await handlerOf(name as FunctionName);
  const before = { messages: written(), events: published() };
  await check?.(() => handler(structuredClone(event), lambdaContext(name, 10_000)), before);
});

test.each(['example-1', 'example-2'])(
  'the %s PUT event carries what the authorizer gives its token',
  async (example) => {
    const tokenEvent = eventOf(`authorizer.${example}.allow.json`) as {
      authorizationToken: string;
    };
    const authorizer = await handlerOf('authorizer');
    const { context } = (await authorizer(tokenEvent, lambdaContext('authorizer', 3_000))) as {
      context: unknown;
    };
    const event = eventOf(`update-invitation.${example}.200.json`) as {
      requestContext: { authorizer: unknown };
      headers: Record<string, string>;
    };
    expect(event.requestContext.authorizer).toEqual(context);
    expect(event.headers.Authorization?.toLowerCase()).toBe(
      tokenEvent.authorizationToken.toLowerCase(),
    );
  },
);
