/**
 * Business metrics as CloudWatch embedded metric format (EMF): one JSON line on stdout per
 * data point, which CloudWatch Logs turns into a metric; no client, no request, no library
 * (a dozen lines cost nothing at cold start, see bench/README.md). Written straight to stdout
 * so that Lambda's JSON log format leaves the line as it is, as Powertools does.
 * Outside Lambda nothing is written unless a sink is set (tests, local runs).
 */
export const metricsNamespace = 'InvitationsApi';

const stage = process.env.STAGE || 'local';
type Sink = (line: string) => void;
let sink: Sink | undefined = process.env.AWS_LAMBDA_FUNCTION_NAME
  ? (line) => process.stdout.write(`${line}\n`)
  : undefined;

/** Where metric lines go; undefined: nowhere. */
export function setMetricsSink(next: Sink | undefined): void {
  sink = next;
}

/** Counts one event, e.g. `countMetric('SendsRequested', { Channel: 'email' })`. */
export function countMetric(name: string, dimensions: Record<string, string>, value = 1): void {
  if (sink === undefined) return;
  const allDimensions = { ...dimensions, Stage: stage };
  sink(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: metricsNamespace,
            Dimensions: [Object.keys(allDimensions)],
            Metrics: [{ Name: name, Unit: 'Count' }],
          },
        ],
      },
      ...allDimensions,
      [name]: value,
    }),
  );
}
