/**
 * API Gateway's account-level setting: the CloudWatch role it writes execution logs with.
 * One per account and region, shared by every REST API there, so it lives in a stack of
 * its own: deploying or destroying a stage (dev, prod) never touches the role another
 * stage's logging uses. Accounts that already have one skip this stack
 * (`-c apiGatewayCloudWatchRole=existing`).
 */
import { RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { findingFor } from './nag-findings.ts';

export class ApiGatewayAccountStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    // Our own role rather than the AWS-managed policy: only what API Gateway's logging does.
    const role = new iam.Role(this, 'ApiGatewayCloudWatchRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      inlinePolicies: {
        logs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: [
                'logs:CreateLogGroup',
                'logs:CreateLogStream',
                'logs:DescribeLogGroups',
                'logs:DescribeLogStreams',
                'logs:PutLogEvents',
                'logs:GetLogEvents',
                'logs:FilterLogEvents',
              ],
              resources: [`arn:${this.partition}:logs:${this.region}:${this.account}:*`],
            }),
          ],
        }),
      },
    });
    const account = new apigateway.CfnAccount(this, 'ApiGatewayAccount', {
      cloudWatchRoleArn: role.roleArn,
    });
    // Kept when the stack goes, as CDK's own cloudWatchRole keeps it: deleting the role would
    // break execution logging for every REST API of the account and region.
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(role).acknowledge({
      id: findingFor(
        this,
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:*]',
      ),
      reason:
        "API Gateway's account-level CloudWatch role writes execution logs into log groups API Gateway names and creates itself (API-Gateway-Execution-Logs_{apiId}/{stage}) for every REST API of the account and region.",
    });
  }
}
