/**
 * POST /v2/invitations/preview and /accept, the use cases: the invitee holds a link's token
 * and no credential. Preview reads and changes nothing; accept is one conditional write,
 * and when the invitation moved meanwhile (revoked, sent anew, accepted, its expiration
 * changed), the item as it then was decides the answer.
 */

import { sha256Hex } from '../hash.ts';
import { ApiError } from '../http/errors.ts';
import { parseInvitationToken } from './invitation-token.ts';
import type { InvitationPreview } from './preview-schema.ts';
import { checkAcceptable, checkLinkWorks, previewOf } from './redemption.ts';
import type { InvitationsTable } from './table.ts';

type Table = Pick<InvitationsTable, 'readInvitation' | 'acceptInvitation'>;

function parsedOrNotFound(raw: string) {
  const parsed = parseInvitationToken(raw);
  if (parsed === undefined) throw new ApiError('InvitationNotFound');
  return parsed;
}

export type PreviewInvitation = (request: {
  token: string;
  now?: Date;
}) => Promise<InvitationPreview>;

export function createPreviewInvitation({
  table,
}: {
  table: Pick<Table, 'readInvitation'>;
}): PreviewInvitation {
  return async ({ token, now = new Date() }) => {
    const parsed = parsedOrNotFound(token);
    const invitation = await table.readInvitation(parsed.userId);
    checkLinkWorks(invitation, parsed);
    return previewOf(invitation, parsed.channel, now);
  };
}

export type AcceptInvitation = (request: { token: string; now?: Date }) => Promise<{ id: number }>;

export function createAcceptInvitation({ table }: { table: Table }): AcceptInvitation {
  return async ({ token, now = new Date() }) => {
    const parsed = parsedOrNotFound(token);
    let invitation = await table.readInvitation(parsed.userId);
    // Twice at most: a write refused because the expiration moved is tried again on what
    // the store then held; anything else the rules answer.
    for (let attempt = 0; attempt < 2; attempt++) {
      checkLinkWorks(invitation, parsed);
      checkAcceptable(invitation, now);
      const result = await table.acceptInvitation({
        userId: parsed.userId,
        organizationId: invitation.organizationId,
        channel: parsed.channel,
        tokenHash: sha256Hex(token),
        expiration: invitation.expiration,
        now,
      });
      if (result.written) return { id: parsed.userId };
      invitation = result.current;
    }
    throw new ApiError('ServiceUnavailable');
  };
}
