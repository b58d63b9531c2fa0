import { createHash } from 'node:crypto';

/** SHA-256, hex: how credentials and link tokens are stored instead of themselves. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
