/**
 * Each function's role, from the synthesized template, evaluated with
 * @cloud-copilot/iam-simulate for the DynamoDB calls the function really makes: its sample
 * events (events/) run through its entry on DynamoDB Local, every request its code sends
 * recorded with its table (test/support/record-function.ts). Each call must be allowed on that table, and every other
 * DynamoDB action on each of the stack's tables denied: the role is what the code does,
 * neither less (a deployed call refused) nor more.
 */
import { expect, test, vi } from 'vitest';
import { type FunctionName, functions } from '../../infra/functions.ts';
import { tables as tableSpecs } from '../../infra/tables.ts';
import { synthesize } from '../infra/synth.ts';
import { type FunctionRecord, recordFunction } from '../support/function-records.ts';
import { useFreshTables } from '../support/tables.ts';
import { arnsIn, roleAllows } from '../support/template-values.ts';

vi.setConfig({ testTimeout: 120_000 });

const account = '111122223333';
const region = 'eu-west-1';
const deployment = arnsIn(account, region);

const tables = await useFreshTables();

/** The table's logical id in the template, by its name in this test's store. */
const logicalIdOf: Record<string, string> = {
  [tables.tableNames.invitations]: 'InvitationsTable',
  [tables.tableNames.credentials]: 'CredentialsTable',
  [tables.tableNames.sendLimits]: 'SendLimitsTable',
};
const tableArn = (logicalId: string) => `arn:aws:dynamodb:${region}:${account}:table/${logicalId}`;

/** The IAM action and resource of each request the function sent. */
function callsOf({ dynamodb }: FunctionRecord): { action: string; resource: string }[] {
  const on = (name: unknown, index?: unknown) => {
    const table = logicalIdOf[String(name)];
    if (!table) throw new Error(`a request to an unknown table ${String(name)}`);
    return index ? `${tableArn(table)}/index/${String(index)}` : tableArn(table);
  };
  return dynamodb.flatMap(({ operation, input }) => {
    if (operation !== 'TransactWriteItems') {
      return [{ action: `dynamodb:${operation}`, resource: on(input.TableName, input.IndexName) }];
    }
    return (input.TransactItems as Record<string, { TableName: string }>[]).map((item) => {
      const [kind, part] = Object.entries(item)[0] ?? [];
      const action = kind === 'ConditionCheck' ? 'ConditionCheckItem' : `${kind}Item`;
      return { action: `dynamodb:${action}`, resource: on(part?.TableName) };
    });
  });
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

test.each(Object.keys(functions) as FunctionName[])(
  '%s: its role allows the calls it makes, and no other',
  async (name) => {
    const made = callsOf(await recordFunction(name, tables.tableNames));
    // A function declaring tables uses them on its samples; one declaring none calls none.
    expect(made.length > 0, `${name}: DynamoDB calls on its sample events`).toBe(
      Object.keys(functions[name].tables).length > 0,
    );
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
