import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { SendLimitChecks } from '../../send-limits/rules.ts';
import type { InvitationUpdate } from '../fields-schema.ts';
import { requestedSends, type SendDestination, type WriteIdentity } from '../rules.ts';
import { conditionalUpdate } from './conditional-update.ts';
import type { TableConfig } from './config.ts';
import { type CountedWriteResult, countedWrite } from './counted-write.ts';
import { expressionBuilder } from './expressions.ts';

const updatableFields = ['language', 'expiration', 'emailAddress', 'phoneNumber'] as const;

export interface InvitationWrite {
  userId: number;
  update: InvitationUpdate;
  /** Only a caller of this organization may change the item. */
  organizationId: number;
  /** False for a caller without the right: the write then can never apply. */
  mayManage: boolean;
  now: Date;
  /** Sends requested at or before this moment no longer block a new one. */
  cooldownStart: Date;
  /** Recorded with the write, so that a repeat of it never applies twice. */
  identity: WriteIdentity;
  /** An Idempotency-Key used at or before this moment is forgotten. */
  idempotencyWindowStart: Date;
  /** Where each requested send goes: recorded with it, for the sender to deliver there only. */
  destinations: readonly SendDestination[];
  /** Counters the write raises with it, each only below its cap, and the suppression check. */
  limits?: SendLimitChecks | undefined;
}

/**
 * The one request of an accepted PUT: a conditional UpdateItem that sets only the fields
 * sent, records requested sends (time and a per-channel counter, for the sender) in the
 * same write, and applies only if the user exists in the caller's organization, the
 * invitation is still pending (not accepted, not revoked), every requested channel has an
 * address and is out of its cool-down, and only if it is not a repeat of a write that
 * already landed (same write id, or the same Idempotency-Key within its window). A send
 * records its destination beside its counter. When it does not apply, DynamoDB returns the
 * item as it was, so the caller can tell which rule failed, or that the write had landed,
 * without a second read. A write that sends is one transaction with the send limits'
 * counters and checks: all of it lands, or none of it.
 */
export function writeInvitationUpdateOn(table: TableConfig) {
  return async function writeInvitationUpdate(write: InvitationWrite): Promise<CountedWriteResult> {
    const { name, value, names, values } = expressionBuilder();
    const now = value('now', { S: write.now.toISOString() });
    const { writeId, idempotency } = write.identity;
    const lastWriteId = name('lastWriteId');
    const sets = [
      `${name('updatedAt')} = ${now}`,
      `${lastWriteId} = ${value('writeId', { S: writeId })}`,
    ];
    for (const field of updatableFields) {
      const fieldValue = write.update[field];
      if (fieldValue !== undefined)
        sets.push(`${name(field)} = ${value(field, { S: fieldValue })}`);
    }

    const conditions = write.mayManage
      ? [
          `attribute_exists(${name('userId')})`,
          `${name('organizationId')} = ${value('organizationId', { N: String(write.organizationId) })}`,
          `(attribute_not_exists(${name('status')}) OR ${name('status')} = ${value('pending', { S: 'pending' })})`,
        ]
      : // Never applies; still one request, and the old item tells 403 from 404.
        [`attribute_exists(${name('userId')})`, `attribute_not_exists(${name('userId')})`];
    conditions.push(`(attribute_not_exists(${lastWriteId}) OR ${lastWriteId} <> :writeId)`);
    if (idempotency !== undefined) {
      const key = name('idempotencyKey');
      const usedAt = name('idempotencyKeyUsedAt');
      sets.push(
        `${key} = ${value('idempotencyKey', { S: idempotency.key })}`,
        `${name('idempotencyFingerprint')} = ${value('fingerprint', { S: idempotency.fingerprint })}`,
        `${usedAt} = ${now}`,
      );
      const windowStart = value('windowStart', { S: write.idempotencyWindowStart.toISOString() });
      conditions.push(
        `(attribute_not_exists(${key}) OR ${key} <> :idempotencyKey OR ${usedAt} <= ${windowStart})`,
      );
    }

    for (const channel of requestedSends(write.update)) {
      const count = name(channel.countField);
      sets.push(
        `${name(channel.requestedAtField)} = ${now}`,
        `${count} = if_not_exists(${count}, ${value('zero', { N: '0' })}) + ${value('one', { N: '1' })}`,
      );
      const destination = write.destinations.find((d) => d.channel.name === channel.name);
      const address = name(channel.addressField);
      if (destination === undefined) {
        // No address anywhere (the rules refuse it): a write that can never apply.
        conditions.push(`attribute_exists(${address})`);
        sets.push(`${name(channel.sendToField)} = ${address}`);
      } else {
        const to = value(`${channel.name}To`, { S: destination.to });
        sets.push(`${name(channel.sendToField)} = ${to}`);
        if (destination.stored) conditions.push(`${address} = ${to}`);
      }
      if (channel.name === 'email') {
        const undeliverable = name('emailUndeliverable');
        const to = destination === undefined ? address : value('emailTo', { S: destination.to });
        conditions.push(`(attribute_not_exists(${undeliverable}) OR ${undeliverable} <> ${to})`);
      }
      const requestedAt = name(channel.requestedAtField);
      const start = value('cooldownStart', { S: write.cooldownStart.toISOString() });
      conditions.push(`(attribute_not_exists(${requestedAt}) OR ${requestedAt} <= ${start})`);
    }

    const update = {
      Key: { userId: { N: String(write.userId) } },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
    if (write.limits === undefined || write.limits.counters.length === 0) {
      return conditionalUpdate(table, update);
    }
    const invitationWrite: TransactWriteItem = {
      Update: {
        ...update,
        TableName: table.tableName,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      } as NonNullable<TransactWriteItem['Update']>,
    };
    return countedWrite(table, invitationWrite, write.limits);
  };
}
