/**
 * Each function reads exactly the environment the stack gives it: its entry runs its sample
 * events with every variable read recorded (test/support/record-function.ts), and what it
 * read is set against the variables of its AWS::Lambda::Function in the synthesized stack.
 * A setting a function reads that nobody gives it fails here, as does one given and unread.
 */
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { expect, test } from 'vitest';
import { type FunctionName, functions } from '../../infra/functions.ts';
import { recordFunction } from '../support/function-records.ts';
import { useFreshTables } from '../support/tables.ts';
import { synthesize } from './synth.ts';

const { stack } = synthesize();
const tables = await useFreshTables();

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
    const read = (await recordFunction(name, tables.tableNames)).environment.filter(
      (variable) => !platform.test(variable),
    );
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
