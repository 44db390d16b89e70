/**
 * The four retrieval channels over a real SQLite store, FTS5 keyword index and hnswlib indexes.
 * Hand-checkable fixture: 60 freelancers f00..f59 on the unit circle in 4-d, angle 0.05 × ⌊i/2⌋,
 * so f00/f01, f02/f03, … are exact ties and the query [1, 0, 0, 0] ranks them in id order.
 * Even ids: "React developer", skills react + js; odd ids: "Python developer", skills py + js.
 * Country "NZ" for i % 10 === 0 (six: f00, f10, …, f50), else "DE"; hourly rate = i.
 * One archetype "fz" sits exactly on the query vector with React skills and title: excluded by
 * every channel unless the filter includes archetypes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FreelancerFilter } from "../../src/core/filters.js";
import type { Freelancer, Interaction, Job, VectorKind } from "../../src/core/records.js";
import type { GraphStore } from "../../src/graph-store/graph-store.js";
import { openSqliteGraphStore } from "../../src/graph-store/sqlite-graph-store.js";
import { SqliteKeywordIndex } from "../../src/keyword/sqlite-keyword-index.js";
import { createCollaborativeRetriever } from "../../src/retrieve/collaborative-retriever.js";
import { createGraphRetriever } from "../../src/retrieve/graph-retriever.js";
import { createKeywordRetriever } from "../../src/retrieve/keyword-retriever.js";
import type { ChannelResult, ChannelTrace, QueryContext, Retriever } from "../../src/retrieve/retriever.js";
import { createVectorRetriever } from "../../src/retrieve/vector-retriever.js";
import { createHnswVectorIndex } from "../../src/vector/hnsw-vector-index.js";
import type { VectorIndex } from "../../src/vector/vector-index.js";
import { RELATIONS, SKILLS } from "../contract/graph-store.fixture.js";

const dir = mkdtempSync(join(tmpdir(), "tg-retrieve-"));
const pad = (i: number): string => String(i).padStart(2, "0");
const circle = (angle: number): Float32Array => Float32Array.from([Math.cos(angle), Math.sin(angle), 0, 0]);
const QUERY = Float32Array.from([1, 0, 0, 0]);

const FREELANCERS: Freelancer[] = Array.from({ length: 60 }, (_, i) => ({
  id: `f${pad(i)}`,
  name: `Person ${i}`,
  title: i % 2 === 0 ? "React developer" : "Python developer",
  overview: "Builds things.",
  skills: (i % 2 === 0 ? ["react", "js"] : ["py", "js"]).map((skillId) => ({ skillId, level: 3, source: "id" as const })),
  hourlyRate: i,
  country: i % 10 === 0 ? "NZ" : "DE",
}));
const ARCHETYPE: Freelancer = { id: "fz", name: "React developer (ESCO)", title: "React developer", overview: "Builds things.", skills: [{ skillId: "react", level: 3, source: "id" }], archetype: true, country: "NZ", hourlyRate: 0 };

const job = (id: string, vector: number[]): { job: Job; vector: Float32Array } => ({
  job: { id, title: `Job ${id}`, description: "Work.", skills: [{ skillId: "js", importance: "required", source: "id" }], status: "open" },
  vector: Float32Array.from(vector),
});
// ja's neighbours: jb (cos 0.99388), jd (0.97014), jc (0: contributes nothing).
const JOBS = [job("ja", [1, 0, 0, 0]), job("jb", [0.9, 0.1, 0, 0]), job("jc", [0, 1, 0, 0]), job("jd", [0.8, 0.2, 0, 0])];
const at = (day: number): string => `2024-01-${pad(day)}T00:00:00Z`;
const INTERACTIONS: Interaction[] = [
  { type: "apply", jobId: "jb", freelancerId: "f01", at: at(1) },
  { type: "hire", jobId: "jb", freelancerId: "f01", at: at(2) },
  { type: "interview", jobId: "jb", freelancerId: "f02", at: at(3) },
  { type: "apply", jobId: "jb", freelancerId: "f03", at: at(4) },
  { type: "view", jobId: "jb", freelancerId: "f04", at: at(5) },
  { type: "click", jobId: "jb", freelancerId: "f04", at: at(6) },
  { type: "apply", jobId: "jd", freelancerId: "f01", at: at(7) },
  { type: "hire", jobId: "jd", freelancerId: "f05", at: at(8) },
  { type: "hire", jobId: "jc", freelancerId: "f06", at: at(9) },
  { type: "hire", jobId: "ja", freelancerId: "f07", at: at(10) },
];

let store: GraphStore;
let indexes: Record<VectorKind, VectorIndex>;
let vector: Retriever;
let keyword: Retriever;
let graph: Retriever;
let collaborative: Retriever;

beforeAll(async () => {
  const sqlite = openSqliteGraphStore({ path: join(dir, "store.db") });
  store = sqlite;
  await store.write({
    skills: SKILLS.map((record) => ({ record, hash: record.id })),
    skillRelations: RELATIONS,
    freelancers: [...FREELANCERS, ARCHETYPE].map((record) => ({ record, hash: record.id })),
    jobs: JOBS.map(({ job: record }) => ({ record, hash: record.id })),
    interactions: INTERACTIONS,
  });
  const make = (kind: VectorKind): VectorIndex => createHnswVectorIndex({ dir, kind, modelId: "hand-made", dimensions: 4 });
  indexes = { freelancers: make("freelancers"), jobs: make("jobs"), skills: make("skills") };
  FREELANCERS.forEach((f, i) => indexes.freelancers.upsert(f.id, circle(0.05 * Math.floor(i / 2))));
  indexes.freelancers.upsert(ARCHETYPE.id, QUERY);
  for (const j of JOBS) indexes.jobs.upsert(j.job.id, j.vector);
  vector = createVectorRetriever({ indexes });
  keyword = createKeywordRetriever({ keyword: new SqliteKeywordIndex(sqlite) });
  graph = createGraphRetriever({ store });
  collaborative = createCollaborativeRetriever({ store, indexes });
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const textCtx = (extra: Partial<QueryContext> = {}): QueryContext => ({ target: "freelancers", source: { kind: "text", text: "react" }, text: "react", skills: [{ skillId: "react", weight: 1 }], vector: QUERY, ...extra });

/** The context fields the pipeline derives from a compiled filter. */
async function filtered(filter: FreelancerFilter, withIds = true): Promise<Pick<QueryContext, "allow" | "allowedCount" | "allowedIds">> {
  const compiled = await store.compileFilter("freelancers", filter);
  return { allow: compiled.allow, allowedCount: compiled.count, ...(withIds ? { allowedIds: () => compiled.ids() } : {}) };
}

