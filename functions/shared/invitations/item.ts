/** An invitation in DynamoDB's attribute-value form, both ways (the API's names, S and N). */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { attributesOf, defined } from '../attributes.ts';
import {
  type Invitation,
  invitationStatuses,
  messageOutcomes,
  sendChannels,
} from './invitation.ts';
import { languages } from './languages.ts';
import { organizationStatusKey } from './table/indexes.ts';

/** The item of an invitation, with the key its status index lists it under (table/indexes.ts). */
export function toItem(invitation: Invitation): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {};
  for (const [key, attribute] of Object.entries(invitation)) {
    if (attribute === undefined) continue;
    item[key] = typeof attribute === 'number' ? { N: String(attribute) } : { S: attribute };
  }
  item.organizationStatus = {
    S: organizationStatusKey(invitation.organizationId, invitation.status ?? 'pending'),
  };
  return item;
}

/** The invitation an item holds, each attribute checked (attributesOf names a bad one). */
export function fromItem(item: Record<string, AttributeValue>): Invitation {
  const read = attributesOf(item, `invitation ${item.userId?.N}`);
  // Only the attributes the item has: on the PUT's path, where every allocation counts.
  const present: Record<string, string | number | undefined> = {};
  for (const name of numberFields) {
    if (item[name] !== undefined) present[name] = read.optionalNumber(name);
  }
  for (const name of stringFields) {
    if (item[name] !== undefined) present[name] = read.optionalString(name);
  }
  return defined({
    ...present,
    userId: read.number('userId'),
    organizationId: read.number('organizationId'),
    // Fixtures may leave status out; the contract's default is pending.
    status: read.oneOf('status', invitationStatuses, 'pending'),
    language: item.language === undefined ? undefined : read.oneOf('language', languages),
    acceptedChannel:
      item.acceptedChannel === undefined
        ? undefined
        : read.oneOf(
            'acceptedChannel',
            sendChannels.map((channel) => channel.name),
          ),
    ...Object.fromEntries(
      sendChannels.map((channel) => [
        channel.outcomeField,
        item[channel.outcomeField] === undefined
          ? undefined
          : read.oneOf(channel.outcomeField, messageOutcomes),
      ]),
    ),
  }) as Invitation;
}

/** The optional attributes of an invitation, by type (the sender's per channel included). */
const numberFields = sendChannels.flatMap((channel) => [
  channel.countField,
  channel.claimedField,
  channel.confirmedField,
  channel.failedField,
  channel.supersededField,
  channel.unknownField,
]);
const stringFields = [
  'expiration',
  'emailAddress',
  'phoneNumber',
  'createdAt',
  'updatedAt',
  'acceptedAt',
  'revokedAt',
  'lastWriteId',
  'idempotencyKey',
  'idempotencyFingerprint',
  'idempotencyKeyUsedAt',
  'creationWriteId',
  'creationIdempotencyKey',
  'creationFingerprint',
  'emailUndeliverable',
  ...sendChannels.flatMap((channel) => [
    channel.messageIdField,
    channel.outcomeAtField,
    channel.deliveryAtField,
    channel.requestedAtField,
    channel.failureField,
    channel.linkTokenHashField,
    channel.linkIssuedAtField,
    channel.sendToField,
    channel.linkAddressField,
  ]),
];
