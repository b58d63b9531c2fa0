/**
 * The local stream event source with a faked streams API: shard discovery, resuming after
 * an expired iterator, retries from the first failed record, and giving a record up alone.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, expect, test, vi } from 'vitest';
import { followStream } from '../../local/stream-follower.ts';

const streamArn = 'arn:aws:dynamodb:ddblocal:000000000000:table/invitations/stream/x';
const record = (sequence: string) => ({
  eventID: `e${sequence}`,
  eventName: 'MODIFY' as const,
  dynamodb: { SequenceNumber: sequence, Keys: { userId: { N: '5' } } },
});

/** A stream of one shard whose pages are handed out in order; read `expireAt` fails as expired. */
function fakeStream(pages: ReturnType<typeof record>[][], expireAt = -1) {
  const iteratorRequests: unknown[] = [];
  let page = 0;
  let reads = 0;
  vi.spyOn(DynamoDBStreamsClient.prototype, 'send').mockImplementation(async (command: unknown) => {
    if (command instanceof DescribeStreamCommand) {
      return { StreamDescription: { Shards: [{ ShardId: 'shard-1' }] } };
    }
    if (command instanceof GetShardIteratorCommand) {
      iteratorRequests.push(command.input);
      return { ShardIterator: `iterator-${iteratorRequests.length}` };
    }
    if (command instanceof GetRecordsCommand) {
      reads += 1;
      if (reads - 1 === expireAt) {
        throw new ExpiredIteratorException({ message: 'expired', $metadata: {} });
      }
      const Records = pages[page] ?? [];
      page += 1;
      return { Records, NextShardIterator: 'next' };
    }
    throw new Error('unexpected command');
  });
  return { iteratorRequests };
}

afterEach(() => vi.restoreAllMocks());

function follow(handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>) {
  const failedDir = mkdtempSync(join(tmpdir(), 'failed-'));
  const follower = followStream({
    streamArn,
    connection: { region: 'us-east-1' },
    handler,
    reasonOf: (r) => `reason of ${r.eventID}`,
    failedDir,
    maxAttempts: 2,
    backoffMs: 1,
    pollMs: 5,
  });
  return { ...follower, failedDir };
}

test('reads the shard from its oldest record and hands records over as Lambda events', async () => {
  const { iteratorRequests } = fakeStream([[record('1'), record('2')]]);
  const batches: DynamoDBStreamEvent[] = [];
  const follower = follow(async (event) => {
    batches.push(event);
    return { batchItemFailures: [] };
  });
  await follower.caughtUp();
  await follower.stop();
  expect(iteratorRequests[0]).toMatchObject({
    ShardId: 'shard-1',
    ShardIteratorType: 'TRIM_HORIZON',
  });
  expect(batches).toHaveLength(1);
  expect(batches[0]?.Records.map((r) => r.eventSourceARN)).toEqual([streamArn, streamArn]);
});

test('an expired iterator is replaced, resuming after the last record handed over', async () => {
  // Read 0 hands over record 1, read 1 finds the iterator expired, read 2 gets record 3.
  const { iteratorRequests } = fakeStream([[record('1')], [record('3')]], 1);
  const seen: string[] = [];
  const follower = follow(async (event) => {
    seen.push(...event.Records.map((r) => r.dynamodb?.SequenceNumber ?? ''));
    return { batchItemFailures: [] };
  });
  await follower.caughtUp();
  await follower.stop();
  expect(iteratorRequests).toEqual([
    expect.objectContaining({ ShardIteratorType: 'TRIM_HORIZON' }),
    expect.objectContaining({ ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '1' }),
  ]);
  expect(seen).toEqual(['1', '3']);
});

test('retries from the first failed record, then gives that record up alone', async () => {
  fakeStream([[record('1'), record('2'), record('3')]]);
  const calls: string[][] = [];
  const follower = follow(async (event) => {
    const sequences = event.Records.map((r) => r.dynamodb?.SequenceNumber ?? '');
    calls.push(sequences);
    // Record 2 always fails; the sender then reports it and everything after it.
    const from = sequences.indexOf('2');
    return {
      batchItemFailures:
        from === -1 ? [] : sequences.slice(from).map((itemIdentifier) => ({ itemIdentifier })),
    };
  });
  await follower.caughtUp();
  await follower.stop();
  expect(calls).toEqual([['1', '2', '3'], ['2', '3'], ['3']]);
  expect(readdirSync(follower.failedDir)).toEqual(['2.json']);
  const report = JSON.parse(readFileSync(join(follower.failedDir, '2.json'), 'utf8'));
  expect(report).toMatchObject({ reason: 'reason of e2', attempts: 2 });
});
