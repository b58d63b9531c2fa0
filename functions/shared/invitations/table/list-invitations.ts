import { type AttributeValue, QueryCommand } from '@aws-sdk/client-dynamodb';
import { rethrowStoreError, withinStoreBudget } from '../../dynamodb.ts';
import { ApiError } from '../../http/errors.ts';
import type { Invitation } from '../invitation.ts';
import { fromItem } from '../item.ts';
import type { TableConfig } from './config.ts';
import { type InvitationIndex, invitationIndexes, organizationStatusKey } from './indexes.ts';

/** Where a page ends: the next one starts after this invitation, in its index. */
export interface ListPosition {
  index: InvitationIndex['indexName'];
  userId: number;
  updatedAt: string;
}

export interface ListQuery {
  organizationId: number;
  /** Only invitations of this stored status (the status index, where deployed). */
  storedStatus?: Invitation['status'] | undefined;
  /** What a page shows of what the index holds (e.g. pending, but not yet expired). */
  keep: (invitation: Invitation) => boolean;
  limit: number;
  after?: ListPosition | undefined;
}

export interface ListPage {
  invitations: Invitation[];
  /** Where the next page starts; undefined on the last page. */
  next: ListPosition | undefined;
}

/** Queries a page reads at most before it answers short (the next page goes on from there). */
const maxQueries = 5;

/**
 * An organization's invitations, newest change first: Queries of one of the table's
 * indexes (table/indexes.ts), never a scan, until the page is full, the index has no
 * more, or `maxQueries` were read. One item more than the page is read where it can be,
 * so that the last page says it is the last.
 */
export function listInvitationsOn(
  { client, tableName }: TableConfig,
  options: { statusIndex: boolean },
) {
  return async function listInvitations(query: ListQuery): Promise<ListPage> {
    const byStatus = query.storedStatus !== undefined && options.statusIndex;
    const index = byStatus
      ? invitationIndexes.byOrganizationStatus
      : invitationIndexes.byOrganization;
    const partition: AttributeValue = byStatus
      ? { S: organizationStatusKey(query.organizationId, query.storedStatus ?? '') }
      : { N: String(query.organizationId) };
    const keyOf = (position: ListPosition): Record<string, AttributeValue> => ({
      userId: { N: String(position.userId) },
      updatedAt: { S: position.updatedAt },
      [index.partitionKey.name]: partition,
    });
    // A position in another index: the stack gained its status index between two pages.
    if (query.after !== undefined && query.after.index !== index.indexName) {
      throw new ApiError('ValidationFailed', {
        errors: [{ path: 'cursor', message: 'is no longer valid: list from the first page' }],
      });
    }
    let startKey = query.after === undefined ? undefined : keyOf(query.after);

    const kept: Invitation[] = [];
    for (let queries = 0; queries < maxQueries; queries++) {
      const page = await withinStoreBudget((budget) =>
        client
          .send(
            new QueryCommand({
              TableName: tableName,
              IndexName: index.indexName,
              KeyConditionExpression: '#partition = :partition',
              ExpressionAttributeNames: { '#partition': index.partitionKey.name },
              ExpressionAttributeValues: { ':partition': partition },
              ScanIndexForward: false,
              Limit: query.limit + 1,
              ExclusiveStartKey: startKey,
            }),
            budget,
          )
          .catch(rethrowStoreError),
      );
      for (const item of page.Items ?? []) {
        const invitation = fromItem(item);
        if (!query.keep(invitation)) continue;
        kept.push(invitation);
        if (kept.length > query.limit) {
          const last = kept[query.limit - 1] as Invitation;
          return {
            invitations: kept.slice(0, query.limit),
            next: { index: index.indexName, userId: last.userId, updatedAt: last.updatedAt ?? '' },
          };
        }
      }
      startKey = page.LastEvaluatedKey;
      if (startKey === undefined) return { invitations: kept, next: undefined };
    }
    // Read enough for one request: the next page goes on where this reading stopped.
    return {
      invitations: kept,
      next: {
        index: index.indexName,
        userId: Number(startKey?.userId?.N),
        updatedAt: startKey?.updatedAt?.S ?? '',
      },
    };
  };
}
