/**
 * `npm run invoke -- <function> <event.json>`: runs a handler with an event file (or `-`:
 * the event on stdin) and prints its result, like `sam local invoke -e`: the result on stdout,
 * the function's log lines (as Lambda writes them) on stderr.
 *
 * With DYNAMODB_ENDPOINT set, the handler uses that store (tables are created there if
 * missing). Without it, an in-memory DynamoDB Local is started for the call and loaded with
 * the demo fixtures (or SEED_FILE), so the sample events in events/ answer as their names say;
 * for send-invitation, the items of the stream records are written first, and the messages
 * land in .outbox/ (OUTBOX_DIR) as with `npm start`.
 */
import { readFile } from 'node:fs/promises';
import type { Context } from 'aws-lambda';
import { type FunctionName, functions } from '../infra/functions.ts';
import { startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { useLocalEnvironment } from '../local/environment.ts';
import { loadFixtureFile, writeStreamImages } from '../local/fixtures.ts';
import { lambdaContext } from '../local/lambda-context.ts';
import { invokeWithRuntimeLogs, logInitStart, useRuntimeLogs } from '../local/runtime-logs.ts';
import { storeFrom } from '../local/store.ts';
import { ensureTables } from '../local/tables.ts';

const [functionName, eventPath = '-'] = process.argv.slice(2);
const available = Object.keys(functions);
const usage = `usage: npm run invoke -- <function> <event.json | - for stdin>\n  functions: ${available.join(', ')}`;

if (!functionName) fail(usage, 2);
if (!isFunctionName(functionName)) fail(`no function "${functionName}"\n${usage}`, 2);
if (eventPath === '-' && process.stdin.isTTY)
  fail(`no event: give a file, or pipe one in\n${usage}`, 2);

const event = await readEvent(eventPath);

useLocalEnvironment();
const embedded = process.env.DYNAMODB_ENDPOINT
  ? undefined
  : await startDynamoDbLocal().catch((error: Error) => {
      console.error(`npm run invoke: ${error.message}`);
      process.exit(1);
    });
if (embedded) process.env.DYNAMODB_ENDPOINT = embedded.endpoint;

try {
  const store = storeFrom(process.env);
  await ensureTables(store.client);
  if (embedded) await loadFixtureFile(store, process.env.SEED_FILE || undefined);
  // A stream record tells how its item is now: make the fresh store agree.
  if (embedded) await writeStreamImages(store, event);

  // The function's log lines as Lambda writes them, on stderr: stdout holds the result.
  const toStderr = (line: string) => process.stderr.write(`${line}\n`);
  useRuntimeLogs(toStderr);
  logInitStart(functionName, toStderr);
  // Imported now, as Lambda's init runs: the handler reads its configuration at import.
  const entry = new URL(`../${functions[functionName].entry}`, import.meta.url);
  const { handler } = (await import(entry.href)) as {
    handler: (event: unknown, context: Context) => Promise<unknown>;
  };
  try {
    const context = lambdaContext(functionName, 10_000);
    const result = await invokeWithRuntimeLogs(
      { functionName, requestId: context.awsRequestId },
      () => handler(event, context),
    );
    console.log(JSON.stringify(result, null, 2));
  } catch (error) {
    // What Lambda reports for a function error, e.g. the authorizer's "Unauthorized".
    const { name, message } = error as Error;
    console.log(JSON.stringify({ errorType: name, errorMessage: message }, null, 2));
    process.exitCode = 1;
  }
} finally {
  await embedded?.stop();
}

/** The event from a file, or from stdin with `-` (e.g. `npm run -s generate-event | ...`). */
async function readEvent(path: string): Promise<unknown> {
  let text: string;
  try {
    text = path === '-' ? await readStdin() : await readFile(path, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return fail(
      `cannot read the event file ${path}: ${code === 'ENOENT' ? 'no such file' : message}`,
      1,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // npm prints its `> package script` lines on stdout, into the pipe, unless -s.
    const hint = /^\s*> /.test(text)
      ? ' (npm wrote its own lines first: npm run -s generate-event)'
      : '';
    return fail(
      `the event in ${path === '-' ? 'stdin' : path} is not JSON${hint}: ${(error as Error).message}`,
      1,
    );
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function fail(message: string, code: number): never {
  console.error(`npm run invoke: ${message}`);
  process.exit(code);
}

function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(functions, name);
}
