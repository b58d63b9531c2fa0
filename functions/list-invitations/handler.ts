/**
 * GET /v2/invitations on Lambda: its configuration, read once at init (the table, whether
 * its status index is deployed, the cursor key), and the use case built from it, composed
 * by create-handler.ts.
 */
import { createListInvitations } from '../shared/invitations/list-invitations.ts';
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { listInvitationsOn } from '../shared/invitations/table/list-invitations.ts';
import { secretFromEnvironment } from '../shared/secrets.ts';
import { createListInvitationsHandler } from './create-handler.ts';

const table = invitationsTableFromEnvironment();
export const handler = createListInvitationsHandler({
  listInvitations: createListInvitations({
    table: {
      listInvitations: listInvitationsOn(table, {
        statusIndex: process.env.STATUS_INDEX !== 'false',
      }),
    },
    cursorKey: secretFromEnvironment('LIST_CURSOR_KEY'),
  }),
});
