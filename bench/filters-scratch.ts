/**
 * Throwaway measurements for filters and retrievers (not a test; prints numbers):
 *   npx tsx bench/filters-scratch.ts [freelancers=100000] [jobs=10000]
 * Synthetic data written straight through the store: clustered 256-d vectors, 2,000 skills with
 * Zipf-ish popularity, hourly rates uniform in [0, 1000) so a rate range picks an exact selectivity
 * (independent of the vectors: the "random filter" case).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { FreelancerFilter, JobFilter } from "../src/core/filters.js";
import type { Freelancer, Interaction, Job, Skill, SkillRelation } from "../src/core/records.js";
import { createRng } from "../src/core/rng.js";
import { openSqliteGraphStore } from "../src/graph-store/sqlite-graph-store.js";
import { SqliteKeywordIndex } from "../src/keyword/sqlite-keyword-index.js";
import { createCollaborativeRetriever } from "../src/retrieve/collaborative-retriever.js";
import { createGraphRetriever } from "../src/retrieve/graph-retriever.js";
import { createKeywordRetriever } from "../src/retrieve/keyword-retriever.js";
import type { QueryContext, Retriever } from "../src/retrieve/retriever.js";
import { createVectorRetriever } from "../src/retrieve/vector-retriever.js";
import { createHnswVectorIndex } from "../src/vector/hnsw-vector-index.js";
import type { VectorIndex } from "../src/vector/vector-index.js";

const N = Number(process.argv[2] ?? 100_000);
const JOBS = Number(process.argv[3] ?? 10_000);
const SKILLS = 2000;
const DIM = 256;
const rng = createRng(7);
const dir = mkdtempSync(join(tmpdir(), "tg-filters-"));
const words = "react python typescript node developer senior engineer data machine learning design logo mobile ios android kotlin swift rust golang cloud aws devops docker kubernetes sql postgres analytics marketing seo writer content video editing animation figma ux ui product manager backend frontend fullstack api integration payments shopify wordpress php laravel django flask java spring scala spark hadoop security testing automation".split(" ");
const sentence = (n: number): string => Array.from({ length: n }, () => rng.pick(words)).join(" ");
const pct = (xs: number[], p: number): number => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ms = (x: number): string => `${x.toFixed(2)} ms`;
const stats = (xs: number[]): string => `p50 ${ms(pct(xs, 0.5))} p95 ${ms(pct(xs, 0.95))}`;
const COUNTRIES = ["DE", "FR", "US", "IN", "BR", "PL", "UA", "PK", "NG", "PH"];

const centres = Array.from({ length: 500 }, () => Float32Array.from({ length: DIM }, () => rng.normal()));
const vector = (): Float32Array => {
  const c = rng.pick(centres);
  const v = Float32Array.from(c, (x) => x + 0.6 * rng.normal());
  let norm = 0;
  for (const x of v) norm += x * x;
  return v.map((x) => x / Math.sqrt(norm));
};
const skillOf = (): string => `s${Math.min(SKILLS - 1, Math.floor(Math.pow(rng.next(), 2) * SKILLS))}`;

async function timeIt<T>(times: number[], body: () => Promise<T> | T): Promise<T> {
  const t = performance.now();
  const out = await body();
  times.push(performance.now() - t);
  return out;
}

async function main(): Promise<void> {
  const store = openSqliteGraphStore({ path: join(dir, "store.db") });
  const skills: Skill[] = Array.from({ length: SKILLS }, (_, i) => ({ id: `s${i}`, name: `${rng.pick(words)} ${i}`, aliases: [] }));
  const relations: SkillRelation[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < SKILLS * 4; i++) {
    const from = `s${rng.int(0, SKILLS - 1)}`;
    const to = `s${rng.int(0, SKILLS - 1)}`;
    if (from === to || seen.has(`${from}|${to}`)) continue;
    seen.add(`${from}|${to}`);
    relations.push({ from, to, type: rng.chance(0.7) ? "RELATED_TO" : "BROADER_THAN", weight: Math.round(rng.next() * 100) / 100 });
  }
  await store.write({ skills: skills.map((record) => ({ record, hash: record.id })), skillRelations: relations });

  const freelancer = (i: number): Freelancer => {
    const ids = new Set<string>();
    while (ids.size < 8) ids.add(skillOf());
    return {
      id: `f${String(i).padStart(6, "0")}`,
      name: `Person ${i}`,
      title: sentence(4),
      overview: sentence(30),
      skills: [...ids].map((skillId) => ({ skillId, level: rng.int(1, 5), source: "id" as const })),
      hourlyRate: rng.next() * 1000,
      country: rng.pick(COUNTRIES),
      available: rng.chance(0.6),
      rating: Math.round(rng.next() * 50) / 10,
      jobSuccess: rng.next(),
      archetype: i % 100 === 0,
    };
  };
  const fVectors: Float32Array[] = [];
  const fIds: string[] = [];
  let t = performance.now();
  for (let start = 0; start < N; start += 5000) {
    const batch = [];
    for (let i = start; i < Math.min(N, start + 5000); i++) {
      const v = vector();
      const record = freelancer(i);
      fVectors.push(v);
      fIds.push(record.id);
      batch.push({ record, hash: `h${i}`, vector: v });
    }
    await store.write({ freelancers: batch });
  }
  console.log(`wrote ${N} freelancers in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const jVectors: Float32Array[] = [];
  const jobs: Job[] = [];
  const interactions: Interaction[] = [];
  for (let i = 0; i < JOBS; i++) {
    const ids = new Set<string>();
    while (ids.size < 5) ids.add(skillOf());
    const min = rng.int(5, 500);
    jobs.push({
      id: `j${String(i).padStart(6, "0")}`,
      title: sentence(5),
      description: sentence(40),
      skills: [...ids].map((skillId, k) => ({ skillId, importance: k < 3 ? ("required" as const) : ("preferred" as const), source: "id" as const })),
      budget: { type: rng.chance(0.5) ? "hourly" : "fixed", min, max: min + rng.int(0, 500) },
      experienceLevel: rng.pick(["entry", "intermediate", "expert"] as const),
      postedAt: new Date(Date.UTC(2024, 0, 1) + rng.int(0, 365) * 86_400_000).toISOString(),
      status: rng.chance(0.8) ? "open" : "closed",
      country: rng.pick(COUNTRIES),
    });
    jVectors.push(vector());
    for (const type of ["apply", "apply", "apply", "interview", "hire"] as const) {
      if (type === "hire" && !rng.chance(0.3)) continue;
      interactions.push({ type, jobId: jobs[i]!.id, freelancerId: rng.pick(fIds), at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString() });
    }
  }
  await store.write({ jobs: jobs.map((record, i) => ({ record, hash: record.id, vector: jVectors[i]! })), interactions });
  console.log(`wrote ${JOBS} jobs, ${interactions.length} interactions`);

  // ---- compileFilter -------------------------------------------------------------------------
  t = performance.now();
  await store.compileFilter("freelancers", {});
  console.log(`compileFilter first call (columns + postings build, ${N} freelancers): ${ms(performance.now() - t)}`);
  t = performance.now();
  await store.compileFilter("jobs", {});
  console.log(`compileFilter first call (jobs, ${JOBS}): ${ms(performance.now() - t)}`);
  const freelancerFilters: Array<[string, FreelancerFilter]> = [
    ["empty (archetypes excluded)", {}],
    ["hourly rate range", { minHourlyRate: 100, maxHourlyRate: 200 }],
    ["countries (2)", { countries: ["de", "FR"] }],
    ["available", { available: true }],
    ["minRating", { minRating: 4 }],
    ["minJobSuccess", { minJobSuccess: 0.9 }],
    ["skillIds (1 common)", { skillIds: ["s1"] }],
    ["skillIds (3)", { skillIds: ["s1", "s5", "s40"] }],
    ["combined (rate, countries, available, rating, skill)", { minHourlyRate: 50, maxHourlyRate: 500, countries: ["DE", "US", "IN"], available: true, minRating: 2, skillIds: ["s3"] }],
  ];
  for (const [name, filter] of freelancerFilters) {
    const times: number[] = [];
    let count = 0;
    for (let q = 0; q < 50; q++) count = (await timeIt(times, () => store.compileFilter("freelancers", filter))).count;
    const idsTimes: number[] = [];
    const compiled = await store.compileFilter("freelancers", filter);
    await timeIt(idsTimes, () => compiled.ids());
    const allowTimes: number[] = [];
    await timeIt(allowTimes, () => {
      let n = 0;
      for (const id of fIds) if (compiled.allow(id)) n++;
      return n;
    });
    console.log(`compileFilter freelancers ${name}: ${stats(times)}; count ${count}; ids() ${ms(idsTimes[0]!)}; allow() × ${N} ${ms(allowTimes[0]!)}`);
  }
  const jobFilters: Array<[string, JobFilter]> = [
    ["budgetType", { budgetType: "hourly" }],
    ["budget range", { minBudget: 100, maxBudget: 200 }],
    ["experienceLevels", { experienceLevels: ["expert"] }],
    ["statuses", { statuses: ["open"] }],
    ["postedSince", { postedSince: "2024-10-01T00:00:00Z" }],
    ["skillIds (2)", { skillIds: ["s1", "s2"] }],
  ];
  for (const [name, filter] of jobFilters) {
    const times: number[] = [];
    let count = 0;
    for (let q = 0; q < 50; q++) count = (await timeIt(times, () => store.compileFilter("jobs", filter))).count;
    console.log(`compileFilter jobs ${name}: ${stats(times)}; count ${count}`);
  }

  // ---- keyword and graph channels --------------------------------------------------------------
  const keyword = createKeywordRetriever({ keyword: new SqliteKeywordIndex(store) });
  const graph = createGraphRetriever({ store });
  const selectivities = [0.001, 0.01, 0.1, 0.5];
  const filterAt = (s: number): FreelancerFilter => ({ maxHourlyRate: 1000 * s, includeArchetypes: true });
  const base = (extra: Partial<QueryContext> = {}): QueryContext => ({ target: "freelancers", source: { kind: "text", text: "" }, text: "", skills: [], ...extra });
  for (const s of [undefined, ...selectivities]) {
    const compiled = s === undefined ? undefined : await store.compileFilter("freelancers", filterAt(s));
    const allow = compiled === undefined ? {} : { allow: compiled.allow, allowedCount: compiled.count, allowedIds: () => compiled.ids() };
    const kTimes: number[] = [];
    const gTimes: number[] = [];
    let kGot = 0;
    let gGot = 0;
    const runs = s === undefined ? 50 : 20;
    for (let q = 0; q < runs; q++) {
      const text = sentence(rng.int(1, 3));
      kGot += (await timeIt(kTimes, () => keyword.retrieve(base({ text, ...allow }), 100))).candidates.length;
      const skills = Array.from({ length: 3 }, () => ({ skillId: skillOf(), weight: 1 }));
      gGot += (await timeIt(gTimes, () => graph.retrieve(base({ skills, ...allow, graph: { maxHops: 2, decay: 0.5, degreeCap: 50 } }), 100))).candidates.length;
    }
    const label = s === undefined ? "no filter" : `${s * 100}% pass`;
    console.log(`keyword retriever (1-3 words, depth 100, ${label}): ${stats(kTimes)}; avg results ${kGot / runs}`);
    console.log(`graph retriever (3 seeds, 2 hops, depth 100, ${label}): ${stats(gTimes)}; avg results ${gGot / runs}`);
  }

  // ---- vector channel ----------------------------------------------------------------------------
  t = performance.now();
  const build = (exactFilterRatio: number): VectorIndex => createHnswVectorIndex({ dir, kind: "freelancers", modelId: "m", dimensions: DIM, initialCapacity: N, exactFilterRatio });
  const index = build(0.01);
  fVectors.forEach((v, i) => index.upsert(fIds[i]!, v));
  console.log(`hnsw build ${N}×${DIM}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  // Same graph, adapter exact path off: the pure filtered graph walk (with the short-result fallback).
  await index.save({ generation: 1 });
  const { loadHnswVectorIndex } = await import("../src/vector/hnsw-vector-index.js");
  const pureHnsw = await loadHnswVectorIndex({ dir, kind: "freelancers", modelId: "m", dimensions: DIM, exactFilterRatio: 0 });
  const jobIndex = createHnswVectorIndex({ dir, kind: "jobs", modelId: "m", dimensions: DIM, initialCapacity: JOBS });
  jobs.forEach((j, i) => jobIndex.upsert(j.id, jVectors[i]!));
  const dummy = createHnswVectorIndex({ dir, kind: "skills", modelId: "m", dimensions: DIM });

  const variants: Array<[string, Retriever]> = [
    ["retriever exact path (allowedIds)", createVectorRetriever({ indexes: { freelancers: index, jobs: jobIndex, skills: dummy }, exactThreshold: Infinity })],
    ["index default (exactFilterRatio 0.01)", createVectorRetriever({ indexes: { freelancers: index, jobs: jobIndex, skills: dummy }, exactThreshold: 0 })],
    ["pure filtered HNSW (ratio 0)", createVectorRetriever({ indexes: { freelancers: pureHnsw, jobs: jobIndex, skills: dummy }, exactThreshold: 0 })],
  ];
  const queries = Array.from({ length: 30 }, () => vector());
  for (const depth of [10, 100]) {
    for (const s of [undefined, 0.001, 0.005, 0.01, 0.02, 0.1, 0.5]) {
      const compiled = s === undefined ? undefined : await store.compileFilter("freelancers", filterAt(s));
      const allowedIdx = compiled === undefined ? fIds.map((_, i) => i) : fIds.flatMap((id, i) => (compiled.allow(id) ? [i] : []));
      const truth = queries.map((q) => {
        const scored = allowedIdx.map((i) => {
          const v = fVectors[i]!;
          let d = 0;
          for (let j = 0; j < DIM; j++) d += v[j]! * q[j]!;
          return { id: fIds[i]!, s: d };
        });
        scored.sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1));
        return new Set(scored.slice(0, depth).map((x) => x.id));
      });
      const label = s === undefined ? "no filter" : `${s * 100}% pass (${compiled!.count})`;
      for (const [name, retriever] of variants) {
        if (s === undefined && name !== variants[1]![0]) continue;
        // Exact scoring of 50k ids takes seconds per query; 10% is measured at depth 10 only.
        if (s !== undefined && name === variants[0]![0] && (s > 0.1 || (s === 0.1 && depth === 100))) continue;
        const times: number[] = [];
        let found = 0;
        let expected = 0;
        for (const [qi, q] of queries.entries()) {
          const ctx = base({ vector: q, ...(compiled === undefined ? {} : { allow: compiled.allow, allowedCount: compiled.count, allowedIds: () => compiled.ids() }) });
          const out = await timeIt(times, () => retriever.retrieve(ctx, depth));
          found += out.candidates.filter((c) => truth[qi]!.has(c.id)).length;
          expected += truth[qi]!.size;
        }
        console.log(`vector depth ${depth}, ${label}, ${name}: recall ${(found / expected).toFixed(3)}, ${stats(times)}`);
      }
    }
  }

  // getPoint cost (what the exact path pays per allowed id).
  {
    const times: number[] = [];
    await timeIt(times, () => {
      for (let i = 0; i < 2000; i++) index.get(fIds[i]!);
    });
    console.log(`index.get × 2000: ${ms(times[0]!)} (${((times[0]! / 2000) * 1000).toFixed(1)} µs each)`);
  }

  // ---- collaborative --------------------------------------------------------------------------------
  {
    const collaborative = createCollaborativeRetriever({ store, indexes: { freelancers: index, jobs: jobIndex, skills: dummy } });
    const times: number[] = [];
    let got = 0;
    for (let q = 0; q < 50; q++) {
      const job = rng.pick(jobs);
      got += (await timeIt(times, () => collaborative.retrieve({ target: "freelancers", source: { kind: "job", job }, text: "", skills: [] }, 100))).candidates.length;
    }
    console.log(`collaborative job→freelancers (30 similar jobs, depth 100): ${stats(times)}; avg results ${got / 50}`);
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
