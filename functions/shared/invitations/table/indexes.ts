/**
 * The invitations table's global secondary indexes, for listing an organization's
 * invitations newest change first without a scan. The stack and the local tables are
 * built from this (infra/tables.ts); the list operation queries them.
 *
 * - byOrganization: every invitation of an organization, by `updatedAt`.
 * - byOrganizationStatus: the same, one status at a time: `organizationStatus` is
 *   `<organizationId>#<status>`, kept by every write that sets the status (item.ts,
 *   revoke, accept), so a page of pending invitations never reads the accepted ones.
 *
 * Both project every attribute: a page shows each invitation as GET does, with no read more.
 */
export const invitationIndexes = {
  byOrganization: {
    indexName: 'byOrganization',
    partitionKey: { name: 'organizationId', type: 'N' },
    sortKey: { name: 'updatedAt', type: 'S' },
  },
  byOrganizationStatus: {
    indexName: 'byOrganizationStatus',
    partitionKey: { name: 'organizationStatus', type: 'S' },
    sortKey: { name: 'updatedAt', type: 'S' },
  },
} as const;

export type InvitationIndex = (typeof invitationIndexes)[keyof typeof invitationIndexes];

/** The byOrganizationStatus key of an invitation of this organization and stored status. */
export const organizationStatusKey = (organizationId: number, status: string) =>
  `${organizationId}#${status}`;
