/**
 * `npm start`: the whole API on this machine. The same handlers that deploy, behind an
 * API Gateway emulation (local/api-gateway.ts), on the official DynamoDB Local.
 *
 *   PORT=3000            where to listen
 *   HOST=127.0.0.1       which address to listen on (0.0.0.0: every interface)
 *   DYNAMODB_ENDPOINT    use that store instead of starting DynamoDB Local
 *   DATA_DIR=<dir>       keep DynamoDB Local's data there instead of in memory
 *   SEED_FILE=<path>     load these fixtures instead of the demo ones
 *   OUTBOX_DIR=<dir>     where invitation messages are written (default .outbox/)
 *   AUTHORIZER_CACHE_TTL_SECONDS=0   the authorizer cache (300 s, as deployed; 0: off)
 *   THROTTLING_RATE_LIMIT, THROTTLING_BURST_LIMIT, ORGANIZATION_RATE_LIMIT,
 *   ORGANIZATION_BURST_LIMIT   API Gateway's throttling, each method's and each
 *                              organization's (default: the stack's, infra/throttling.ts)
 *   FUNCTION_INSTANCES=<n>   instances per function at most (default: the cores, at
 *                            least 2); requests beyond them wait for a free one
 *   MAILBOX_SIMULATOR_DELAY_MS=200   how long after a send SES's events of a message to a
 *                                    simulator address arrive (local/mailbox-simulator.ts)
 *   EVENTS_FILE=<path>   where invitation events are written, a JSON line each
 *                        (default events.jsonl in OUTBOX_DIR)
 *   WEBHOOK_URL=<url>    also POST each event there, as a webhook of the stack would
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { SesEventBridgeEvent } from '../functions/delivery-feedback/create-handler.ts';
import { createEventPublisher } from '../functions/publish-events/create-handler.ts';
import { createSender } from '../functions/send-invitation/create-handler.ts';
import { requiredEnv } from '../functions/shared/config.ts';
import { type FunctionName, functions } from '../infra/functions.ts';
import { defaultThrottling } from '../infra/throttling.ts';
import { createLocalApi, type LambdaHandler } from './api-gateway.ts';
import { asyncInvocation } from './async-invocation.ts';
import { acceptPagePath, startDocsServer } from './docs-server.ts';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { useLocalEnvironment } from './environment.ts';
import { localEventBus } from './event-bus.ts';
import { loadFixtureFile } from './fixtures.ts';
import { defaultMaxInstances, functionInstances } from './function-instances.ts';
import { lambdaContext } from './lambda-context.ts';
import { withMailboxSimulator } from './mailbox-simulator.ts';
import { curlCommand, referenceExamples } from './reference-examples.ts';
import { announceRunningStore, forgetRunningStore } from './running-store.ts';
import { invokeWithRuntimeLogs, logInitStart, useRuntimeLogs } from './runtime-logs.ts';
import { startServer } from './server.ts';
import { type Store, storeFrom } from './store.ts';
import { type FollowOptions, followStream } from './stream-follower.ts';
import { ensureTables, streamArnOf } from './tables.ts';

const started = performance.now();
const root = resolve(import.meta.dirname, '..');
const port = listenPort(process.env.PORT);
const host = process.env.HOST || '127.0.0.1';
// Before DynamoDB Local starts: a busy port is said at once, not after the store is up.
await ensurePortFree(port, host);

let embedded: RunningDynamoDbLocal | undefined;
if (!process.env.DYNAMODB_ENDPOINT) {
  const dataDir = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  try {
    embedded = await startDynamoDbLocal(dataDir ? { path: dataDir } : {});
  } catch (error) {
    console.error(`npm start: ${(error as Error).message}`);
    process.exit(1);
  }
  process.env.DYNAMODB_ENDPOINT = embedded.endpoint;
}
// Said by the user, or (below) the accept page served beside the docs.
const linkBaseFromUser = process.env.INVITATION_LINK_BASE_URL;
useLocalEnvironment();

let stopping = false;
let server: import('node:http').Server | undefined;
let docs: import('node:http').Server | undefined;
/** The table stream's readers, as the stack wires them: the sender and the event publisher. */
const followers: { caughtUp: () => Promise<void>; stop: () => Promise<void> }[] = [];
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  // No new requests; then let the sender hand over what was already written (a send
  // requested a moment before Ctrl-C still goes out), within a few seconds.
  server?.close();
  server?.closeAllConnections();
  docs?.close();
  if (followers.length > 0) {
    const drained = await Promise.race([
      Promise.all(followers.map((follower) => follower.caughtUp())).then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
    ]);
    if (!drained) console.error('stopping with invitation messages or events still under way');
    await Promise.all(followers.map((follower) => follower.stop()));
  }
  forgetRunningStore();
  await embedded?.stop();
  process.exit(code);
}
// `on`, not `once`: Ctrl-C reaches us twice (from the terminal and again from npm), and a
// second signal without a listener would kill us in the middle of stopping.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(0));
// Whoever started us (npm, a process manager, an IDE) went away without telling us: stop
// too, rather than keep the port and DynamoDB Local as orphans.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop(0);
}, 500).unref();

