/**
 * The API's Lambda functions, as data: the stack deploys them and the local emulator runs
 * them from here, with the same timeout. What each may do is written here too: the tables
 * it works on with the only actions it may take on each (its role's policy; the tables'
 * names reach it in their environment variables), and the stack settings it reads.
 */
import { senderTimeoutSeconds } from '../functions/shared/delivery/send-requests.ts';
import type { StackSettings } from './stack-settings.ts';
import type { tables } from './tables.ts';

export interface FunctionSpec {
  /** Entry file, relative to the project root; it exports `handler`. */
  entry: string;
  /** Seconds; locally, `context.getRemainingTimeInMillis()` counts down from it. */
  timeoutSeconds: number;
  memoryMb: number;
  /** A folder beside the entry that the function reads at run time: copied into the bundle. */
  assets?: string;
  /** Table -> the DynamoDB actions allowed on it. */
  tables: Partial<Record<keyof typeof tables, readonly string[]>>;
  /** Environment variable -> the stack setting it carries. */
  settings?: Readonly<Record<string, keyof StackSettings>>;
}

/** What the PUT and the create read of the send limits (functions/shared/send-limits/). */
const sendLimitSettings = {
  SMS_ALLOWED_CALLING_CODES: 'smsAllowedCallingCodes',
  SMS_DAILY_CAP_PER_ORGANIZATION: 'smsDailyCapPerOrganization',
  SMS_DAILY_CAP_PER_NUMBER: 'smsDailyCapPerNumber',
  EMAIL_DAILY_CAP_PER_ORGANIZATION: 'emailDailyCapPerOrganization',
  EMAIL_DAILY_CAP_PER_RECIPIENT: 'emailDailyCapPerRecipient',
} as const satisfies Readonly<Record<string, keyof StackSettings>>;

export const functions = {
  // 256 MB: init is CPU-bound (parsing ~400 KB of JS) and Lambda's CPU share grows with
  // memory; 10 s is far above the 2.5 s store budget (functions/shared/dynamodb.ts).
  'update-invitation': {
    entry: 'functions/update-invitation/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
    // One conditional UpdateItem per request, refusals included (403 vs 404 from its answer);
    // a send makes it a transaction with the day's counters (and, for e-mail, the check of
    // the organization's suppression list), and one to the stored address or number reads
    // it first (GetItem): the counters are keyed by it.
    tables: {
      invitations: ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
      sendLimits: ['dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
    },
    settings: {
      SEND_COOLDOWN_SECONDS: 'sendCooldownSeconds',
      ...sendLimitSettings,
    },
  },
  // One conditional PutItem per request (a transaction with the day's counters and the
  // suppression check when it sends); a taken id, rare as it is, costs one more.
  'create-invitation': {
    entry: 'functions/create-invitation/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
    tables: {
      invitations: ['dynamodb:PutItem'],
      sendLimits: ['dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
    },
    settings: sendLimitSettings,
  },
  // One consistent GetItem per request.
  'get-invitation': {
    entry: 'functions/get-invitation/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
    tables: { invitations: ['dynamodb:GetItem'] },
  },
  // A page: one Query of an index, a few at most when a filter skips items; its cursor
  // key (LIST_CURSOR_KEY) comes with its wiring (infra/api-stack.ts).
  'list-invitations': {
    entry: 'functions/list-invitations/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
    tables: { invitations: ['dynamodb:Query'] },
    settings: { STATUS_INDEX: 'statusIndex' },
  },
  // One conditional UpdateItem per request (refusals tell 403, 404 and 409 apart).
  'revoke-invitation': {
    entry: 'functions/revoke-invitation/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
    tables: { invitations: ['dynamodb:UpdateItem'] },
  },
  // The invitee's two calls, without a credential: one consistent GetItem; accept adds
  // one conditional UpdateItem (two at most, when the expiration moved meanwhile).
  'preview-invitation': {
    entry: 'functions/preview-invitation/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
    tables: { invitations: ['dynamodb:GetItem'] },
  },
  'accept-invitation': {
    entry: 'functions/accept-invitation/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
    tables: { invitations: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] },
  },
  // One GetItem per uncached call, within the 2.5 s store budget; a slow authorizer
  // holds every request behind it.
  authorizer: {
    entry: 'functions/authorizer/handler.ts',
    timeoutSeconds: 5,
    memoryMb: 256,
    tables: { credentials: ['dynamodb:GetItem'] },
  },
  // A batch of stream records, each at most two e-mails/SMS and four small writes. Its
  // stream, SES and SNS permissions come with its wiring (infra/delivery.ts).
  'send-invitation': {
    entry: 'functions/send-invitation/handler.ts',
    timeoutSeconds: senderTimeoutSeconds,
    memoryMb: 256,
    assets: 'templates',
    tables: { invitations: ['dynamodb:UpdateItem'] },
    settings: { INVITATION_LINK_BASE_URL: 'linkBaseUrl', EMAIL_FROM: 'emailFrom' },
  },
  // A batch of stream records -> PutEvents of their events, 10 a request. Its stream and
  // bus permissions come with its wiring (infra/events.ts).
  'publish-events': {
    entry: 'functions/publish-events/handler.ts',
    timeoutSeconds: 30,
    memoryMb: 256,
    tables: {},
  },
  // SES's events of a message (EventBridge): one conditional UpdateItem each. Its event
  // rule comes with its wiring (infra/delivery.ts).
  'delivery-feedback': {
    entry: 'functions/delivery-feedback/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
    // A hard bounce or a complaint also puts the address on the organization's suppression
    // list (one PutItem).
    tables: { invitations: ['dynamodb:UpdateItem'], sendLimits: ['dynamodb:PutItem'] },
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;
