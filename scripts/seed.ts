/**
 * `npm run seed`: loads a fixture file (SEED_FILE, default the demo fixtures) into the
 * tables, e.g. a dev stack's before running the e2e suite against it. The demo credentials
 * are public (they are in this repository): never seed them into a stage that matters.
 *
 *   npm run seed -- --invitations-table <name> --credentials-table <name>
 *     --send-limits-table <name> [--region <region>]
 *
 * With DYNAMODB_ENDPOINT set it loads into that store, creating the tables if missing;
 * with neither it nor a region, into the running `npm start`'s store.
 */
import { parseArgs } from 'node:util';
import { useLocalEnvironment } from '../local/environment.ts';
import { loadFixtureFile } from '../local/fixtures.ts';
import { chooseStore } from '../local/running-store.ts';
import { storeFrom } from '../local/store.ts';
import { ensureTables } from '../local/tables.ts';

const { values } = parseArgs({
  options: {
    'invitations-table': { type: 'string' },
    'credentials-table': { type: 'string' },
    'send-limits-table': { type: 'string' },
    region: { type: 'string' },
  },
});
if (values['invitations-table']) process.env.INVITATIONS_TABLE = values['invitations-table'];
if (values['credentials-table']) process.env.CREDENTIALS_TABLE = values['credentials-table'];
if (values['send-limits-table']) process.env.SEND_LIMITS_TABLE = values['send-limits-table'];
if (values.region) process.env.AWS_REGION = values.region;
chooseStore('npm run seed');
useLocalEnvironment();

try {
  const store = storeFrom(process.env);
  if (process.env.DYNAMODB_ENDPOINT) await ensureTables(store.client);
  const file = process.env.SEED_FILE || undefined;
  const seed = await loadFixtureFile(store, file);
  console.log(
    `seeded ${seed.invitations.length} invitations into ${process.env.INVITATIONS_TABLE} and ` +
      `${seed.credentials.length} credentials into ${process.env.CREDENTIALS_TABLE} from ${file ?? 'the demo fixtures'}`,
  );
} catch (error) {
  // What went wrong, in a line: no SDK stack trace.
  console.error(`npm run seed: ${(error as Error).message}`);
  process.exit(1);
}
