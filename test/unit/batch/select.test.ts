import { describe, expect, it } from "vitest";
import { selectItems, type RankedCandidate } from "../../../src/batch/select.js";

const none = new Set<string>();
const cand = (id: string, score: number, clientId?: string): RankedCandidate => ({ id, score, pipelineRank: 0, ...(clientId ? { clientId } : {}) });
/** Candidates in pipeline order, ranks assigned. */
const ranked = (...cs: RankedCandidate[]): RankedCandidate[] => cs.map((c, i) => ({ ...c, pipelineRank: i + 1 }));
const ids = (cs: readonly RankedCandidate[]): string[] => cs.map((c) => c.id);

describe("selectItems", () => {
  const list = ranked(cand("a", 0.9, "c1"), cand("b", 0.8, "c1"), cand("c", 0.7, "c1"), cand("d", 0.6, "c2"), cand("e", 0.5, "c3"));

  it("keeps the pipeline's order and stops at top", () => {
    const s = selectItems(list, { top: 3, minScore: 0 }, { engaged: none, sent: none });
    expect(ids(s.items)).toEqual(["a", "b", "c"]);
    expect(s.excluded).toEqual({ engaged: 0, sent: 0, belowMinScore: 0, clientCap: 0 });
  });

  it("leaves out engaged and sent items and counts each once (engaged wins)", () => {
    const s = selectItems(list, { top: 10, minScore: 0 }, { engaged: new Set(["a"]), sent: new Set(["a", "c"]) });
    expect(ids(s.items)).toEqual(["b", "d", "e"]);
    expect(s.excluded.engaged).toBe(1);
    expect(s.excluded.sent).toBe(1);
  });

  it("leaves out items below the minimum score (inclusive bound)", () => {
    const s = selectItems(list, { top: 10, minScore: 0.7 }, { engaged: none, sent: none });
    expect(ids(s.items)).toEqual(["a", "b", "c"]);
    expect(s.excluded.belowMinScore).toBe(2);
  });

  it("caps items per client and promotes the next client's items", () => {
    const s = selectItems(list, { top: 3, minScore: 0, maxPerClient: 1 }, { engaged: none, sent: none });
    expect(ids(s.items)).toEqual(["a", "d", "e"]);
    // b and c ranked above the list's last item and were left out for their client.
    expect(s.excluded.clientCap).toBe(2);
  });

  it("counts every capped candidate when the list comes out short", () => {
    const s = selectItems(list, { top: 5, minScore: 0, maxPerClient: 2 }, { engaged: none, sent: none });
    expect(ids(s.items)).toEqual(["a", "b", "d", "e"]);
    expect(s.excluded.clientCap).toBe(1);
  });

  it("never caps items without a client", () => {
    const s = selectItems(ranked(cand("x", 1), cand("y", 0.9), cand("z", 0.8)), { top: 3, minScore: 0, maxPerClient: 1 }, { engaged: none, sent: none });
    expect(ids(s.items)).toEqual(["x", "y", "z"]);
  });

  describe("MMR", () => {
    // a and b are near-duplicates; c is different but scores a little lower.
    const vectors: Record<string, Float32Array> = {
      a: new Float32Array([1, 0, 0]),
      b: new Float32Array([0.99, 0.14, 0]),
      c: new Float32Array([0, 1, 0]),
      d: new Float32Array([0, 0, 1]),
    };
    const items = ranked(cand("a", 1, "c1"), cand("b", 0.95, "c2"), cand("c", 0.9, "c3"), cand("d", 0.5, "c4"));
    const vector = (id: string): Float32Array | undefined => vectors[id];

    it("λ = 1 keeps the pipeline's order", () => {
      const s = selectItems(items, { top: 4, minScore: 0, mmr: { lambda: 1, vector } }, { engaged: none, sent: none });
      expect(ids(s.items)).toEqual(["a", "b", "c", "d"]);
    });

    it("a lower λ prefers a different item over a near-duplicate of one already chosen", () => {
      const plain = selectItems(items, { top: 3, minScore: 0 }, { engaged: none, sent: none });
      const varied = selectItems(items, { top: 3, minScore: 0, mmr: { lambda: 0.5, vector } }, { engaged: none, sent: none });
      expect(ids(plain.items)).toEqual(["a", "b", "c"]);
      // rel (min-max) a 1, b 0.9, c 0.8, d 0; cos(a, b) ≈ 0.99: b scores 0.45 − 0.495 < 0 after a.
      expect(ids(varied.items)).toEqual(["a", "c", "d"]);
    });

    it("still applies exclusions, the minimum score and the client cap", () => {
      const capped = ranked(cand("a", 1, "c1"), cand("b", 0.95, "c1"), cand("c", 0.9, "c1"), cand("d", 0.5, "c2"));
      const s = selectItems(capped, { top: 3, minScore: 0.6, maxPerClient: 1, mmr: { lambda: 0.3, vector } }, { engaged: new Set(["a"]), sent: none });
      expect(ids(s.items)).toEqual(["b"]);
      expect(s.excluded.engaged).toBe(1);
      expect(s.excluded.belowMinScore).toBe(1);
      expect(s.excluded.clientCap).toBe(1);
    });

    it("treats candidates without vectors as dissimilar and breaks ties by pipeline rank", () => {
      const flat = ranked(cand("p", 0.5), cand("q", 0.5), cand("r", 0.5));
      const s = selectItems(flat, { top: 3, minScore: 0, mmr: { lambda: 0.7, vector: () => undefined } }, { engaged: none, sent: none });
      expect(ids(s.items)).toEqual(["p", "q", "r"]);
    });
  });

  it("rejects a non-positive top", () => {
    expect(() => selectItems(list, { top: 0, minScore: 0 }, { engaged: none, sent: none })).toThrow(/top must be a positive integer/);
  });
});
