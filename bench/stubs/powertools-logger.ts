/** Stands in for Powertools Logger (and its middy middleware) in `npm run bench:without`. */
export class Logger {
  info() {}
  warn() {}
  error() {}
  setCorrelationId() {}
}
export const injectLambdaContext = () => ({ before: () => {} });
