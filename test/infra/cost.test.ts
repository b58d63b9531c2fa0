/**
 * The cost estimate reads the stack, not a memory of it: an index less in the template is
 * two write units less per edit; WAF in the template is its requests and its monthly part;
 * the events counted are the ones the code makes of each change.
 */
import { describe, expect, test, vi } from 'vitest';
import { estimate } from '../../bench/cost/estimate.ts';
import { synthesize } from './synth.ts';

vi.setConfig({ testTimeout: 120_000 });

type Resources = Parameters<typeof estimate>[0];
const resourcesOf = (context: Record<string, unknown>) =>
  synthesize(context).template.toJSON().Resources as Resources;
const row = (result: ReturnType<typeof estimate>, prefix: string) =>
  result.rows.find((each) => each.name.startsWith(prefix));

describe('from the template', () => {
  const dev = estimate(resourcesOf({}), 'dev');

  test('an edit: the item once, and each index entry deleted and put (its sort key moved)', () => {
    expect(dev.indexes).toHaveLength(2);
    expect(row(dev, 'PUT, an edit')?.writeUnits).toBe(1 + 2 * 2);
    const oneIndex = estimate(resourcesOf({ statusIndex: 'false' }), 'dev');
    expect(oneIndex.indexes).toHaveLength(1);
    expect(row(oneIndex, 'PUT, an edit')?.writeUnits).toBe(1 + 2);
  });

  test("each write is read by the stream's two readers, and traced", () => {
    expect(dev.streamReaders).toBe(2);
    expect(row(dev, 'PUT, an edit')?.invocations).toBe(2 + 2);
  });

  test("the events are the code's: a create sent and delivered makes four, an edit one", () => {
    expect(row(dev, 'POST')?.events).toBe(4);
    expect(row(dev, 'PUT, an edit')?.events).toBe(1);
  });

  test('WAF only where the template has it: its requests, its ACL and rules each month', () => {
    expect(row(dev, 'PUT')?.perMillion.WAF).toBe(0);
    const waf = estimate(resourcesOf({ waf: 'true' }), 'dev');
    expect(row(waf, 'PUT')?.perMillion.WAF).toBeGreaterThan(0);
    const wafMonthly = Object.entries(waf.monthly).find(([name]) => name.startsWith('WAF'));
    expect(wafMonthly?.[1]).toBeGreaterThan(5);
  });
});
