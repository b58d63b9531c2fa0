/**
 * `npm run invoke -- <function> <event.json>`: runs a handler with an event file and prints
 * its result, like `sam local invoke -e`.
 *
 * With DYNAMODB_ENDPOINT set, the handler uses that store (tables are created there if
 * missing). Without it, an in-memory DynamoDB Local is started for the call and loaded with
 * the demo fixtures (or SEED_FILE), so the sample events in events/ answer as their names say.
 */
import { readdir, readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { tables } from '../infra/tables.ts';
import { startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { lambdaContext } from '../local/lambda-context.ts';

const [functionName, eventPath] = process.argv.slice(2);
const functionsDir = new URL('../functions/', import.meta.url);
const available = (await readdir(functionsDir, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
  .map((entry) => entry.name);

if (!functionName || !eventPath || !available.includes(functionName)) {
  console.error(
    `usage: npm run invoke -- <function> <event.json>\n  functions: ${available.join(', ')}`,
  );
  process.exit(2);
}

const event: unknown = JSON.parse(await readFile(eventPath, 'utf8'));

process.env.INVITATIONS_TABLE ||= 'invitations';
process.env.CREDENTIALS_TABLE ||= 'credentials';
const embedded = process.env.DYNAMODB_ENDPOINT ? undefined : await startDynamoDbLocal();
if (embedded) process.env.DYNAMODB_ENDPOINT = embedded.endpoint;

try {
  // Imported only now: handlers read their environment at import, as on Lambda.
  const { dynamodb } = await import('../functions/shared/dynamodb.ts');
  const { ensureTable } = await import('../local/tables.ts');
  await ensureTable(dynamodb, process.env.INVITATIONS_TABLE, tables.invitations);
  if (embedded) {
    const { demoFixturesPath, loadInvitations, readFixtures } = await import(
      '../local/fixtures.ts'
    );
    await loadInvitations(await readFixtures(process.env.SEED_FILE || demoFixturesPath));
  }

  const handlerUrl = new URL(`${functionName}/handler.ts`, functionsDir);
  const { handler } = (await import(pathToFileURL(handlerUrl.pathname).href)) as {
    handler: (event: unknown, context: Context) => Promise<unknown>;
  };
  const result = await handler(event, lambdaContext(functionName, 10_000));
  console.log(JSON.stringify(result, null, 2));
} finally {
  await embedded?.stop();
}
