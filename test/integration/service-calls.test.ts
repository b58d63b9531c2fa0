import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, expect, test, vi } from 'vitest';
import { createEventPublisher } from '../../functions/publish-events/create-handler.ts';
import { awsTransport } from '../../functions/shared/delivery/aws-transport.ts';
import { eventBridgeSink } from '../../functions/shared/events/eventbridge-sink.ts';
import { functions } from '../../infra/functions.ts';
import { loadFixtureFile, writeStreamImages } from '../../local/fixtures.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { sampleEvents } from '../../local/sample-events.ts';
import { synthesize } from '../infra/synth.ts';
import { testSender } from '../support/sender.ts';
import { useFreshTables } from '../support/tables.ts';
import { arnsIn, resolveIntrinsics, roleAllows } from '../support/template-values.ts';

vi.setConfig({ testTimeout: 120_000 });

const account = '111122223333';
const region = 'eu-west-1';
const deployment = arnsIn(account, region);
const sesArn = `arn:aws:ses:${region}:${account}`;

const { template, settings } = synthesize();
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const resources = template.toJSON().Resources as Resources;
const resolved = (value: unknown) => resolveIntrinsics(value, deployment, resources);
const functionOf = (name: string) =>
  Object.entries(resources).find(
    ([id, resource]) =>
      resource.Type === 'AWS::Lambda::Function' && id.startsWith(name.replaceAll('-', '')),
  );
const environmentOf = (name: string) =>
  resolved(
    (functionOf(name)?.[1].Properties.Environment as { Variables?: unknown } | undefined)
      ?.Variables ?? {},
  ) as Record<string, string>;

