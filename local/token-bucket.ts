/**
 * API Gateway's throttling algorithm: a bucket of `burstLimit` tokens, refilled at
 * `rateLimit` a second; a request takes one or is throttled.
 */
import type { ThrottleLimits } from '../infra/throttling.ts';

export function tokenBucket({ rateLimit, burstLimit }: ThrottleLimits, now: number) {
  let tokens = burstLimit;
  let refilledAt = now;
  return {
    /** Takes a token at `now` (milliseconds); false when there is none. */
    take(now: number): boolean {
      tokens = Math.min(burstLimit, tokens + ((now - refilledAt) / 1000) * rateLimit);
      refilledAt = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/** One bucket per name, made on first use. */
export function tokenBuckets(limitsOf: (name: string) => ThrottleLimits) {
  const buckets = new Map<string, ReturnType<typeof tokenBucket>>();
  return (name: string, now: number): boolean => {
    let bucket = buckets.get(name);
    if (bucket === undefined) {
      bucket = tokenBucket(limitsOf(name), now);
      buckets.set(name, bucket);
    }
    return bucket.take(now);
  };
}
