/**
 * Delivery: the invitations table's stream -> the send-invitation function -> SES / SNS:
 * what the sender needs beyond its table (infra/functions.ts).
 * Records that still fail after the retries go to a queue, and lost deliveries (claimed,
 * never confirmed) are counted from the sender's logs; infra/monitoring.ts alarms on both.
 */
import { Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { ApiFunction } from './lambda-function.ts';
import type { StackSettings } from './settings.ts';

export function invitationDelivery(
  stack: Stack,
  settings: StackSettings,
  invitationsTable: dynamodb.Table,
  sender: ApiFunction,
) {
  if (settings.sesConfigurationSet) {
    sender.fn.addEnvironment('SES_CONFIGURATION_SET', settings.sesConfigurationSet);
  }
  // SES authorizes a send against every identity that covers the From address (the
  // address itself when it is verified, and its domain) and the configuration set it names.
  const ses = `arn:${stack.partition}:ses:${stack.region}:${stack.account}`;
  const fromAddress = settings.emailFrom.replace(/^.*<|>.*$/g, '').trim();
  sender.fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        ...new Set([`${ses}:identity/${settings.sesIdentity}`, `${ses}:identity/${fromAddress}`]),
        ...(settings.sesConfigurationSet
          ? [`${ses}:configuration-set/${settings.sesConfigurationSet}`]
          : []),
      ],
    }),
  );
  // SMS goes to phone numbers, which have no ARN; excluding every topic ARN leaves SMS only.
  sender.fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['sns:Publish'], notResources: ['arn:aws:sns:*:*:*'] }),
  );
  const deadLetters = new sqs.Queue(stack, 'DeliveryDeadLetters', {
    retentionPeriod: Duration.days(14),
    // What it holds are sends that never happened: prod keeps them past the stack.
    removalPolicy: settings.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // Marks it a dead-letter queue (the end of the line, with no DLQ of its own); any
    // queue may name it, as every queue's default allows.
    redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
  });
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
    filterPattern: logs.FilterPattern.stringValue(
      '$.message',
      '=',
      'delivery claimed but never confirmed',
    ),
    metricNamespace: 'InvitationsApi',
    metricName: `LostDeliveries-${settings.stage}`,
    metricValue: '1',
  });
  return {
    sender,
    deadLetters,
    lostDeliveries: lostDeliveries.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
  };
}
