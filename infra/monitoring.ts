/**
 * What an operator is told, and where they look: alarms from AWS's recommended set for an
 * API Gateway -> Lambda -> DynamoDB (+ stream) service, every one notifying an SNS topic,
 * and a dashboard with the same signals beside the business metrics the functions emit
 * (functions/shared/metrics.ts).
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { metricsNamespace } from '../functions/shared/metrics.ts';
import { type FunctionName, functions } from './functions.ts';
import type { StackSettings } from './stack-settings.ts';

export interface MonitoringProps {
  readonly settings: StackSettings;
  readonly api: apigateway.RestApi;
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
  readonly tables: readonly dynamodb.Table[];
  readonly deadLetters: sqs.IQueue;
  /** SES events the delivery-feedback function could not record after its retries. */
  readonly feedbackDeadLetters: sqs.IQueue;
  /** Stream records whose events, and events a webhook, did not take after their retries. */
  readonly eventDeadLetters: readonly sqs.IQueue[];
  /** Sends claimed but never confirmed (a metric filter on the sender's logs). */
  readonly lostDeliveries: cloudwatch.IMetric;
}

const minutes = (n: number) => Duration.minutes(n);

export class Monitoring extends Construct {
  readonly topic: sns.ITopic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: actions.SnsAction;
  private board: cloudwatch.Dashboard | undefined;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { settings, api } = props;
    this.topic = settings.alarmTopicArn
      ? sns.Topic.fromTopicArn(this, 'AlarmTopic', settings.alarmTopicArn)
      : this.newTopic(settings.alarmEmail);
    this.action = new actions.SnsAction(this.topic);

    const apiDimensions = { ApiName: api.restApiName, Stage: api.deploymentStage.stageName };
    this.alarm(
      'Api5xxRate',
      api.metricServerError({
        statistic: 'Average',
        period: minutes(1),
        dimensionsMap: apiDimensions,
      }),
      { threshold: 0.05, evaluationPeriods: 3 },
      'More than 5% of API requests answered 5xx for 3 minutes.',
    );
    this.alarm(
      'ApiLatencyP99',
      api.metricLatency({ statistic: 'p99', period: minutes(1), dimensionsMap: apiDimensions }),
      { threshold: 2_500, evaluationPeriods: 5 },
      'p99 latency above 2.5 s (the store budget) for 5 minutes.',
    );

