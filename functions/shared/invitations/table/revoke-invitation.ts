import { conditionalUpdate } from './conditional-update.ts';
import type { TableConfig, WriteResult } from './config.ts';
import { organizationStatusKey } from './indexes.ts';

export interface Revocation {
  userId: number;
  organizationId: number;
  mayManage: boolean;
  now: Date;
}

/**
 * Revokes a pending invitation: one conditional UpdateItem that applies only to a pending
 * invitation of the caller's organization, for a caller with the right. When it does not
 * apply, the item as it was says why (not found, refused, accepted, already revoked).
 */
export function revokeInvitationOn(table: TableConfig) {
  return function revokeInvitation(revocation: Revocation): Promise<WriteResult> {
    const mayApply = revocation.mayManage
      ? 'attribute_exists(#userId) AND #organizationId = :organizationId AND ' +
        '(attribute_not_exists(#status) OR #status = :pending)'
      : // Never applies; the old item still tells 403 from 404.
        'attribute_exists(#userId) AND attribute_not_exists(#userId)';
    return conditionalUpdate(table, {
      Key: { userId: { N: String(revocation.userId) } },
      // The status key follows the status: the organization is the caller's, as required.
      UpdateExpression: revocation.mayManage
        ? 'SET #status = :revoked, #organizationStatus = :organizationStatus, #revokedAt = :now, #updatedAt = :now'
        : 'SET #status = :revoked, #revokedAt = :now, #updatedAt = :now',
      ConditionExpression: mayApply,
      ExpressionAttributeNames: {
        '#userId': 'userId',
        '#status': 'status',
        '#revokedAt': 'revokedAt',
        '#updatedAt': 'updatedAt',
        ...(revocation.mayManage
          ? { '#organizationId': 'organizationId', '#organizationStatus': 'organizationStatus' }
          : {}),
      },
      ExpressionAttributeValues: {
        ':revoked': { S: 'revoked' },
        ':now': { S: revocation.now.toISOString() },
        ...(revocation.mayManage
          ? {
              ':organizationId': { N: String(revocation.organizationId) },
              ':organizationStatus': {
                S: organizationStatusKey(revocation.organizationId, 'revoked'),
              },
              ':pending': { S: 'pending' },
            }
          : {}),
      },
    });
  };
}
