/**
 * A table from before the list: items without the status index's key are absent from a
 * status page until the backfill gives them their key; a second run changes nothing.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { expect, test } from 'vitest';
import { lambdaContext } from '../../local/lambda-context.ts';
import { backfillStatusKeys } from '../../local/status-keys-backfill.ts';
import { adminOfOrg100, listEvent } from '../support/events.ts';
import { useFreshTables } from '../support/tables.ts';

const tables = await useFreshTables();

test('the backfill puts old invitations on their status pages, once', async () => {
  // As written before the list: no organizationStatus (a raw item, not toItem's).
  const old = (userId: number, status?: string) =>
    tables.client.send(
      new PutItemCommand({
        TableName: tables.tableNames.invitations,
        Item: {
          userId: { N: String(userId) },
          organizationId: { N: '100' },
          updatedAt: { S: `2026-01-0${userId}T00:00:00.000Z` },
          ...(status ? { status: { S: status } } : {}),
        },
      }),
    );
  await old(1);
  await old(2, 'accepted');
  await old(3, 'revoked');
  const page = async (status: string) => {
    const response: APIGatewayProxyResult = await tables.listInvitationsHandler(
      listEvent({ status }, { caller: adminOfOrg100 }),
      lambdaContext('list-invitations', 10_000),
    );
    return (JSON.parse(response.body) as { invitations: { id: number }[] }).invitations.map(
      (invitation) => invitation.id,
    );
  };
  expect(await page('accepted')).toEqual([]);

  expect(await backfillStatusKeys(tables.client, tables.tableNames.invitations)).toEqual({
    scanned: 3,
    updated: 3,
  });
  expect(await page('pending')).toEqual([1]);
  expect(await page('accepted')).toEqual([2]);
  expect(await page('revoked')).toEqual([3]);
  expect(await backfillStatusKeys(tables.client, tables.tableNames.invitations)).toEqual({
    scanned: 3,
    updated: 0,
  });
});
