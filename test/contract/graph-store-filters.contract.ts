/**
 * Contract for GraphStore.compileFilter, every filter field on hand-checkable records:
 * `describeGraphStoreFilters(name, make)`. Backend-neutral; the expected ids are listed in the
 * fixture comments so a reader can check them without running anything.
 *
 *   freelancer  rate  country  available  rating  jobSuccess  skills
 *   fa           20   "DE"     true       4.8     0.95        js, react
 *   fb           50   "de"     false      4.0     0.80        js
 *   fc          100   "FR"     –          3.5     –           py, django
 *   fd            –   "US"     true       –       0.99        js, ts, react
 *   fe           50   –        true       5.0     0.50        (none)
 *   fz (archetype) 60 "DE"     –          –       –           js, react
 *
 *   job  budget               level         status  postedAt (UTC)       country  skills (req / pref)
 *   ja   hourly 30..60        entry         open    2024-01-01T00:00Z    "DE"     js / react
 *   jb   fixed 500..(open)    expert        closed  2024-05-31T22:00Z    "us"     py
 *   jc   –                    intermediate  open    –                    –        js
 *   jd   hourly (open)..20    expert        open    2024-03-01T00:00Z    "FR"     ts / js
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FreelancerFilter, JobFilter } from "../../src/core/filters.js";
import type { Freelancer, Job } from "../../src/core/records.js";
import type { GraphStore } from "../../src/graph-store/graph-store.js";
import { RELATIONS, SKILLS } from "./graph-store.fixture.js";

const freelancer = (id: string, skills: string[], extra: Partial<Freelancer>): Freelancer => ({
  id,
  name: `Person ${id}`,
  title: `Developer ${id}`,
  overview: `Profile of ${id}.`,
  skills: skills.map((skillId) => ({ skillId, level: 3, source: "id" })),
  ...extra,
});

export const FILTER_FREELANCERS: Freelancer[] = [
  freelancer("fa", ["js", "react"], { hourlyRate: 20, country: "DE", available: true, rating: 4.8, jobSuccess: 0.95 }),
  freelancer("fb", ["js"], { hourlyRate: 50, country: "de", available: false, rating: 4, jobSuccess: 0.8 }),
  freelancer("fc", ["py", "django"], { hourlyRate: 100, country: "FR", rating: 3.5 }),
  freelancer("fd", ["js", "ts", "react"], { country: "US", available: true, jobSuccess: 0.99 }),
  freelancer("fe", [], { hourlyRate: 50, available: true, rating: 5, jobSuccess: 0.5 }),
  freelancer("fz", ["js", "react"], { hourlyRate: 60, country: "DE", archetype: true }),
];

const job = (id: string, required: string[], preferred: string[], extra: Partial<Job>): Job => ({
  id,
  title: `Job ${id}`,
  description: `Work for ${id}.`,
  skills: [
    ...required.map((skillId) => ({ skillId, importance: "required" as const, source: "id" as const })),
    ...preferred.map((skillId) => ({ skillId, importance: "preferred" as const, source: "id" as const })),
  ],
  status: "open",
  ...extra,
});

export const FILTER_JOBS: Job[] = [
  job("ja", ["js"], ["react"], { budget: { type: "hourly", min: 30, max: 60 }, experienceLevel: "entry", postedAt: "2024-01-01T00:00:00Z", country: "DE" }),
  job("jb", ["py"], [], { budget: { type: "fixed", min: 500 }, experienceLevel: "expert", status: "closed", postedAt: "2024-06-01T00:00:00+02:00", country: "us" }),
  job("jc", ["js"], [], { experienceLevel: "intermediate" }),
  job("jd", ["ts"], ["js"], { budget: { type: "hourly", max: 20 }, experienceLevel: "expert", postedAt: "2024-03-01T00:00:00Z", country: "FR" }),
];

export function describeGraphStoreFilters(name: string, make: () => Promise<GraphStore>): void {
  describe(`GraphStore compileFilter contract: ${name}`, () => {
    let store: GraphStore;
    beforeEach(async () => {
      store = await make();
      await store.migrate();
      await store.write({
        skills: SKILLS.map((record) => ({ record, hash: record.id })),
        skillRelations: RELATIONS,
        freelancers: FILTER_FREELANCERS.map((record) => ({ record, hash: record.id })),
        jobs: FILTER_JOBS.map((record) => ({ record, hash: record.id })),
      });
    });
    afterEach(async () => {
      await store.close();
    });

    const freelancers = async (filter: FreelancerFilter): Promise<string[]> => {
      const compiled = await store.compileFilter("freelancers", filter);
      const ids = compiled.ids();
      // count, ids() and allow() must agree.
      expect(compiled.count).toBe(ids.length);
      expect((await store.ids("freelancers")).filter((id) => compiled.allow(id))).toEqual(ids);
      return ids;
    };
    const jobs = async (filter: JobFilter): Promise<string[]> => {
      const compiled = await store.compileFilter("jobs", filter);
      const ids = compiled.ids();
      expect(compiled.count).toBe(ids.length);
      expect((await store.ids("jobs")).filter((id) => compiled.allow(id))).toEqual(ids);
      return ids;
    };

    describe("freelancers", () => {
      it("an empty filter allows every freelancer but archetypes; includeArchetypes adds them", async () => {
        expect(await freelancers({})).toEqual(["fa", "fb", "fc", "fd", "fe"]);
        expect(await freelancers({ includeArchetypes: true })).toEqual(["fa", "fb", "fc", "fd", "fe", "fz"]);
        expect(await freelancers({ includeArchetypes: false })).toEqual(["fa", "fb", "fc", "fd", "fe"]);
      });

      it("hourly rate range is inclusive and fails records without a rate", async () => {
        expect(await freelancers({ minHourlyRate: 50 })).toEqual(["fb", "fc", "fe"]);
        expect(await freelancers({ maxHourlyRate: 50 })).toEqual(["fa", "fb", "fe"]);
        expect(await freelancers({ minHourlyRate: 50, maxHourlyRate: 50 })).toEqual(["fb", "fe"]);
        expect(await freelancers({ minHourlyRate: 0 })).not.toContain("fd");
        expect(await freelancers({ minHourlyRate: 50, maxHourlyRate: 100, includeArchetypes: true })).toEqual(["fb", "fc", "fe", "fz"]);
      });

      it("contradictory rate bounds allow nothing", async () => {
        expect(await freelancers({ minHourlyRate: 60, maxHourlyRate: 40 })).toEqual([]);
      });

      it("countries: any of, case-insensitive, records without a country fail; an empty list restricts nothing", async () => {
        expect(await freelancers({ countries: ["de"] })).toEqual(["fa", "fb"]);
        expect(await freelancers({ countries: [" De "] })).toEqual(["fa", "fb"]);
        expect(await freelancers({ countries: ["FR", "us"] })).toEqual(["fc", "fd"]);
        expect(await freelancers({ countries: ["XX"] })).toEqual([]);
        expect(await freelancers({ countries: [] })).toEqual(["fa", "fb", "fc", "fd", "fe"]);
      });

      it("available: matches the flag exactly; unknown availability fails both", async () => {
        expect(await freelancers({ available: true })).toEqual(["fa", "fd", "fe"]);
        expect(await freelancers({ available: false })).toEqual(["fb"]);
      });

      it("minRating and minJobSuccess are inclusive and fail records without the value", async () => {
        expect(await freelancers({ minRating: 4 })).toEqual(["fa", "fb", "fe"]);
        expect(await freelancers({ minRating: 4.8 })).toEqual(["fa", "fe"]);
        expect(await freelancers({ minRating: 0 })).toEqual(["fa", "fb", "fc", "fe"]);
        expect(await freelancers({ minJobSuccess: 0.95 })).toEqual(["fa", "fd"]);
        expect(await freelancers({ minJobSuccess: 0 })).toEqual(["fa", "fb", "fd", "fe"]);
      });

      it("skillIds: every listed skill must be on the profile; unknown skills match nobody", async () => {
        expect(await freelancers({ skillIds: ["js"] })).toEqual(["fa", "fb", "fd"]);
        expect(await freelancers({ skillIds: ["js", "react"] })).toEqual(["fa", "fd"]);
        expect(await freelancers({ skillIds: ["react", "js", "react"] })).toEqual(["fa", "fd"]);
        expect(await freelancers({ skillIds: ["js", "react"], includeArchetypes: true })).toEqual(["fa", "fd", "fz"]);
        expect(await freelancers({ skillIds: ["js", "nope"] })).toEqual([]);
        expect(await freelancers({ skillIds: ["cpp"] })).toEqual([]);
        expect(await freelancers({ skillIds: [] })).toEqual(["fa", "fb", "fc", "fd", "fe"]);
      });

      it("combines every condition with AND", async () => {
        expect(await freelancers({ countries: ["DE"], available: true, skillIds: ["react"] })).toEqual(["fa"]);
        expect(await freelancers({ maxHourlyRate: 60, minRating: 4, minJobSuccess: 0.6 })).toEqual(["fa", "fb"]);
      });

      it("allow() is false for unknown ids", async () => {
        const compiled = await store.compileFilter("freelancers", {});
        expect(compiled.allow("nobody")).toBe(false);
        expect(compiled.allow("fz")).toBe(false);
      });

      it("reflects writes in filters compiled afterwards; a compiled filter is a snapshot", async () => {
        const before = await store.compileFilter("freelancers", { countries: ["DE"] });
        await store.write({
          freelancers: [
            { record: { ...FILTER_FREELANCERS[1]!, country: "FR" }, hash: "changed" },
            { record: freelancer("fn", ["js"], { country: "DE" }), hash: "new" },
          ],
          deletes: [{ kind: "freelancers", id: "fa" }],
        });
        expect(before.ids()).toEqual(["fa", "fb"]);
        expect(before.allow("fn")).toBe(false);
        expect(await freelancers({ countries: ["DE"] })).toEqual(["fn"]);
        expect(await freelancers({ skillIds: ["js"] })).toEqual(["fb", "fd", "fn"]);
      });
    });

    describe("jobs", () => {
      it("an empty filter allows every job", async () => {
        expect(await jobs({})).toEqual(["ja", "jb", "jc", "jd"]);
      });

      it("budgetType needs a budget of that type", async () => {
        expect(await jobs({ budgetType: "hourly" })).toEqual(["ja", "jd"]);
        expect(await jobs({ budgetType: "fixed" })).toEqual(["jb"]);
      });

      it("budget range overlaps the job's range, missing bounds open, edges inclusive, no budget fails", async () => {
        expect(await jobs({ minBudget: 50 })).toEqual(["ja", "jb"]);
        expect(await jobs({ maxBudget: 25 })).toEqual(["jd"]);
        expect(await jobs({ minBudget: 60, maxBudget: 500 })).toEqual(["ja", "jb"]);
        expect(await jobs({ minBudget: 20, maxBudget: 20 })).toEqual(["jd"]);
        expect(await jobs({ minBudget: 0 })).toEqual(["ja", "jb", "jd"]);
        expect(await jobs({ minBudget: 61, maxBudget: 499 })).toEqual([]);
      });

      it("experienceLevels and statuses are any-of", async () => {
        expect(await jobs({ experienceLevels: ["expert"] })).toEqual(["jb", "jd"]);
        expect(await jobs({ experienceLevels: ["entry", "intermediate"] })).toEqual(["ja", "jc"]);
        expect(await jobs({ statuses: ["closed"] })).toEqual(["jb"]);
        expect(await jobs({ statuses: ["open"] })).toEqual(["ja", "jc", "jd"]);
        expect(await jobs({ statuses: ["open", "closed"] })).toEqual(["ja", "jb", "jc", "jd"]);
      });

      it("postedSince is inclusive, compares instants across offsets, and fails jobs without a date", async () => {
        expect(await jobs({ postedSince: "2024-03-01T00:00:00Z" })).toEqual(["jb", "jd"]);
        expect(await jobs({ postedSince: "2024-05-31T22:00:00Z" })).toEqual(["jb"]);
        expect(await jobs({ postedSince: "2024-06-01T00:00:00+02:00" })).toEqual(["jb"]);
        expect(await jobs({ postedSince: "2024-05-31T22:00:00.001Z" })).toEqual([]);
        expect(await jobs({ postedSince: "2000-01-01T00:00:00Z" })).toEqual(["ja", "jb", "jd"]);
      });

      it("countries are any-of, case-insensitive", async () => {
        expect(await jobs({ countries: ["de", "US"] })).toEqual(["ja", "jb"]);
        expect(await jobs({ countries: ["fr"] })).toEqual(["jd"]);
      });

      it("skillIds counts required and preferred skills; all must be present", async () => {
        expect(await jobs({ skillIds: ["js"] })).toEqual(["ja", "jc", "jd"]);
        expect(await jobs({ skillIds: ["js", "react"] })).toEqual(["ja"]);
        expect(await jobs({ skillIds: ["html"] })).toEqual([]);
      });

      it("combines every condition with AND", async () => {
        expect(await jobs({ budgetType: "hourly", statuses: ["open"], skillIds: ["js"] })).toEqual(["ja", "jd"]);
        expect(await jobs({ budgetType: "hourly", experienceLevels: ["expert"], countries: ["FR"], postedSince: "2024-02-01T00:00:00Z" })).toEqual(["jd"]);
      });
    });
  });
}
