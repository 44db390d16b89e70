/**
 * The feature extractor on the hand-checkable graph-store fixture (real SQLite store in memory):
 * skill coverage exact and via direct neighbours, rate against budget, client history only from
 * other jobs and only before the job was posted, missing values as NaN, and channel features.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../../../src/core/records.js";
import type { FusedCandidate } from "../../../src/fuse/fused-candidate.js";
import { openSqliteGraphStore, type SqliteGraphStore } from "../../../src/graph-store/sqlite-graph-store.js";
import { createFeatureExtractor, FEATURE_NAMES, FEATURES, featureIndex } from "../../../src/rerank/features.js";
import type { QueryContext } from "../../../src/retrieve/retriever.js";
import { fixtureBatch, JOBS } from "../../contract/graph-store.fixture.js";

let store: SqliteGraphStore;
// A later job of client c1: f1 applied to and was hired for j1 (client c1) in January 2024.
const J4: Job = {
  id: "j4",
  title: "React developer",
  description: "Build a React front end for our web shop.",
  skills: [
    { skillId: "react", importance: "required", source: "id" },
    { skillId: "ts", importance: "required", source: "id" },
    { skillId: "node", importance: "preferred", source: "id" },
  ],
  budget: { type: "hourly", min: 20, max: 40 },
  postedAt: "2024-02-01T00:00:00Z",
  status: "open",
  clientId: "c1",
  country: "DE",
};

beforeAll(async () => {
  store = openSqliteGraphStore({ path: ":memory:" });
  await store.migrate();
  await store.write(fixtureBatch());
  await store.write({
    jobs: [{ record: J4, hash: "h-j4" }],
    // After j4 was posted: must not count as history for j4.
    interactions: [{ type: "apply", jobId: "j2", freelancerId: "f1", at: "2024-03-01T00:00:00Z" }],
  });
});
afterAll(async () => {
  await store.close();
});

const fused = (id: string, rank: number, channels: FusedCandidate["channels"] = {}): FusedCandidate => ({ id, score: 1 / rank, rank, channels });
const value = (x: Float64Array, name: string): number => x[featureIndex(name)] as number;

describe("feature extractor", () => {
  const extractor = () => createFeatureExtractor({ store, now: () => Date.parse("2024-02-11T00:00:00Z") });
  const jobCtx: QueryContext = { target: "freelancers", source: { kind: "job", job: J4 }, text: "React developer. React, TypeScript", skills: [] };

  it("documents every feature once", () => {
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURES.length);
    for (const f of FEATURES) expect(f.description.length).toBeGreaterThan(10);
    expect(() => featureIndex("no_such_feature")).toThrow(/unknown feature/);
  });

  it("scores skill coverage exactly and through direct neighbours", async () => {
    const [f1, f2] = await extractor().extract(jobCtx, [fused("f1", 1), fused("f2", 2)]);
    // f1 holds js (5) and react (4). Required react, ts: react exact; ts via ts─RT→js. Preferred node: via node─RT→js.
    expect(value(f1!, "required_skills")).toBe(2);
    expect(value(f1!, "required_exact")).toBe(0.5);
    expect(value(f1!, "required_related")).toBe(1);
    expect(value(f1!, "matched_level")).toBe(4);
    expect(value(f1!, "preferred_exact")).toBe(0);
    expect(value(f1!, "preferred_related")).toBe(1);
    // f2 holds ts (5) and node (3): ts exact, react only via js, which f2 lacks.
    expect(value(f2!, "required_exact")).toBe(0.5);
    expect(value(f2!, "required_related")).toBe(0.5);
    expect(value(f2!, "preferred_exact")).toBe(1);
  });

  it("compares the rate with an hourly budget and reads profile facts", async () => {
    const [f1, f2, f3] = await extractor().extract(jobCtx, [fused("f1", 1), fused("f2", 2), fused("f3", 3)]);
    expect(value(f1!, "rate_to_budget")).toBeCloseTo(50 / 40, 12);
    expect(value(f1!, "rate_over_budget")).toBe(1);
    expect(value(f1!, "budget_hourly")).toBe(1);
    expect(value(f1!, "available")).toBe(1);
    expect(value(f1!, "country_match")).toBe(1);
    expect(value(f2!, "country_match")).toBe(0);
    expect(value(f2!, "rate_to_budget")).toBeCloseTo(2, 12);
    // f3 has no rate, no country, no availability: missing, not zero.
    for (const name of ["rate_to_budget", "rate_over_budget", "country_match", "available", "job_success"]) expect(value(f3!, name)).toBeNaN();
    expect(value(f3!, "rating")).toBe(4.5);
    expect(value(f1!, "job_age_days")).toBeCloseTo(10, 12);
  });

  it("counts client history from other jobs before this job was posted only", async () => {
    const [f1, f3] = await extractor().extract(jobCtx, [fused("f1", 1), fused("f3", 2)]);
    // f1 on j1 (client c1): apply + hire before 2024-02-01; the apply on j2 in March is later.
    expect(value(f1!, "client_interactions")).toBe(2);
    expect(value(f1!, "client_hires")).toBe(1);
    expect(value(f3!, "client_interactions")).toBe(0);
    // For j1 itself (no posting time, so no time bound), its own apply/hire are not history; the
    // apply on j2, another job of client c1, is.
    const j1 = JOBS.find((j) => j.id === "j1")!;
    const [own] = await extractor().extract({ ...jobCtx, source: { kind: "job", job: j1 } }, [fused("f1", 1)]);
    expect(value(own!, "client_interactions")).toBe(1);
    expect(value(own!, "client_hires")).toBe(0);
  });

  it("takes channel scores and ranks, scaled by the best in the query, and leaves unretrieved channels missing", async () => {
    const cand = (id: string, raw: number, rank: number) => ({ id, score: raw, rank, trace: { channel: "vector" as const, cosine: raw } });
    const v = (raw: number, rank: number, id: string) => ({ raw, normalized: raw, rank, contribution: raw, candidate: cand(id, raw, rank) });
    const [a, b] = await extractor().extract(jobCtx, [
      fused("f1", 1, { vector: v(0.8, 1, "f1"), keyword: null }),
      fused("f2", 2, { vector: v(0.4, 2, "f2"), keyword: null }),
    ]);
    expect(value(a!, "vector_raw")).toBeCloseTo(0.8, 12);
    expect(value(b!, "vector_scaled")).toBeCloseTo(0.5, 12);
    expect(value(b!, "vector_rank")).toBe(2);
    expect(value(a!, "keyword_rank")).toBeNaN();
    expect(value(a!, "channels_retrieved")).toBe(1);
    expect(value(b!, "fused_rank")).toBe(2);
  });

  it("reads a job candidate against the source freelancer for recommendJobs", async () => {
    const [f1] = await store.getFreelancers(["f1"]);
    const ctx: QueryContext = { target: "jobs", source: { kind: "freelancer", freelancer: f1! }, text: "Developer f1", skills: [] };
    const [j4, j1] = await extractor().extract(ctx, [fused("j4", 1), fused("j1", 2)]);
    expect(value(j4!, "required_exact")).toBe(0.5);
    expect(value(j1!, "required_exact")).toBe(1);
    expect(value(j4!, "job_skills")).toBe(3);
    expect(value(j4!, "title_words")).toBe(2);
  });

  it("returns nothing for no candidates", async () => {
    expect(await extractor().extract(jobCtx, [])).toEqual([]);
  });
});
