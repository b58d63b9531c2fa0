/**
 * The invitee's accept page (web/accept/), hosted by the stack when asked
 * (`-c acceptPage=true`): a private S3 bucket read only by CloudFront (origin access
 * control), HTTPS only, with the contract's security headers and a policy that lets the
 * page run its own script and call this API. Invitation links then point at it unless
 * `linkBaseUrl` names a page of your own.
 */
import { readFileSync } from 'node:fs';
import { Duration, RemovalPolicy, type Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { IConstruct } from 'constructs';
import { acceptPageHeaders } from '../functions/shared/http/headers.ts';
import { findingFor } from './nag-findings.ts';
import type { StackSettings } from './stack-settings.ts';

const pageDir = new URL('../web/accept/', import.meta.url).pathname;
/** The page's path, the same as `npm start` serves it (local/docs-server.ts). */
const pagePath = '/invitations/accept';

export interface AcceptPage {
  /** Where invitation links point: the page, to which `#token=...` is added. */
  url: string;
  /** Puts the page in place once the API's URL is known (the page calls it). */
  publish: (apiUrl: string) => void;
}

export function acceptPage(stack: Stack, settings: StackSettings): AcceptPage {
  const bucket = new s3.Bucket(stack, 'AcceptPageBucket', {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    // Its only content is the page, published again by every deploy.
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteObjects: true,
  });
  // The API's origin: its custom domain, or any execute-api host of this region (its own
  // id would make the page depend on the API, and the API's functions on the page's URL).
  const apiOrigin = settings.domain
    ? `https://${settings.domain.name}`
    : `https://*.execute-api.${stack.region}.${stack.urlSuffix}`;
  const page = acceptPageHeaders(apiOrigin);
  // CloudFront names these per account, not per region: the region keeps the same stage in
  // two regions of one account apart.
  const accountWideName = (what: string) =>
    `invitations-api-${settings.stage}-${stack.region}-${what}`;
  const headers = new cloudfront.ResponseHeadersPolicy(stack, 'AcceptPageHeaders', {
    responseHeadersPolicyName: accountWideName('accept-page-headers'),
    comment: "The contract's security headers, and a policy for the page's script and the API",
    securityHeadersBehavior: {
      contentSecurityPolicy: {
        contentSecurityPolicy: page['Content-Security-Policy'],
        override: true,
      },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(31_536_000),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.SAMEORIGIN, override: true },
      referrerPolicy: {
        referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER,
        override: true,
      },
      xssProtection: { protection: true, modeBlock: true, override: true },
    },
    // What CloudFront's security headers cannot express, as they are.
    customHeadersBehavior: {
      customHeaders: (['Feature-Policy', 'Permissions-policy'] as const).map((header) => ({
        header,
        value: page[header],
        override: true,
      })),
    },
  });
  const distribution = new cloudfront.Distribution(stack, 'AcceptPageDistribution', {
    comment: `invitations-api-${settings.stage}: the invitee's accept page`,
    defaultBehavior: {
      origin: origins.S3BucketOrigin.withOriginAccessControl(bucket, {
        originAccessControl: new cloudfront.S3OriginAccessControl(stack, 'AcceptPageOac', {
          originAccessControlName: accountWideName('accept-page'),
        }),
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      responseHeadersPolicy: headers,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
    },
    priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
  });
  acknowledge(bucket, {
    'AwsSolutions-S1':
      'One public page, published again by every deploy; CloudFront is its only reader.',
    'cdk-validator-cfnguard::s3_bucket_logging_enabled_check':
      'One public page, published again by every deploy; CloudFront is its only reader.',
    'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check':
      'A public page: S3-managed encryption; a KMS key would protect nothing secret and CloudFront would need it too.',
    'cdk-validator-cfnguard::s3_bucket_versioning_enabled_check':
      'The page lives in git and is published again by every deploy: nothing to recover here.',
    'cdk-validator-cfnguard::s3_event_notifications_enabled_check':
      'Nothing reacts to the page being published.',
    'cdk-validator-cfnguard::s3_lifecycle_policy_check':
      'Four small files, overwritten by every deploy: nothing ages out.',
    'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check':
      'The page must be replaceable by every deploy.',
  });
  const defaultDomain =
    "CloudFront's default *.cloudfront.net domain and certificate: TLS settings, SNI and a minimum protocol need a certificate of your own (put the page on your domain with linkBaseUrl and your own hosting if you need them).";
  acknowledge(distribution, {
    'AwsSolutions-CFR1': 'Invitations go to people anywhere: no country is excluded.',
    'AwsSolutions-CFR2':
      'A static page without credentials or state; the API it calls has its own WAF option and throttling.',
    'AwsSolutions-CFR3':
      'Requests for the page carry no token (it is in the fragment): access logs would hold nothing worth their cost.',
    'cdk-validator-cfnguard::cloudfront_access_logs_enabled_check':
      'Requests for the page carry no token (it is in the fragment): access logs would hold nothing worth their cost.',
    'AwsSolutions-CFR4': defaultDomain,
    'cdk-validator-cfnguard::cloudfront_custom_ssl_certificate_check': defaultDomain,
    'cdk-validator-cfnguard::cloudfront_sni_enabled_check': defaultDomain,
    'cdk-validator-cfnguard::cloudfront_security_policy_check': defaultDomain,
    'cdk-validator-cfnguard::cloudfront_default_root_object_configured_check':
      'The distribution serves one page at /invitations/accept; its root answers 403 from S3.',
    'cdk-validator-cfnguard::cloudfront_origin_failover_enabled_check':
      'One S3 origin in one region for a page people open once; failover would double the buckets for nothing.',
  });
  const url = `https://${distribution.distributionDomainName}${pagePath}`;

  return {
    url,
    publish: (apiUrl) => {
      // The page's files, beside it; the page itself has no extension, so its type is set.
      const assets = new s3deploy.BucketDeployment(stack, 'AcceptPageAssets', {
        sources: [s3deploy.Source.asset(pageDir, { exclude: ['index.html'] })],
        destinationBucket: bucket,
        destinationKeyPrefix: 'invitations/',
        prune: false,
        cacheControl: [s3deploy.CacheControl.maxAge(Duration.minutes(5))],
      });
      const page = new s3deploy.BucketDeployment(stack, 'AcceptPageHtml', {
        sources: [
          s3deploy.Source.data(
            pagePath.slice(1),
            pageHtml().replace(
              '<meta name="invitations-api" content="">',
              `<meta name="invitations-api" content="${apiUrl}">`,
            ),
          ),
        ],
        destinationBucket: bucket,
        prune: false,
        contentType: 'text/html; charset=utf-8',
        cacheControl: [s3deploy.CacheControl.maxAge(Duration.minutes(5))],
        distribution,
        distributionPaths: ['/invitations/*'],
      });
      page.node.addDependency(assets);
      // CDK's own function that copies the files at deploy time (one per stack).
      const copier = assets.handlerRole.node.scope;
      const cdkOwn =
        "CDK's BucketDeployment function, run only by CloudFormation at deploy to copy the page's files; its role, runtime and logs are CDK's.";
      if (copier) {
        acknowledge(copier, {
          'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
            cdkOwn,
          ...Object.fromEntries(
            [
              'Action::s3:GetBucket*',
              'Action::s3:GetObject*',
              'Action::s3:List*',
              'Action::s3:Abort*',
              'Action::s3:DeleteObject*',
              // An ARN the stack builds: named with its region and account once they are pinned.
              findingFor(
                stack,
                'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
              ),
              'Resource::<AcceptPageBucket4EAA118B.Arn>/*',
              'Resource::*',
            ].map((finding) => [`AwsSolutions-IAM5[${finding}]`, cdkOwn]),
          ),
          'AwsSolutions-L1': cdkOwn,
          'Serverless-LambdaDLQ': cdkOwn,
          'Serverless-LambdaLatestVersion': cdkOwn,
          'Serverless-LambdaTracing': cdkOwn,
          'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check': cdkOwn,
        });
      }
    },
  };
}

function pageHtml(): string {
  return readFileSync(`${pageDir}index.html`, 'utf8');
}

function acknowledge(scope: IConstruct, findings: Record<string, string>) {
  for (const [id, reason] of Object.entries(findings))
    Validations.of(scope).acknowledge({ id, reason });
}
