/**
 * Each function, run on its sample events through its own entry on DynamoDB Local (every
 * environment variable it reads and every DynamoDB request it sends recorded:
 * test/support/record-function.ts), needs exactly what the synthesized stack gives it:
 *
 * - its environment: what it reads is set against the variables of its
 *   AWS::Lambda::Function. A setting it reads that nobody gives it fails, as does one given
 *   and never read.
 * - its role, evaluated with @cloud-copilot/iam-simulate: each call must be allowed on its
 *   table, and every other DynamoDB action on each of the stack's tables denied: neither
 *   less (a deployed call refused) nor more.
 */
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
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
/** Each function run once, all side by side; both checks read the same record. */
const records = Object.fromEntries(
  (Object.keys(functions) as FunctionName[]).map((name) => {
    const record = recordFunction(name, tables.tableNames);
    // A failed run fails the tests that await it, not the file before they do.
    record.catch(() => {});
    return [name, record];
  }),
) as Record<FunctionName, Promise<FunctionRecord>>;

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

const { stack, template } = synthesize();
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
    const made = callsOf(await records[name]);
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

/** The variables of the function's resource in the template. */
function givenByStack(name: FunctionName): string[] {
  const fn = stack.node.findChild(name).node.findChild('Function') as NodejsFunction;
  const resolved = stack.resolve((fn.node.defaultChild as CfnFunction).environment) as {
    variables?: Record<string, unknown>;
  };
  return Object.keys(resolved.variables ?? {});
}

/**
 * What Lambda's runtime, Node and the libraries read of their own (region, credentials,
 * trace header, log level, the SDK's home directory, colours): nobody's setting.
 */
const platform =
  /^(AWS_|_X_AMZN_|_HANDLER$|LAMBDA_|POWERTOOLS_|NODE_|TZ$|HOME|USERPROFILE$|FORCE_COLOR$|NO_COLOR$|WATCH_REPORT_DEPENDENCIES$)/;

/**
 * The local stand-ins npm start gives (local/environment.ts), and what the stack gives in
 * their place: a store, an outbox, an events file, a key's value instead of its secret.
 */
const localStandIns: Record<string, (given: string[]) => boolean> = {
  DYNAMODB_ENDPOINT: () => true,
  OUTBOX_DIR: () => true,
  EVENTS_FILE: (given) => given.includes('EVENT_BUS_NAME'),
};
const deployedOnly = (variable: string, read: string[]) =>
  (variable.endsWith('_SECRET_ARN') && read.includes(variable.replace(/_SECRET_ARN$/, ''))) ||
  (variable === 'EVENT_BUS_NAME' && read.includes('EVENTS_FILE'));

test.each(Object.keys(functions) as FunctionName[])(
  '%s reads what the stack gives it, and nothing else of ours',
  async (name) => {
    const given = givenByStack(name);
    const read = (await records[name]).environment.filter((variable) => !platform.test(variable));
    const notGiven = read.filter(
      (variable) =>
        !given.includes(variable) &&
        !given.includes(`${variable}_SECRET_ARN`) &&
        !localStandIns[variable]?.(given),
    );
    expect(notGiven, 'read, but the stack gives it no value').toEqual([]);
    const unread = given.filter(
      (variable) =>
        !platform.test(variable) && !read.includes(variable) && !deployedOnly(variable, read),
    );
    expect(unread, 'given by the stack, never read').toEqual([]);
  },
  60_000,
);
