/**
 * The tables of the API, as data: the CDK stack and the local runner (and tests) create
 * them from here, so a key can't differ between a deployed and a local table.
 */
export const tables = {
  invitations: {
    envVar: 'INVITATIONS_TABLE',
    partitionKey: { name: 'userId', type: 'N' },
  },
  credentials: {
    envVar: 'CREDENTIALS_TABLE',
    partitionKey: { name: 'credentialHash', type: 'S' },
  },
} as const;

export type TableSpec = (typeof tables)[keyof typeof tables];
