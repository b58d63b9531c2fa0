/** The demo data keeps the rules GET documents: an accepted invitation says when and how. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { loadFixtureFile } from '../../local/fixtures.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { useFreshTables } from '../support/tables.ts';

const tables = await useFreshTables();
await loadFixtureFile(tables);

test('the accepted demo invitation: acceptedAt and acceptedChannel, as GET promises', async () => {
  const event = JSON.parse(readFileSync('events/get-invitation.accepted.200.json', 'utf8'));
  const response = (await tables.getInvitationHandler(
    event,
    lambdaContext('get-invitation', 10_000),
  )) as { statusCode: number; body: string };
  expect(response.statusCode).toBe(200);
  const view = JSON.parse(response.body);
  expect(view.status).toBe('accepted');
  expect(view.acceptedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(view.acceptedChannel).toBe('email');
});