try {
  const store = storeFrom(process.env);
  const freshStore = await ensureTables(store.client);

  // Demo data goes into our own store when it is new (a DATA_DIR keeps what it holds from
  // one start to the next); someone else's store is seeded only when asked.
  const seedFile = process.env.SEED_FILE || (embedded && freshStore ? undefined : null);
  if (seedFile !== null) {
    await loadFixtureFile(store, seedFile);
  }

  // Each function in instances of its own (worker threads), as Lambda runs them, a few at
  // most: the machine's cores are shared (local/function-instances.ts).
  const maxInstances = defaultMaxInstances();
  const instances = new Map(
    (Object.keys(functions) as FunctionName[]).map((name) => [
      name,
      functionInstances(name, pathToFileURL(resolve(root, functions[name].entry)).href, {
        timeoutMs: functions[name].timeoutSeconds * 1000,
        maxInstances,
      }),
    ]),
  );
  const handlerOf = async (name: FunctionName): Promise<LambdaHandler> => {
    const handler = instances.get(name);
    if (!handler) throw new Error(`no function ${name}`);
    return handler;
  };

  const listening = await startServer(
    createLocalApi({
      handlerOf,
      authorizerCacheTtlSeconds: authorizerCacheTtl(),
      throttling: gatewayThrottling(),
    }),
    port,
    host,
  );
  server = listening;
  const address = listening.address();
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const baseUrl = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${typeof address === 'object' && address ? address.port : port}`;
  const data = process.env.DATA_DIR
    ? `data in ${process.env.DATA_DIR}${freshStore ? ', new' : ', kept from the last run'}`
    : 'in memory';
  const storeLine = embedded
    ? `DynamoDB Local at ${embedded.endpoint}, ${data}, ${
        embedded.loopbackOnly
          ? 'this machine only'
          : 'reachable from the network (Java has no compiler to bind it to loopback: install a JDK)'
      }`
    : process.env.DYNAMODB_ENDPOINT;
  if (embedded) announceRunningStore(embedded.endpoint);
  const docsPort = docsPortFor(listening);
  docs = await startDocsServer(baseUrl, docsPort, host).catch((error: NodeJS.ErrnoException) => {
    // The port after the API's is taken: any free one will do, unless DOCS_PORT said which.
    if (error.code !== 'EADDRINUSE' || process.env.DOCS_PORT) throw error;
    return startDocsServer(baseUrl, 0, host);
  });
  // Invitation links point at the accept page served beside the docs, unless told otherwise.
  const pageUrl = `http://${shownHost}:${docsAddress(docs)}${acceptPagePath}`;
  if (!linkBaseFromUser) process.env.INVITATION_LINK_BASE_URL = pageUrl;
  followers.push(await startSender(store, await handlerOf('delivery-feedback')));
  followers.push(await startEventPublisher(store));
  console.log(`listening on ${baseUrl}`);
  console.log(
    `store: ${storeLine}; ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log('\nThe reference examples:');
  for (const example of referenceExamples) console.log(`  ${curlCommand(baseUrl, example)}`);
  console.log(
    `invitation messages: ${process.env.OUTBOX_DIR} (e-mail: .eml, SMS: .txt; given up: failed/)`,
  );
  console.log(
    `invitation events: ${process.env.EVENTS_FILE}${process.env.WEBHOOK_URL ? `, POSTed to ${process.env.WEBHOOK_URL}` : ''}`,
  );
  console.log(`API docs (OpenAPI, try it out): http://${shownHost}:${docsAddress(docs)}/`);
  console.log(`invitation links open: ${process.env.INVITATION_LINK_BASE_URL}`);
  console.log(`\nCtrl-C (or kill ${process.pid}) stops the API and DynamoDB Local.`);
} catch (error) {
  console.error(`npm start failed: ${(error as Error).message}`);
  await stop(1);
}

/**
 * The invitation sender on the invitations table's stream, as the stack wires it, and SES's
 * events of its e-mails to the mailbox simulator's addresses, to the delivery feedback
 * function as EventBridge would invoke it.
 */
async function startSender(store: Store, feedback: LambdaHandler) {
  useRuntimeLogs();
  logInitStart('send-invitation');
  const failedDir = join(process.env.OUTBOX_DIR ?? '.outbox', 'failed');
  const publish = asyncInvocation<SesEventBridgeEvent>(
    (event) =>
      feedback(
        event as never,
        lambdaContext('delivery-feedback', functions['delivery-feedback'].timeoutSeconds * 1000),
      ),
    (event, error) => {
      const file = join(failedDir, `ses-event-${event.id}.json`);
      mkdirSync(failedDir, { recursive: true });
      writeFileSync(file, JSON.stringify({ reason: (error as Error).message, event }, null, 2));
      console.error(`an SES event was given up after its retries: ${file}`);
    },
  );
  // The handler's own settings (OUTBOX_DIR, templates...), with a failure listener added.
  const { settings } = await import('../functions/send-invitation/handler.ts');
  const reasons = new Map<string, string>();
  const sender = createSender(
    {
      ...settings,
      transport: withMailboxSimulator(
        settings.transport,
        publish,
        process.env.MAILBOX_SIMULATOR_DELAY_MS
          ? Number(process.env.MAILBOX_SIMULATOR_DELAY_MS)
          : undefined,
      ),
    },
    (record, error) => reasons.set(record.eventID ?? '', (error as Error).message),
  );
  return readStream(store, 'send-invitation', sender, {
    reasonOf: (record) => reasons.get(record.eventID ?? ''),
    failedDir,
  });
}

/** One reader of the invitations table's stream, as an event source mapping invokes it. */
async function readStream(
  store: Store,
  functionName: 'send-invitation' | 'publish-events',
  handler: (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>,
  options: Pick<FollowOptions, 'reasonOf' | 'failedDir'>,
) {
  return followStream({
    // A kept store is read on from where this reader stopped, as Lambda's mapping does.
    ...(process.env.DATA_DIR
      ? { checkpointFile: join(process.env.DATA_DIR, `stream-${functionName}.json`) }
      : {}),
    streamArn: await streamArnOf(store.client, process.env.INVITATIONS_TABLE ?? ''),
    connection: store.connection,
    handler: (event) => {
      const context = lambdaContext(functionName, functions[functionName].timeoutSeconds * 1000);
      return invokeWithRuntimeLogs({ functionName, requestId: context.awsRequestId }, () =>
        handler(event, context),
      );
    },
    ...options,
  });
}

/**
 * The event publisher on the invitations table's stream, as the stack wires it (a second
 * reader beside the sender), onto the local bus: EVENTS_FILE, and WEBHOOK_URL when set.
 */
async function startEventPublisher(store: Store) {
  const outbox = process.env.OUTBOX_DIR ?? '.outbox';
  const publisher = createEventPublisher({
    sink: localEventBus({
      eventsFile: requiredEnv('EVENTS_FILE'),
      webhookUrl: process.env.WEBHOOK_URL || undefined,
      failedDir: join(outbox, 'failed'),
    }),
  });
  logInitStart('publish-events');
  return readStream(store, 'publish-events', publisher, {
    failedDir: join(outbox, 'failed', 'events'),
  });
}

/**
 * The emulated authorizer cache's TTL: API Gateway's 300 s, as deployed, unless
 * AUTHORIZER_CACHE_TTL_SECONDS says otherwise (0: every request asks the authorizer, so a
 * revoked credential stops working at once).
 */
function authorizerCacheTtl(): number | undefined {
  const raw = process.env.AUTHORIZER_CACHE_TTL_SECONDS;
  if (raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) {
    throw new Error(`AUTHORIZER_CACHE_TTL_SECONDS must be 0 to 3600 seconds, got "${raw}"`);
  }
  return seconds;
}

/** The stack's throttling defaults, unless the environment names other limits. */
function gatewayThrottling() {
  const limit = (name: string, fallback: number) => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(`${name} must be a number of requests above 0, got "${raw}"`);
    }
    return value;
  };
  const { stage, perOrganization } = defaultThrottling;
  return {
    stage: {
      rateLimit: limit('THROTTLING_RATE_LIMIT', stage.rateLimit),
      burstLimit: limit('THROTTLING_BURST_LIMIT', stage.burstLimit),
    },
    perOrganization: {
      rateLimit: limit('ORGANIZATION_RATE_LIMIT', perOrganization.rateLimit),
      burstLimit: limit('ORGANIZATION_BURST_LIMIT', perOrganization.burstLimit),
    },
    sharedUsageKey: requiredEnv('SHARED_USAGE_KEY'),
  };
}

