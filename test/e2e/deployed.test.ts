/** The same contract suite against a deployed stack, when one is configured. */
import { describe } from 'vitest';
import { contractSuite } from './api-contract.ts';
import { deployedSkipReason, deployedTarget } from './target.ts';

if (!deployedTarget) console.log(deployedSkipReason);

describe.skipIf(!deployedTarget)(
  deployedTarget ? `deployed: ${deployedTarget}` : deployedSkipReason,
  () => {
    contractSuite(() => deployedTarget ?? '', { deployed: true });
  },
);
