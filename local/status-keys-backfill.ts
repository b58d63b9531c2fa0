/**
 * Gives invitations written before the list existed their `organizationStatus`, the key of
 * the byOrganizationStatus index (functions/shared/invitations/table/indexes.ts), which every
 * write now keeps. One conditional UpdateItem per item that lacks it or has a stale one:
 * it applies only while the item's organization and status are those read, so a write
 * racing it wins; running it again changes nothing.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { organizationStatusKey } from '../functions/shared/invitations/table/indexes.ts';

export async function backfillStatusKeys(
  client: DynamoDBClient,
  tableName: string,
): Promise<{ scanned: number; updated: number }> {
  let scanned = 0;
  let updated = 0;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: 'userId, organizationId, #status, organizationStatus',
        ExpressionAttributeNames: { '#status': 'status' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      scanned += 1;
      const organizationId = item.organizationId?.N;
      if (organizationId === undefined) continue;
      const status = item.status?.S;
      const key = organizationStatusKey(Number(organizationId), status ?? 'pending');
      if (item.organizationStatus?.S === key) continue;
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { userId: item.userId ?? { N: '0' } },
            UpdateExpression: 'SET organizationStatus = :key',
            ConditionExpression: `organizationId = :organizationId AND ${
              status === undefined ? 'attribute_not_exists(#status)' : '#status = :status'
            }`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':key': { S: key },
              ':organizationId': { N: organizationId },
              ...(status === undefined ? {} : { ':status': { S: status } }),
            },
          }),
        );
        updated += 1;
      } catch (error) {
        // Changed since the scan: that write set the key itself.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return { scanned, updated };
}
