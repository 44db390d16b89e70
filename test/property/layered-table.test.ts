/**
 * Live writes keep the store's filter columns and skill posting lists as built and shadow the
 * changed records with a small delta (layered-table.ts). Property: after any sequence of upserts
 * and deletes, filters and skill candidates answer exactly as a store that built everything from
 * scratch (a second connection to the same file, with cold caches).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { FreelancerFilter } from "../../src/core/filters.js";
import type { Freelancer } from "../../src/core/records.js";
import { openSqliteGraphStore } from "../../src/graph-store/sqlite-graph-store.js";
import { fixtureBatch, SKILLS } from "../contract/graph-store.fixture.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "tg-layered-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const skillIds = SKILLS.map((s) => s.id);
const ids = Array.from({ length: 30 }, (_, i) => `p${String(i).padStart(2, "0")}`);

const freelancer = fc.record({
  id: fc.constantFrom(...ids),
  skills: fc.uniqueArray(fc.constantFrom(...skillIds), { maxLength: 4 }),
  level: fc.integer({ min: 1, max: 5 }),
  hourlyRate: fc.option(fc.integer({ min: 10, max: 100 }), { nil: undefined }),
  country: fc.option(fc.constantFrom("DE", "FR", "US"), { nil: undefined }),
  available: fc.option(fc.boolean(), { nil: undefined }),
  rating: fc.option(fc.constantFrom(3, 4, 4.5, 5), { nil: undefined }),
});
const op = fc.oneof(
  fc.record({ kind: fc.constant("upsert" as const), records: fc.array(freelancer, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant("delete" as const), id: fc.constantFrom(...ids) }),
);
const filter: fc.Arbitrary<FreelancerFilter> = fc.record(
  {
    available: fc.boolean(),
    countries: fc.uniqueArray(fc.constantFrom("DE", "FR", "US"), { maxLength: 2 }),
    minHourlyRate: fc.constantFrom(20, 50),
    minRating: fc.constantFrom(4, 4.5),
    skillIds: fc.uniqueArray(fc.constantFrom(...skillIds), { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: [] },
);

type Generated = typeof freelancer extends fc.Arbitrary<infer T> ? T : never;
const toRecord = (f: Generated): Freelancer => ({
  id: f.id,
  name: f.id,
  title: `Developer ${f.id}`,
  overview: "",
  skills: f.skills.map((skillId) => ({ skillId, level: f.level, source: "id" as const })),
  ...(f.hourlyRate === undefined ? {} : { hourlyRate: f.hourlyRate }),
  ...(f.country === undefined ? {} : { country: f.country }),
  ...(f.available === undefined ? {} : { available: f.available }),
  ...(f.rating === undefined ? {} : { rating: f.rating }),
});

describe("layered filter columns and posting lists", () => {
  it("answer like a store built from scratch after any writes", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), fc.array(filter, { minLength: 1, maxLength: 3 }), async (ops, filters) => {
        const file = path.join(dir, `s${run++}.db`);
        const live = openSqliteGraphStore({ path: file });
        await live.migrate();
        await live.write(fixtureBatch());
        // Build the base layer before the writes, as a serving process has.
        await live.compileFilter("freelancers", {});
        for (const o of ops) {
          if (o.kind === "upsert") await live.write({ freelancers: o.records.map((r) => ({ record: toRecord(r), hash: `h${Math.random()}` })) });
          else await live.write({ deletes: [{ kind: "freelancers", id: o.id }] });
        }
        const cold = openSqliteGraphStore({ path: file });
        try {
          for (const f of [{}, ...filters]) {
            const a = await live.compileFilter("freelancers", f);
            const b = await cold.compileFilter("freelancers", f);
            expect(a.ids()).toEqual(b.ids());
            expect(a.count).toBe(b.count);
            for (const id of [...ids, "f1", "f5"]) expect(a.allow(id)).toBe(b.allow(id));
            const seeds = (f.skillIds ?? ["js"]).map((skillId) => ({ skillId, weight: 1 }));
            const opts = { limit: 7, filter: b.allow, expand: { maxHops: 1 } };
            expect(await live.candidatesBySkills("freelancers", seeds, opts)).toEqual(await cold.candidatesBySkills("freelancers", seeds, opts));
          }
        } finally {
          await cold.close();
          await live.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
