/** fuse and the normalisers over random channel results: sorted, unique, order-independent, bounded, never NaN. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuse } from "../../src/fuse/fusion.js";
import { minMax, zScore } from "../../src/fuse/normalize.js";
import { rankProfileSchema, type RankProfile } from "../../src/pipeline/rank-profile.js";
import { CHANNELS, rankCandidates, type ChannelName, type ChannelResult } from "../../src/retrieve/retriever.js";

const IDS = ["a", "b", "c", "d", "e", "f", "g", "h", "B", "a1"];

/** Scores with many exact ties (constants) as well as arbitrary finite values. */
const score = fc.oneof(
  fc.constantFrom(0, 1, 0.5, -1, 3),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A channel's list as a retriever returns it: unique ids, sorted, ranked. */
const wellFormed = (channel: ChannelName) =>
  fc.uniqueArray(fc.record({ id: fc.constantFrom(...IDS), score }), { selector: (c) => c.id, maxLength: IDS.length }).map(
    (items): ChannelResult => ({
      channel,
      tookMs: 0,
      candidates: rankCandidates(
        items.map((c) => ({ ...c, trace: { channel: "vector", cosine: c.score } })),
        100,
      ),
    }),
  );

/** A sloppy list: duplicates, any order, made-up ranks (fusion must cope). */
const sloppy = (channel: ChannelName) =>
  fc.array(fc.record({ id: fc.constantFrom(...IDS), score, rank: fc.integer({ min: 1, max: 20 }) }), { maxLength: 14 }).map(
    (items): ChannelResult => ({ channel, tookMs: 0, candidates: items.map((c) => ({ ...c, trace: { channel: "vector", cosine: c.score } })) }),
  );

const results = fc
  .subarray([...CHANNELS])
  .chain((channels) => fc.tuple(...channels.map((c) => fc.oneof(wellFormed(c), sloppy(c)))))
  .map((rs): ChannelResult[] => rs);

const profiles = fc
  .record({
    // 0.1 + 0.2 + 0.3 differs from 0.3 + 0.2 + 0.1 in floating point: catches order-dependent sums.
    weights: fc.tuple(...CHANNELS.map(() => fc.constantFrom(0, 0.1, 0.2, 0.3, 1, 2.5, 100))),
    fusion: fc.oneof(
      fc.record({ method: fc.constant("rrf" as const), k: fc.constantFrom(1, 60, 1000) }),
      fc.record({ method: fc.constant("weighted" as const), normalization: fc.constantFrom("minmax" as const, "zscore" as const) }),
    ),
  })
  .map(({ weights, fusion }): RankProfile =>
    rankProfileSchema.parse({
      name: "prop",
      description: "property test",
      channels: Object.fromEntries(CHANNELS.map((c, i) => [c, { weight: weights[i] }])),
      fusion,
    }),
  );

describe("fuse properties", () => {
  it("is sorted by score desc then id asc, ranked 1..n, unique, and covers exactly the input ids", () => {
    fc.assert(
      fc.property(results, profiles, (rs, p) => {
        const out = fuse(rs, p);
        for (let i = 1; i < out.length; i++) {
          const [a, b] = [out[i - 1]!, out[i]!];
          expect(a.score > b.score || (a.score === b.score && a.id < b.id)).toBe(true);
        }
        expect(out.map((c) => c.rank)).toEqual(out.map((_, i) => i + 1));
        expect(new Set(out.map((c) => c.id)).size).toBe(out.length);
        const inputIds = new Set(rs.flatMap((r) => r.candidates.map((c) => c.id)));
        expect(new Set(out.map((c) => c.id))).toEqual(inputIds);
      }),
    );
  });

  it("does not depend on the order of the channel results", () => {
    fc.assert(
      fc.property(
        results.chain((rs) => fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length }))),
        profiles,
        ([rs, shuffled], p) => {
          const [a, b] = [fuse(shuffled, p), fuse(rs, p)];
          expect(a).toEqual(b);
          // Channel key order too (explanations and JSON output list channels in the fixed order).
          expect(a.map((c) => Object.keys(c.channels))).toEqual(b.map((c) => Object.keys(c.channels)));
        },
      ),
    );
  });

  it("never yields NaN; scores are the sum of contributions; every channel that ran is on every candidate", () => {
    fc.assert(
      fc.property(results, profiles, (rs, p) => {
        const ran = rs.map((r) => r.channel).sort();
        for (const c of fuse(rs, p)) {
          expect(Number.isFinite(c.score)).toBe(true);
          expect(Object.keys(c.channels).sort()).toEqual(ran);
          const parts = Object.values(c.channels).filter((s) => s !== null && s !== undefined);
          expect(parts.length).toBeGreaterThan(0);
          let sum = 0;
          for (const s of parts) {
            expect(Number.isFinite(s.contribution)).toBe(true);
            expect(s.normalized).toBeGreaterThanOrEqual(0);
            expect(s.normalized).toBeLessThanOrEqual(1);
            sum += s.contribution;
          }
          expect(c.score).toBeCloseTo(sum, 9);
        }
      }),
    );
  });

  it("keeps, for an id a channel listed more than once, its best score", () => {
    fc.assert(
      fc.property(results, profiles, (rs, p) => {
        for (const c of fuse(rs, p)) {
          for (const r of rs) {
            const scores = r.candidates.filter((x) => x.id === c.id).map((x) => x.score);
            expect(c.channels[r.channel]?.raw ?? null).toBe(scores.length > 0 ? Math.max(...scores) : null);
          }
        }
      }),
    );
  });

  it("RRF over one list keeps that list's order", () => {
    fc.assert(
      fc.property(wellFormed("keyword"), fc.constantFrom(1, 60, 1000), (r, k) => {
        const p = rankProfileSchema.parse({ name: "one", description: "", channels: { keyword: {} }, fusion: { method: "rrf", k } });
        expect(fuse([r], p).map((c) => c.id)).toEqual(r.candidates.map((c) => c.id));
      }),
    );
  });
});

describe("normaliser properties", () => {
  const lists = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 30 });

  for (const [name, f] of [
    ["minMax", minMax],
    ["zScore", zScore],
  ] as const) {
    it(`${name} maps every finite list into [0, 1], keeps length and order of scores`, () => {
      fc.assert(
        fc.property(lists, (xs) => {
          const out = f(xs);
          expect(out.length).toBe(xs.length);
          out.forEach((x, i) => {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(1);
            xs.forEach((y, j) => {
              if (xs[i]! < y) expect(x).toBeLessThanOrEqual(out[j]!);
            });
          });
        }),
      );
    });
  }

  it("maps constant lists to 1 (minMax) and 0.5 (zScore)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 10 }), (v, n) => {
        const xs = Array.from({ length: n }, () => v);
        expect(minMax(xs)).toEqual(xs.map(() => 1));
        expect(zScore(xs)).toEqual(xs.map(() => 0.5));
      }),
    );
  });
});
