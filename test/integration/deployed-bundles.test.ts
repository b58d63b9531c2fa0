/**
 * The bundles as they deploy (infra/bundling.ts: CommonJS, the environment's credentials
 * only, no event streams) answer every sample event in events/ exactly as the source
 * entries do: each function of the list, its bundle and its handler.ts run alike (one
 * instance, the events in order, the same environment) on two stores loaded alike, on
 * DynamoDB Local, each signing its requests with credentials from the environment; without
 * credentials there, a bundle fails saying so.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, expect, test } from 'vitest';
import { esbuildOptions } from '../../infra/bundling.ts';
import { type FunctionName, functions } from '../../infra/functions.ts';
import { loadFixtureFile, writeStreamImages } from '../../local/fixtures.ts';
import { sampleEvents } from '../../local/sample-events.ts';
import { testCursorKey, useFreshTables } from '../support/tables.ts';

const stores = { source: await useFreshTables(), bundle: await useFreshTables() };
type Side = keyof typeof stores;
const outDir = mkdtempSync(join(tmpdir(), 'bundles-'));
const outbox = (side: Side) => join(outDir, side, 'outbox');
const eventsFile = (side: Side) => join(outDir, side, 'events.jsonl');

beforeAll(async () => {
  for (const side of ['source', 'bundle'] as const) {
    mkdirSync(outbox(side), { recursive: true });
    await loadFixtureFile(stores[side]);
  }
});

async function bundle(name: FunctionName): Promise<string> {
  const spec: { entry: string; assets?: string } = functions[name];
  const file = join(outDir, name, 'index.js');
  await build({ ...esbuildOptions(), entryPoints: [spec.entry], outfile: file, logLevel: 'error' });
  if (spec.assets) {
    cpSync(join(dirname(spec.entry), spec.assets), join(dirname(file), spec.assets), {
      recursive: true,
    });
  }
  return file;
}

/** Lambda's environment on a store of DynamoDB Local: the role's credentials included. */
const lambdaEnvironment = (side: Side): Record<string, string> => ({
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDBUNDLETEST',
  AWS_SECRET_ACCESS_KEY: 'bundle-secret',
  AWS_SESSION_TOKEN: 'bundle-session',
  AWS_LAMBDA_LOG_LEVEL: 'FATAL',
  DYNAMODB_ENDPOINT: stores[side].connection.endpoint ?? '',
  INVITATIONS_TABLE: stores[side].tableNames.invitations,
  CREDENTIALS_TABLE: stores[side].tableNames.credentials,
  SEND_LIMITS_TABLE: stores[side].tableNames.sendLimits,
  SHARED_USAGE_KEY: 'test-shared-usage-key',
  LIST_CURSOR_KEY: testCursorKey,
  USER_ID_KEY: 'test-user-id-key',
  INVITATION_LINK_BASE_URL: 'https://app.example.com/invitations/accept',
  EMAIL_FROM: 'Invitations <invitations@example.com>',
  OUTBOX_DIR: outbox(side),
  EVENTS_FILE: eventsFile(side),
});

type Outcome = { result?: unknown; error?: { name: string; message: string } };

/** Runs a handler file on the events as one Lambda instance, with only the environment given. */
function runHandler(file: string, events: unknown[], env: Record<string, string>): Outcome[] {
  const input = join(outDir, `events-${Date.now()}-${Math.random()}.json`);
  writeFileSync(input, JSON.stringify(events));
  const result = spawnSync(process.execPath, ['test/support/run-handler.cjs', file, input], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`${file} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Outcome[];
}

const samples = (name: string) => sampleEvents(name).map(({ event }) => event);

/**
 * What must be equal: the two stores were loaded and written moments apart, created ids
 * are random (each store lists its own creates) and cursors carry their expiry, so times,
 * new ids and cursors are set aside.
 */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => {
      if (key === 'body' && typeof field === 'string' && field !== '') {
        return [key, comparable(JSON.parse(field))];
      }
      if (key.endsWith('At') && typeof field === 'string') return [key, '<time>'];
      if (key === 'next') return [key, '<cursor>'];
      if (key === 'id' && typeof field === 'number' && field >= 1_000) return [key, '<new id>'];
      if (key === 'invitations' && Array.isArray(field)) {
        return [key, comparable(field.filter((item: { id: number }) => item.id < 1_000))];
      }
      return [key, comparable(field)];
    }),
  );
}

/** What each side left outside its store: its messages (by kind) and its events' details. */
function sideEffects(side: Side) {
  const messages = readdirSync(outbox(side))
    .map((file) => file.replace(/^\d{4}-\d\d-\d\dT[\d-]+\.\d+Z-/, ''))
    .sort();
  let events: unknown[] = [];
  try {
    events = readFileSync(eventsFile(side), 'utf8')
      .trim()
      .split('\n')
      .map((line) => comparable(JSON.parse(line).detail));
  } catch {
    // No event written yet.
  }
  return { messages, events };
}

test.each(Object.keys(functions) as FunctionName[])(
  '%s: the bundle answers every sample event as the source does',
  async (name) => {
    const events = samples(name);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      await writeStreamImages(stores.source, event);
      await writeStreamImages(stores.bundle, event);
    }
    const expected = runHandler(
      resolve(functions[name].entry),
      events,
      lambdaEnvironment('source'),
    );
    const actual = runHandler(await bundle(name), events, lambdaEnvironment('bundle'));
    expect(comparable(actual)).toEqual(comparable(expected));
    expect(actual.some(({ result }) => result !== undefined)).toBe(true);
    expect(sideEffects('bundle')).toEqual(sideEffects('source'));
  },
  60_000,
);

test("the revocation and the acceptance landed in the bundle's store", async () => {
  expect(await stores.bundle.readInvitation(7)).toMatchObject({ status: 'revoked' });
  expect(await stores.bundle.readInvitation(9)).toMatchObject({ status: 'accepted' });
  expect(sideEffects('bundle').messages.length).toBeGreaterThan(0);
  expect(sideEffects('bundle').events.length).toBeGreaterThan(0);
});

test('without credentials in the environment, a bundle fails saying so', async () => {
  const event = sampleEvents('authorizer').find(({ outcome }) => outcome === 'allow')?.event;
  const [outcome] = runHandler(await bundle('authorizer'), [event], {
    AWS_REGION: 'eu-west-1',
    CREDENTIALS_TABLE: 'credentials',
    SHARED_USAGE_KEY: 'test-shared-usage-key',
  });
  expect(outcome?.error?.message).toMatch(/Unable to find environment variable credentials/);
});
