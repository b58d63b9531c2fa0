/**
 * Every operation on the invitations table, on one client and table: for the local
 * runner, the scripts and the tests. A handler never imports this: it builds only the
 * operations its route uses from table/ (each a module of its own), so its bundle carries
 * no other route's writes (`npm run bench:size`).
 */
import { acceptInvitationOn } from './table/accept-invitation.ts';
import type { TableConfig } from './table/config.ts';
import { deliveryBookkeepingOn } from './table/delivery-bookkeeping.ts';
import { insertInvitationOn } from './table/insert-invitation.ts';
import { listInvitationsOn } from './table/list-invitations.ts';
import { putInvitationOn } from './table/put-invitation.ts';
import { readInvitationOn } from './table/read-invitation.ts';
import { recordMessageOutcomeOn } from './table/record-message-outcome.ts';
import { revokeInvitationOn } from './table/revoke-invitation.ts';
import { writeInvitationUpdateOn } from './table/write-invitation-update.ts';

export type { TableConfig, WriteResult } from './table/config.ts';
export type { CountedWriteResult } from './table/counted-write.ts';
export type { DeliveryClaim } from './table/delivery-bookkeeping.ts';
export type { InvitationWrite } from './table/write-invitation-update.ts';

export function invitationsTable(table: TableConfig, options = { statusIndex: true }) {
  return {
    listInvitations: listInvitationsOn(table, options),
    insertInvitation: insertInvitationOn(table),
    writeInvitationUpdate: writeInvitationUpdateOn(table),
    revokeInvitation: revokeInvitationOn(table),
    acceptInvitation: acceptInvitationOn(table),
    readInvitation: readInvitationOn(table),
    recordMessageOutcome: recordMessageOutcomeOn(table),
    putInvitation: putInvitationOn(table),
    ...deliveryBookkeepingOn(table),
  };
}

/** The operations' types, for the use cases to name the ones they need (`Pick<...>`). */
export type InvitationsTable = ReturnType<typeof invitationsTable>;