/** IAM action and resource of each request the services' stand-in received. */
const calls: { action: string; resource: string }[] = [];
const services = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => {
    body += chunk.toString();
  });
  request.on('end', () => {
    if (request.url === '/v2/email/outbound-emails') {
      // SES authorizes a send against the identities that cover its From address (the
      // address and its domain) and the configuration set it names.
      const { FromEmailAddress = '', ConfigurationSetName } = JSON.parse(body);
      const address = FromEmailAddress.replace(/^.*<|>.*$/g, '');
      for (const identity of [address, address.split('@')[1]]) {
        calls.push({ action: 'ses:SendEmail', resource: `${sesArn}:identity/${identity}` });
      }
      if (ConfigurationSetName) {
        calls.push({
          action: 'ses:SendEmail',
          resource: `${sesArn}:configuration-set/${ConfigurationSetName}`,
        });
      }
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ MessageId: 'ses-message' }));
    } else if (new URLSearchParams(body).get('Action') === 'Publish') {
      const params = new URLSearchParams(body);
      // An SMS has no ARN: IAM sees the request's resource as *.
      calls.push({
        action: 'sns:Publish',
        resource: params.get('TopicArn') ?? params.get('TargetArn') ?? '*',
      });
      response.setHeader('Content-Type', 'text/xml');
      response.end(
        '<PublishResponse><PublishResult><MessageId>sns-message</MessageId></PublishResult></PublishResponse>',
      );
    } else if (request.headers['x-amz-target'] === 'AWSEvents.PutEvents') {
      const { Entries = [] } = JSON.parse(body) as { Entries?: { EventBusName?: string }[] };
      for (const { EventBusName = 'default' } of Entries) {
        calls.push({
          action: 'events:PutEvents',
          resource: EventBusName.startsWith('arn:')
            ? EventBusName
            : `arn:aws:events:${region}:${account}:event-bus/${EventBusName}`,
        });
      }
      response.setHeader('Content-Type', 'application/x-amz-json-1.1');
      response.end(
        JSON.stringify({
          FailedEntryCount: 0,
          Entries: Entries.map((_, index) => ({ EventId: `event-${index}` })),
        }),
      );
    } else {
      response.statusCode = 400;
      response.end(`unexpected ${request.method} ${request.url}`);
    }
  });
});
await new Promise<void>((resolve) => services.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${(services.address() as AddressInfo).port}`;
afterAll(() => services.close());
Object.assign(process.env, {
  AWS_REGION: region,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_ENDPOINT_URL_SESV2: endpoint,
  AWS_ENDPOINT_URL_SNS: endpoint,
});

const tables = await useFreshTables();
await loadFixtureFile(tables);

/** The functions whose code calls these services, composed as their handler.ts does. */
const handlers: Record<string, (event: never) => Promise<unknown>> = {
  'send-invitation': (event) =>
    testSender(
      tables.invitations,
      awsTransport({
        configurationSetName: environmentOf('send-invitation').SES_CONFIGURATION_SET,
      }),
    )(event, lambdaContext('send-invitation', 30_000)),
  'publish-events': (event) =>
    createEventPublisher({
      sink: eventBridgeSink({
        client: new EventBridgeClient({ endpoint }),
        busName: environmentOf('publish-events').EVENT_BUS_NAME ?? '',
      }),
    })(event, lambdaContext('publish-events', 30_000)),
};

/** Each function: the calls it makes itself, then those the Lambda service makes with its role. */
const wanted: Record<string, Set<string>> = {};
for (const name of Object.keys(functions)) {
  calls.length = 0;
  for (const { event } of sampleEvents(name)) {
    // A stream record tells how its item is now: the store is made to agree first.
    await writeStreamImages(tables, event);
    await handlers[name]?.(event as never);
  }
  const made = new Set(calls.map(({ action, resource }) => `${action} ${resource}`));
  // The key its environment names, read when a request first needs it.
  for (const [variable, arn] of Object.entries(environmentOf(name))) {
    if (variable.endsWith('_SECRET_ARN')) made.add(`secretsmanager:GetSecretValue ${arn}`);
  }
  wanted[name] = made;
}
const [aliasOf] = [
  (logicalId: string) =>
    Object.keys(functions).find((name) =>
      JSON.stringify(resources[logicalId]?.Properties).includes(name.replaceAll('-', '')),
    ),
];
for (const [id, resource] of Object.entries(resources)) {
  const destination =
    resource.Type === 'AWS::Lambda::EventSourceMapping'
      ? (resource.Properties.DestinationConfig as { OnFailure?: { Destination: unknown } })
          ?.OnFailure?.Destination
      : resource.Type === 'AWS::Lambda::EventInvokeConfig'
        ? (resource.Properties.DestinationConfig as { OnFailure?: { Destination: unknown } })
            ?.OnFailure?.Destination
        : undefined;
  const name = aliasOf(id);
  if (destination && name) wanted[name]?.add(`sqs:SendMessage ${resolved(destination)}`);
}

const allowed = (functionName: string, action: string, resource: string) =>
  roleAllows(resources, deployment, functionName, action, resource);

/** Every action of these services on every resource of the stack it could name, and more. */
const arnsOfType = (type: string) =>
  Object.entries(resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id]) => deployment.arnOf(id, type));
const everyCall = [
  ...[
    `${sesArn}:identity/${settings.sesIdentity}`,
    `${sesArn}:identity/invitations@example.com`,
    `${sesArn}:identity/someone-else.example`,
    ...Object.entries(resources)
      .filter(([, resource]) => resource.Type === 'AWS::SES::ConfigurationSet')
      .map(([id]) => `${sesArn}:configuration-set/${id}`),
  ].flatMap((resource) => [`ses:SendEmail ${resource}`, `ses:SendRawEmail ${resource}`]),
  ...['*', ...arnsOfType('AWS::SNS::Topic')].map((resource) => `sns:Publish ${resource}`),
  ...[
    ...arnsOfType('AWS::Events::EventBus'),
    `arn:aws:events:${region}:${account}:event-bus/default`,
  ].map((resource) => `events:PutEvents ${resource}`),
  ...arnsOfType('AWS::SQS::Queue').map((resource) => `sqs:SendMessage ${resource}`),
  ...arnsOfType('AWS::SecretsManager::Secret').map(
    (resource) => `secretsmanager:GetSecretValue ${resource}`,
  ),
];

test('the functions that call these services made their calls on their sample events', () => {
  const actions = (name: string) =>
    [...(wanted[name] ?? [])].map((call) => call.split(' ')[0]).sort();
  expect(actions('send-invitation')).toEqual(
    expect.arrayContaining(['ses:SendEmail', 'sns:Publish', 'sqs:SendMessage']),
  );
  expect(actions('publish-events')).toEqual(
    expect.arrayContaining(['events:PutEvents', 'sqs:SendMessage']),
  );
  expect(actions('delivery-feedback')).toContain('sqs:SendMessage');
  expect(actions('list-invitations')).toContain('secretsmanager:GetSecretValue');
});

test.each(Object.keys(functions))(
  '%s: its role allows the calls made with it, and no other of SES, SNS, EventBridge, SQS, Secrets Manager',
  async (name) => {
    for (const call of wanted[name] ?? []) {
      const [action = '', resource = ''] = call.split(' ');
      expect(await allowed(name, action, resource), `${name} needs ${call}`).toBe(true);
    }
    for (const call of everyCall) {
      if (wanted[name]?.has(call)) continue;
      const [action = '', resource = ''] = call.split(' ');
      expect(await allowed(name, action, resource), `${name} must not ${call}`).toBe(false);
    }
  },
);
