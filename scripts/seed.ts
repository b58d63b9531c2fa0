/**
 * `npm run seed`: loads a fixture file (SEED_FILE, default the demo fixtures) into the
 * tables, e.g. a dev stack's before running the e2e suite against it. The demo credentials
 * are public (they are in this repository): never seed them into a stage that matters.
 *
 *   npm run seed -- --invitations-table <name> --credentials-table <name> [--region <region>]
 *
 * With DYNAMODB_ENDPOINT set it loads into that store, creating the tables if missing.
 */
import { parseArgs } from 'node:util';
import { tables } from '../infra/tables.ts';

const { values } = parseArgs({
  options: {
    'invitations-table': { type: 'string' },
    'credentials-table': { type: 'string' },
    region: { type: 'string' },
  },
});
process.env.INVITATIONS_TABLE =
  values['invitations-table'] || process.env.INVITATIONS_TABLE || 'invitations';
process.env.CREDENTIALS_TABLE =
  values['credentials-table'] || process.env.CREDENTIALS_TABLE || 'credentials';
if (values.region) process.env.AWS_REGION = values.region;

const fixtures = await import('../local/fixtures.ts');
if (process.env.DYNAMODB_ENDPOINT) {
  const { dynamodb } = await import('../functions/shared/dynamodb.ts');
  const { ensureTable } = await import('../local/tables.ts');
  await ensureTable(dynamodb, process.env.INVITATIONS_TABLE, tables.invitations);
  await ensureTable(dynamodb, process.env.CREDENTIALS_TABLE, tables.credentials);
}
const file = process.env.SEED_FILE || fixtures.demoFixturesPath;
const seed = await fixtures.readFixtures(file);
await Promise.all([fixtures.loadInvitations(seed), fixtures.loadCredentials(seed)]);
console.log(
  `seeded ${seed.invitations.length} invitations into ${process.env.INVITATIONS_TABLE} and ` +
    `${seed.credentials.length} credentials into ${process.env.CREDENTIALS_TABLE} from ${file}`,
);
