import { describe, expect, it } from "vitest";
import { fnv1a32, inShard, parseShard, shardOf } from "../../../src/batch/shard.js";

describe("shards", () => {
  const ids = Array.from({ length: 5000 }, (_, i) => `fl-${String(i).padStart(5, "0")}`);

  it("parses i/n and rejects anything else", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(parseShard(" 0 / 1 ")).toEqual({ index: 0, count: 1 });
    for (const bad of ["4/4", "1/0", "-1/3", "a/b", "1", "1/2/3", ""]) expect(() => parseShard(bad), bad).toThrow(/--shard must be i\/n/);
  });

  it("hashes with FNV-1a (known vectors), so shards agree across machines", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("partitions: every id in exactly one shard, spread evenly", () => {
    const n = 4;
    const sizes = new Array<number>(n).fill(0);
    for (const id of ids) {
      const owners = [0, 1, 2, 3].filter((i) => inShard(id, { index: i, count: n }));
      expect(owners).toEqual([shardOf(id, n)]);
      sizes[shardOf(id, n)]!++;
    }
    for (const s of sizes) expect(Math.abs(s - ids.length / n)).toBeLessThan(ids.length * 0.05);
  });

  it("one shard holds everything", () => {
    expect(ids.every((id) => inShard(id, { index: 0, count: 1 }))).toBe(true);
  });
});
