/**
 * Fixture files (the contract's format): invitations and credentials to load into a local
 * store. Fixtures are data, not requests: the write rules (365-day limit, ...) don't apply.
 */
import { readFile } from 'node:fs/promises';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { hashCredential } from '../functions/shared/credentials/table.ts';
import { sha256Hex } from '../functions/shared/hash.ts';
import { roles } from '../functions/shared/identity.ts';
import { type Invitation, invitationStatuses } from '../functions/shared/invitations/invitation.ts';
import { fromItem } from '../functions/shared/invitations/item.ts';
import { languages } from '../functions/shared/invitations/languages.ts';
import { sendLimitsFromEnvironment } from '../functions/shared/send-limits/limits-from-environment.ts';
import { dailySendCounters } from '../functions/shared/send-limits/rules.ts';
import type { Store } from './store.ts';

const id = z.int().check(z.positive());

const fixtureFileSchema = z.strictObject({
  invitations: z.array(
    z.strictObject({
      userId: id,
      organizationId: id,
      emailAddress: z.optional(z.string()),
      phoneNumber: z.optional(z.string()),
      language: z.optional(z.enum(languages)),
      expiration: z.optional(z.iso.datetime({ offset: true })),
      status: z._default(z.enum(invitationStatuses), 'pending'),
      /** How an accepted one was accepted (GET shows it): by its e-mail's link by default. */
      acceptedChannel: z.optional(z.enum(['email', 'sms'])),
      /** An e-mail link's token to make work (its hash is stored), for a demo invitee. */
      emailLinkToken: z.optional(z.string()),
      // The id SES gave its last e-mail: an SES event of that message can be tried on it.
      emailMessageId: z.optional(z.string()),
      /** Its e-mail address bounced: marked on it, and on its organization's suppression list. */
      emailUndeliverable: z.optional(z.boolean()),
      /** The channels whose recipient (its address, its number) had the day's sends. */
      capReachedToday: z.optional(z.array(z.enum(['email', 'sms']))),
    }),
  ),
  credentials: z.array(
    z.strictObject({
      token: z.string().check(z.minLength(1)),
      organizationId: id,
      userId: z.optional(id),
      roles: z.array(z.enum(roles)),
      expiresAt: z._default(z.nullable(z.iso.datetime({ offset: true })), null),
      revoked: z._default(z.boolean(), false),
    }),
  ),
});

export type Fixtures = z.output<typeof fixtureFileSchema>;

export const demoFixturesPath = new URL('./fixtures/demo.json', import.meta.url).pathname;

