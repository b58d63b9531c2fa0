/** Business metrics in CloudWatch's embedded metric format: the line CloudWatch reads. */
import { afterEach, expect, test } from 'vitest';
import { countMetric, setMetricsSink } from '../../functions/shared/metrics.ts';

afterEach(() => setMetricsSink(undefined));

test('one EMF line per data point: namespace, dimensions (with the stage), the count', () => {
  const lines: string[] = [];
  setMetricsSink((line) => lines.push(line));
  countMetric('SendsRequested', { Channel: 'email' });
  expect(lines).toHaveLength(1);
  const emf = JSON.parse(lines[0] ?? '');
  expect(emf).toMatchObject({
    _aws: {
      Timestamp: expect.any(Number),
      CloudWatchMetrics: [
        {
          Namespace: 'InvitationsApi',
          Dimensions: [['Channel', 'Stage']],
          Metrics: [{ Name: 'SendsRequested', Unit: 'Count' }],
        },
      ],
    },
    Channel: 'email',
    Stage: 'local',
    SendsRequested: 1,
  });
});

test('outside Lambda, without a sink, nothing is written', () => {
  const written: unknown[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: unknown) => {
    written.push(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    countMetric('Requests', { Outcome: '200' });
  } finally {
    process.stdout.write = write;
  }
  expect(written).toEqual([]);
});
