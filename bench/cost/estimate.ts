/**
 * What a million of each operation costs, from the synthesized template (functions and
 * their memory, the invitations table's indexes and their projection, the stream's
 * readers, tracing, alarms, secrets, WAF) and from the code (the item an invitation is, the
 * events a change makes), at the list prices of prices.ts. Where a figure rests on an
 * assumption (durations, log bytes), the assumption is named beside it.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { invitationEvents } from '../../functions/shared/events/invitation-events.ts';
import { type Invitation, sendChannels } from '../../functions/shared/invitations/invitation.ts';
import { toItem } from '../../functions/shared/invitations/item.ts';
import { routes } from '../../infra/routes.ts';
import { itemSize, writeUnits } from './item-size.ts';
import { prices } from './prices.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** Assumptions no template holds: warm durations, log bytes, one record per stream batch. */
export const assumptions = {
  routeMs: 40,
  authorizerMs: 25,
  streamReaderMs: 60,
  logBytesPerInvocation: 700,
  accessLogBytesPerRequest: 600,
  /** Low traffic: each stream batch holds one record (the worst case for invocations). */
  recordsPerStreamBatch: 1,
  /** Under a request a second, X-Ray's default rule (1/s, then 5%) records every trace. */
  tracedShare: 1,
} as const;

const at = '2026-12-06T10:00:00.000Z';
/** An invitation as the table holds it, before and after each step of its life. */
const created: Invitation = {
  userId: 4180372938471123,
  organizationId: 100,
  status: 'pending',
  language: 'nl',
  expiration: '2027-06-23T13:53:02+02:00',
  emailAddress: 'new.user@example.com',
  createdAt: at,
  updatedAt: at,
  creationWriteId: '5f0c7c3e-8a4b-4f7e-9f8e-2b1c3d4e5f60',
  creationIdempotencyKey: '0b7e4d2c-1f3a-4c5b-8d6e-7f8091a2b3c4',
  creationFingerprint: 'c6f1e2d3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1',
};
const sendRequested: Invitation = {
  ...created,
  emailSendCount: 1,
  emailSendRequestedAt: at,
  emailSendTo: 'new.user@example.com',
};
const claimed: Invitation = {
  ...sendRequested,
  emailDeliveryClaimed: 1,
  emailLinkTokenHash: 'a3f1e2d3c4b5a6978877665544332211ffeeddccbbaa99887766554433221100',
  emailLinkIssuedAt: at,
  emailLinkAddress: 'new.user@example.com',
};
const sent: Invitation = {
  ...claimed,
  emailDeliveryConfirmed: 1,
  emailDeliveryAt: at,
  emailMessageId: '0102019a1b2c3d4e-5f6a7b8c-9d0e-1f2a-3b4c-5d6e7f8a9b0c-000000',
};
const delivered: Invitation = { ...sent, emailOutcome: 'delivered', emailOutcomeAt: at };
const edited: Invitation = {
  ...delivered,
  language: 'de',
  updatedAt: '2026-12-06T11:00:00.000Z',
  lastWriteId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
};

interface Index {
  keys: string[];
  projection: string;
}

