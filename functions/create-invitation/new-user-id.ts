/**
 * The id of a user a create brings into existence: the server's choice, never the
 * caller's, and unguessable, so that no organization learns how many users another has
 * or can take ids another will get. 53 bits (1 to 2^53-1, the path's range); a create
 * writes only where no item is (a conditional put), so an id taken is never handed out
 * twice, and the create tries the next candidate.
 *
 * With an Idempotency-Key, the candidates derive from the organization and the key, keyed
 * with a secret of the stack (HMAC-SHA256): a repeat of the request arrives at the same
 * ids, in the same order, and finds its own invitation there (rules.ts,
 * isRepeatOfCreation), while no one without the secret can compute which id another
 * organization's key leads to.
 */
import { createHmac, randomBytes } from 'node:crypto';

const idRange = 2n ** 53n - 1n;

export function candidateUserId(
  attempt: number,
  keyed?: { organizationId: number; idempotencyKey: string; secret: string },
): number {
  const bytes =
    keyed === undefined
      ? randomBytes(8)
      : createHmac('sha256', keyed.secret)
          .update(`user-id\n${keyed.organizationId}\n${keyed.idempotencyKey}\n${attempt}`)
          .digest();
  return Number(bytes.readBigUInt64BE(0) % idRange) + 1;
}
