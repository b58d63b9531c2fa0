/** The stack's settings: CDK context (`-c key=value` or cdk.json), with sane defaults. */
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import {
  type InvitationEventType,
  invitationEventTypes,
} from '../functions/shared/events/event-types.ts';
import { defaultCooldownSeconds } from '../functions/shared/invitations/rules.ts';
import { defaultSendLimits, parseCallingCodes } from '../functions/shared/send-limits/rules.ts';
import { tokenAuthorizer } from './routes.ts';
import type { StackSettings, Webhook } from './stack-settings.ts';
import { defaultThrottling } from './throttling.ts';

/** The stage name in deployed URLs and method ARNs. */
export const defaultStageName = 'v1';

/**
 * Settings a prod stage must be given: their defaults, and the docs' placeholders, are
 * examples (RFC 2606 names), which would deploy, and send invitations nobody can use.
 */
export const prodRequiredSettings = ['linkBaseUrl', 'emailFrom', 'sesIdentity'] as const;
const exampleDomain = /(^|\.)(example\.(com|net|org)|example|invalid|localhost)$/i;

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
  const integer = (key: string, fallback: number) => {
    const value = number(key, fallback);
    if (!Number.isSafeInteger(value)) throw new Error(`context ${key} must be a whole number`);
    return value;
  };
  const stage = context('stage') ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod') throw new Error('context stage must be dev or prod');
  const retentionDays = number('logRetentionDays', stage === 'prod' ? 365 : 30);
  if (!Object.values(logs.RetentionDays).includes(retentionDays)) {
    throw new Error(`context logRetentionDays: ${retentionDays} is not a CloudWatch retention`);
  }
  const acceptPage = [true, 'true'].includes(context('acceptPage') as string | boolean);
  const givenLinkBaseUrl = context('linkBaseUrl');
  const linkBaseUrl =
    givenLinkBaseUrl === undefined && acceptPage
      ? undefined
      : String(givenLinkBaseUrl ?? 'https://app.example.com/invitations/accept');
  if (linkBaseUrl !== undefined && !URL.canParse(linkBaseUrl)) {
    throw new Error('context linkBaseUrl must be a URL');
  }
  const emailFrom = String(context('emailFrom') ?? 'invitations@example.com');
  if (!/@[^@\s>]+\.[^@\s>]+>?$/.test(emailFrom))
    throw new Error('context emailFrom must be an e-mail address');
  const sesIdentity = String(
    context('sesIdentity') ?? emailFrom.replace(/^.*<|>.*$/g, '').split('@')[1],
  );
  const placeholders: (typeof prodRequiredSettings)[number][] = [];
  if (stage === 'prod') {
    const domains = {
      // The stack's own accept page is a real address, not an example.
      linkBaseUrl: linkBaseUrl === undefined ? 'accept-page.stack' : new URL(linkBaseUrl).hostname,
      emailFrom: domainOf(emailFrom),
      sesIdentity: sesIdentity.includes('@') ? domainOf(sesIdentity) : sesIdentity,
    };
    placeholders.push(...prodRequiredSettings.filter((key) => exampleDomain.test(domains[key])));
  }
  if (context('sesConfigurationSet') !== undefined) {
    throw new Error(
      'context sesConfigurationSet is gone: the stack now creates the configuration set its e-mails name (output EmailConfigurationSet), with the event destination that records bounces and complaints',
    );
  }
  const logLevel = String(context('logLevel') ?? 'INFO').toUpperCase();
  if (!Object.values<string>(lambda.ApplicationLogLevel).includes(logLevel)) {
    throw new Error(
      `context logLevel must be one of ${Object.values(lambda.ApplicationLogLevel).join(', ')}`,
    );
  }
  const domainName = context('domainName');
  const certificateArn = context('certificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error('context domainName and certificateArn go together');
  }
  const alarmEmail = context('alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(alarmEmail))) {
    throw new Error('context alarmEmail must be an e-mail address');
  }
  return {
    stage,
    apiStageName: String(context('apiStageName') ?? defaultStageName),
    authorizerCacheTtlSeconds: number('authorizerCacheTtlSeconds', tokenAuthorizer.cacheTtlSeconds),
    throttlingRateLimit: number('throttlingRateLimit', defaultThrottling.stage.rateLimit),
    throttlingBurstLimit: number('throttlingBurstLimit', defaultThrottling.stage.burstLimit),
    organizationRateLimit: number(
      'organizationRateLimit',
      defaultThrottling.perOrganization.rateLimit,
    ),
    organizationBurstLimit: integer(
      'organizationBurstLimit',
      defaultThrottling.perOrganization.burstLimit,
    ),
    logRetention: retentionDays as logs.RetentionDays,
    // On in prod unless turned off (`-c waf=false`, warned at every synth); off elsewhere.
    waf:
      stage === 'prod'
        ? ![false, 'false'].includes(context('waf') as string | boolean)
        : [true, 'true'].includes(context('waf') as string | boolean),
    logsKmsKey: [true, 'true'].includes(context('logsKmsKey') as string | boolean),
    logLevel: logLevel as lambda.ApplicationLogLevel,
    sendCooldownSeconds: number('sendCooldownSeconds', defaultCooldownSeconds),
    statusIndex: ![false, 'false'].includes(context('statusIndex') as string | boolean),
    smsAllowedCallingCodes: parseCallingCodes(
      String(context('smsAllowedCallingCodes') ?? defaultSendLimits.allowedCallingCodes.join(',')),
    ).join(','),
    smsDailyCapPerOrganization: integer(
      'smsDailyCapPerOrganization',
      defaultSendLimits.dailyCapPerOrganization,
    ),
    smsDailyCapPerNumber: integer('smsDailyCapPerNumber', defaultSendLimits.dailyCapPerNumber),
    emailDailyCapPerOrganization: integer(
      'emailDailyCapPerOrganization',
      defaultSendLimits.emailDailyCapPerOrganization,
    ),
    emailDailyCapPerRecipient: integer(
      'emailDailyCapPerRecipient',
      defaultSendLimits.emailDailyCapPerRecipient,
    ),
    smsMonthlyBudgetUsd: number('smsMonthlyBudgetUsd', 20),
    placeholders,
    linkBaseUrl,
    acceptPage,
    emailFrom,
    sesIdentity,
    createSesIdentity: [true, 'true'].includes(context('createSesIdentity') as string | boolean),
    webhooks: parseWebhooks(context('webhooks')),
    alarmEmail: optionalString(alarmEmail),
    alarmTopicArn: optionalString(context('alarmTopicArn')),
    domain:
      domainName === undefined
        ? undefined
        : { name: String(domainName), certificateArn: String(certificateArn) },
  };
}

