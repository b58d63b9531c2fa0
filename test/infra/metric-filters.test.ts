/**
 * Each metric filter of the stack run on the line the code really writes for it, as
 * Lambda's runtime formats it under the JSON log format (local/runtime-logs.ts), and on
 * the lines it must not count. A filter compared by its text would pass while matching
 * nothing.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { expect, test, vi } from 'vitest';
import { sendInvitations } from '../../functions/shared/delivery/send-invitations.ts';
import { toItem } from '../../functions/shared/invitations/item.ts';
import { logger, setLogLevel } from '../../functions/shared/logger.ts';
import { runtimeLogLine } from '../../local/runtime-logs.ts';
import { matchesFilterPattern } from '../support/filter-pattern.ts';
import { synthesize } from './synth.ts';

vi.setConfig({ testTimeout: 120_000 });

/**
 * The lines the code writes while `run` runs, formatted as the runtime formats each
 * `console` call of an invocation of `functionName` (local/runtime-logs.ts).
 */
async function linesOf(functionName: string, run: () => Promise<unknown>) {
  const methods = ['info', 'warn', 'error'] as const;
  const lines: string[] = [];
  const spies = methods.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(runtimeLogLine(method, { functionName, requestId: 'r-1' }, args));
    }),
  );
  setLogLevel('INFO');
  try {
    await run();
  } finally {
    setLogLevel('FATAL');
    for (const spy of spies) spy.mockRestore();
  }
  return lines;
}

const { template } = synthesize();
const filters = Object.entries(
  template.findResources('AWS::Logs::MetricFilter') as Record<
    string,
    { Properties: { FilterPattern: string } }
  >,
);

test('the stack has the metric filters this file knows', () => {
  expect(filters.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['LostDeliveries']);
});

test("LostDeliveries counts the sender's line for a lost delivery, and no other line", async () => {
  const pattern = filters.find(([id]) => id.startsWith('LostDeliveries'))?.[1].Properties
    .FilterPattern;
  expect(pattern).toBeDefined();
  const claimedAt = new Date(Date.now() - 120_000).toISOString();
  const image = toItem({
    userId: 5,
    organizationId: 100,
    status: 'pending',
    emailAddress: 'jan@example.com',
    emailSendCount: 1,
    emailDeliveryClaimed: 1,
    emailLinkIssuedAt: claimedAt,
    language: 'de',
  });
  const record = {
    eventID: 'e-1',
    dynamodb: {
      OldImage: image,
      NewImage: { ...image, language: { S: 'fr' } },
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      SequenceNumber: '1',
    },
  } as unknown as DynamoDBRecord;
  const lost = await linesOf('send-invitation', () =>
    sendInvitations([record], { claimTimeoutSeconds: 30 } as Parameters<typeof sendInvitations>[1]),
  );
  expect(lost).toHaveLength(1);
  expect(matchesFilterPattern(pattern ?? '', lost[0] ?? '')).toBe(true);

  const others = await linesOf('send-invitation', async () => {
    logger.info('invitation sent', { userId: 5, channel: 'email', sendNumber: 1 });
    logger.error('delivery outcome unknown; not sent again', { userId: 5 });
    console.error('delivery claimed but never confirmed, said in a string');
  });
  expect(others).toHaveLength(3);
  for (const line of others) expect(matchesFilterPattern(pattern ?? '', line), line).toBe(false);
});
