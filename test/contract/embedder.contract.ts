/**
 * Contract every Embedder adapter must meet: `describeEmbedder(name, make)` registers the suite.
 * Tolerances are float32-sized; semantic checks use marketplace phrases with an obvious answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cosine, type Embedder } from "../../src/embed/embedder.js";

const norm = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

export function describeEmbedder(name: string, make: () => Promise<Embedder>): void {
  describe(`Embedder contract: ${name}`, () => {
    let embedder: Embedder;
    beforeAll(async () => {
      embedder = await make();
    });
    afterAll(async () => {
      await embedder.close();
    });

    it("has a non-empty model id and positive dimensions", () => {
      expect(embedder.modelId.length).toBeGreaterThan(0);
      expect(Number.isInteger(embedder.dimensions) && embedder.dimensions > 0).toBe(true);
    });

    it("returns one unit-length vector of `dimensions` entries per text", async () => {
      const texts = ["react developer", "Senior Python engineer, remote, 6 months", "logo design"];
      const vectors = await embedder.embed(texts);
      expect(vectors).toHaveLength(texts.length);
      for (const v of vectors) {
        expect(v).toBeInstanceOf(Float32Array);
        expect(v.length).toBe(embedder.dimensions);
        expect(norm(v)).toBeCloseTo(1, 4);
      }
    });

    it("gives [] for no texts", async () => {
      expect(await embedder.embed([])).toEqual([]);
    });

    it("gives an all-zero vector (not NaN) for an empty text", async () => {
      const [v] = await embedder.embed([""]);
      expect(v?.length).toBe(embedder.dimensions);
      expect(Array.from(v ?? []).every((x) => x === 0)).toBe(true);
    });

    it("is deterministic and batch-independent, keeping input order", async () => {
      const texts = [
        "machine learning engineer",
        "wedding photographer",
        "Build a Shopify store for a small fashion brand with custom theme work",
        "bookkeeping",
        "machine learning engineer",
      ];
      const batch = await embedder.embed(texts);
      const again = await embedder.embed(texts);
      const reversed = (await embedder.embed([...texts].reverse())).reverse();
      const single = await Promise.all(texts.map(async (t) => (await embedder.embed([t]))[0] as Float32Array));
      for (let i = 0; i < texts.length; i++) {
        for (const other of [again[i], reversed[i], single[i]]) {
          expect(cosine(batch[i] as Float32Array, other as Float32Array)).toBeGreaterThan(1 - 1e-5);
        }
      }
      expect(cosine(batch[0] as Float32Array, batch[4] as Float32Array)).toBeGreaterThan(1 - 1e-6);
      expect(cosine(batch[0] as Float32Array, batch[1] as Float32Array)).toBeLessThan(0.99);
    });

    it("puts related job phrases closer than unrelated ones", async () => {
      const pairs: [string, string, string][] = [
        ["react developer", "frontend javascript engineer", "tax accountant"],
        ["tax accountant", "bookkeeping and tax returns", "mobile game developer"],
        ["python data scientist", "machine learning engineer", "wedding photographer"],
      ];
      for (const [anchor, related, unrelated] of pairs) {
        const [a, r, u] = await embedder.embed([anchor, related, unrelated]);
        const near = cosine(a as Float32Array, r as Float32Array);
        const far = cosine(a as Float32Array, u as Float32Array);
        expect(near, `${anchor} ~ ${related} (${near.toFixed(3)}) vs ${unrelated} (${far.toFixed(3)})`).toBeGreaterThan(far);
      }
    });
  });
}
