/**
 * Each dashboard widget's metric search matched against the dimension sets the code really
 * emits: a CloudWatch SEARCH matches metrics whose dimension set is exactly the one named,
 * so a widget naming another set stays empty forever. The metric lines come from running
 * the handlers (the PUT, the sender), not from reading their source.
 */
import type { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { expect, test, vi } from 'vitest';
import { toItem } from '../../functions/shared/invitations/item.ts';
import { setMetricsSink } from '../../functions/shared/metrics.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { invitationEvent } from '../support/events.ts';
import { fakeStore } from '../support/fake-store.ts';
import { testSender } from '../support/sender.ts';
import { emailRequested, pendingInvitation, streamEvent } from '../support/stream-events.ts';
import { arnsIn, resolveIntrinsics } from '../support/template-values.ts';
import { synthesize } from './synth.ts';

vi.setConfig({ testTimeout: 120_000 });

/** Metric name -> the dimension sets its lines carry, as sorted comma-joined names. */
async function emittedDimensionSets(): Promise<Map<string, Set<string>>> {
  const lines: string[] = [];
  setMetricsSink((line) => lines.push(line));
  try {
    const { updateInvitationHandler, send, invitations } = fakeStore();
    send.mockImplementation((async () => ({})) as never);
    await updateInvitationHandler(
      invitationEvent({ body: { language: 'de', emailAddress: 'a@example.com', sendEmail: true } }),
      lambdaContext('update-invitation', 10_000),
    );
    // The sender: one message handed over.
    send.mockImplementation((async (command: UpdateItemCommand) => {
      if (command.input.ReturnValues === 'ALL_NEW') {
        return { Attributes: toItem({ ...pendingInvitation, emailSendCount: 1 }) };
      }
      return {};
    }) as never);
    const sender = testSender(invitations);
    await sender(streamEvent(emailRequested(1)), lambdaContext('send-invitation', 30_000));
  } finally {
    setMetricsSink(undefined);
  }
  const sets = new Map<string, Set<string>>();
  for (const line of lines) {
    const { _aws } = JSON.parse(line) as {
      _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] };
    };
    for (const { Dimensions, Metrics } of _aws.CloudWatchMetrics) {
      for (const { Name } of Metrics) {
        const known = sets.get(Name) ?? new Set<string>();
        for (const dimensions of Dimensions) known.add([...dimensions].sort().join(','));
        sets.set(Name, known);
      }
    }
  }
  return sets;
}

test('every metric widget searches a dimension set the code emits', async () => {
  const { template } = synthesize();
  const resources = template.toJSON().Resources as Record<string, { Type: string }>;
  const [dashboard] = Object.values(
    template.findResources('AWS::CloudWatch::Dashboard') as Record<
      string,
      { Properties: { DashboardBody: unknown } }
    >,
  );
  const body = JSON.parse(
    String(
      resolveIntrinsics(
        dashboard?.Properties.DashboardBody,
        arnsIn('111122223333', 'eu-west-1'),
        resources,
      ),
    ),
  ) as { widgets: { properties: { title?: string; metrics?: unknown[][] } }[] };
  const searches = body.widgets.flatMap(({ properties }) =>
    (properties.metrics ?? []).flatMap((metric) =>
      metric.flatMap((part) => {
        const expression = (part as { expression?: string })?.expression;
        const parsed = /SEARCH\('\{([^}]*)\} MetricName="([^"]+)"/.exec(expression ?? '');
        return parsed
          ? [{ title: properties.title, set: parsed[1] ?? '', metricName: parsed[2] ?? '' }]
          : [];
      }),
    ),
  );
  expect(searches.length).toBeGreaterThanOrEqual(3);
  const emitted = await emittedDimensionSets();
  for (const { title, set, metricName } of searches) {
    const [, ...dimensions] = set.split(',');
    expect(emitted.get(metricName), `${title}: ${metricName} is emitted`).toBeDefined();
    expect([...(emitted.get(metricName) ?? [])], `${title}`).toContain(dimensions.sort().join(','));
  }
});
