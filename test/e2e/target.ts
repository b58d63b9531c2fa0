/**
 * Where the e2e suite runs: the local API that `npm start` serves (always), and a deployed
 * stack when API_URL is given and its tables hold the demo fixtures (`npm run seed`).
 */
import demo from '../../local/fixtures/demo.json' with { type: 'json' };

const tokenOf = (
  organizationId: number,
  match: (c: (typeof demo.credentials)[number]) => boolean,
) => {
  const credential = demo.credentials.find((c) => c.organizationId === organizationId && match(c));
  if (!credential) throw new Error('demo fixtures changed: a credential the suite needs is gone');
  return credential.token;
};

/** Who is who in local/fixtures/demo.json. */
export const demoData = {
  admin: tokenOf(
    100,
    (c) => c.roles.includes('admin') && c.userId === 1 && !c.expiresAt && !c.revoked,
  ),
  personalOwner: tokenOf(200, (c) => c.roles.includes('owner')),
  member: tokenOf(100, (c) => c.roles.includes('member')),
  apiKey: tokenOf(100, (c) => c.userId === undefined),
  expired: tokenOf(100, (c) => c.expiresAt !== null && c.expiresAt !== undefined),
  revoked: tokenOf(100, (c) => c.revoked === true),
  users: {
    pending: 5,
    personal: 2,
    accepted: 6,
    withoutAddress: 7,
    otherOrganization: 8,
    invitee: 9,
  },
  /** The demo invitee's e-mail link token (local/fixtures/demo.json). */
  inviteeLinkToken: '9.email.demo-invitee-link-token-00000009',
} as const;

export const deployedTarget =
  process.env.API_URL && process.env.E2E_DEMO_DATA === '1'
    ? process.env.API_URL.replace(/\/$/, '')
    : undefined;

export const deployedSkipReason =
  'deployed e2e skipped: set API_URL=<the stack output ApiUrl> and E2E_DEMO_DATA=1 once its ' +
  'tables hold the demo fixtures (npm run seed), on a dev stage only';
