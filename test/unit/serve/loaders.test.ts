import { describe, expect, it } from "vitest";
import { BatchLoader } from "../../../src/serve/loaders.js";

describe("BatchLoader", () => {
  it("fetches ids requested in the same tick in one call, each id once", async () => {
    const calls: string[][] = [];
    const loader = new BatchLoader<string>((ids) => {
      calls.push(ids);
      return Promise.resolve(new Map(ids.filter((id) => id !== "missing").map((id) => [id, id.toUpperCase()])));
    });
    const first = await Promise.all([loader.load("a"), loader.load("b"), loader.load("a"), loader.load("missing")]);
    expect(first).toEqual(["A", "B", "A", undefined]);
    expect(calls).toEqual([["a", "b", "missing"]]);
    expect(await Promise.all([loader.load("a"), loader.load("c")])).toEqual(["A", "C"]);
    expect(calls).toEqual([["a", "b", "missing"], ["c"]]);
  });

  it("rejects every waiter of a failed batch and lets a later load retry", async () => {
    let fail = true;
    const loader = new BatchLoader<number>((ids) => (fail ? Promise.reject(new Error("store down")) : Promise.resolve(new Map(ids.map((id) => [id, id.length])))));
    const results = await Promise.allSettled([loader.load("x"), loader.load("yy")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await loader.load("yy")).toBe(2);
  });
});
