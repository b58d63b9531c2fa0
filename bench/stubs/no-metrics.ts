/** Stands in for functions/shared/metrics.ts in `--without`: no metric lines. */
export const metricsNamespace = 'InvitationsApi';
export const setMetricsSink = () => {};
export const countMetric = () => {};
