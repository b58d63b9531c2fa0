/**
 * `node test/support/compliance-scan.ts '<context JSON>'`: synthesizes the app with that
 * context and every scan (cdk-nag, cfn-guard's Control Tower rules), and prints the
 * plugins that ran and their unacknowledged findings, as JSON. A process of its own, so
 * that scans, each seconds of cfn-guard, run side by side.
 */
import { synthesize } from '../infra/synth.ts';

const context = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const { report } = synthesize(context, { controlTowerChecks: true });
process.stdout.write(
  `${JSON.stringify({
    plugins: report.pluginReports.map((plugin) => plugin.pluginName),
    findings: report.pluginReports.flatMap((plugin) => plugin.violations ?? []),
  })}\n`,
);
