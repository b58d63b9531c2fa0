/** The stack's settings: CDK context (`-c key=value` or cdk.json), with sane defaults. */
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { defaultStageName, tokenAuthorizer } from './routes.ts';

export interface StackSettings {
  /** `prod` keeps the tables (RETAIN, deletion protection); `dev` can be destroyed. */
  stage: 'dev' | 'prod';
  apiStageName: string;
  authorizerCacheTtlSeconds: number;
  throttlingRateLimit: number;
  throttlingBurstLimit: number;
  logRetention: logs.RetentionDays;
  waf: boolean;
  sendCooldownSeconds: number;
  /** Invitation links: this URL plus `?token=...`. */
  linkBaseUrl: string;
  /** From address of invitation e-mails; its SES identity must be verified. */
  emailFrom: string;
  /** The SES identity (domain or address) the sender may send as. */
  sesIdentity: string;
}

export function readStackSettings(node: Node): StackSettings {
  const context = (key: string) => node.tryGetContext(key) as string | number | boolean | undefined;
  const number = (key: string, fallback: number) => {
    const value = context(key);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0)
      throw new Error(`context ${key} must be a number >= 0`);
    return parsed;
  };
  const stage = context('stage') ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod') throw new Error('context stage must be dev or prod');
  const retentionDays = number('logRetentionDays', stage === 'prod' ? 365 : 30);
  if (!Object.values(logs.RetentionDays).includes(retentionDays)) {
    throw new Error(`context logRetentionDays: ${retentionDays} is not a CloudWatch retention`);
  }
  const linkBaseUrl = String(
    context('linkBaseUrl') ?? 'https://app.example.com/invitations/accept',
  );
  if (!URL.canParse(linkBaseUrl)) throw new Error('context linkBaseUrl must be a URL');
  const emailFrom = String(context('emailFrom') ?? 'invitations@example.com');
  if (!/@[^@\s>]+\.[^@\s>]+>?$/.test(emailFrom))
    throw new Error('context emailFrom must be an e-mail address');
  return {
    stage,
    apiStageName: String(context('apiStageName') ?? defaultStageName),
    authorizerCacheTtlSeconds: number('authorizerCacheTtlSeconds', tokenAuthorizer.cacheTtlSeconds),
    throttlingRateLimit: number('throttlingRateLimit', 50),
    throttlingBurstLimit: number('throttlingBurstLimit', 100),
    logRetention: retentionDays as logs.RetentionDays,
    waf: [true, 'true'].includes(context('waf') as string | boolean),
    sendCooldownSeconds: number('sendCooldownSeconds', 60),
    linkBaseUrl,
    emailFrom,
    sesIdentity: String(
      context('sesIdentity') ?? emailFrom.replace(/^.*<|>.*$/g, '').split('@')[1],
    ),
  };
}
