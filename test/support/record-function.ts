/**
 * `node test/support/record-function.ts <function>`: loads the function's entry as Lambda
 * does and runs its sample events (events/<function>.*.json) on the store the environment
 * names (npm start's defaults for the rest), recording what the function itself does:
 * every environment variable it reads, and every DynamoDB request it sends (the operation
 * and its input). Prints them as JSON on its last line (the function's logs come before).
 *
 * The entry is imported first, before anything that could load a module it shares (whose
 * reads at import would then be missed); the fixtures' loading is not recorded.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';

export interface FunctionRecord {
  environment: string[];
  dynamodb: { operation: string; input: Record<string, unknown> }[];
}

const name = process.argv[2] ?? '';
const record: FunctionRecord = { environment: [], dynamodb: [] };
const read = new Set<string>();
let recording = false;
process.env = new Proxy(process.env, {
  get(target, key) {
    if (recording && typeof key === 'string') read.add(key);
    return Reflect.get(target, key);
  },
  has(target, key) {
    if (recording && typeof key === 'string') read.add(key);
    return Reflect.has(target, key);
  },
});
// Every client the function makes is one of these: its sends pass here.
const send = DynamoDBClient.prototype.send;
DynamoDBClient.prototype.send = function recordedSend(
  this: DynamoDBClient,
  ...args: Parameters<typeof send>
) {
  const [command] = args as unknown as [{ constructor: { name: string }; input: object }];
  if (recording) {
    record.dynamodb.push({
      operation: command.constructor.name.replace(/Command$/, ''),
      input: command.input as Record<string, unknown>,
    });
  }
  return send.apply(this, args);
} as typeof send;

async function recorded<T>(run: () => Promise<T>): Promise<T> {
  recording = true;
  try {
    return await run();
  } finally {
    recording = false;
  }
}

const { useLocalEnvironment } = await import('../../local/environment.ts');
useLocalEnvironment();
const { handler } = await recorded(
  () =>
    import(new URL(`../../functions/${name}/handler.ts`, import.meta.url).href) as Promise<{
      handler: (event: unknown, context: Context) => Promise<unknown>;
    }>,
);
const { loadFixtureFile, writeStreamImages } = await import('../../local/fixtures.ts');
const { lambdaContext } = await import('../../local/lambda-context.ts');
const { storeFrom } = await import('../../local/store.ts');
const store = storeFrom(process.env);

const { sampleEvents } = await import('../../local/sample-events.ts');
for (const { event } of sampleEvents(name)) {
  await loadFixtureFile(store);
  await writeStreamImages(store, event);
  await recorded(() => handler(event, lambdaContext(name, 10_000))).catch(() => undefined);
}
record.environment = [...read].sort();
process.stdout.write(`${JSON.stringify(record)}\n`);
