/**
 * Events out: the invitations table's stream -> the publish-events function -> the
 * stack's event bus (InvitationEvents) -> a rule per webhook of the settings -> an
 * EventBridge API destination (the operator's HTTPS endpoint, its connection's auth from
 * Secrets Manager). EventBridge does the delivering, retrying and rate limiting; records
 * and events that still fail after their retries are kept in queues, alarmed.
 */
import { Duration, SecretValue, type Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { detailTypeOf, invitationEventSource } from '../functions/shared/events/event-types.ts';
import { deadLetterQueue } from './delivery.ts';
import type { ApiFunction } from './lambda-function.ts';
import type { StackSettings, Webhook } from './stack-settings.ts';

export function invitationEventsOut(
  stack: Stack,
  settings: StackSettings,
  invitationsTable: dynamodb.Table,
  publisher: ApiFunction,
): { bus: events.EventBus; deadLetterQueues: sqs.Queue[] } {
  const bus = new events.EventBus(stack, 'InvitationEvents', {
    description: 'Every change of an invitation, as an event (detail schema: docs/events.md)',
  });
  publisher.fn.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
  bus.grantPutEventsTo(publisher.fn);

  // A second reader of the stream beside the sender (a stream serves two at full speed).
  const eventDeadLetters = deadLetterQueue(stack, settings, 'EventsDeadLetters');
  publisher.alias.addEventSource(
    new DynamoEventSource(invitationsTable, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 50,
      maxBatchingWindow: Duration.seconds(1),
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 10,
      maxRecordAge: Duration.hours(24),
      onFailure: new SqsDlq(eventDeadLetters),
    }),
  );

  const webhookDeadLetters =
    settings.webhooks.length > 0
      ? deadLetterQueue(stack, settings, 'WebhookDeadLetters')
      : undefined;
  for (const webhook of settings.webhooks) {
    webhookRule(stack, bus, webhook, webhookDeadLetters as sqs.Queue);
  }
  return {
    bus,
    deadLetterQueues: [eventDeadLetters, ...(webhookDeadLetters ? [webhookDeadLetters] : [])],
  };
}

/** One subscription: a connection with its auth, the endpoint, a rule for its events. */
function webhookRule(stack: Stack, bus: events.EventBus, webhook: Webhook, deadLetters: sqs.Queue) {
  const secret = SecretValue.secretsManager(webhook.secretName);
  const connection = new events.Connection(stack, `Webhook-${webhook.name}-Connection`, {
    description: `Auth of the ${webhook.name} webhook (its secret: ${webhook.secretName})`,
    authorization:
      webhook.auth === 'basic'
        ? events.Authorization.basic(webhook.username ?? '', secret)
        : events.Authorization.apiKey(webhook.header ?? 'Authorization', secret),
  });
  const destination = new events.ApiDestination(stack, `Webhook-${webhook.name}`, {
    description: `The ${webhook.name} webhook`,
    connection,
    endpoint: webhook.url,
    httpMethod: events.HttpMethod.POST,
    rateLimitPerSecond: webhook.rateLimitPerSecond,
  });
  new events.Rule(stack, `Webhook-${webhook.name}-Rule`, {
    description: `Invitation events -> the ${webhook.name} webhook`,
    eventBus: bus,
    eventPattern: {
      source: [invitationEventSource],
      ...(webhook.events ? { detailType: webhook.events.map(detailTypeOf) } : {}),
    },
    targets: [
      // The whole event: its detail-type, time and detail (eventId to deduplicate on).
      new targets.ApiDestination(destination, {
        deadLetterQueue: deadLetters,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
    ],
  });
}
