/**
 * The stack's settings, as the stack and its parts use them (infra/settings.ts reads them
 * from CDK context). A module of types alone, so that what names a setting (the functions'
 * environment in infra/functions.ts) needs nothing else of the stack.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { InvitationEventType } from '../functions/shared/events/event-types.ts';

/** A subscription to the invitation events: an HTTPS endpoint of the operator's. */
export interface Webhook {
  /** Letters, digits and dashes: names its resources. */
  name: string;
  /** https:// only. */
  url: string;
  /** The event types it receives; undefined: all of them. */
  events: InvitationEventType[] | undefined;
  /** An API key in a header, or HTTP basic auth. */
  auth: 'apiKey' | 'basic';
  /** apiKey: the header that carries it (default Authorization). */
  header?: string | undefined;
  /** basic: the user name. */
  username?: string | undefined;
  /** The Secrets Manager secret holding the key or password (never in the template). */
  secretName: string;
  /** Requests per second EventBridge sends it at most. */
  rateLimitPerSecond: number;
}

export interface StackSettings {
  /** `prod` keeps the tables (RETAIN, deletion protection); `dev` can be destroyed. */
  stage: 'dev' | 'prod';
  apiStageName: string;
  authorizerCacheTtlSeconds: number;
  /** Each method's limits (the invitee routes have their own, in the route table). */
  throttlingRateLimit: number;
  throttlingBurstLimit: number;
  /** Each organization's share of the API (its usage plan key), on the authenticated routes. */
  organizationRateLimit: number;
  organizationBurstLimit: number;
  logRetention: logs.RetentionDays;
  waf: boolean;
  /** Encrypt the log groups with a customer-managed KMS key. */
  logsKmsKey: boolean;
  /** The functions' application log level: lines below it are never written. */
  logLevel: lambda.ApplicationLogLevel;
  sendCooldownSeconds: number;
  /**
   * Deploy the invitations table's byOrganizationStatus index (default). False for the
   * first of two updates of a stack from before the list indexes (one index an update).
   */
  statusIndex: boolean;
  /**
   * Prod settings that still hold an example domain (a default, or a placeholder of the
   * docs): the stack synthesizes, and its deployment is refused before anything is made.
   */
  placeholders: readonly string[];
  /** Calling codes (or finer E.164 prefixes) SMS may go to, comma-separated. */
  smsAllowedCallingCodes: string;
  /** SMS sends per organization, and per organization and destination number, in a UTC day. */
  smsDailyCapPerOrganization: number;
  smsDailyCapPerNumber: number;
  /** E-mail sends per organization, and per organization and address, in a UTC day. */
  emailDailyCapPerOrganization: number;
  emailDailyCapPerRecipient: number;
  /** The month's SMS spend (USD) an alarm guards: it goes off at 80%. */
  smsMonthlyBudgetUsd: number;
  /**
   * Invitation links: this URL plus `#token=...`; undefined: the accept page this stack
   * hosts (`acceptPage`).
   */
  linkBaseUrl: string | undefined;
  /** Host the invitee's accept page (web/accept/) on S3 behind CloudFront. */
  acceptPage: boolean;
  /** From address of invitation e-mails; its SES identity must be verified. */
  emailFrom: string;
  /** The SES identity (domain or address) the sender may send as. */
  sesIdentity: string;
  /** Make the SES identity in the stack (a domain's DKIM records are outputs). */
  createSesIdentity: boolean;
  /** Where the invitation events go beyond the bus (`-c webhooks='[...]'`, docs/events.md). */
  webhooks: Webhook[];
  /** Where alarms notify: an e-mail address to subscribe to a new topic, or a topic of yours. */
  alarmEmail: string | undefined;
  alarmTopicArn: string | undefined;
  /** A custom domain for the API (with its ACM certificate in the stack's region). */
  domain: { name: string; certificateArn: string } | undefined;
}
