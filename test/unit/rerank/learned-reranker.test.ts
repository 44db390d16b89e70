/**
 * The learned reranker with a hand-written XGBoost dump, over the graph-store fixture: it reorders
 * only the top `depth` by the trees' score, keeps the rest in fused order, declines a target it was
 * not trained for, its attributions add up to its score (base + Σ contributions), and a model whose
 * feature list differs from the extractor's is refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTalentgraphError } from "../../../src/core/errors.js";
import type { Job } from "../../../src/core/records.js";
import { buildExplanation } from "../../../src/explain/build-explanation.js";
import type { FusedCandidate } from "../../../src/fuse/fused-candidate.js";
import { openSqliteGraphStore, type SqliteGraphStore } from "../../../src/graph-store/sqlite-graph-store.js";
import { RankProfiles } from "../../../src/pipeline/rank-profile.js";
import { createFeatureExtractor, FEATURE_NAMES, featureIndex } from "../../../src/rerank/features.js";
import { createLearnedReranker } from "../../../src/rerank/learned-reranker.js";
import { loadRerankerModel, RERANKER_FORMAT, saveRerankerModel, type RerankerMeta } from "../../../src/rerank/reranker-model.js";
import type { QueryContext } from "../../../src/retrieve/retriever.js";
import { fixtureBatch } from "../../contract/graph-store.fixture.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "tg-reranker-"));
let store: SqliteGraphStore;

const JOB: Job = {
  id: "jx",
  title: "Python developer",
  description: "Django back end.",
  skills: [
    { skillId: "py", importance: "required", source: "id" },
    { skillId: "django", importance: "required", source: "id" },
  ],
  budget: { type: "hourly", max: 60 },
  status: "open",
};

const req = featureIndex("required_exact");
const rate = featureIndex("rate_to_budget");
/**
 * Tree 0: required_exact < 0.5 → −1 (cover 6), else +2 (cover 2).
 * Tree 1: rate_to_budget < 1 → +0.5 (cover 3), else −0.5 (cover 3); missing rate → the "yes" side.
 */
const DUMP = [
  {
    nodeid: 0, depth: 0, split: `f${req}`, split_condition: 0.5, yes: 1, no: 2, missing: 1, gain: 10, cover: 8,
    children: [{ nodeid: 1, leaf: -1, cover: 6 }, { nodeid: 2, leaf: 2, cover: 2 }],
  },
  {
    nodeid: 0, depth: 0, split: `f${rate}`, split_condition: 1, yes: 1, no: 2, missing: 1, gain: 3, cover: 6,
    children: [{ nodeid: 1, leaf: 0.5, cover: 3 }, { nodeid: 2, leaf: -0.5, cover: 3 }],
  },
];

const META: RerankerMeta = {
  format: RERANKER_FORMAT,
  name: "hand-v1",
  features: [...FEATURE_NAMES],
  baseScore: 0.5,
  objective: "rank:ndcg",
  profile: "hybrid-fused",
  targets: ["freelancers"],
  training: {
    task: "hand-written",
    trainedAt: "2026-11-22T00:00:00.000Z",
    dataHash: "0",
    trainQueries: 0,
    validationQueries: 0,
    trainRows: 0,
    validationRows: 0,
    params: {},
    bestIteration: 1,
    rounds: 2,
    validationNdcg: 0,
  },
};

