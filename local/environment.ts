/**
 * The environment the stack gives the functions, with local defaults where it is unset:
 * table names, the invitation sender's link base, From address and outbox, the list's
 * cursor key; and what
 * Lambda itself sets that the functions read (an on-demand instance: Powertools' cold_start).
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { tables } from '../infra/tables.ts';

const root = resolve(import.meta.dirname, '..');

export function useLocalEnvironment(): void {
  for (const spec of Object.values(tables)) process.env[spec.envVar] ||= spec.localName;
  process.env.OUTBOX_DIR ||= resolve(root, '.outbox');
  process.env.EVENTS_FILE ||= resolve(process.env.OUTBOX_DIR, 'events.jsonl');
  process.env.INVITATION_LINK_BASE_URL ||= 'https://app.example.com/invitations/accept';
  process.env.EMAIL_FROM ||= 'Invitations <invitations@example.com>';
  // A key of this run's own: a cursor of the list lives an hour, a local run often less.
  process.env.LIST_CURSOR_KEY ||= randomBytes(32).toString('base64url');
  // Fixed, unlike the cursors' key: a keyed create repeated after a restart of a store that
  // kept its data must reach the same id. Local data is no secret.
  process.env.USER_ID_KEY ||= 'local-user-id-key';
  // The usage plan key of organizations without one of their own (the stack makes it).
  process.env.SHARED_USAGE_KEY ||= 'local-shared-usage-key';
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE ||= 'on-demand';
}
