/** Stands in for functions/shared/logger.ts in `--without`: no log lines. */
export const setLogLevel = () => {};
export const describeError = (error: unknown) => error;
export const logger = { setCorrelationId() {}, info() {}, warn() {}, error() {} };
