/**
 * GET /v2/invitations on Lambda: its configuration, read once at init (the table, whether
 * its status index is deployed, the cursor key), composed by create-handler.ts.
 */
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { secretFromEnvironment } from '../shared/secrets.ts';
import { composeListInvitationsHandler } from './create-handler.ts';

export const handler = composeListInvitationsHandler({
  table: invitationsTableFromEnvironment(),
  statusIndex: process.env.STATUS_INDEX !== 'false',
  cursorKey: secretFromEnvironment('LIST_CURSOR_KEY'),
});
