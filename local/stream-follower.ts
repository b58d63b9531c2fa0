/**
 * What Lambda's event source mapping does for a DynamoDB stream, on DynamoDB Local: read
 * every shard from its oldest record, hand batches to the sender, retry what it reports
 * failed with backoff, and give up on a record after the last attempt (into `failedDir`,
 * with the reason, where the stack's on-failure destination is an SQS queue). DynamoDB
 * Local rolls its shards over every few hours, so the stream is described again and again
 * and new shards are picked up as their parents end. With a checkpoint file (a store that
 * outlives `npm start`), it goes on after the last record handed over, as a mapping does
 * after a restart, instead of reading the stream again from its oldest record.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export interface FollowOptions {
  streamArn: string;
  /** The same connection as the table client's: endpoint, region, credentials. */
  connection: ConstructorParameters<typeof DynamoDBStreamsClient>[0];
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  /** Why the handler failed a record, when it can say (the sender's failure listener). */
  reasonOf?: (record: DynamoDBRecord) => string | undefined;
  failedDir: string;
  /** Attempts per record: the first and the retries. */
  maxAttempts?: number;
  backoffMs?: number;
  pollMs?: number;
  batchSize?: number;
  /** Where this reader keeps, per shard, the last record it handed over. */
  checkpointFile?: string;
}

