import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { withinStoreBudget } from '../../dynamodb.ts';
import type { Invitation } from '../invitation.ts';
import { toItem } from '../item.ts';
import type { TableConfig } from './config.ts';

/** Writes a whole invitation, as fixtures and tests need; no route uses it. */
export function putInvitationOn({ client, tableName }: TableConfig) {
  return async function putInvitation(invitation: Invitation): Promise<void> {
    await withinStoreBudget((budget) =>
      client.send(new PutItemCommand({ TableName: tableName, Item: toItem(invitation) }), budget),
    );
  };
}
