/**
 * GET /v2/invitations, the use case: a page of the caller's organization's invitations,
 * newest change first, each as GET shows it; only admins and owners may list (as only they
 * may GET one), and only their own organization is ever read. `next` is the signed cursor of the page after.
 */
import type { Caller } from '../shared/identity.ts';
import { checkMayManage } from '../shared/invitations/rules.ts';
import type { InvitationsTable } from '../shared/invitations/table.ts';
import { toInvitationView, visibleStatus } from '../shared/invitations/view.ts';
import type { InvitationList } from '../shared/invitations/view-schema.ts';
import type { SecretValue } from '../shared/secrets.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { InvitationListQuery } from './query-schema.ts';

export type ListInvitations = (request: {
  query: InvitationListQuery;
  caller: Caller;
  now?: Date;
}) => Promise<InvitationList>;

export function createListInvitations({
  table,
  cursorKey,
}: {
  table: Pick<InvitationsTable, 'listInvitations'>;
  /** Signs the cursors (list-cursor.ts). */
  cursorKey: SecretValue;
}): ListInvitations {
  return async ({ query, caller, now = new Date() }) => {
    checkMayManage(caller);
    const scope = { organizationId: caller.organizationId, status: query.status };
    const after =
      query.cursor === undefined
        ? undefined
        : decodeCursor(query.cursor, scope, await cursorKey(), now);
    const page = await table.listInvitations({
      organizationId: caller.organizationId,
      // An expired invitation is stored pending: it is found among the pending ones.
      storedStatus: query.status === 'expired' ? 'pending' : query.status,
      keep: (invitation) =>
        query.status === undefined || visibleStatus(invitation, now) === query.status,
      limit: query.limit,
      after,
    });
    return {
      invitations: page.invitations.map((invitation) => toInvitationView(invitation, now)),
      ...(page.next === undefined
        ? {}
        : { next: encodeCursor(page.next, scope, await cursorKey(), now) }),
    };
  };
}
