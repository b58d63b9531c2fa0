// Runs a handler file (a deployed bundle, or a source entry: Node loads TypeScript) as
// Lambda would: one instance, the events of argv[3] (a JSON list) one after the other;
// prints each result, or the error Lambda would report.
const { handler } = require(process.argv[2]);
const events = JSON.parse(require('node:fs').readFileSync(process.argv[3], 'utf8'));
(async () => {
  const results = [];
  for (const event of events) {
    const context = {
      functionName: 'bundle',
      awsRequestId: 'bundle-request',
      getRemainingTimeInMillis: () => 10_000,
    };
    try {
      results.push({ result: await handler(event, context) });
    } catch (error) {
      results.push({ error: { name: error.name, message: error.message } });
    }
  }
  process.stdout.write(JSON.stringify(results));
})();
