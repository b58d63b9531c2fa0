/** The same contract suite against a deployed stack, when one is configured. */
import { describe, expect, test } from 'vitest';
import { referenceHeaders } from '../support/contract.ts';
import { contractSuite } from './api-contract.ts';
import { invitationReadSuite } from './invitation-read.ts';
import { deployedSkipReason, deployedTarget } from './target.ts';

if (!deployedTarget) console.log(deployedSkipReason);

describe.skipIf(!deployedTarget)(
  deployedTarget ? `deployed: ${deployedTarget}` : deployedSkipReason,
  () => {
    contractSuite(() => deployedTarget ?? '', { deployed: true });
    invitationReadSuite(() => deployedTarget ?? '');

    // API Gateway writes these answers from static header values ('...' in the template):
    // only a deployed stage shows the CSP's inner quotes arrive byte for byte.
    test.each([
      ['a 401 (UNAUTHORIZED)', { method: 'PUT', path: '/v2/users/5/invitation' }],
      ['a 403 (MISSING_AUTHENTICATION_TOKEN)', { method: 'PUT', path: '/v2/nothing' }],
      ['the preflight (MOCK)', { method: 'OPTIONS', path: '/v2/users/5/invitation' }],
    ])('%s carries the exact static header values', async (_, { method, path }) => {
      const response = await fetch(`${deployedTarget}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        ...(method === 'PUT' ? { body: '{"language":"de"}' } : {}),
      });
      expect(response.headers.get('content-security-policy')).toBe(
        referenceHeaders['Content-Security-Policy'],
      );
      for (const [name, value] of Object.entries(referenceHeaders)) {
        expect(response.headers.get(name), name).toBe(value);
      }
    });
  },
);
