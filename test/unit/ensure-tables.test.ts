/**
 * Whether `npm start` found an empty store (and so loads the demo data) must not depend on
 * how its CreateTable went: on a loaded machine the SDK retries one that timed out, and the
 * retry meets the table its own first attempt made.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { expect, test, vi } from 'vitest';
import { ensureTables } from '../../local/tables.ts';

function storeWhoseCreatesAreRetried(existing: string[] = []) {
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
  const made = new Set(existing);
  vi.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    if (command instanceof DescribeTableCommand) {
      const name = command.input.TableName ?? '';
      if (!made.has(name)) {
        throw new ResourceNotFoundException({ message: 'not found', $metadata: {} });
      }
      return {
        Table: {
          TableStatus: 'ACTIVE',
          StreamSpecification: { StreamEnabled: true },
          GlobalSecondaryIndexes: [
            { IndexName: 'byOrganization' },
            { IndexName: 'byOrganizationStatus' },
          ],
        },
      };
    }
    if (command instanceof CreateTableCommand) {
      // The first attempt made it, its answer was lost; the SDK's retry meets it.
      made.add(command.input.TableName ?? '');
      throw new ResourceInUseException({ message: 'in use', $metadata: {} });
    }
    return {};
  }) as never);
  return client;
}

const names = { invitations: 'i', credentials: 'c', sendLimits: 's' };

test('tables that were not there before are new, whatever the CreateTable answered', async () => {
  expect(await ensureTables(storeWhoseCreatesAreRetried(), names)).toBe(true);
});

test('a store that had them is not new', async () => {
  expect(await ensureTables(storeWhoseCreatesAreRetried(['i', 'c', 's']), names)).toBe(false);
});
