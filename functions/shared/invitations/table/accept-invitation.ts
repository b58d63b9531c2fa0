import type { SendChannel } from '../invitation.ts';
import { conditionalUpdate } from './conditional-update.ts';
import type { TableConfig, WriteResult } from './config.ts';

export interface Acceptance {
  userId: number;
  channel: SendChannel;
  tokenHash: string;
  /** The expiration the caller checked, or undefined when there was none. */
  expiration: string | undefined;
  now: Date;
}

/**
 * Accepts through a link: applies only while the item still is as the caller saw it (this
 * link current on its channel, pending, the same expiration), so an accept racing a
 * revocation, a new send or another accept loses cleanly; the item as it then was says why.
 */
export function acceptInvitationOn(table: TableConfig) {
  return function acceptInvitation(acceptance: Acceptance): Promise<WriteResult> {
    const { channel } = acceptance;
    return conditionalUpdate(table, {
      Key: { userId: { N: String(acceptance.userId) } },
      UpdateExpression:
        'SET #status = :accepted, #acceptedAt = :now, #acceptedChannel = :channel, #updatedAt = :now',
      ConditionExpression:
        '#linkTokenHash = :hash AND (attribute_not_exists(#status) OR #status = :pending) AND ' +
        (acceptance.expiration === undefined
          ? 'attribute_not_exists(#expiration)'
          : '#expiration = :expiration'),
      ExpressionAttributeNames: {
        '#status': 'status',
        '#acceptedAt': 'acceptedAt',
        '#acceptedChannel': 'acceptedChannel',
        '#updatedAt': 'updatedAt',
        '#linkTokenHash': channel.linkTokenHashField,
        '#expiration': 'expiration',
      },
      ExpressionAttributeValues: {
        ':accepted': { S: 'accepted' },
        ':pending': { S: 'pending' },
        ':now': { S: acceptance.now.toISOString() },
        ':channel': { S: channel.name },
        ':hash': { S: acceptance.tokenHash },
        ...(acceptance.expiration === undefined
          ? {}
          : { ':expiration': { S: acceptance.expiration } }),
      },
    });
  };
}
