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
  },
  credentials: {
    envVar: 'CREDENTIALS_TABLE',
    localName: 'credentials',
    partitionKey: { name: 'credentialHash', type: 'S' },
    stream: undefined,
    timeToLiveAttribute: undefined,
  },
  /** The day's SMS counters (functions/shared/sms-limits/): deleted a day after their day. */
  smsCounters: {
    envVar: 'SMS_COUNTERS_TABLE',
    localName: 'sms-counters',
    partitionKey: { name: 'counterId', type: 'S' },
    stream: undefined,
    timeToLiveAttribute: 'expiresAt',
  },
} as const;

export type TableSpec = (typeof tables)[keyof typeof tables];