export async function readFixtures(path: string): Promise<Fixtures> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read fixture file ${path}: ${(error as Error).message}`);
  }
  const result = fixtureFileSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${describeIssue(issue)}`);
    throw new Error(`Invalid fixture file ${path}:\n${problems.join('\n')}`);
  }
  return result.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = issue.path.join('.') || '(top level)';
  switch (issue.code) {
    case 'invalid_type':
      return `${at}: expected ${issue.expected}`;
    case 'invalid_value':
      return `${at}: expected one of ${issue.values.join(', ')}`;
    case 'unrecognized_keys':
      return `${at}: unknown field ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return `${at}: expected ${issue.format}`;
    default:
      return `${at}: ${issue.code}`;
  }
}

/** Reads a fixture file (default: the demo one) and loads all of it into the store's tables. */
export async function loadFixtureFile(
  store: Pick<Store, 'invitations' | 'credentials' | 'sendLimits'>,
  path = demoFixturesPath,
): Promise<Fixtures> {
  const fixtures = await readFixtures(path);
  await Promise.all([
    loadInvitations(store, fixtures),
    loadCredentials(store, fixtures),
    loadSendLimits(store, fixtures),
  ]);
  return fixtures;
}

async function loadInvitations(
  { invitations }: Pick<Store, 'invitations'>,
  fixtures: Fixtures,
  now = new Date(),
): Promise<void> {
  const createdAt = now.toISOString();
  await Promise.all(
    fixtures.invitations.map(
      ({
        emailLinkToken,
        emailMessageId,
        acceptedChannel,
        emailUndeliverable,
        capReachedToday,
        ...invitation
      }) =>
        invitations.putInvitation({
          ...invitation,
          ...(emailUndeliverable ? { emailUndeliverable: invitation.emailAddress } : {}),
          // What the write that made its status would have kept, as GET documents it.
          ...(invitation.status === 'accepted'
            ? { acceptedAt: createdAt, acceptedChannel: acceptedChannel ?? 'email' }
            : {}),
          ...(invitation.status === 'revoked' ? { revokedAt: createdAt } : {}),
          ...(emailLinkToken === undefined
            ? {}
            : { emailLinkTokenHash: sha256Hex(emailLinkToken), emailLinkIssuedAt: createdAt }),
          // One e-mail, sent and confirmed under this id.
          ...(emailMessageId === undefined
            ? {}
            : {
                emailMessageId,
                emailSendCount: 1,
                emailDeliveryClaimed: 1,
                emailDeliveryConfirmed: 1,
              }),
          createdAt,
          updatedAt: createdAt,
        } as Invitation),
    ),
  );
}

/** What a bounce and the day's sends left in the send limits table, for the invitations that say so. */
async function loadSendLimits(
  { sendLimits }: Pick<Store, 'sendLimits'>,
  fixtures: Fixtures,
  now = new Date(),
): Promise<void> {
  const limits = sendLimitsFromEnvironment();
  await Promise.all(
    fixtures.invitations.flatMap(
      ({ organizationId, emailAddress, phoneNumber, emailUndeliverable, capReachedToday = [] }) => [
        ...(emailUndeliverable && emailAddress
          ? [sendLimits.suppress({ organizationId, emailAddress, reason: 'bounced', at: now })]
          : []),
        ...capReachedToday.flatMap((channel) => {
          const to = channel === 'email' ? emailAddress : phoneNumber;
          if (to === undefined)
            throw new Error(`capReachedToday: ${channel}, but no address for it`);
          return dailySendCounters({ organizationId, channel, to, now }, limits)
            .filter((counter) => counter.scope === 'recipient')
            .map((counter) => sendLimits.spend(counter));
        }),
      ],
    ),
  );
}

/** The credentials of a fixture file, stored by hash only. */
async function loadCredentials(
  { credentials }: Pick<Store, 'credentials'>,
  fixtures: Fixtures,
  now = new Date(),
): Promise<void> {
  await Promise.all(
    fixtures.credentials.map(({ token, expiresAt, userId, ...credential }) =>
      credentials
        .putCredential({
          ...credential,
          credentialHash: hashCredential(token),
          kind: userId === undefined ? 'apiKey' : 'session',
          ...(userId === undefined ? {} : { userId }),
          ...(expiresAt === null ? {} : { expiresAt }),
          createdAt: now.toISOString(),
          label: 'fixture',
        })
        .catch((error: Error) => {
          // Re-seeding a persistent store: a fixture credential that is already there stays.
          if (error.name !== 'ConditionalCheckFailedException') throw error;
        }),
    ),
  );
}

/**
 * A stream event's records tell how their items are now: writes them so that a fresh store
 * agrees, as the write that produced each record did (the sender then finds the send request
 * a record announces). Any other event writes nothing.
 */
export async function writeStreamImages(
  { invitations }: Pick<Store, 'invitations'>,
  event: unknown,
): Promise<void> {
  const records = (event as Partial<DynamoDBStreamEvent>).Records;
  if (!Array.isArray(records)) return;
  for (const record of records) {
    const image = record.dynamodb?.NewImage;
    if (image) await invitations.putInvitation(fromItem(image as Parameters<typeof fromItem>[0]));
  }
}
