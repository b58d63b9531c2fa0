/**
 * `npm run backfill-status-keys`: the status index's key on invitations written before the
 * list existed (local/status-keys-backfill.ts), between the two updates that give a stack
 * from before it both list indexes (docs/deploying.md). Safe to run again.
 *
 *   npm run backfill-status-keys -- --table <InvitationsTableName> [--region <region>]
 *
 * With DYNAMODB_ENDPOINT set it works on that store; with neither it nor a region, on the
 * running `npm start`'s store.
 */
import { parseArgs } from 'node:util';
import { useLocalEnvironment } from '../local/environment.ts';
import { chooseStore } from '../local/running-store.ts';
import { backfillStatusKeys } from '../local/status-keys-backfill.ts';
import { storeFrom } from '../local/store.ts';

const { values } = parseArgs({
  options: { table: { type: 'string' }, region: { type: 'string' } },
});
if (values.table) process.env.INVITATIONS_TABLE = values.table;
if (values.region) process.env.AWS_REGION = values.region;
chooseStore('npm run backfill-status-keys');
useLocalEnvironment();

try {
  const store = storeFrom(process.env);
  const table = process.env.INVITATIONS_TABLE ?? '';
  const { scanned, updated } = await backfillStatusKeys(store.client, table);
  console.log(`${table}: ${scanned} invitations read, ${updated} given their status key`);
} catch (error) {
  console.error(`npm run backfill-status-keys: ${(error as Error).message}`);
  process.exit(1);
}