const ids = (r: ChannelResult): string[] => r.candidates.map((c) => c.id);
/** 5 decimals: hnswlib stores float32 vectors. */
const round = (x: number): number => Math.round(x * 1e5) / 1e5;
function roundVia(trace: ChannelTrace): unknown {
  expect(trace.channel).toBe("collaborative");
  return trace.channel === "collaborative" ? trace.via.map((v) => ({ ...v, similarity: round(v.similarity) })) : undefined;
}

function expectRanked(r: ChannelResult): void {
  r.candidates.forEach((c, i) => {
    expect(c.rank).toBe(i + 1);
    const next = r.candidates[i + 1];
    if (next !== undefined) expect(c.score > next.score || (c.score === next.score && c.id < next.id)).toBe(true);
  });
  expect(r.tookMs).toBeGreaterThanOrEqual(0);
}

describe("vector retriever", () => {
  it("ranks by cosine with ties broken by id", async () => {
    const r = await vector.retrieve(textCtx(await filtered({})), 5);
    expect(ids(r)).toEqual(["f00", "f01", "f02", "f03", "f04"]);
    expect(r.candidates[0]!.score).toBeCloseTo(1, 6);
    expect(r.candidates[0]!.score).toBe(r.candidates[1]!.score);
    expect(r.candidates[2]!.trace).toEqual({ channel: "vector", cosine: r.candidates[2]!.score });
    expect(r.candidates[2]!.score).toBeCloseTo(Math.cos(0.05), 5);
    expectRanked(r);
  });

  it("returns [] with a note when there is no vector", async () => {
    const r = await vector.retrieve(textCtx({ vector: undefined }), 5);
    expect(r.candidates).toEqual([]);
    expect(r.note).toMatch(/no query vector/);
  });

  it("fills the depth under a selective filter, with or without the exact path", async () => {
    const want = ["f00", "f10", "f20", "f30", "f40", "f50"];
    expect(ids(await vector.retrieve(textCtx(await filtered({ countries: ["NZ"] })), 10))).toEqual(want);
    expect(ids(await vector.retrieve(textCtx(await filtered({ countries: ["NZ"] }, false)), 10))).toEqual(want);
    const hnswOnly = createVectorRetriever({ indexes, exactThreshold: 0 });
    expect(ids(await hnswOnly.retrieve(textCtx(await filtered({ countries: ["NZ"] })), 10))).toEqual(want);
    // 12 allowed (rate 0..11), depth 10: exactly 10 back.
    const r = await vector.retrieve(textCtx(await filtered({ maxHourlyRate: 11 })), 10);
    expect(ids(r)).toEqual(FREELANCERS.slice(0, 10).map((f) => f.id));
  });

  it("exact and HNSW paths agree", async () => {
    const allow = await filtered({ maxHourlyRate: 30 });
    const exact = await vector.retrieve(textCtx(allow), 20);
    const walked = await createVectorRetriever({ indexes, exactThreshold: 0 }).retrieve(textCtx(allow), 20);
    expect(ids(exact)).toEqual(ids(walked));
    exact.candidates.forEach((c, i) => expect(c.score).toBeCloseTo(walked.candidates[i]!.score, 6));
  });
});

