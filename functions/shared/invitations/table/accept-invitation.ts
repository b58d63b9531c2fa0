import type { SendChannel } from '../invitation.ts';
import { conditionalUpdate } from './conditional-update.ts';
import type { TableConfig, WriteResult } from './config.ts';
import { organizationStatusKey } from './indexes.ts';

export interface Acceptance {
  userId: number;
  /** The invitation's organization, as the caller read it: its status key names it. */
  organizationId: number;
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
        'SET #status = :accepted, #organizationStatus = :organizationStatus, #acceptedAt = :now, ' +
        '#acceptedChannel = :channel, #updatedAt = :now',
      ConditionExpression:
        '#linkTokenHash = :hash AND #organizationId = :organizationId AND ' +
        // The link dies with the address it was sent to (links from before the binding: none).
        '(attribute_not_exists(#linkAddress) OR #linkAddress = #address) AND ' +
        '(attribute_not_exists(#status) OR #status = :pending) AND ' +
        (acceptance.expiration === undefined
          ? 'attribute_not_exists(#expiration)'
          : '#expiration = :expiration'),
      ExpressionAttributeNames: {
        '#status': 'status',
        '#organizationId': 'organizationId',
        '#organizationStatus': 'organizationStatus',
        '#acceptedAt': 'acceptedAt',
        '#acceptedChannel': 'acceptedChannel',
        '#updatedAt': 'updatedAt',
        '#linkTokenHash': channel.linkTokenHashField,
        '#linkAddress': channel.linkAddressField,
        '#address': channel.addressField,
        '#expiration': 'expiration',
      },
      ExpressionAttributeValues: {
        ':accepted': { S: 'accepted' },
        ':organizationId': { N: String(acceptance.organizationId) },
        ':organizationStatus': {
          S: organizationStatusKey(acceptance.organizationId, 'accepted'),
        },
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
