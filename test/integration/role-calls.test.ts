/**
 * Each function's role, from the synthesized template, evaluated with
 * @cloud-copilot/iam-simulate for the DynamoDB calls the function really makes: its sample
 * events (events/) run through its handler on DynamoDB Local, every request its code sends
 * recorded with its table. Each call must be allowed on that table, and every other
 * DynamoDB action on each of the stack's tables denied: the role is what the code does,
 * neither less (a deployed call refused) nor more.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test, vi } from 'vitest';
import { tables as tableSpecs } from '../../infra/tables.ts';
import { loadFixtureFile } from '../../local/fixtures.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { synthesize } from '../infra/synth.ts';
import { testSender } from '../support/sender.ts';
import { useFreshTables } from '../support/tables.ts';
import { arnsIn, roleAllows } from '../support/template-values.ts';

vi.setConfig({ testTimeout: 120_000 });

const account = '111122223333';
const region = 'eu-west-1';
const deployment = arnsIn(account, region);

const tables = await useFreshTables();
await loadFixtureFile(tables);

/** The table's logical id in the template, by its name in this test's store. */
const logicalIdOf: Record<string, string> = {
  [tables.tableNames.invitations]: 'InvitationsTable',
  [tables.tableNames.credentials]: 'CredentialsTable',
  [tables.tableNames.sendLimits]: 'SendLimitsTable',
};
const tableArn = (logicalId: string) => `arn:aws:dynamodb:${region}:${account}:table/${logicalId}`;

/** IAM action and resource of every request the code sends, while `run` runs. */
const calls: { action: string; resource: string }[] = [];
tables.client.middlewareStack.add(
  (next, context) => (args) => {
    const input = args.input as Record<string, unknown>;
    const command = String(context.commandName).replace(/Command$/, '');
    const on = (name: unknown, index?: unknown) => {
      const table = logicalIdOf[String(name)];
      if (!table) throw new Error(`a request to an unknown table ${String(name)}`);
      return index ? `${tableArn(table)}/index/${String(index)}` : tableArn(table);
    };
    if (command === 'TransactWriteItems') {
      for (const item of input.TransactItems as Record<string, { TableName: string }>[]) {
        const [kind, part] = Object.entries(item)[0] ?? [];
        const action = kind === 'ConditionCheck' ? 'ConditionCheckItem' : `${kind}Item`;
        calls.push({ action: `dynamodb:${action}`, resource: on(part?.TableName) });
      }
    } else {
      calls.push({ action: `dynamodb:${command}`, resource: on(input.TableName, input.IndexName) });
    }
    return next(args);
  },
  { step: 'initialize', name: 'recordCalls' },
);

const samples = readdirSync('events');
const eventOf = (name: string) => JSON.parse(readFileSync(`events/${name}`, 'utf8'));
const handlers: Record<string, (event: never) => Promise<unknown>> = {
  'update-invitation': (event) =>
    tables.updateInvitationHandler(event, lambdaContext('update-invitation', 10_000)),
  'create-invitation': (event) =>
    tables.createInvitationHandler(event, lambdaContext('create-invitation', 10_000)),
  'get-invitation': (event) =>
    tables.getInvitationHandler(event, lambdaContext('get-invitation', 10_000)),
  'list-invitations': (event) =>
    tables.listInvitationsHandler(event, lambdaContext('list-invitations', 10_000)),
  'preview-invitation': (event) =>
    tables.previewInvitationHandler(event, lambdaContext('preview-invitation', 10_000)),
  'accept-invitation': (event) =>
    tables.acceptInvitationHandler(event, lambdaContext('accept-invitation', 10_000)),
  'revoke-invitation': (event) =>
    tables.revokeInvitationHandler(event, lambdaContext('revoke-invitation', 10_000)),
  authorizer: (event) => tables.authorizerHandler(event, lambdaContext('authorizer', 3_000)),
  'delivery-feedback': (event) =>
    tables.deliveryFeedbackHandler(event, lambdaContext('delivery-feedback', 10_000)),
  'send-invitation': (event) =>
    testSender(tables.invitations)(event, lambdaContext('send-invitation', 30_000)),
};

/** What each function called, running every sample event of it (the revocations last). */
const called: Record<string, { action: string; resource: string }[]> = {};
for (const name of Object.keys(handlers).sort((a, b) =>
  a === 'revoke-invitation' ? 1 : b === 'revoke-invitation' ? -1 : 0,
)) {
  calls.length = 0;
  for (const sample of samples.filter((file) => file.startsWith(`${name}.`))) {
    await handlers[name]?.(eventOf(sample) as never).catch(() => {});
  }
  called[name] = [...calls];
}

const { template } = synthesize();
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const resources = template.toJSON().Resources as Resources;
const arnOfLogical = Object.keys(resources);
/** The template's own table ARNs are named after the logical id with CDK's hash. */
const deployedTableArn = (arn: string) => {
  const [, prefix = ''] = /table\/(\w+?)(?:\/|$)/.exec(arn) ?? [];
  const id = arnOfLogical.find(
    (logical) => logical.startsWith(prefix) && resources[logical]?.Type === 'AWS::DynamoDB::Table',
  );
  return arn.replace(`table/${prefix}`, `table/${id}`);
};

const allowed = (functionName: string, action: string, resource: string) =>
  roleAllows(resources, deployment, functionName, action, resource);

const dynamodbActions = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
];

test.each(Object.keys(handlers))(
  '%s: its role allows the calls it makes, and no other',
  async (name) => {
    const made = called[name] ?? [];
    expect(made.length, `${name} made no DynamoDB call on its sample events`).toBeGreaterThan(0);
    const wanted = new Set(
      made.map(({ action, resource }) => `${action} ${deployedTableArn(resource)}`),
    );
    for (const call of wanted) {
      const [action = '', resource = ''] = call.split(' ');
      expect(await allowed(name, action, resource), `${name} needs ${call}`).toBe(true);
    }
    const tableIds = Object.keys(resources).filter(
      (id) => resources[id]?.Type === 'AWS::DynamoDB::Table',
    );
    expect(tableIds).toHaveLength(Object.keys(tableSpecs).length);
    for (const table of tableIds) {
      for (const action of dynamodbActions) {
        const resource = deployment.arnOf(table, 'AWS::DynamoDB::Table');
        if (wanted.has(`${action} ${resource}`)) continue;
        expect(await allowed(name, action, resource), `${name} must not ${action} ${table}`).toBe(
          false,
        );
      }
    }
  },
);
