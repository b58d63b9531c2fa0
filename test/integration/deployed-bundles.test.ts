/**
 * The bundles as they deploy (infra/bundling.ts: CommonJS, the environment's credentials
 * only, no event streams) answer every sample event in events/ exactly as the source
 * handlers do, on DynamoDB Local, each signing its requests with credentials from the
 * environment; without credentials there, they fail saying so.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, expect, test } from 'vitest';
import { createEventPublisher } from '../../functions/publish-events/create-handler.ts';
import { createSender } from '../../functions/send-invitation/create-handler.ts';
import { loadTemplates } from '../../functions/shared/delivery/messages.ts';
import { outboxTransport } from '../../functions/shared/delivery/outbox-transport.ts';
import { fileSink } from '../../functions/shared/events/file-sink.ts';
import { fromItem } from '../../functions/shared/invitations/item.ts';
import { esbuildOptions } from '../../infra/bundling.ts';
import { type FunctionName, functions } from '../../infra/functions.ts';
import { loadFixtureFile } from '../../local/fixtures.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { testCursorKey, useFreshTables } from '../support/tables.ts';

const source = await useFreshTables();
const bundled = await useFreshTables();
const outDir = mkdtempSync(join(tmpdir(), 'bundles-'));
const linkBaseUrl = 'https://app.example.com/invitations/accept';
const emailFrom = 'Invitations <invitations@example.com>';

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

/** Runs a bundle on the events as one Lambda instance, with only the environment given. */
function runBundle(file: string, events: unknown[], env: Record<string, string>) {
  const eventsFile = join(outDir, `events-${Date.now()}-${Math.random()}.json`);
  writeFileSync(eventsFile, JSON.stringify(events));
  const result = spawnSync(process.execPath, ['test/support/run-bundle.cjs', file, eventsFile], {
    env: { PATH: process.env.PATH ?? '', AWS_LAMBDA_LOG_LEVEL: 'FATAL', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`bundle run failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as {
    result?: unknown;
    error?: { name: string; message: string };
  }[];
}

/** Lambda's environment for a bundle on DynamoDB Local: the role's credentials included. */
const lambdaEnvironment = (tableEnv: Record<string, string>) => ({
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDBUNDLETEST',
  AWS_SECRET_ACCESS_KEY: 'bundle-secret',
  AWS_SESSION_TOKEN: 'bundle-session',
  DYNAMODB_ENDPOINT: bundled.connection.endpoint ?? '',
  ...tableEnv,
});

const samples = (prefix: string) =>
  readdirSync('events')
    .filter((file) => file.startsWith(`${prefix}.`))
    .sort()
    .map((file) => ({ file, event: JSON.parse(readFileSync(join('events', file), 'utf8')) }));

/** The source handlers get copies: middy's JSON parser replaces an event's body in place. */
const settle = async (run: () => Promise<unknown>) => {
  try {
    return { result: await run() };
  } catch (error) {
    return { error: { name: (error as Error).name, message: (error as Error).message } };
  }
};

beforeAll(async () => {
  await loadFixtureFile(source);
  await loadFixtureFile(bundled);
});

test('update-invitation: the bundle answers every sample event as the source does', async () => {
  const events = samples('update-invitation');
  expect(events.length).toBeGreaterThan(10);
  const expected = [];
  for (const { event } of events) {
    expected.push(
      await settle(() =>
        source.updateInvitationHandler(
          structuredClone(event),
          lambdaContext('update-invitation', 10_000),
        ),
      ),
    );
  }
  const actual = runBundle(
    await bundle('update-invitation'),
    events.map(({ event }) => event),
    lambdaEnvironment({
      INVITATIONS_TABLE: bundled.tableNames.invitations,
      SEND_LIMITS_TABLE: bundled.tableNames.sendLimits,
      SEND_COOLDOWN_SECONDS: '60',
    }),
  );
  expect(actual).toEqual(expected);
  // The writes landed: the bundle's store holds what the source's does.
  expect(await bundled.readInvitation(5)).toMatchObject({
    language: (await source.readInvitation(5))?.language,
    emailSendCount: (await source.readInvitation(5))?.emailSendCount,
  });
});

// The invitation routes on the invitations table alone, in this order: revoking and
// accepting are for good (user 7 and the demo invitee).
const invitationRoutes = {
  'get-invitation': source.getInvitationHandler,
  'revoke-invitation': source.revokeInvitationHandler,
  'preview-invitation': source.previewInvitationHandler,
  'accept-invitation': source.acceptInvitationHandler,
} as const;
/** The two stores were loaded and written moments apart: their times differ, nothing else. */
const timesOut = (outcomes: unknown) =>
  JSON.parse(
    JSON.stringify(outcomes).replaceAll(/\\"(\w+At)\\":\\"[^"\\]+\\"/g, '\\"$1\\":\\"<time>\\"'),
  );

test.each(Object.keys(invitationRoutes) as (keyof typeof invitationRoutes)[])(
  '%s: the bundle answers every sample event as the source does',
  async (name) => {
    const events = samples(name);
    expect(events.length).toBeGreaterThan(3);
    const expected = [];
    for (const { event } of events) {
      expected.push(
        await settle(() =>
          invitationRoutes[name](structuredClone(event), lambdaContext(name, 10_000)),
        ),
      );
    }
    const actual = runBundle(
      await bundle(name),
      events.map(({ event }) => event),
      lambdaEnvironment({ INVITATIONS_TABLE: bundled.tableNames.invitations }),
    );
    expect(timesOut(actual)).toEqual(timesOut(expected));
    const statuses = actual.map(({ result }) => (result as { statusCode?: number })?.statusCode);
    expect(statuses.some((status) => status === 200 || status === 204)).toBe(true);
  },
);

test('delivery-feedback: the bundle records every sample event as the source does', async () => {
  const events = samples('delivery-feedback');
  expect(events.length).toBeGreaterThan(2);
  const expected = [];
  for (const { event } of events) {
    expected.push(
      await settle(() =>
        source.deliveryFeedbackHandler(
          structuredClone(event),
          lambdaContext('delivery-feedback', 10_000),
        ),
      ),
    );
  }
  const actual = runBundle(
    await bundle('delivery-feedback'),
    events.map(({ event }) => event),
    lambdaEnvironment({
      INVITATIONS_TABLE: bundled.tableNames.invitations,
      SEND_LIMITS_TABLE: bundled.tableNames.sendLimits,
    }),
  );
  expect(actual).toEqual(expected);
  expect(actual).toContainEqual({ result: 'recorded' });
  expect((await bundled.readInvitation(9))?.emailOutcome).toBe('delivered');
});

test('create-invitation and list-invitations: the bundles answer every sample event as the sources do', async () => {
  // Created ids are random (each store lists its own creates) and cursors carry their
  // expiry: statuses, errors and the fixtures' invitations compare, times aside.
  const comparable = (outcome: { result?: unknown; error?: unknown }) => {
    const result = outcome.result as { statusCode: number; body: string } | undefined;
    if (result === undefined) return outcome;
    const body = JSON.parse(result.body || 'null') as Record<string, unknown> | null;
    const { id: _, next, invitations, ...rest } = body ?? {};
    const fixtures = ((invitations ?? []) as { id: number }[]).filter(({ id }) => id < 1_000);
    return {
      statusCode: result.statusCode,
      body: JSON.parse(
        JSON.stringify({ ...rest, fixtures }).replaceAll(/"(\w+At)":"[^"]+"/g, '"$1":"<time>"'),
      ),
      pages: next !== undefined,
    };
  };
  const sources = {
    'create-invitation': source.createInvitationHandler,
    'list-invitations': source.listInvitationsHandler,
  } as const;
  for (const name of ['create-invitation', 'list-invitations'] as const) {
    const events = samples(name);
    expect(events.length).toBeGreaterThan(3);
    const expected = [];
    for (const { event } of events) {
      expected.push(
        comparable(
          await settle(() => sources[name](structuredClone(event), lambdaContext(name, 10_000))),
        ),
      );
    }
    const actual = runBundle(
      await bundle(name),
      events.map(({ event }) => event),
      lambdaEnvironment({
        INVITATIONS_TABLE: bundled.tableNames.invitations,
        SEND_LIMITS_TABLE: bundled.tableNames.sendLimits,
        LIST_CURSOR_KEY: testCursorKey,
        USER_ID_KEY: 'test-user-id-key',
      }),
    );
    expect(actual.map(comparable)).toEqual(expected);
    const statuses = actual.map(({ result }) => (result as { statusCode?: number })?.statusCode);
    expect(statuses.some((status) => status === 200 || status === 201)).toBe(true);
  }
});

test('publish-events: the bundle writes the events of every sample record as the source does', async () => {
  const events = samples('publish-events');
  const sourceFile = join(outDir, 'source-events.jsonl');
  const publisher = createEventPublisher({ sink: fileSink(sourceFile) });
  const expected = [];
  for (const { event } of events) {
    expected.push(
      await settle(() => publisher(structuredClone(event), lambdaContext('p', 30_000))),
    );
  }
  const bundleFile = join(outDir, 'bundle-events.jsonl');
  const actual = runBundle(
    await bundle('publish-events'),
    events.map(({ event }) => event),
    { ...lambdaEnvironment({}), EVENTS_FILE: bundleFile },
  );
  expect(actual).toEqual(expected);
  // The envelope's id is the bus's, new on each delivery; the detail is the change's own.
  const details = (file: string) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).detail);
  expect(details(bundleFile)).toEqual(details(sourceFile));
  expect(details(bundleFile).length).toBeGreaterThan(0);
});

test("the revocation and the acceptance landed in the bundle's store", async () => {
  expect(await bundled.readInvitation(7)).toMatchObject({ status: 'revoked' });
  expect(await bundled.readInvitation(9)).toMatchObject({ status: 'accepted' });
});

test('authorizer: the bundle decides every sample event as the source does', async () => {
  const events = samples('authorizer');
  const expected = [];
  for (const { event } of events) {
    expected.push(
      await settle(() =>
        source.authorizerHandler(structuredClone(event), lambdaContext('authorizer', 5_000)),
      ),
    );
  }
  const actual = runBundle(
    await bundle('authorizer'),
    events.map(({ event }) => event),
    lambdaEnvironment({
      CREDENTIALS_TABLE: bundled.tableNames.credentials,
      SHARED_USAGE_KEY: 'test-shared-usage-key',
    }),
  );
  expect(actual).toEqual(expected);
  expect(actual.some(({ result }) => result !== undefined)).toBe(true);
});

test('send-invitation: the bundle delivers every sample event as the source does', async () => {
  const events = samples('send-invitation');
  // A stream record tells how its item is now: both stores agree with it first.
  for (const { event } of events) {
    for (const record of event.Records ?? []) {
      const image = record.dynamodb?.NewImage;
      if (!image) continue;
      await source.putInvitation(fromItem(image));
      await bundled.putInvitation(fromItem(image));
    }
  }
  const sourceOutbox = mkdtempSync(join(tmpdir(), 'outbox-source-'));
  const bundleOutbox = mkdtempSync(join(tmpdir(), 'outbox-bundle-'));
  const sender = createSender({
    table: source.invitations,
    transport: outboxTransport(sourceOutbox),
    templates: loadTemplates(
      new URL('../../functions/send-invitation/templates/', import.meta.url),
    ),
    linkBaseUrl,
    emailFrom,
    claimTimeoutSeconds: functions['send-invitation'].timeoutSeconds,
  });
  const expected = [];
  for (const { event } of events) {
    expected.push(
      await settle(() => sender(structuredClone(event), lambdaContext('send-invitation', 30_000))),
    );
  }
  const actual = runBundle(
    await bundle('send-invitation'),
    events.map(({ event }) => event),
    lambdaEnvironment({
      INVITATIONS_TABLE: bundled.tableNames.invitations,
      INVITATION_LINK_BASE_URL: linkBaseUrl,
      EMAIL_FROM: emailFrom,
      OUTBOX_DIR: bundleOutbox,
    }),
  );
  expect(actual).toEqual(expected);
  const kinds = (dir: string) =>
    readdirSync(dir)
      .map((file) => file.replace(/^\d{4}-\d\d-\d\dT[\d-]+\.\d+Z-/, ''))
      .sort();
  expect(kinds(bundleOutbox)).toEqual(kinds(sourceOutbox));
  expect(readdirSync(bundleOutbox).length).toBeGreaterThan(0);
});

test('without credentials in the environment, a bundle fails saying so', async () => {
  const [sample] = samples('authorizer').filter(({ file }) => file.includes('allow'));
  const [outcome] = runBundle(await bundle('authorizer'), [sample?.event], {
    AWS_REGION: 'eu-west-1',
    CREDENTIALS_TABLE: 'credentials',
    SHARED_USAGE_KEY: 'test-shared-usage-key',
  });
  expect(outcome?.error?.message).toMatch(/Unable to find environment variable credentials/);
});
