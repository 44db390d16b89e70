/**
 * The token bucket on a fake clock: a burst is admitted, the next request is refused with a whole
 * Retry-After of at least 1 s, the bucket refills at its rate up to its size, and memory stays
 * bounded (idle buckets first, then least recently used).
 */
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../../../src/serve/auth/rate-limiter.js";

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("RateLimiter", () => {
  it("admits the burst, then refuses with the seconds until a token is back", () => {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now });
    const limit = { perSecond: 2, burst: 3 };
    expect([1, 2, 3].map(() => limiter.take("k", limit).allowed)).toEqual([true, true, true]);
    expect(limiter.take("k", limit)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // A refusal takes nothing: half a second later exactly one token is back.
    c.advance(500);
    expect(limiter.take("k", limit).allowed).toBe(true);
    expect(limiter.take("k", limit).allowed).toBe(false);
  });

  it("rounds Retry-After up to whole seconds, never below 1", () => {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now });
    const slow = { perSecond: 0.1, burst: 1 };
    expect(limiter.take("slow", slow).allowed).toBe(true);
    expect(limiter.take("slow", slow)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    c.advance(9_500);
    expect(limiter.take("slow", slow)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    const fast = { perSecond: 1000, burst: 1 };
    expect(limiter.take("fast", fast).allowed).toBe(true);
    expect(limiter.take("fast", fast)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it("refills at the rate but never above the burst", () => {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now });
    const limit = { perSecond: 10, burst: 5 };
    for (let i = 0; i < 5; i++) limiter.take("k", limit);
    c.advance(60_000);
    const admitted = Array.from({ length: 8 }, () => limiter.take("k", limit).allowed).filter(Boolean).length;
    expect(admitted).toBe(5);
    // Sustained: 10 a second over 3 seconds, one request every 100 ms, all admitted.
    for (let i = 0; i < 30; i++) {
      c.advance(100);
      expect(limiter.take("k", limit).allowed, `request ${i}`).toBe(true);
    }
  });

  it("keeps one bucket per id", () => {
    const limiter = new RateLimiter({ now: clock().now });
    const limit = { perSecond: 1, burst: 1 };
    expect(limiter.take("a", limit).allowed).toBe(true);
    expect(limiter.take("a", limit).allowed).toBe(false);
    expect(limiter.take("b", limit).allowed).toBe(true);
  });

  it("does not limit a rate of 0 and keeps no bucket for it", () => {
    const limiter = new RateLimiter({ now: clock().now });
    for (let i = 0; i < 1000; i++) expect(limiter.take("k", { perSecond: 0, burst: 1 }).allowed).toBe(true);
    expect(limiter.size).toBe(0);
  });

  it("evicts idle (refilled) buckets first when over its size, keeping busy ones", () => {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now, maxBuckets: 10 });
    const limit = { perSecond: 1, burst: 2 };
    for (let i = 0; i < 8; i++) limiter.take(`idle-${i}`, limit);
    c.advance(5_000); // every idle bucket is full again
    limiter.take("busy-a", limit);
    limiter.take("busy-a", limit);
    limiter.take("busy-b", limit);
    limiter.take("busy-b", limit);
    expect(limiter.size).toBe(10);
    limiter.take("new", limit);
    expect(limiter.size).toBe(3);
    // The busy buckets kept their state: still empty.
    expect(limiter.take("busy-a", limit).allowed).toBe(false);
    expect(limiter.take("busy-b", limit).allowed).toBe(false);
  });

  it("drops the least recently used when every bucket is busy, and stays bounded", () => {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now, maxBuckets: 10 });
    const limit = { perSecond: 0.001, burst: 1 };
    for (let i = 0; i < 10; i++) limiter.take(`k${i}`, limit);
    limiter.take("k0", limit); // k0 is now the most recently used
    limiter.take("k10", limit);
    expect(limiter.size).toBeLessThanOrEqual(10);
    expect(limiter.take("k0", limit).allowed, "k0 was kept, empty").toBe(false);
    expect(limiter.take("k1", limit).allowed, "k1 was evicted: a fresh bucket").toBe(true);
    for (let i = 0; i < 1000; i++) limiter.take(`many-${i}`, limit);
    expect(limiter.size).toBeLessThanOrEqual(10);
  });
});
