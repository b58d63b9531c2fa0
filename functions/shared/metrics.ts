/**
 * Business metrics as CloudWatch embedded metric format (EMF): one JSON line on stdout per
 * data point, which CloudWatch Logs turns into a metric; no client, no request, no library
 * (a dozen lines cost nothing at cold start, see bench/README.md). Written straight to stdout
 * so that Lambda's JSON log format leaves the line as it is (a `console` call would be
 * wrapped in the runtime's own JSON).
 * Outside Lambda nothing is written unless a sink is set (tests, local runs).
 */
export const metricsNamespace = 'InvitationsApi';

/** What a function that counts metrics reads: the stage, a dimension of each. */
export const metricSettings = { STAGE: 'stage' } as const;

type Sink = (line: string) => void;
const stdout: Sink = (line) => process.stdout.write(`${line}\n`);
// Read once, at init, like the rest of a function's configuration.
const onLambda = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
const stage = process.env.STAGE || 'local';
/** Set by tests; otherwise stdout in Lambda, nowhere elsewhere. */
let sink: Sink | null | undefined;

/** Where metric lines go; null: nowhere; undefined: the default. */
export function setMetricsSink(next: Sink | null | undefined): void {
  sink = next;
}

/** Counts one event, e.g. `countMetric('SendsRequested', { Channel: 'email' })`. */
export function countMetric(name: string, dimensions: Record<string, string>, value = 1): void {
  const write = sink === undefined ? (onLambda ? stdout : null) : sink;
  if (write === null) return;
  const allDimensions = { ...dimensions, Stage: stage };
  write(
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
