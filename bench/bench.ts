/**
 * `npm run bench`: the cold start (bench/cold-start.ts), then the warm path
 * (bench/warm-path.ts), with the same arguments. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';

const args = process.argv.slice(2);
for (const script of ['bench/cold-start.ts', 'bench/warm-path.ts']) {
  execFileSync(process.execPath, [script, ...args], { stdio: 'inherit' });
}
