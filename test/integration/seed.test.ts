/** `npm run seed` loads a fixture file into the tables; the fixtures then authorize. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { lambdaContext } from '../../local/lambda-context.ts';
import { useFreshTables } from '../support/tables.ts';
import { tokenEvent } from '../support/token-events.ts';

const {
  readInvitation,
  connection,
  tableNames,
  authorizerHandler: authorizer,
} = await useFreshTables();

test('seed, then the demo token authorizes and the demo invitation is there', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      'scripts/seed.ts',
      '--invitations-table',
      tableNames.invitations,
      '--credentials-table',
      tableNames.credentials,
    ],
    { env: { ...process.env, SEED_FILE: '', DYNAMODB_ENDPOINT: connection.endpoint } },
  );
  expect(stdout).toMatch(/seeded \d+ invitations/);
  expect(await readInvitation(5)).toMatchObject({ organizationId: 100, status: 'pending' });
  const result = await authorizer(
    tokenEvent('Bearer 0afdf1dc-06f5-465b-a094-aa4196f6e7df'),
    lambdaContext('authorizer', 3_000),
  );
  expect(result.context).toMatchObject({ organizationId: 100, roles: 'admin' });
});
