import {
  type InvitationIndex,
  invitationIndexes,
} from '../functions/shared/invitations/table/indexes.ts';

/**
 * The tables of the API, as data: the CDK stack and the local runner (and tests) create
 * them from here, so a key can't differ between a deployed and a local table.
 */
export const tables = {
  invitations: {
    envVar: 'INVITATIONS_TABLE',
    /** Its name when run locally and INVITATIONS_TABLE is unset. */
    localName: 'invitations',
    partitionKey: { name: 'userId', type: 'N' },
    /** Feeds the invitation sender: both images, to see which send counter rose. */
    stream: 'NEW_AND_OLD_IMAGES',
    timeToLiveAttribute: undefined,
    /**
     * For GET /v2/invitations. CloudFormation adds one index to an existing table per
     * update: a stack from before them is updated twice (docs/deploying.md).
     */
    globalSecondaryIndexes: [
      invitationIndexes.byOrganization,
      invitationIndexes.byOrganizationStatus,
    ],
  },
  credentials: {
    envVar: 'CREDENTIALS_TABLE',
    localName: 'credentials',
    partitionKey: { name: 'credentialHash', type: 'S' },
    stream: undefined,
    timeToLiveAttribute: undefined,
    globalSecondaryIndexes: [],
  },
  /**
   * Each organization's day's send counters, deleted a day after their day, and its
   * suppressed e-mail addresses, kept until lifted (functions/shared/send-limits/).
   */
  sendLimits: {
    envVar: 'SEND_LIMITS_TABLE',
    localName: 'send-limits',
    partitionKey: { name: 'limitId', type: 'S' },
    stream: undefined,
    timeToLiveAttribute: 'expiresAt',
    globalSecondaryIndexes: [],
  },
} as const;

export type TableSpec = (typeof tables)[keyof typeof tables];

/**
 * The indexes a table is deployed with: all of them, but byOrganizationStatus while
 * `-c statusIndex=false` holds it back (the first of the two updates that give a table from
 * before the indexes both; listing by status then filters byOrganization's pages).
 */
export function deployedIndexes(
  spec: TableSpec,
  settings: { statusIndex: boolean },
): readonly InvitationIndex[] {
  return spec.globalSecondaryIndexes.filter(
    (index) => settings.statusIndex || index !== invitationIndexes.byOrganizationStatus,
  );
}