    for (const [name, fn] of Object.entries(props.functions) as [
      FunctionName,
      lambda.IFunction,
    ][]) {
      const timeoutMs = functions[name].timeoutSeconds * 1000;
      this.alarm(
        `${name}-errors`,
        fn.metricErrors({ period: minutes(5), statistic: 'Sum' }),
        { threshold: 1 },
        `${name}: invocations ended in an error (a function error, not an API 4xx).`,
      );
      this.alarm(
        `${name}-throttles`,
        fn.metricThrottles({ period: minutes(5), statistic: 'Sum' }),
        { threshold: 1 },
        `${name}: invocations throttled (account or reserved concurrency).`,
      );
      this.alarm(
        `${name}-duration`,
        fn.metricDuration({ period: minutes(5), statistic: 'Maximum' }),
        { threshold: 0.8 * timeoutMs },
        `${name}: an invocation took over 80% of its ${timeoutMs / 1000} s timeout.`,
      );
    }
    // The stream's two readers.
    for (const [id, reader, what] of [
      ['StreamIteratorAge', 'send-invitation', 'Invitation sends'],
      ['EventsIteratorAge', 'publish-events', 'Invitation events'],
    ] as const) {
      this.alarm(
        id,
        props.functions[reader].metric('IteratorAge', { period: minutes(5), statistic: 'Maximum' }),
        { threshold: 60_000, evaluationPeriods: 3 },
        `${what} are more than a minute behind the table stream.`,
      );
    }
    for (const table of props.tables) {
      const operations = [
        dynamodb.Operation.GET_ITEM,
        dynamodb.Operation.UPDATE_ITEM,
        dynamodb.Operation.PUT_ITEM,
        // A PUT or create that sends an SMS (its counters in the same write).
        dynamodb.Operation.TRANSACT_WRITE_ITEMS,
        // The list's pages.
        dynamodb.Operation.QUERY,
      ];
      this.alarm(
        `${table.node.id}-throttles`,
        table.metricThrottledRequestsForOperations({ operations, period: minutes(5) }),
        { threshold: 1 },
        `${table.node.id}: requests throttled.`,
      );
      this.alarm(
        `${table.node.id}-system-errors`,
        table.metricSystemErrorsForOperations({ operations, period: minutes(5) }),
        { threshold: 1 },
        `${table.node.id}: DynamoDB answered 5xx.`,
      );
    }
    this.alarm(
      'DeliveryDeadLetters',
      props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: minutes(5) }),
      { threshold: 1 },
      'Invitation send requests gave up after their retries: see the queue messages and the sender logs.',
    );
    this.alarm(
      'FeedbackDeadLetters',
      props.feedbackDeadLetters.metricApproximateNumberOfMessagesVisible({ period: minutes(5) }),
      { threshold: 1 },
      'SES events of invitation e-mails could not be recorded: see the queue messages and the delivery-feedback logs.',
    );
    for (const queue of props.eventDeadLetters) {
      this.alarm(
        queue.node.id,
        queue.metricApproximateNumberOfMessagesVisible({ period: minutes(5) }),
        { threshold: 1 },
        `${queue.node.id}: invitation events gave up after their retries (the operator's systems missed them): see the queue messages and the publish-events logs.`,
      );
    }
    this.alarm(
      'LostDeliveries',
      props.lostDeliveries,
      { threshold: 1 },
      'An invitation message was claimed but never confirmed sent: it may not have reached the invitee.',
    );

    // A hand-over that failed without telling whether the provider took the message is not
    // retried (that could send it twice): someone looks, per channel (the sender's metric).
    for (const channel of ['email', 'sms'] as const) {
      this.alarm(
        `UnknownDeliveries-${channel}`,
        new cloudwatch.Metric({
          namespace: metricsNamespace,
          metricName: 'Deliveries',
          dimensionsMap: { Channel: channel, Result: 'unknown', Stage: settings.stage },
          statistic: 'Sum',
          period: minutes(5),
        }),
        { threshold: 1 },
        `An invitation ${channel === 'email' ? 'e-mail' : 'SMS'} hand-over failed without telling whether the provider took it: it is not sent again; see the sender logs ("delivery outcome unknown") and GET's delivery "unknown".`,
      );
    }

    // SMS can cost real money per message (premium destinations most): the account's
    // month-to-date SMS spend, against the budget this deployment is meant to stay within.
    this.alarm(
      'SmsSpend',
      new cloudwatch.Metric({
        namespace: 'AWS/SNS',
        metricName: 'SMSMonthToDateSpentUSD',
        statistic: 'Maximum',
        period: minutes(60),
      }),
      { threshold: settings.smsMonthlyBudgetUsd * 0.8 },
      `SMS spend this month passed 80% of the ${settings.smsMonthlyBudgetUsd} USD budget (smsMonthlyBudgetUsd): look for unusual destinations in the sender logs.`,
    );

    // SES puts an account under review at a 5% bounce rate or a 0.1% complaint rate, and
    // may pause its sending beyond: the account's rates (every sender of it), as SES counts.
    for (const [name, metricName, threshold] of [
      ['SesBounceRate', 'Reputation.BounceRate', 0.05],
      ['SesComplaintRate', 'Reputation.ComplaintRate', 0.001],
    ] as const) {
      this.alarm(
        name,
        new cloudwatch.Metric({
          namespace: 'AWS/SES',
          metricName,
          statistic: 'Maximum',
          period: minutes(60),
        }),
        { threshold },
        `The account's SES ${metricName} reached ${threshold * 100}%, where SES reviews an account: see the bounced and complained invitations (GET shows their outcome).`,
      );
    }

    this.dashboard(settings);
  }

  private newTopic(email: string | undefined): sns.Topic {
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Invitations API alarms',
      enforceSSL: true,
    });
    // A topic policy replaces SNS's default one: without this, the only statement would be
    // enforceSSL's Deny, and CloudWatch could publish no alarm at all.
    const { account, region, partition } = Stack.of(this);
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );
    if (email) {
      const subscription = topic.addSubscription(new subscriptions.EmailSubscription(email));
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'An e-mail subscription: a notification an inbox did not take has nothing to redrive to, and the alarm state stays in CloudWatch.',
      });
    }
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, and alarm notifications carry no personal data; a customer-managed key would add cost for nothing.',
    });
    return topic;
  }

  /**
   * The errors of the version a deployment is bringing in, invoked through the alias: what
   * a canary rolls back on. The function's own error alarm counts every version's errors,
   * so the old version's would roll back a sound new one, and the new one's drown in them.
   */
  newVersionErrorAlarm(name: FunctionName, alias: lambda.Alias): cloudwatch.Alarm {
    const functionName = alias.version.lambda.functionName;
    const alarm = this.alarm(
      `${name}-new-version-errors`,
      new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensionsMap: {
          FunctionName: functionName,
          Resource: `${functionName}:${alias.aliasName}`,
          ExecutedVersion: alias.version.version,
        },
        statistic: 'Sum',
        period: minutes(1),
      }),
      { threshold: 1 },
      `${name}: the version being deployed answered with an error; CodeDeploy rolls it back.`,
    );
    this.board?.addWidgets(this.alarmWidget(alarm));
    return alarm;
  }

  private alarmWidget(alarm: cloudwatch.Alarm) {
    return new cloudwatch.AlarmWidget({ alarm, title: alarm.node.id, width: 6, height: 5 });
  }

  private alarm(
    id: string,
    metric: cloudwatch.IMetric,
    options: { threshold: number; evaluationPeriods?: number },
    description: string,
  ) {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  private dashboard(settings: StackSettings) {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      // Dashboard names are per account, not per region.
      dashboardName: `invitations-api-${settings.stage}-${Stack.of(this).region}`,
      defaultInterval: Duration.hours(3),
    });
    // One line per value of the metric's dimensions (outcome codes, channels...).
    const business = (title: string, metricName: string, dimensions: string[]) =>
      new cloudwatch.GraphWidget({
        title,
        width: 8,
        left: [
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${[metricsNamespace, ...dimensions].join(',')}} MetricName="${metricName}" Stage="${settings.stage}"', 'Sum', 300)`,
            label: '',
            period: minutes(5),
          }),
        ],
      });
    dashboard.addWidgets(
      // Every route counts its requests (middlewares.ts): one line per route and outcome.
      business('Requests by route and outcome', 'Requests', ['Route', 'Outcome', 'Stage']),
      business('Sends requested, by channel', 'SendsRequested', ['Channel', 'Stage']),
      business('Sends delivered or refused', 'Deliveries', ['Channel', 'Result', 'Stage']),
    );
    dashboard.addWidgets(...this.alarms.map((alarm) => this.alarmWidget(alarm)));
    this.board = dashboard;
  }
}
