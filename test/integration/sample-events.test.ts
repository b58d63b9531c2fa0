/** Every file in events/ answers the status its name ends with, on the demo fixtures. */
import { readdir, readFile } from 'node:fs/promises';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { expect, test } from 'vitest';
import { lambdaContext } from '../../local/lambda-context.ts';
import { expectContractHeaders } from '../support/contract.ts';
import { useInvitationsTable } from '../support/invitations-table.ts';

await useInvitationsTable();
const { handler } = await import('../../functions/update-invitation/handler.ts');
const { demoFixturesPath, loadInvitations, readFixtures } = await import('../../local/fixtures.ts');
await loadInvitations(await readFixtures(demoFixturesPath));

const eventsDir = new URL('../../events/', import.meta.url);
const samples = (await readdir(eventsDir)).filter((name) => name.startsWith('update-invitation.'));

test('there are samples of both reference examples', () => {
  expect(samples).toContain('update-invitation.example-1.200.json');
  expect(samples).toContain('update-invitation.example-2.200.json');
});

test.each(samples)('%s', async (name) => {
  const status = Number(/\.(\d{3})\.json$/.exec(name)?.[1]);
  const event = JSON.parse(
    await readFile(new URL(name, eventsDir), 'utf8'),
  ) as APIGatewayProxyEvent;
  const response = await handler(event, lambdaContext('update-invitation', 10_000));
  expect(response.statusCode).toBe(status);
  expectContractHeaders(response.headers);
  if (status === 200)
    expect(JSON.parse(response.body)).toEqual({ id: Number(event.pathParameters?.userId) });
});