describe("keyword retriever", () => {
  it("ranks BM25 matches, ties by id, and lists the query terms", async () => {
    const r = await keyword.retrieve(textCtx({ text: "React!", ...(await filtered({})) }), 4);
    expect(ids(r)).toEqual(["f00", "f02", "f04", "f06"]);
    expect(r.candidates[0]!.trace).toEqual({ channel: "keyword", bm25: r.candidates[0]!.score, terms: ["react"] });
    expect(r.candidates[0]!.score).toBeGreaterThan(0);
    expectRanked(r);
  });

  it("returns [] with a note for text without terms", async () => {
    const r = await keyword.retrieve(textCtx({ text: " !?* " }), 5);
    expect(r.candidates).toEqual([]);
    expect(r.note).toMatch(/no searchable terms/);
  });

  it("fills the depth under a selective filter", async () => {
    const r = await keyword.retrieve(textCtx({ text: "developer", ...(await filtered({ maxHourlyRate: 11 })) }), 10);
    expect(ids(r)).toEqual(FREELANCERS.slice(0, 10).map((f) => f.id));
  });
});

describe("graph retriever", () => {
  it("scores by skill coverage with paths, and takes traversal settings from ctx.graph", async () => {
    const direct = await graph.retrieve(textCtx({ ...(await filtered({})), graph: { maxHops: 0, decay: 0.5, degreeCap: 50 } }), 100);
    expect(ids(direct)).toEqual(FREELANCERS.filter((_, i) => i % 2 === 0).map((f) => f.id));
    // level 3 → edge weight 0.6; seed weight 1.
    expect(direct.candidates[0]!.score).toBeCloseTo(0.6, 9);
    expect(direct.candidates[0]!.trace).toEqual({ channel: "graph", matches: [{ skillId: "react", seedId: "react", weight: 0.6, path: [] }] });
    // One hop reaches js (react -RT .6-> js, × decay 0.5 = 0.3), which odd ids hold too.
    const hop = await graph.retrieve(textCtx({ ...(await filtered({})), graph: { maxHops: 1, decay: 0.5, degreeCap: 50 } }), 100);
    expect(hop.candidates).toHaveLength(60);
    const odd = hop.candidates.find((c) => c.id === "f01")!;
    expect(odd.score).toBeCloseTo(0.3 * 0.6, 9);
    expect(odd.trace.channel === "graph" && odd.trace.matches[0]!.path).toEqual([{ from: "react", to: "js", type: "RELATED_TO", direction: "out", weight: 0.6 }]);
    expectRanked(hop);
  });

  it("returns [] with a note when no skills are linked", async () => {
    const r = await graph.retrieve(textCtx({ skills: [] }), 5);
    expect(r.candidates).toEqual([]);
    expect(r.note).toBe("no skills linked in the query");
  });

  it("fills the depth under a selective filter", async () => {
    // 12 allowed (rate 0..11). Even ids also reach react from js (2 hops), so they rank first.
    const r = await graph.retrieve(textCtx({ skills: [{ skillId: "js", weight: 1 }], ...(await filtered({ maxHourlyRate: 11 })) }), 10);
    expect(ids(r)).toEqual(["f00", "f02", "f04", "f06", "f08", "f10", "f01", "f03", "f05", "f07"]);
  });
});