function listenPort(raw: string | undefined): number {
  const value = Number(raw || 3000);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    console.error(`npm start: PORT must be a port number (0 to 65535), got "${raw}"`);
    process.exit(1);
  }
  return value;
}

async function ensurePortFree(port: number, host: string): Promise<void> {
  const { createServer } = await import('node:net');
  await new Promise<void>((done) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is in use (another npm start?)`
          : `cannot listen on ${host}:${port} (${error.code ?? error.message})`;
      void freePortPair(host, port + 2).then((free) => {
        console.error(
          `npm start: ${reason}. Try one that is free, with the docs page's beside it: PORT=${free} npm start`,
        );
        process.exit(1);
      });
    });
    probe.listen(port, host, () => probe.close(() => done()));
  });
}

/** A port from `from` on that is free, and the one after it too (the docs page's). */
async function freePortPair(host: string, from: number): Promise<number> {
  const { createServer } = await import('node:net');
  const free = (candidate: number) =>
    new Promise<boolean>((done) => {
      const probe = createServer();
      probe.once('error', () => done(false));
      probe.listen(candidate, host, () => probe.close(() => done(true)));
    });
  for (let candidate = from; candidate < 65_535; candidate += 1) {
    if ((await free(candidate)) && (await free(candidate + 1))) return candidate;
  }
  return 0;
}

/** The docs' port: DOCS_PORT, else the API's port + 1 (any free one when the API's is 0). */
function docsPortFor(api: import('node:http').Server): number {
  if (process.env.DOCS_PORT) return listenPort(process.env.DOCS_PORT);
  const address = api.address();
  return port === 0 || typeof address !== 'object' || !address ? 0 : address.port + 1;
}

function docsAddress(docsServer: import('node:http').Server): number {
  const address = docsServer.address();
  return typeof address === 'object' && address ? address.port : 0;
}
