/**
 * Every log group of the stack: its retention (settings), kept with a prod stack, and
 * encrypted with a customer-managed KMS key when `-c logsKmsKey=true`. The Control Tower
 * checks for a year of retention and for KMS are acknowledged here, where the choice is made.
 */
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StackSettings } from './stack-settings.ts';

const keys = new WeakMap<Stack, kms.Key>();

/** One key per stack for all its log groups, usable by CloudWatch Logs in this region only. */
function logsKey(stack: Stack): kms.Key {
  let key = keys.get(stack);
  if (!key) {
    key = new kms.Key(stack, 'LogsKey', {
      description: 'Encrypts the log groups of the invitations API',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt*',
          'kms:Decrypt*',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:Describe*',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
          },
        },
      }),
    );
    // Grants only for AWS services acting for a resource (Control Tower CT.KMS.PR.3).
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: {
          BoolIfExists: {
            'kms:GrantIsForAWSResource': 'false',
            'aws:PrincipalIsAWSService': 'false',
          },
        },
      }),
    );
    keys.set(stack, key);
  }
  return key;
}

export function logGroup(
  scope: Construct,
  id: string,
  settings: StackSettings,
  options: { logGroupName?: string } = {},
): logs.LogGroup {
  const group = new logs.LogGroup(scope, id, {
    ...options,
    retention: settings.logRetention,
    removalPolicy: settings.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    ...(settings.logsKmsKey ? { encryptionKey: logsKey(Stack.of(scope)) } : {}),
  });
  if (settings.logRetention < logs.RetentionDays.ONE_YEAR) {
    Validations.of(group).acknowledge({
      id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check',
      reason: `Retention is a setting (-c logRetentionDays): ${settings.logRetention} days here; prod defaults to 365.`,
    });
  }
  if (!settings.logsKmsKey) {
    Validations.of(group).acknowledge({
      id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
      reason:
        'CloudWatch Logs encrypts every log group at rest with its own keys; a customer-managed key ($1/month plus requests) is one setting away (-c logsKmsKey=true). The logs hold no request bodies or credentials.',
    });
  }
  return group;
}