describe("every channel honours the filter", () => {
  const channels = (): Array<[string, Retriever]> => [
    ["vector", vector],
    ["keyword", keyword],
    ["graph", graph],
  ];

  it("returns only allowed ids, and never the archetype unless the filter includes archetypes", async () => {
    const nz = await filtered({ countries: ["nz"] });
    for (const [name, retriever] of channels()) {
      const r = await retriever.retrieve(textCtx({ text: "react developer", skills: [{ skillId: "react", weight: 1 }, { skillId: "py", weight: 1 }], ...nz }), 50);
      expect(ids(r).sort(), name).toEqual(["f00", "f10", "f20", "f30", "f40", "f50"]);
    }
    const withArchetypes = await filtered({ countries: ["NZ"], includeArchetypes: true });
    for (const [name, retriever] of channels()) {
      const r = await retriever.retrieve(textCtx(withArchetypes), 50);
      expect(ids(r), name).toContain("fz");
    }
  });

  it("says so when nothing passes the filter", async () => {
    const none = await filtered({ countries: ["XX"] });
    for (const [name, retriever] of [...channels(), ["collaborative", collaborative] as [string, Retriever]]) {
      const r = await retriever.retrieve(textCtx({ ...none, source: { kind: "job", job: JOBS[0]!.job } }), 10);
      expect(r.candidates, name).toEqual([]);
      expect(r.note, name).toBe("no record passes the filter");
    }
  });
});

describe("collaborative retriever", () => {
  const jobCtx = (extra: Partial<QueryContext> = {}): QueryContext => ({ target: "freelancers", source: { kind: "job", job: JOBS[0]!.job }, text: "", skills: [], ...extra });

  it("job → freelancers: Σ similarity × strongest interaction over similar jobs, views ignored, the job itself excluded", async () => {
    const r = await collaborative.retrieve(jobCtx(), 10);
    const sb = 0.9 / Math.sqrt(0.82);
    const sd = 0.8 / Math.sqrt(0.68);
    expect(ids(r)).toEqual(["f01", "f05", "f02", "f03"]);
    expect(r.candidates.map((c) => round(c.score))).toEqual([sb + 0.3 * sd, sd, 0.6 * sb, 0.3 * sb].map(round));
    expect(roundVia(r.candidates[0]!.trace)).toEqual([
      { jobId: "jb", similarity: round(sb), interaction: "hire", weight: 1 },
      { jobId: "jd", similarity: round(sd), interaction: "apply", weight: 0.3 },
    ]);
    expectRanked(r);
  });

  it("job → freelancers respects the allow-list", async () => {
    const r = await collaborative.retrieve(jobCtx({ allow: (id) => id !== "f05", allowedCount: 59 }), 10);
    expect(ids(r)).toEqual(["f01", "f02", "f03"]);
  });

  it("freelancer → jobs: jobs similar to the ones hired or interviewed for, excluding those", async () => {
    const [f01] = await store.getFreelancers(["f01"]);
    const r = await collaborative.retrieve({ target: "jobs", source: { kind: "freelancer", freelancer: f01! }, text: "", skills: [] }, 10);
    expect(ids(r)).toEqual(["ja", "jd", "jc"]);
    expect(roundVia(r.candidates[1]!.trace)).toEqual([{ jobId: "jb", similarity: round(0.74 / Math.sqrt(0.82 * 0.68)), interaction: "hire", weight: 1 }]);
    const filtered = await collaborative.retrieve({ target: "jobs", source: { kind: "freelancer", freelancer: f01! }, text: "", skills: [], allow: (id) => id !== "ja", allowedCount: 3 }, 10);
    expect(ids(filtered)).toEqual(["jd", "jc"]);
  });

  it("explains empty results", async () => {
    expect((await collaborative.retrieve(textCtx(), 10)).note).toBe("collaborative signal needs a job or freelancer");
    const [f59] = await store.getFreelancers(["f59"]);
    const r = await collaborative.retrieve({ target: "jobs", source: { kind: "freelancer", freelancer: f59! }, text: "", skills: [] }, 10);
    expect(r.candidates).toEqual([]);
    expect(r.note).toMatch(/no hires or interviews/);
  });
});
