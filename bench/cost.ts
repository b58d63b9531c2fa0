/**
 * `npm run cost`: what a million of each operation costs, and the fixed monthly part, for
 * the stack `cdk synth` makes with the same settings (`npm run cost -- -c stage=prod ...`),
 * at the list prices of bench/cost/prices.ts. Reads the template; deploys nothing.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { addStacks } from '../infra/stacks.ts';
import { assumptions, estimate } from './cost/estimate.ts';
import { pricesAsOf } from './cost/prices.ts';

const context: Record<string, string> = {};
const args = process.argv.slice(2);
for (let index = 0; index < args.length; index += 1) {
  if (args[index] !== '-c') continue;
  const [key = '', ...value] = (args[index + 1] ?? '').split('=');
  context[key] = value.join('=');
}
const cdkJson = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: object };
const app = new App({
  context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context },
});
const { apiStack, settings } = addStacks(app, { controlTowerChecks: false });
const template = app.synth().getStackByName(apiStack.stackName).template as {
  Resources: Parameters<typeof estimate>[0];
};
const result = estimate(template.Resources, settings.stage);
const usd = (value: number) => `$${value.toFixed(2)}`;

console.log(
  `${apiStack.stackName}: list prices of ${pricesAsOf} (us-east-1), per million operations.`,
);
console.log(
  `The invitations item: ${result.itemBytes} bytes; ${result.indexes.length} indexes ` +
    `(${result.indexes.map((index) => `${index.keys.join('+')}: ${index.projection}`).join(', ')}); ` +
    `${result.streamReaders} readers of its stream.`,
);
const lines = Object.keys(result.rows[0]?.perMillion ?? {});
console.table(
  Object.fromEntries(
    [...lines, 'total'].map((line) => [
      line,
      Object.fromEntries(
        result.rows.map((row) => [
          row.name,
          usd(
            line === 'total' ? row.total : ((row.perMillion as Record<string, number>)[line] ?? 0),
          ),
        ]),
      ),
    ]),
  ),
);
console.table(
  Object.fromEntries(
    result.rows.map((row) => [
      row.name,
      {
        'write units': row.writeUnits,
        'Lambda invocations': row.invocations,
        events: row.events,
        traces: row.traces,
      },
    ]),
  ),
);
const keysOnly = estimate(template.Resources, settings.stage, 'KEYS_ONLY');
console.log(
  `Were the indexes KEYS_ONLY: write units ${keysOnly.rows.map((row) => row.writeUnits).join(', ')} ` +
    `instead of ${result.rows.map((row) => row.writeUnits).join(', ')}; a list page would then read ` +
    'each of its items (up to 50 GetItems, 0.5 read unit each).',
);
const monthly = Object.values(result.monthly).reduce((a, b) => a + b, 0);
console.log(`Fixed, per month: ${usd(monthly)}`);
console.table(Object.fromEntries(Object.entries(result.monthly).map(([k, v]) => [k, usd(v)])));
console.log(`Assumptions: ${JSON.stringify(assumptions)}`);