export function estimate(
  resources: Resources,
  stage: 'dev' | 'prod',
  /** What if every index projected this instead (KEYS_ONLY: the list would read items). */
  projection?: 'KEYS_ONLY',
) {
  const ofType = (type: string) =>
    Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const [, table] =
    ofType('AWS::DynamoDB::Table').find(([id]) => id.startsWith('InvitationsTable')) ?? [];
  const indexes: Index[] = (
    (table?.Properties.GlobalSecondaryIndexes ?? []) as {
      KeySchema: { AttributeName: string }[];
      Projection: { ProjectionType: string };
    }[]
  ).map((index) => ({
    keys: index.KeySchema.map((key) => key.AttributeName),
    projection: projection ?? index.Projection.ProjectionType,
  }));
  const readers = ofType('AWS::Lambda::EventSourceMapping').filter(([, mapping]) =>
    JSON.stringify(mapping.Properties.EventSourceArn).includes('InvitationsTable'),
  );
  const streamReaders = readers.length;
  /** The memory of the function a mapping names (its alias's ARN, or the function's). */
  const memoryMbOfTarget = (target: unknown): number => {
    const refs = [...JSON.stringify(target).matchAll(/"Ref":"(\w+)"/g)].map(([, id]) => id ?? '');
    const named = refs.map((id) => resources[id]).find((resource) => resource !== undefined);
    if (named?.Type === 'AWS::Lambda::Alias')
      return memoryMbOfTarget(named.Properties.FunctionName);
    if (named?.Type === 'AWS::Lambda::Function') return Number(named.Properties.MemorySize ?? 128);
    throw new Error(`cost: a stream reader names no function: ${JSON.stringify(target)}`);
  };
  /** MB of every reader a stream record invokes, together. */
  const readersMb = readers.reduce(
    (sum, [, mapping]) => sum + memoryMbOfTarget(mapping.Properties.FunctionName),
    0,
  );
  const memoryMbOf = (prefix: string) =>
    Number(
      ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(prefix))?.[1].Properties
        .MemorySize ?? 128,
    );

  /** Write units of one write of the base item, and of its index entries. */
  const writeOf = (before: Invitation | undefined, after: Invitation, transactional = false) => {
    const item = toItem(after);
    let units = writeUnits(itemSize(item)) * (transactional ? 2 : 1);
    for (const index of indexes) {
      const entry = entryOf(item, index);
      const old = before && entryOf(toItem(before), index);
      const keysChanged = old && index.keys.some((key) => old[key]?.S !== entry[key]?.S);
      if (old && !keysChanged && JSON.stringify(old) === JSON.stringify(entry)) continue;
      // A changed index key is a delete of the old entry and a put of the new one.
      units += writeUnits(itemSize(entry)) * (keysChanged ? 2 : 1);
    }
    return units;
  };
  const eventsOf = (before: Invitation | undefined, after: Invitation) =>
    invitationEvents({ before, after, recordId: 'r', sequence: '1', time: new Date(at) }).length;

  const route = (name: string) => ({
    requests: 1,
    invocations: { [name]: 1, authorizer: 1 },
    readUnits: 1, // the authorizer's consistent GetItem of a credential (under 4 KB)
  });
  /** The writes of a send after its request: claim, confirm, SES's delivery outcome. */
  const sendSteps = [
    [sendRequested, claimed],
    [claimed, sent],
    [sent, delivered],
  ] as const;
  const operations = {
    'PUT, an edit (language)': {
      ...route('update-invitation'),
      writes: [[delivered, edited, false]] as const,
      emails: 0,
    },
    'POST /v2/users, with its e-mail': {
      ...route('create-invitation'),
      // The create's transaction: the item, two day counters, the suppression check.
      writes: [
        [undefined, sendRequested, true],
        ...sendSteps.map(([b, a]) => [b, a, false]),
      ] as const,
      counterWrites: 3,
      emails: 1,
      feedback: 1,
    },
    'PUT {"sendEmail": true}, a resend': {
      ...route('update-invitation'),
      readUnits: 2, // the stored address's GetItem too
      writes: [
        [
          delivered,
          {
            ...delivered,
            ...sendRequested,
            emailSendCount: 2,
            updatedAt: '2026-12-06T12:00:00.000Z',
          },
          true,
        ],
        ...sendSteps.map(([b, a]) => [b, a, false]),
      ] as const,
      counterWrites: 3,
      emails: 1,
      feedback: 1,
    },
  };

  const webhooks = ofType('AWS::Events::ApiDestination').length;
  const rows = Object.entries(operations).map(([name, operation]) => {
    const writes = operation.writes as readonly (readonly [
      Invitation | undefined,
      Invitation,
      boolean,
    ])[];
    const writeUnitsTotal =
      writes.reduce(
        (sum, [before, after, transactional]) => sum + writeOf(before, after, transactional),
        0,
      ) +
      2 * ('counterWrites' in operation ? operation.counterWrites : 0);
    const records = writes.length;
    const streamInvocations = (records / assumptions.recordsPerStreamBatch) * streamReaders;
    const feedback = 'feedback' in operation ? operation.feedback : 0;
    const invocations =
      Object.values(operation.invocations).reduce((a, b) => a + b, 0) +
      streamInvocations +
      feedback;
    const gbSeconds =
      (memoryMbOf(Object.keys(operation.invocations)[0]?.replaceAll('-', '') ?? '') / 1024) *
        (assumptions.routeMs / 1000) +
      (memoryMbOf('authorizer') / 1024) * (assumptions.authorizerMs / 1000) +
      (((records / assumptions.recordsPerStreamBatch) * readersMb +
        feedback * memoryMbOf('deliveryfeedback')) /
        1024) *
        (assumptions.streamReaderMs / 1000);
    const events = writes.reduce((sum, [before, after]) => sum + eventsOf(before, after), 0);
    const traces = (1 + streamInvocations + feedback) * assumptions.tracedShare;
    const logGb =
      (invocations * assumptions.logBytesPerInvocation + assumptions.accessLogBytesPerRequest) /
      1024 ** 3;
    const perMillion = {
      'API Gateway': prices.apiGatewayRestPerMillion,
      'Lambda requests': invocations * prices.lambdaRequestsPerMillion,
      'Lambda compute': gbSeconds * 1e6 * prices.lambdaArmGbSecond,
      'DynamoDB writes': writeUnitsTotal * prices.dynamodbWriteUnitsPerMillion,
      'DynamoDB reads': operation.readUnits * prices.dynamodbReadUnitsPerMillion,
      EventBridge: events * prices.eventBridgeCustomEventsPerMillion,
      'API destinations': events * webhooks * prices.apiDestinationInvocationsPerMillion,
      'X-Ray traces': traces * prices.xrayTracesRecordedPerMillion,
      'CloudWatch Logs': logGb * 1e6 * prices.cloudWatchLogsIngestionPerGb,
      SES: operation.emails * 1000 * prices.sesPerThousandEmails,
      WAF: ofType('AWS::WAFv2::WebACL').length > 0 ? prices.wafRequestsPerMillion : 0,
    };
    const total = Object.values(perMillion).reduce((a, b) => a + b, 0);
    return { name, writeUnits: writeUnitsTotal, invocations, events, traces, perMillion, total };
  });

  const alarms = ofType('AWS::CloudWatch::Alarm').length;
  const secrets = ofType('AWS::SecretsManager::Secret').length;
  const webAcls = ofType('AWS::WAFv2::WebACL');
  const wafRules = webAcls.reduce(
    (sum, [, acl]) => sum + ((acl.Properties.Rules as unknown[] | undefined)?.length ?? 0),
    0,
  );
  const metrics = customMetricsUpperBound();
  const monthly = {
    [`CloudWatch alarms (${alarms})`]: alarms * prices.cloudWatchAlarmPerMonth,
    [`Custom metrics (up to ${metrics}, those that occur)`]:
      metrics * prices.cloudWatchMetricPerMonth,
    Dashboard: ofType('AWS::CloudWatch::Dashboard').length * prices.cloudWatchDashboardPerMonth,
    [`Secrets (${secrets})`]: secrets * prices.secretsManagerSecretPerMonth,
    [`WAF (${webAcls.length} ACL, ${wafRules} rules)`]:
      webAcls.length * prices.wafWebAclPerMonth + wafRules * prices.wafRulePerMonth,
    'KMS keys': ofType('AWS::KMS::Key').length * prices.kmsKeyPerMonth,
  };
  return { stage, indexes, streamReaders, rows, monthly, itemBytes: itemSize(toItem(edited)) };
}

/** The index entry of an item: all of it (ALL), or its keys and the index's. */
function entryOf(item: Record<string, AttributeValue>, index: Index) {
  if (index.projection === 'ALL') return item;
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => ['userId', ...index.keys].includes(name)),
  );
}

/**
 * The metrics the code can emit (functions/shared/metrics.ts's callers): Requests by route
 * and outcome (its success or one of its error codes), SendsRequested by channel,
 * Deliveries by channel and result (sent, refused, unknown, superseded).
 */
function customMetricsUpperBound(): number {
  const requests = routes.reduce((sum, route) => sum + 1 + route.errors.length, 0);
  return requests + sendChannels.length + sendChannels.length * 4;
}