const optionalString = (value: unknown) =>
  value === undefined || value === '' ? undefined : String(value);

/** The domain of an address, `Name <local@domain>` or `local@domain`. */
const domainOf = (address: string) => address.replace(/^.*<|>.*$/g, '').split('@')[1] ?? '';

/**
 * `-c webhooks='[{"name": "crm", "url": "https://...", "secretName": "crm-webhook-key"}]'`
 * (or a list in cdk.json's context): each an HTTPS endpoint that receives the invitation
 * events (`events` narrows them), authenticated with an API key header (`header`, default
 * Authorization) or basic auth (`auth: "basic"`, `username`), whose secret value stays in
 * Secrets Manager. Anything else is refused here, before a deploy half-creates it.
 */
function parseWebhooks(raw: unknown): Webhook[] {
  if (raw === undefined || raw === '') return [];
  let list: unknown;
  try {
    list = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    throw new Error('context webhooks must be a JSON list');
  }
  if (!Array.isArray(list)) throw new Error('context webhooks must be a JSON list');
  const names = new Set<string>();
  return list.map((entry: Record<string, unknown>, index) => {
    const at = `context webhooks[${index}]`;
    const known = [
      'name',
      'url',
      'events',
      'auth',
      'header',
      'username',
      'secretName',
      'rateLimitPerSecond',
    ];
    const unknown = Object.keys(entry ?? {}).filter((key) => !known.includes(key));
    if (unknown.length > 0) throw new Error(`${at}: unknown ${unknown.join(', ')}`);
    const { name, url, events, auth = 'apiKey', header, username, secretName } = entry;
    if (typeof name !== 'string' || !/^[A-Za-z0-9-]{1,40}$/.test(name) || names.has(name)) {
      throw new Error(`${at}.name: 1 to 40 letters, digits or dashes, each name once`);
    }
    names.add(name);
    if (typeof url !== 'string' || !URL.canParse(url) || new URL(url).protocol !== 'https:') {
      throw new Error(`${at}.url: an https:// URL`);
    }
    if (
      events !== undefined &&
      (!Array.isArray(events) ||
        events.length === 0 ||
        !events.every((type) => (invitationEventTypes as readonly unknown[]).includes(type)))
    ) {
      throw new Error(`${at}.events: a list of ${invitationEventTypes.join(', ')}`);
    }
    if (auth !== 'apiKey' && auth !== 'basic') throw new Error(`${at}.auth: apiKey or basic`);
    if (auth === 'basic' && typeof username !== 'string') {
      throw new Error(`${at}.username: basic auth needs one`);
    }
    if (header !== undefined && (typeof header !== 'string' || !/^[\w-]+$/.test(header))) {
      throw new Error(`${at}.header: a header name`);
    }
    if (typeof secretName !== 'string' || secretName === '') {
      throw new Error(`${at}.secretName: the Secrets Manager secret of its key or password`);
    }
    const rate = Number(entry.rateLimitPerSecond ?? 10);
    if (!Number.isInteger(rate) || rate < 1 || rate > 300) {
      throw new Error(`${at}.rateLimitPerSecond: 1 to 300`);
    }
    return {
      name,
      url,
      events: events as InvitationEventType[] | undefined,
      auth,
      header: header as string | undefined,
      username: username as string | undefined,
      secretName,
      rateLimitPerSecond: rate,
    };
  });
}
