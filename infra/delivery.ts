/**
 * Delivery: the invitations table's stream -> the send-invitation function -> SES / SNS,
 * and back: SES's events of each e-mail (configuration set -> EventBridge) -> the
 * delivery-feedback function -> the invitation. What both need beyond their table
 * (infra/functions.ts). Records and events that still fail after their retries go to
 * queues, and lost deliveries (claimed, never confirmed) are counted from the sender's
 * logs; infra/monitoring.ts alarms on them.
 */
import { CfnOutput, Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { lostDeliveryEvent } from '../functions/shared/delivery/send-requests.ts';
import type { ApiFunction } from './lambda-function.ts';
import type { StackSettings } from './stack-settings.ts';

export function invitationDelivery(
  stack: Stack,
  settings: StackSettings,
  invitationsTable: dynamodb.Table,
  sender: ApiFunction,
  feedback: ApiFunction,
) {
  // The sender's identity, when the stack is to make it (`-c createSesIdentity=true`): a
  // domain with Easy DKIM, whose three CNAME records the outputs give for your DNS. An
  // identity that exists already in the account stays yours (the default).
  if (settings.createSesIdentity) {
    const identity = new ses.EmailIdentity(stack, 'SenderIdentity', {
      identity: settings.sesIdentity.includes('@')
        ? ses.Identity.email(settings.sesIdentity)
        : ses.Identity.domain(settings.sesIdentity),
    });
    if (!settings.sesIdentity.includes('@')) {
      identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(stack, `SenderIdentityDkim${index + 1}`, {
          value: `${record.name} CNAME ${record.value}`,
          description: `DNS record ${index + 1} of 3 that verifies ${settings.sesIdentity} for SES`,
        });
      });
    }
  }
  // Every e-mail names this set: its events reach the feedback function, and SES adds a
  // hard-bouncing or complaining address to the account's suppression list.
  const configurationSet = new ses.ConfigurationSet(stack, 'InvitationEmails', {
    reputationMetrics: true,
    suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
  });
  configurationSet.addEventDestination('ToEventBridge', {
    // SES publishes to the account's default bus only.
    destination: ses.EventDestination.eventBus(
      events.EventBus.fromEventBusName(stack, 'DefaultBus', 'default'),
    ),
    events: [
      ses.EmailSendingEvent.DELIVERY,
      ses.EmailSendingEvent.BOUNCE,
      ses.EmailSendingEvent.COMPLAINT,
      ses.EmailSendingEvent.REJECT,
    ],
  });
  sender.fn.addEnvironment('SES_CONFIGURATION_SET', configurationSet.configurationSetName);
  // SES authorizes a send against every identity that covers the From address (the
  // address itself when it is verified, and its domain) and the configuration set it names.
  const sesArn = `arn:${stack.partition}:ses:${stack.region}:${stack.account}`;
  const fromAddress = settings.emailFrom.replace(/^.*<|>.*$/g, '').trim();
  sender.fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        ...new Set([
          `${sesArn}:identity/${settings.sesIdentity}`,
          `${sesArn}:identity/${fromAddress}`,
        ]),
        `${sesArn}:configuration-set/${configurationSet.configurationSetName}`,
      ],
    }),
  );
  // SMS goes to phone numbers, which have no ARN; excluding every topic ARN leaves SMS only.
  sender.fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['sns:Publish'], notResources: ['arn:aws:sns:*:*:*'] }),
  );
  const deadLetters = deadLetterQueue(stack, settings, 'DeliveryDeadLetters');
  sender.alias.addEventSource(
    new DynamoEventSource(invitationsTable, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 10,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 5,
      maxRecordAge: Duration.hours(24),
      onFailure: new SqsDlq(deadLetters),
    }),
  );
  // A sender that died between claiming a send and handing it over (SES has no
  // idempotency key, so it is not retried): the sender logs it when it sees the item again.
  const lostDeliveries = new logs.MetricFilter(stack, 'LostDeliveries', {
    logGroup: sender.fn.logGroup,
    // Under the JSON log format a logger call's object is the line's `message`.
    filterPattern: logs.FilterPattern.stringValue('$.message.event', '=', lostDeliveryEvent),
    metricNamespace: 'InvitationsApi',
    metricName: `LostDeliveries-${settings.stage}`,
    metricValue: '1',
  });

  // SES's events of this set's e-mails. An event that comes before its send was confirmed
  // fails and is retried by Lambda (twice, a minute or two apart); one that still fails,
  // or that EventBridge could not hand over, is kept in a queue.
  const feedbackDeadLetters = deadLetterQueue(stack, settings, 'FeedbackDeadLetters');
  feedback.alias.configureAsyncInvoke({
    retryAttempts: 2,
    maxEventAge: Duration.hours(6),
    onFailure: new destinations.SqsDestination(feedbackDeadLetters),
  });
  new events.Rule(stack, 'EmailEvents', {
    description: "SES's events of invitation e-mails -> the delivery-feedback function",
    eventPattern: {
      source: ['aws.ses'],
      detailType: [
        'Email Delivered',
        'Email Bounced',
        'Email Complaint Received',
        'Email Rejected',
      ],
      detail: {
        mail: { tags: { 'ses:configuration-set': [configurationSet.configurationSetName] } },
      },
    },
    targets: [
      new targets.LambdaFunction(feedback.alias, {
        deadLetterQueue: feedbackDeadLetters,
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
      }),
    ],
  });

  return {
    sender,
    configurationSet,
    deadLetters,
    feedbackDeadLetters,
    lostDeliveries: lostDeliveries.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
  };
}

/** Where what still fails after its retries is kept, for 14 days, alarmed (monitoring.ts). */
export function deadLetterQueue(stack: Stack, settings: StackSettings, id: string): sqs.Queue {
  return new sqs.Queue(stack, id, {
    retentionPeriod: Duration.days(14),
    // What it holds never happened (a send, an outcome, an event): prod keeps them past the stack.
    removalPolicy: settings.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // Marks it a dead-letter queue (the end of the line, with no DLQ of its own); any
    // queue may name it, as every queue's default allows.
    redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
  });
}
