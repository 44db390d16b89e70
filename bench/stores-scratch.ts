/**
 * Throwaway measurements for the embedded stores (not a test; prints numbers):
 *   npx tsx bench/stores-scratch.ts [freelancers=100000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createRng } from "../src/core/rng.js";
import type { Freelancer, Skill, SkillRelation } from "../src/core/records.js";
import { openSqliteGraphStore } from "../src/graph-store/sqlite-graph-store.js";
import { SqliteKeywordIndex } from "../src/keyword/sqlite-keyword-index.js";
import { createHnswVectorIndex } from "../src/vector/hnsw-vector-index.js";

const N = Number(process.argv[2] ?? 100_000);
const SKILLS = 2000;
const DIM = 256;
const rng = createRng(1);
const dir = mkdtempSync(join(tmpdir(), "tg-bench-"));
const words = "react python typescript node developer senior engineer data machine learning design logo mobile ios android kotlin swift rust golang cloud aws devops docker kubernetes sql postgres analytics marketing seo writer content video editing animation figma ux ui product manager backend frontend fullstack api integration payments shopify wordpress php laravel django flask java spring scala spark hadoop security testing automation".split(" ");
const sentence = (n: number): string => Array.from({ length: n }, () => rng.pick(words)).join(" ");
const pct = (xs: number[], p: number): number => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ms = (x: number): string => `${x.toFixed(2)} ms`;

// Clustered vectors: more like real embeddings than isotropic noise.
const centres = Array.from({ length: 500 }, () => Float32Array.from({ length: DIM }, () => rng.normal()));
const vector = (): Float32Array => {
  const c = rng.pick(centres);
  return Float32Array.from(c, (x) => x + 0.6 * rng.normal());
};

async function main(): Promise<void> {
  const store = openSqliteGraphStore({ path: join(dir, "store.db") });
  const skills: Skill[] = Array.from({ length: SKILLS }, (_, i) => ({ id: `s${i}`, name: `${rng.pick(words)} ${i}`, aliases: [], description: sentence(8) }));
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

  // Zipf-ish skill popularity.
  const skillOf = (): string => `s${Math.min(SKILLS - 1, Math.floor(Math.pow(rng.next(), 2) * SKILLS))}`;
  const freelancer = (i: number): Freelancer => {
    const ids = new Set<string>();
    while (ids.size < 8) ids.add(skillOf());
    return {
      id: `f${String(i).padStart(6, "0")}`,
      name: `Person ${i}`,
      title: sentence(4),
      overview: sentence(60),
      skills: [...ids].map((skillId) => ({ skillId, level: rng.int(1, 5), source: "id" as const })),
      hourlyRate: rng.int(10, 200),
      country: rng.pick(["DE", "FR", "US", "IN", "BR"]),
      archetype: i % 100 === 0,
    };
  };
  const vectors: Float32Array[] = [];
  const BATCH = 5000;
  let writeMs = 0;
  for (let start = 0; start < N; start += BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(N, start + BATCH); i++) {
      const v = vector();
      vectors.push(v);
      batch.push({ record: freelancer(i), hash: `h${i}`, vector: v });
    }
    const t = performance.now();
    await store.write({ freelancers: batch });
    writeMs += performance.now() - t;
  }
  console.log(`sqlite write: ${N} freelancers (8 skills, FTS, ${DIM}-d blob) in ${(writeMs / 1000).toFixed(1)} s = ${Math.round(N / (writeMs / 1000))}/s`);

  // Re-upsert (update path: replace edges + FTS rows).
  {
    const batch = Array.from({ length: BATCH }, (_, i) => ({ record: freelancer(i), hash: `u${i}`, vector: vectors[i]! }));
    const t = performance.now();
    await store.write({ freelancers: batch });
    console.log(`sqlite update: ${Math.round(BATCH / ((performance.now() - t) / 1000))}/s`);
  }

  // candidatesBySkills
  {
    let t = performance.now();
    await store.candidatesBySkills("freelancers", [{ skillId: "s1", weight: 1 }], { limit: 100 });
    console.log(`candidatesBySkills first call (adjacency + postings build): ${ms(performance.now() - t)}`);
    const times: number[] = [];
    let touched = 0;
    for (let q = 0; q < 200; q++) {
      const seeds = Array.from({ length: 3 }, () => ({ skillId: skillOf(), weight: 1 }));
      t = performance.now();
      const out = await store.candidatesBySkills("freelancers", seeds, { limit: 100, filter: (id) => id.charCodeAt(id.length - 1) % 2 === 0 });
      times.push(performance.now() - t);
      touched += out.length;
    }
    console.log(`candidatesBySkills (3 seeds, 2 hops, limit 100, filter) p50 ${ms(pct(times, 0.5))} p95 ${ms(pct(times, 0.95))}; avg results ${touched / 200}`);
    const ex = await store.expandSkills([{ skillId: "s1", weight: 1 }, { skillId: "s2", weight: 1 }, { skillId: "s3", weight: 1 }]);
    console.log(`  (expansion size for 3 seeds: ${ex.length})`);
  }

  // keyword
  {
    const keyword = new SqliteKeywordIndex(store);
    const times: number[] = [];
    for (let q = 0; q < 200; q++) {
      const text = sentence(rng.int(1, 3));
      const t = performance.now();
      await keyword.search("freelancers", text, 20);
      times.push(performance.now() - t);
    }
    console.log(`keyword search (1-3 common words, k 20, ${N} docs) p50 ${ms(pct(times, 0.5))} p95 ${ms(pct(times, 0.95))}`);
    const rare: number[] = [];
    for (let q = 0; q < 200; q++) {
      const t = performance.now();
      await keyword.search("freelancers", `${rng.pick(words)} ${rng.int(0, 1999)}`, 20, { filter: (id) => id.endsWith("7") });
      rare.push(performance.now() - t);
    }
    console.log(`keyword search with filter (1/10 pass) p50 ${ms(pct(rare, 0.5))} p95 ${ms(pct(rare, 0.95))}`);
  }
  await store.close();

  // HNSW
  if (process.env.SKIP_HNSW === undefined) {
    const index = createHnswVectorIndex({ dir, kind: "freelancers", modelId: "m", dimensions: DIM });
    let t = performance.now();
    vectors.forEach((v, i) => index.upsert(`f${i}`, v));
    const buildS = (performance.now() - t) / 1000;
    console.log(`hnsw build ${N}×${DIM} (M 16, efC 200): ${buildS.toFixed(1)} s = ${Math.round(N / buildS)}/s`);
    t = performance.now();
    await index.save({ generation: 1 });
    console.log(`hnsw save: ${ms(performance.now() - t)}`);
    const queries = Array.from({ length: 100 }, () => vector());
    const norms = vectors.map((v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)));
    const truth = queries.map((q) => {
      const qn = Math.sqrt(q.reduce((s, x) => s + x * x, 0));
      const scored = vectors.map((v, i) => {
        let d = 0;
        for (let j = 0; j < DIM; j++) d += v[j]! * q[j]!;
        return { i, s: d / (norms[i]! * qn) };
      });
      scored.sort((a, b) => b.s - a.s);
      return new Set(scored.slice(0, 10).map((x) => `f${x.i}`));
    });
    for (const ef of [32, 64, 128, 256]) {
      const times: number[] = [];
      let found = 0;
      queries.forEach((q, qi) => {
        const t0 = performance.now();
        const hits = index.search(q, 10, { ef });
        times.push(performance.now() - t0);
        found += hits.filter((h) => truth[qi]!.has(h.id)).length;
      });
      console.log(`hnsw search ef ${ef}: recall@10 ${(found / 1000).toFixed(3)}, p50 ${ms(pct(times, 0.5))} p95 ${ms(pct(times, 0.95))}`);
    }
    for (const ratio of [0.001, 0.01, 0.1]) {
      const times: number[] = [];
      const mod = Math.round(1 / ratio);
      queries.slice(0, 30).forEach((q) => {
        const t0 = performance.now();
        index.search(q, 10, { filter: (id) => Number(id.slice(1)) % mod === 0 });
        times.push(performance.now() - t0);
      });
      console.log(`hnsw filtered search (${ratio * 100}% pass): p50 ${ms(pct(times, 0.5))} p95 ${ms(pct(times, 0.95))}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

await main();