export function followStream(options: FollowOptions) {
  const client = new DynamoDBStreamsClient({ ...options.connection, maxAttempts: 2 });
  const maxAttempts = options.maxAttempts ?? 4;
  const backoffMs = options.backoffMs ?? 500;
  const pollMs = options.pollMs ?? 250;
  /** Shard id -> next iterator; null once the shard is closed and read to its end. */
  const shards = new Map<string, string | null>();
  /** Shard id -> sequence number of the last record handed over, to resume after it. */
  const lastSequence = new Map<string, string>(Object.entries(readCheckpoint()));
  let running = true;
  let lastDescribe = 0;
  /** Resolved by the next poll that finds no record on any shard. */
  const caughtUpWaiters: (() => void)[] = [];

  async function discoverShards() {
    let start: string | undefined;
    do {
      const { StreamDescription } = await client.send(
        new DescribeStreamCommand({ StreamArn: options.streamArn, ExclusiveStartShardId: start }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        const id = shard.ShardId;
        if (!id || shards.has(id)) continue;
        // A child shard waits until its parent is read to the end: order per item holds.
        const parent = shard.ParentShardId;
        if (parent && shards.has(parent) && shards.get(parent) !== null) continue;
        shards.set(id, await iteratorFor(id));
      }
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
  }

  /** From the oldest record, or just after the last one handed over. */
  async function iteratorFor(shardId: string): Promise<string | null> {
    const after = lastSequence.get(shardId);
    const iterator = (type: 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON') =>
      client.send(
        new GetShardIteratorCommand({
          StreamArn: options.streamArn,
          ShardId: shardId,
          ShardIteratorType: type,
          ...(type === 'AFTER_SEQUENCE_NUMBER' ? { SequenceNumber: after } : {}),
        }),
      );
    if (!after) return (await iterator('TRIM_HORIZON')).ShardIterator ?? null;
    try {
      return (await iterator('AFTER_SEQUENCE_NUMBER')).ShardIterator ?? null;
    } catch (error) {
      // Past the stream's 24 h (trimmed), or a record of another stream: from the oldest.
      console.error(`stream follower: cannot go on after ${after} (${(error as Error).name})`);
      lastSequence.delete(shardId);
      return (await iterator('TRIM_HORIZON')).ShardIterator ?? null;
    }
  }

  /** The checkpoint of this stream, if the file holds one. */
  function readCheckpoint(): Record<string, string> {
    if (!options.checkpointFile) return {};
    try {
      const saved = JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as {
        streamArn: string;
        shards: Record<string, string>;
      };
      return saved.streamArn === options.streamArn ? saved.shards : {};
    } catch {
      return {};
    }
  }

  /** Its folder, made once, on the first save. */
  let checkpointDir: Promise<unknown> | undefined;
  async function saveCheckpoint() {
    if (!options.checkpointFile) return;
    const file = options.checkpointFile;
    checkpointDir ??= mkdir(join(file, '..'), { recursive: true });
    await checkpointDir;
    // Whole or not at all: written beside it, then renamed over it.
    await writeFile(
      `${file}.new`,
      JSON.stringify({ streamArn: options.streamArn, shards: Object.fromEntries(lastSequence) }),
    );
    await rename(`${file}.new`, file);
  }

  async function poll() {
    if (Date.now() - lastDescribe > 5_000 || shards.size === 0) {
      await discoverShards();
      lastDescribe = Date.now();
    }
    let read = 0;
    for (const [id, iterator] of shards) {
      if (iterator === null) continue;
      let page: Awaited<ReturnType<typeof getRecords>>;
      try {
        page = await getRecords(iterator);
      } catch (error) {
        // An iterator lives 15 minutes: after a laptop's sleep, resume where we were.
        if ((error as Error).name !== 'ExpiredIteratorException') throw error;
        shards.set(id, await iteratorFor(id));
        continue;
      }
      const { Records, NextShardIterator } = page;
      shards.set(id, NextShardIterator ?? null);
      if (Records && Records.length > 0) {
        read += Records.length;
        await deliver(Records.map((record) => toLambdaRecord(record, options.streamArn)));
        const last = Records.at(-1)?.dynamodb?.SequenceNumber;
        if (last) {
          lastSequence.set(id, last);
          await saveCheckpoint();
        }
      }
    }
    if (read === 0) {
      for (const waiter of caughtUpWaiters.splice(0)) waiter();
    }
  }

  const getRecords = (iterator: string) =>
    client.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: options.batchSize ?? 100 }),
    );

  async function deliver(batch: DynamoDBRecord[]) {
    let pending = batch;
    let attempt = 1;
    while (pending.length > 0) {
      const response = await options.handler({ Records: pending }).catch(() => ({
        batchItemFailures: pending.map((r) => ({
          itemIdentifier: r.dynamodb?.SequenceNumber ?? '',
        })),
      }));
      const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      // Like Lambda: retry from the first failed record on.
      const firstFailed = pending.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
      if (firstFailed === -1) return;
      pending = pending.slice(firstFailed);
      if (attempt < maxAttempts) {
        await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
        attempt += 1;
        continue;
      }
      // Like bisecting on error: only the record that keeps failing is given up; the
      // records after it get their own attempts.
      const [given, ...rest] = pending;
      if (given) await giveUp(given, attempt);
      pending = rest;
      attempt = 1;
    }
  }

  async function giveUp(record: DynamoDBRecord, attempts: number) {
    await mkdir(options.failedDir, { recursive: true });
    const file = join(options.failedDir, `${record.dynamodb?.SequenceNumber ?? Date.now()}.json`);
    const reason = options.reasonOf?.(record) ?? 'the sender reported the record as failed';
    await writeFile(file, `${JSON.stringify({ reason, attempts, record }, null, 2)}\n`);
    console.error(`stream record given up after ${attempts} attempts: ${file} (${reason})`);
  }

  const loop = (async () => {
    while (running) {
      await poll().catch((error: Error) => {
        if (running) console.error(`stream follower: ${error.message}`);
      });
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  })();

  return {
    /** Resolves once everything written to the table so far has been handed to the sender. */
    caughtUp: () =>
      new Promise<void>((resolve) => {
        // A poll already under way may predate the caller's writes: wait for a later one.
        let polls = 0;
        const waiter = () => (++polls >= 2 ? resolve() : caughtUpWaiters.push(waiter));
        caughtUpWaiters.push(waiter);
      }),
    async stop() {
      running = false;
      await loop;
      client.destroy();
    },
  };
}

function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const { dynamodb, ...rest } = record;
  return {
    ...rest,
    eventSource: 'aws:dynamodb',
    eventSourceARN: streamArn,
    dynamodb: {
      ...dynamodb,
      // Lambda's events carry epoch seconds where the SDK gives a Date.
      ApproximateCreationDateTime: dynamodb?.ApproximateCreationDateTime
        ? dynamodb.ApproximateCreationDateTime.getTime() / 1000
        : undefined,
    },
  } as DynamoDBRecord;
}
