/**
 * `npm run credentials -- <command>`: issue, revoke and list credentials. The credential is
 * printed once, at creation; only its SHA-256 hash is stored.
 *
 *   create --org <id> --role <role> [--role ...] [--user <id>] [--kind session|api-key]
 *          [--expires <ISO 8601 date-time>] [--label <text>]
 *   revoke <credential | hash>
 *   list --org <id>
 *   usage-key --org <id>
 *
 * Every command takes [--table <name>] [--region <region>]. With DYNAMODB_ENDPOINT set it
 * works on that store (creating the table if missing); with a region, on the deployed
 * table in your AWS account (credentials from your usual AWS profile); with neither, on
 * the running `npm start`'s store.
 *
 * A credential counts against its organization's own usage plan key, its share of the API
 * (local/usage-keys.ts): on a deployed table, `create` and `usage-key` take the stack's
 * organizations plan, `--usage-plan <OrganizationsUsagePlanId>`, and make the key there
 * when the organization has none yet; `usage-key` gives it to the organization's
 * credentials made before.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { hashCredential } from '../functions/shared/credentials/table.ts';
import { type CredentialKind, type Role, roles } from '../functions/shared/identity.ts';
import { parsePositiveId } from '../functions/shared/ids.ts';
import { useLocalEnvironment } from '../local/environment.ts';
import { chooseStore } from '../local/running-store.ts';
import { storeFrom } from '../local/store.ts';
import { ensureTables } from '../local/tables.ts';
import { localUsageKey, organizationUsageKey } from '../local/usage-keys.ts';

const usage = `usage:
  npm run credentials -- create --org <id> --role <role> [--role <role>] [--user <id>]
                        [--kind session|api-key] [--expires <ISO date-time>] [--label <text>]
  npm run credentials -- revoke <credential | hash>
  npm run credentials -- list --org <id>
  npm run credentials -- usage-key --org <id>
options for all: [--table <name>] [--region <region>]   roles: ${roles.join(', ')}
on a deployed table, create and usage-key take --usage-plan <the stack output OrganizationsUsagePlanId>`;

/** A recognisable prefix per kind, so a leaked credential is easy to spot and classify. */
const prefixes: Record<CredentialKind, string> = { session: 'sess_', apiKey: 'apik_' };

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      role: { type: 'string', multiple: true },
      user: { type: 'string' },
      kind: { type: 'string' },
      expires: { type: 'string' },
      label: { type: 'string' },
      table: { type: 'string' },
      region: { type: 'string' },
      'usage-plan': { type: 'string' },
    },
  });
  const [command, target] = positionals;
  if (values.table) process.env.CREDENTIALS_TABLE = values.table;
  if (values.region) process.env.AWS_REGION = values.region;
  chooseStore('npm run credentials');
  useLocalEnvironment();

  const deployed = !process.env.DYNAMODB_ENDPOINT;
  const usagePlanId = values['usage-plan'];
  if (deployed && ['create', 'usage-key'].includes(command ?? '') && !usagePlanId) {
    throw new UsageError(
      "on a deployed table, a credential counts against its organization's key in the stack's organizations plan: add --usage-plan <the stack output OrganizationsUsagePlanId>",
    );
  }
  /** The organization's usage plan key: in the deployed plan (made when missing), or local. */
  const usageKeyOf = (organizationId: number) =>
    usagePlanId && deployed
      ? organizationUsageKey(new APIGatewayClient({}), usagePlanId, organizationId)
      : Promise.resolve(localUsageKey(organizationId));

  const { client, credentials: store } = storeFrom(process.env);
  if (!deployed) await ensureTables(client);

  switch (command) {
    case 'create': {
      const organizationId = positiveId('--org', values.org);
      const userId = values.user === undefined ? undefined : positiveId('--user', values.user);
      const kind = credentialKind(values.kind, userId);
      const expiresAt = values.expires === undefined ? undefined : isoDateTime(values.expires);
      const credentialRoles = (values.role ?? []).flatMap((role) => role.split(',')).map(role);
      if (credentialRoles.length === 0) throw new UsageError('--role is required');

      const credential = `${prefixes[kind]}${randomBytes(32).toString('base64url')}`;
      const credentialHash = hashCredential(credential);
      const usageKey = await usageKeyOf(organizationId);
      await store.putCredential({
        credentialHash,
        organizationId,
        ...(userId === undefined ? {} : { userId }),
        roles: credentialRoles,
        kind,
        ...(expiresAt === undefined ? {} : { expiresAt }),
        revoked: false,
        createdAt: new Date().toISOString(),
        ...(values.label === undefined ? {} : { label: values.label }),
        usageKey,
      });
      console.log(`credential: ${credential}`);
      console.log(`hash:       ${credentialHash}`);
      console.error(
        `Created ${kind === 'apiKey' ? 'an API key' : 'a session credential'} for organization ${organizationId}` +
          `${userId === undefined ? '' : `, user ${userId}`}, roles ${credentialRoles.join(',')}, ` +
          `expires ${expiresAt ?? 'never'}. It is shown only now: only its hash is stored.`,
      );
      return 0;
    }
    case 'revoke': {
      if (!target) throw new UsageError('revoke needs a credential or its hash');
      const credentialHash = /^[0-9a-f]{64}$/.test(target) ? target : hashCredential(target);
      if (!(await store.revokeCredential(credentialHash))) {
        console.error(`No credential with hash ${credentialHash}`);
        return 1;
      }
      console.log(`revoked ${credentialHash}`);
      return 0;
    }
    case 'list': {
      const organizationId = positiveId('--org', values.org);
      const credentials = await store.listCredentials(organizationId);
      console.table(
        credentials.map((credential) => ({
          hash: credential.credentialHash,
          kind: credential.kind,
          user: credential.userId ?? '',
          roles: credential.roles.join(','),
          expires: credential.expiresAt ?? 'never',
          revoked: credential.revoked,
          created: credential.createdAt,
          label: credential.label ?? '',
        })),
      );
      return 0;
    }
    case 'usage-key': {
      const organizationId = positiveId('--org', values.org);
      const usageKey = await usageKeyOf(organizationId);
      const credentials = await store.listCredentials(organizationId);
      const without = credentials.filter((credential) => credential.usageKey !== usageKey);
      for (const credential of without) {
        await store.setUsageKey(credential.credentialHash, usageKey);
      }
      console.log(
        `organization ${organizationId}: its own usage plan key on ${without.length} credentials more (${credentials.length} in all)`,
      );
      return 0;
    }
    default:
      throw new UsageError(command ? `unknown command ${command}` : 'a command is required');
  }
}

function positiveId(option: string, value: string | undefined): number {
  const id = parsePositiveId(value);
  if (id === undefined) throw new UsageError(`${option} must be a positive integer`);
  return id;
}

function role(value: string): Role {
  if (!(roles as readonly string[]).includes(value)) {
    throw new UsageError(`unknown role ${value}: one of ${roles.join(', ')}`);
  }
  return value as Role;
}

function credentialKind(value: string | undefined, userId: number | undefined): CredentialKind {
  const kind = value ?? (userId === undefined ? 'api-key' : 'session');
  if (kind === 'api-key' && userId === undefined) return 'apiKey';
  if (kind === 'session' && userId !== undefined) return 'session';
  if (kind === 'api-key' || kind === 'session') {
    throw new UsageError('a session credential needs --user; an organization API key takes none');
  }
  throw new UsageError('--kind is session or api-key');
}

function isoDateTime(value: string): string {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value)) {
    throw new UsageError('--expires must be an ISO 8601 date-time with an offset');
  }
  const expiresAt = new Date(value);
  if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now()) {
    throw new UsageError('--expires must be a valid date-time in the future');
  }
  return expiresAt.toISOString();
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof UsageError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exitCode = 2;
  } else {
    console.error(`credentials: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
