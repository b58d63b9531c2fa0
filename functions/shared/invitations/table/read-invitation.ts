import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { rethrowStoreError, withinStoreBudget } from '../../dynamodb.ts';
import type { Invitation } from '../invitation.ts';
import { fromItem } from '../item.ts';
import type { TableConfig } from './config.ts';

/** One strongly consistent GetItem: what a caller reads back is what was last written. */
export function readInvitationOn({ client, tableName }: TableConfig) {
  return async function readInvitation(userId: number): Promise<Invitation | undefined> {
    try {
      const { Item } = await withinStoreBudget((budget) =>
        client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: { userId: { N: String(userId) } },
            ConsistentRead: true,
          }),
          budget,
        ),
      );
      return Item ? fromItem(Item) : undefined;
    } catch (error) {
      return rethrowStoreError(error);
    }
  };
}
