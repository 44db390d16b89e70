import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../../src/core/errors.js";
import { fuse } from "../../../src/fuse/fusion.js";
import { rankProfileSchema, type RankProfileInput } from "../../../src/pipeline/rank-profile.js";
import { rankCandidates, type ChannelName, type ChannelResult } from "../../../src/retrieve/retriever.js";

function profile(input: Omit<RankProfileInput, "name" | "description">) {
  return rankProfileSchema.parse({ name: "t", description: "test", ...input });
}

function result(channel: ChannelName, scores: Record<string, number>, note?: string): ChannelResult {
  const items = Object.entries(scores).map(([id, score]) => ({ id, score, trace: { channel: "vector" as const, cosine: score } }));
  return { channel, candidates: rankCandidates(items, 1000), tookMs: 0, ...(note ? { note } : {}) };
}

const vector = result("vector", { a: 0.9, b: 0.5, c: 0.1 });
const keyword = result("keyword", { b: 10, d: 4 });

describe("fuse, weighted min–max (hand-computed)", () => {
  // vector normalised: a 1, b 0.5, c 0; keyword normalised: b 1, d 0.
  // weights vector 1, keyword 0.7 → b 0.5 + 0.7 = 1.2, a 1, c 0, d 0 (c before d by id).
  const p = profile({ channels: { vector: { weight: 1 }, keyword: { weight: 0.7 } }, fusion: { method: "weighted", normalization: "minmax" } });
  const out = fuse([vector, keyword], p);

  it("sums weight × normalised score and sorts by score, then id", () => {
    expect(out.map((c) => [c.id, c.rank])).toEqual([
      ["b", 1],
      ["a", 2],
      ["c", 3],
      ["d", 4],
    ]);
    expect(out.map((c) => c.score)).toEqual([1.2, 1, 0, 0]);
  });

  it("keeps every channel that ran on every candidate, null where it did not retrieve the id", () => {
    const b = out[0]!;
    expect(b.channels.vector).toMatchObject({ raw: 0.5, normalized: 0.5, rank: 2, contribution: 0.5 });
    expect(b.channels.keyword).toMatchObject({ raw: 10, normalized: 1, rank: 1, contribution: 0.7 });
    expect(b.channels.keyword?.candidate.id).toBe("b");
    const a = out[1]!;
    expect(a.channels.keyword).toBeNull();
    expect(Object.keys(a.channels)).toEqual(["vector", "keyword"]);
    expect("graph" in a.channels).toBe(false);
  });
});

describe("fuse, RRF (hand-computed)", () => {
  // k 60, weights vector 1, keyword 2: a 1/61, b 1/62 + 2/61, c 1/63, d 2/62 → b, d, a, c.
  const p = profile({ channels: { vector: { weight: 1 }, keyword: { weight: 2 } }, fusion: { method: "rrf", k: 60 } });
  const out = fuse([keyword, vector], p);

  it("adds weight / (k + rank) per channel", () => {
    expect(out.map((c) => c.id)).toEqual(["b", "d", "a", "c"]);
    expect(out[0]!.score).toBeCloseTo(1 / 62 + 2 / 61, 15);
    expect(out[1]!.score).toBeCloseTo(2 / 62, 15);
    expect(out[2]!.score).toBeCloseTo(1 / 61, 15);
    expect(out[3]!.score).toBeCloseTo(1 / 63, 15);
    expect(out[0]!.channels.keyword).toMatchObject({ rank: 1, normalized: 1 / 61, contribution: 2 / 61 });
  });
});

describe("fuse edge cases", () => {
  const p = profile({ channels: { vector: {}, keyword: {}, graph: {} }, fusion: { method: "weighted" } });

  it("returns [] when nothing ran or nothing was retrieved", () => {
    expect(fuse([], p)).toEqual([]);
    expect(fuse([result("vector", {}), result("keyword", {})], p)).toEqual([]);
  });

  it("scores a constant list as 1 (min–max) and 0.5 (z-score), never NaN", () => {
    const flat = result("graph", { x: 0, y: 0 });
    expect(fuse([flat], p).map((c) => [c.id, c.score])).toEqual([
      ["x", 1],
      ["y", 1],
    ]);
    const z = profile({ channels: { graph: {} }, fusion: { method: "weighted", normalization: "zscore" } });
    expect(fuse([flat], z).map((c) => c.score)).toEqual([0.5, 0.5]);
  });

  it("keeps the best entry of an id listed twice and re-ranks the list", () => {
    const dup: ChannelResult = {
      channel: "vector",
      tookMs: 0,
      candidates: [
        { id: "a", score: 0.3, rank: 1, trace: { channel: "vector", cosine: 0.3 } },
        { id: "b", score: 0.5, rank: 2, trace: { channel: "vector", cosine: 0.5 } },
        { id: "a", score: 0.9, rank: 3, trace: { channel: "vector", cosine: 0.9 } },
        { id: "a", score: 0.4, rank: 4, trace: { channel: "vector", cosine: 0.4 } },
      ],
    };
    const out = fuse([dup], p);
    expect(out.map((c) => c.id)).toEqual(["a", "b"]);
    expect(out[0]!.channels.vector).toMatchObject({ raw: 0.9, rank: 1, normalized: 1 });
    expect(out[0]!.channels.vector?.candidate.rank).toBe(1);
    expect(out[1]!.channels.vector).toMatchObject({ raw: 0.5, rank: 2, normalized: 0 });
  });

  it("gives a weight-0 channel no say in the score but keeps it visible", () => {
    const w = profile({ channels: { vector: { weight: 1 }, keyword: { weight: 0 } }, fusion: { method: "weighted" } });
    const out = fuse([vector, keyword], w);
    expect(out.find((c) => c.id === "d")).toMatchObject({ score: 0, channels: { keyword: { contribution: 0 } } });
    expect(out.find((c) => c.id === "b")!.score).toBe(0.5);
  });

  it("refuses a channel listed twice, one the profile lacks, and non-finite scores", () => {
    expect(() => fuse([vector, vector], p)).toThrow(/appears twice/);
    expect(() => fuse([result("collaborative", { a: 1 })], p)).toThrow(/does not configure it/);
    expect(() => fuse([result("vector", { a: Number.NaN })], p)).toThrow(InvalidInputError);
  });
});
