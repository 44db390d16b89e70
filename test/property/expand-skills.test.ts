/** expandSkills over random skill graphs: sorted, unique, bounded weights, consistent paths. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RELATION_TYPES, type SkillRelation } from "../../src/core/records.js";
import { SkillGraph } from "../../src/graph-store/skill-graph.js";

const graphs = fc.integer({ min: 2, max: 14 }).chain((n) => {
  const ids = Array.from({ length: n }, (_, i) => `s${i}`);
  const relation = fc
    .record({
      from: fc.constantFrom(...ids),
      to: fc.constantFrom(...ids),
      type: fc.constantFrom(...RELATION_TYPES),
      weight: fc.constantFrom(0, 0.1, 0.25, 0.5, 0.8, 1),
    })
    .filter((r) => r.from !== r.to);
  return fc.record({
    ids: fc.constant(ids),
    relations: fc.uniqueArray(relation, { maxLength: 40, selector: (r) => `${r.from}|${r.to}|${r.type}` }),
    seeds: fc.uniqueArray(fc.record({ skillId: fc.constantFrom(...ids), weight: fc.double({ min: 0.01, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 4, selector: (s) => s.skillId }),
    options: fc.record({
      maxHops: fc.integer({ min: 0, max: 3 }),
      decay: fc.constantFrom(0.25, 0.5, 1),
      degreeCap: fc.integer({ min: 0, max: 5 }),
      minWeight: fc.constantFrom(0, 0.05, 0.2),
    }),
  });
});

describe("SkillGraph.expand properties", () => {
  it("returns sorted, unique skills with weights in (0, max seed weight] and paths that multiply out", () => {
    fc.assert(
      fc.property(graphs, ({ ids, relations, seeds, options }) => {
        const graph = new SkillGraph(ids, relations as SkillRelation[]);
        const out = graph.expand(seeds, options);
        const maxSeed = Math.max(...seeds.map((s) => s.weight));
        expect(new Set(out.map((x) => x.skillId)).size).toBe(out.length);
        for (let i = 1; i < out.length; i++) {
          const [a, b] = [out[i - 1]!, out[i]!];
          expect(a.weight > b.weight || (a.weight === b.weight && a.skillId < b.skillId)).toBe(true);
        }
        for (const seed of seeds) expect(out.find((x) => x.skillId === seed.skillId)).toMatchObject({ weight: seed.weight, hops: 0, path: [] });
        for (const x of out) {
          expect(x.weight).toBeGreaterThan(0);
          expect(x.weight).toBeLessThanOrEqual(maxSeed);
          expect(x.hops).toBeLessThanOrEqual(options.maxHops);
          expect(x.path).toHaveLength(x.hops);
          if (x.hops === 0) continue;
          expect(x.weight).toBeGreaterThanOrEqual(options.minWeight);
          const seed = seeds.find((s) => s.skillId === x.seedId)!;
          let weight = seed.weight;
          let at = x.seedId;
          for (const step of x.path) {
            expect(step.from).toBe(at);
            const edge = relations.find((r) =>
              step.direction === "out" ? r.from === step.from && r.to === step.to && r.type === step.type : r.from === step.to && r.to === step.from && r.type === step.type,
            );
            expect(edge?.weight).toBe(step.weight);
            weight *= step.weight * options.decay;
            at = step.to;
          }
          expect(at).toBe(x.skillId);
          expect(x.weight).toBeCloseTo(weight, 12);
        }
      }),
      { numRuns: 400, seed: 5 },
    );
  });
});
