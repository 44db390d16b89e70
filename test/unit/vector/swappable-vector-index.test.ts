import { describe, expect, it } from "vitest";
import { isTalentgraphError } from "../../../src/core/errors.js";
import { createHnswVectorIndex } from "../../../src/vector/hnsw-vector-index.js";
import { SwappableVectorIndex } from "../../../src/vector/swappable-vector-index.js";

const make = (modelId = "m", dimensions = 4) => createHnswVectorIndex({ dir: "/nonexistent", kind: "k", modelId, dimensions, initialCapacity: 8 });
const v = (...xs: number[]) => Float32Array.from(xs);

describe("SwappableVectorIndex", () => {
  it("forwards every call to the index it holds, and to the new one after a swap", () => {
    const first = make();
    first.upsert("a", v(1, 0, 0, 0));
    first.upsert("b", v(0, 1, 0, 0));
    const live = new SwappableVectorIndex(first);
    expect([live.modelId, live.dimensions, live.size(), live.has("a")]).toEqual(["m", 4, 2, true]);
    expect(live.search(v(1, 0.1, 0, 0), 1).map((h) => h.id)).toEqual(["a"]);
    live.remove("b");
    expect([first.size(), live.deletedCount()]).toEqual([1, 1]);

    const second = make();
    second.upsert("c", v(0, 0, 1, 0));
    expect(live.swap(second)).toBe(first);
    expect(live.current()).toBe(second);
    expect([live.size(), live.deletedCount(), live.has("a"), live.has("c")]).toEqual([1, 0, false, true]);
    live.upsert("d", v(0, 0, 0, 1));
    expect(second.has("d")).toBe(true);
    expect(first.has("d")).toBe(false);
    expect(live.get("d")).toEqual(v(0, 0, 0, 1));
    expect(live.manifest()).toMatchObject({ modelId: "m", count: 2, deleted: 0 });
  });

  it("refuses an index of another model or size, keeping the live one", () => {
    const first = make();
    const live = new SwappableVectorIndex(first);
    for (const other of [make("other"), make("m", 8)]) {
      let code: string | undefined;
      try {
        live.swap(other);
      } catch (error) {
        code = isTalentgraphError(error) ? error.code : String(error);
      }
      expect(code).toBe("MODEL_MISMATCH");
      expect(live.current()).toBe(first);
    }
  });
});
