/**
 * AWS WAF in front of the stage (prod by default, `-c waf=true` elsewhere): bodies over the
 * API's limit answered 413 at the edge (Lambda's 6 MB limit would answer 5xx), AWS's common
 * and known-bad-inputs rule sets, a rate limit per IP and a tighter one, per minute, on the
 * invitee's routes, which take no credential: one client's flood is blocked for that client
 * alone. Every decision logged.
 */
import { Fn, type Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { maxBodyBytes } from '../functions/shared/http/middlewares.ts';
import { gatewayResponse } from './gateway-responses.ts';
import { logGroup } from './log-groups.ts';
import type { StackSettings } from './stack-settings.ts';

/** The invitee's routes: a person clicking a button, a few times a minute at most. */
export const redemptionRequestsPerIpPerMinute = 20;

export function apiFirewall(stack: Stack, stage: apigateway.Stage, settings: StackSettings) {
  const tooLarge = gatewayResponse('REQUEST_TOO_LARGE');
  const webAcl = new wafv2.CfnWebACL(stack, 'WebAcl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('invitations-api'),
    // API Gateway's body inspection limit (16 KB) is the API's: a larger body matches.
    associationConfig: { requestBody: { API_GATEWAY: { defaultSizeInspectionLimit: 'KB_16' } } },
    customResponseBodies: {
      PayloadTooLarge: { contentType: 'APPLICATION_JSON', content: tooLarge.body },
    },
    rules: [
      {
        name: 'BodyOverApiLimit',
        priority: 0,
        action: {
          block: {
            customResponse: {
              responseCode: tooLarge.statusCode,
              customResponseBodyKey: 'PayloadTooLarge',
              responseHeaders: Object.entries(tooLarge.headers)
                // WAF sets the body's own content type.
                .filter(([name]) => name !== 'Content-Type')
                .map(([name, value]) => ({ name, value })),
            },
          },
        },
        statement: {
          sizeConstraintStatement: {
            fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
            comparisonOperator: 'GT',
            size: maxBodyBytes,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
        visibilityConfig: visibility('body-over-api-limit'),
      },
      managedRule('AWSManagedRulesCommonRuleSet', 1, [
        // Its body limit is 8 KB; the API takes bodies up to 16 KiB and answers 413 above
        // (the handler counts the bytes). Counted, not blocked, so the contract holds.
        'SizeRestrictions_BODY',
      ]),
      managedRule('AWSManagedRulesKnownBadInputsRuleSet', 2),
      {
        name: 'RateLimitPerIp',
        priority: 3,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: 'IP' } },
        visibilityConfig: visibility('rate-limit'),
      },
      {
        // The invitee's routes take no credential: a tighter limit per IP, so a flood from one
        // address is that address's problem, not every invitee's (a token holds 192 random
        // bits: guessing is hopeless anyway).
        name: 'RateLimitRedemptionPerIp',
        priority: 4,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: redemptionRequestsPerIpPerMinute,
            evaluationWindowSec: 60,
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
  // WAF logs only to log groups whose name starts with aws-waf-logs-. The stack's own id
  // ends the name: a prod log group outlives its stack (retained), and a stack made anew
  // must not meet it under the same name.
  const stackInstance = Fn.select(2, Fn.split('/', stack.stackId));
  const logs = logGroup(stack, 'WebAclLogs', settings, {
    logGroupName: `aws-waf-logs-invitations-api-${settings.stage}-${stackInstance}`,
  });
  new wafv2.CfnLoggingConfiguration(stack, 'WebAclLogging', {
    resourceArn: webAcl.attrArn,
    // A reference, so CloudFormation creates the log group (and its key) first; the ARN
    // without the `:*` that CDK's logGroupArn ends with, which WAF refuses.
    logDestinationConfigs: [
      Fn.join(':', [
        'arn',
        stack.partition,
        'logs',
        stack.region,
        stack.account,
        'log-group',
        logs.logGroupName,
      ]),
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