beforeAll(async () => {
  store = openSqliteGraphStore({ path: ":memory:" });
  await store.migrate();
  await store.write(fixtureBatch());
  await saveRerankerModel(dir, META, DUMP);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const fused = (id: string, rank: number): FusedCandidate => ({ id, score: 1 - rank / 10, rank, channels: {} });
const ctx: QueryContext = { target: "freelancers", source: { kind: "job", job: JOB }, text: "Python developer", skills: [] };

async function reranker() {
  const model = await loadRerankerModel(path.join(dir, "reranker-hand-v1.json"));
  return createLearnedReranker({ model, features: createFeatureExtractor({ store }), store });
}

describe("learned reranker", () => {
  it("rescores the top depth by the trees and keeps the rest in fused order", async () => {
    // f3 holds py and django (required_exact 1, no rate: missing → +0.5); the others hold neither.
    const result = await (await reranker()).rerank(ctx, [fused("f1", 1), fused("f2", 2), fused("f3", 3), fused("f4", 4), fused("f6", 5)], 3);
    const ids = result.candidates.map((c) => c.id);
    expect(ids).toEqual(["f3", "f1", "f2", "f4", "f6"]);
    const [f3, f1, f2, f4] = result.candidates;
    expect(f3!.rerankScore).toBeCloseTo(0.5 + 2 + 0.5, 6);
    // f1: rate 50/60 < 1 → +0.5; f2: 80/60 ≥ 1 → −0.5.
    expect(f1!.rerankScore).toBeCloseTo(0.5 - 1 + 0.5, 6);
    expect(f2!.rerankScore).toBeCloseTo(0.5 - 1 - 0.5, 6);
    expect(f3!.reranked && f1!.reranked && f2!.reranked).toBe(true);
    expect(f4!.reranked).toBe(false);
    expect(f4!.rerankScore).toBe(f4!.score);
  });

  it("attributes each score exactly: base + Σ contributions = score", async () => {
    const result = await (await reranker()).rerank(ctx, [fused("f1", 1), fused("f2", 2), fused("f3", 3)], 3);
    for (const c of result.candidates) {
      const a = c.attribution!();
      const sum = a.contributions.reduce((s, x) => s + x.contribution, a.base);
      expect(sum).toBeCloseTo(c.rerankScore, 9);
      // Expected value: 0.5 + (6·−1 + 2·2)/8 + (3·0.5 + 3·−0.5)/6 = 0.25.
      expect(a.base).toBeCloseTo(0.25, 9);
      expect(a.contributions).toHaveLength(FEATURE_NAMES.length);
      const nonzero = a.contributions.filter((x) => x.contribution !== 0).map((x) => x.feature);
      expect(nonzero.every((f) => f === "required_exact" || f === "rate_to_budget")).toBe(true);
    }
  });

  it("fills the explanation's reranker section, which sums to the final score", async () => {
    const result = await (await reranker()).rerank(ctx, [fused("f3", 1)], 1);
    const candidate = result.candidates[0]!;
    const profile = new RankProfiles().get("hybrid-fused");
    const e = buildExplanation({
      profile,
      candidate,
      reranker: { name: "hand-v1", applied: true },
      channelsRun: [],
      querySkills: [],
      requiredSkillIds: ["py", "django"],
      candidateSkillIds: ["py", "django"],
      skillName: (id) => id,
    });
    expect(e.reranker.applied).toBe(true);
    expect(e.finalScore).toBeCloseTo(3, 6);
    const sum = e.reranker.contributions.reduce((s, x) => s + x.contribution, e.reranker.base ?? Number.NaN);
    expect(sum).toBeCloseTo(e.reranker.score ?? Number.NaN, 9);
    // Missing features are reported as null (GraphQL cannot carry NaN).
    expect(e.reranker.contributions.find((x) => x.feature === "rate_to_budget")?.value).toBeNull();
    expect(e.reranker.contributions[0]?.feature).toBe("required_exact");
  });

  it("declines a target it was not trained for, keeping fused order with a note", async () => {
    const [f1] = await store.getFreelancers(["f1"]);
    const jobsCtx: QueryContext = { target: "jobs", source: { kind: "freelancer", freelancer: f1! }, text: "x", skills: [] };
    const result = await (await reranker()).rerank(jobsCtx, [fused("j1", 1), fused("j2", 2)], 2);
    expect(result.candidates.map((c) => c.id)).toEqual(["j1", "j2"]);
    expect(result.candidates.every((c) => !c.reranked)).toBe(true);
    expect(result.note).toMatch(/trained to rank freelancers/);
  });

  it("keeps fused order when ESCO archetype profiles are among the candidates", async () => {
    // f5 is an archetype in the fixture.
    const result = await (await reranker()).rerank(ctx, [fused("f1", 1), fused("f5", 2), fused("f3", 3)], 3);
    expect(result.candidates.map((c) => c.id)).toEqual(["f1", "f5", "f3"]);
    expect(result.note).toMatch(/not trained on ESCO archetype/);
  });

  it("refuses a model whose feature list differs from the extractor's", async () => {
    const sidecar = path.join(dir, "reranker-hand-v1.meta.json");
    const good = readFileSync(sidecar, "utf8");
    const swapped = [...FEATURE_NAMES];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    for (const features of [swapped, FEATURE_NAMES.slice(0, -1), [...FEATURE_NAMES, "extra_feature"]]) {
      writeFileSync(sidecar, JSON.stringify({ ...META, features }));
      const error = await loadRerankerModel(path.join(dir, "reranker-hand-v1.json")).catch((e: unknown) => e);
      expect(isTalentgraphError(error) && error.code).toBe("MODEL_MISMATCH");
      expect(String((error as Error).message)).toMatch(/position \d+/);
    }
    writeFileSync(sidecar, good);
    await expect(loadRerankerModel(path.join(dir, "reranker-hand-v1.json"))).resolves.toBeDefined();
  });

  it("refuses a malformed sidecar or a missing dump with CONFIG_INVALID", async () => {
    writeFileSync(path.join(dir, "reranker-bad.meta.json"), JSON.stringify({ ...META, name: "bad", format: "other/9" }));
    writeFileSync(path.join(dir, "reranker-bad.json"), JSON.stringify(DUMP));
    const e1 = await loadRerankerModel(path.join(dir, "reranker-bad.json")).catch((e: unknown) => e);
    expect(isTalentgraphError(e1) && e1.code).toBe("CONFIG_INVALID");
    const e2 = await loadRerankerModel(path.join(dir, "reranker-absent.json")).catch((e: unknown) => e);
    expect(isTalentgraphError(e2) && e2.code).toBe("CONFIG_INVALID");
  });
});
