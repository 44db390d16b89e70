/**
 * Token-bucket rate limiting, in memory and per process (several server processes each allow the
 * full rate). A bucket holds up to `burst` tokens and refills at `perSecond` tokens a second; a
 * request takes one token, and is refused without taking any when less than one is left.
 *
 * Memory is bounded: a bucket that has refilled to full is indistinguishable from a new one, so idle
 * buckets are dropped when the map grows past `maxBuckets`; if every bucket is busy the least
 * recently used ones go (those clients start again with a full bucket).
 */

/** A bucket's shape. */
export interface RateLimit {
  /** Sustained requests per second (refill rate), > 0; 0 means no limit. */
  perSecond: number;
  /** Bucket size: requests that may arrive at once, ≥ 1. */
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiterOptions {
  /** Monotonic clock in milliseconds. Default `performance.now`. */
  now?: () => number;
  /** Buckets kept before idle ones are evicted. Default 10,000. */
  maxBuckets?: number;
}

interface Bucket {
  tokens: number;
  /** Clock time `tokens` was computed at, ms. */
  at: number;
  limit: RateLimit;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxBuckets: number;

  constructor(options: RateLimiterOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.maxBuckets = options.maxBuckets ?? 10_000;
  }

  /**
   * Takes one token from `id`'s bucket. When refused, `retryAfterSeconds` is the whole number of
   * seconds (≥ 1) until a token is available again.
   */
  take(id: string, limit: RateLimit): RateDecision {
    if (limit.perSecond <= 0) return { allowed: true };
    const now = this.now();
    let bucket = this.buckets.get(id);
    if (bucket === undefined) {
      bucket = { tokens: limit.burst, at: now, limit };
      this.buckets.set(id, bucket);
      if (this.buckets.size > this.maxBuckets) this.evict(now, id);
    } else {
      // Re-insert: Map order is then least recently used first, for eviction.
      this.buckets.delete(id);
      this.buckets.set(id, bucket);
      bucket.tokens = this.level(bucket, now);
      bucket.at = now;
      bucket.limit = limit;
      bucket.tokens = Math.min(bucket.tokens, limit.burst);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond)) };
  }

  /** Buckets held (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private level(bucket: Bucket, now: number): number {
    return Math.min(bucket.limit.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * bucket.limit.perSecond);
  }

  /** Drops full (idle) buckets; if that is not enough, the least recently used down to 90% of the cap. */
  private evict(now: number, keep: string): void {
    for (const [id, bucket] of this.buckets) {
      if (id !== keep && this.level(bucket, now) >= bucket.limit.burst) this.buckets.delete(id);
    }
    const target = Math.floor(this.maxBuckets * 0.9);
    for (const id of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      if (id !== keep) this.buckets.delete(id);
    }
  }
}
