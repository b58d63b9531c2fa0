/**
 * AWS WAF in front of the stage (`-c waf=true`): AWS's common and known-bad-inputs rule
 * sets, a rate limit per IP and a tighter one on the invitee's routes, every decision logged.
 */
import { ArnFormat, type Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { logGroup } from './log-groups.ts';
import type { StackSettings } from './stack-settings.ts';

export function apiFirewall(stack: Stack, stage: apigateway.Stage, settings: StackSettings) {
  const webAcl = new wafv2.CfnWebACL(stack, 'WebAcl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('invitations-api'),
    rules: [
      managedRule('AWSManagedRulesCommonRuleSet', 0, [
        // Its body limit is 8 KB; the API takes bodies up to 16 KiB and answers 413 above
        // (the handler counts the bytes). Counted, not blocked, so the contract holds.
        'SizeRestrictions_BODY',
      ]),
      managedRule('AWSManagedRulesKnownBadInputsRuleSet', 1),
      {
        name: 'RateLimitPerIp',
        priority: 2,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: 'IP' } },
        visibilityConfig: visibility('rate-limit'),
      },
      {
        // The invitee's routes take no credential: a tighter limit per IP against guessing
        // (a token holds 192 random bits; this only keeps the noise down).
        name: 'RateLimitRedemptionPerIp',
        priority: 3,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: 100,
            aggregateKeyType: 'IP',
            scopeDownStatement: {
              byteMatchStatement: {
                fieldToMatch: { uriPath: {} },
                positionalConstraint: 'CONTAINS',
                searchString: '/v2/invitations/',
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
          },
        },
        visibilityConfig: visibility('rate-limit-redemption'),
      },
    ],
  });
  new wafv2.CfnWebACLAssociation(stack, 'WebAclAssociation', {
    resourceArn: stage.stageArn,
    webAclArn: webAcl.attrArn,
  });
  // WAF logs only to log groups whose name starts with aws-waf-logs-.
  const logGroupName = `aws-waf-logs-invitations-api-${settings.stage}`;
  logGroup(stack, 'WebAclLogs', settings, { logGroupName });
  new wafv2.CfnLoggingConfiguration(stack, 'WebAclLogging', {
    resourceArn: webAcl.attrArn,
    // The log group's ARN without the `:*` that CDK's logGroupArn ends with: WAF refuses it.
    logDestinationConfigs: [
      stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    ],
  });
  return webAcl;
}

function managedRule(
  name: string,
  priority: number,
  countedRules: string[] = [],
): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(countedRules.length > 0
          ? {
              ruleActionOverrides: countedRules.map((rule) => ({
                name: rule,
                actionToUse: { count: {} },
              })),
            }
          : {}),
      },
    },
    visibilityConfig: visibility(name),
  };
}

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});
