/**
 * The LambdaMART training path against the real XGBoost CLI (Debian `xgboost` 1.7.4): libsvm
 * writing, training with early stopping, the JSON dump, and our in-process evaluator against
 * XGBoost's own `task=pred`. Skipped, loudly, when the xgboost executable is missing.
 *
 * Synthetic data (seeded): 200 queries × 20 documents, 8 features, labels 0..3 from a noisy score.
 * f4 takes a few "awkward" values that XGBoost's non-correctly-rounding parser would read one
 * float32 ulp off if they were written naively; hist split thresholds are data values, so
 * validation rows sit exactly on thresholds and any parse or boundary disagreement shows up.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackendUnavailableError, errorMessage } from "../../src/core/errors.js";
import { createRng, type Rng } from "../../src/core/rng.js";
import { formatFeatureValue, parseFloatLikeXgboost, writeLibsvm } from "../../src/rerank/gbdt/libsvm.js";
import type { TreeEnsemble } from "../../src/rerank/gbdt/tree-ensemble.js";
import {
  predictWithXgboost,
  trainRanker,
  xgboostVersion,
  type RankingRow,
  type TrainOptions,
  type TrainResult,
} from "../../src/rerank/gbdt/xgboost-cli.js";
import { parseXgboostDump } from "../../src/rerank/gbdt/xgboost-dump.js";

let version: string | undefined;
let unavailable = "";
try {
  version = await xgboostVersion();
} catch (error) {
  unavailable = errorMessage(error);
}
if (version === undefined) {
  console.warn(
    `\n!!! test/integration/xgboost.test.ts: SKIPPING the XGBoost CLI tests: ${unavailable}\n` +
      `!!! The LambdaMART training path is NOT tested here. CI installs it: apt-get install -y xgboost\n`,
  );
}

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tg-xgboost-test-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FEATURES = 8;
/** Values a naive writer (String(v)) would hand to XGBoost one float32 ulp off. */
const AWKWARD = (() => {
  const pick = createRng(5);
  const out: number[] = [];
  for (let i = 0; out.length < 8 && i < 100_000; i++) {
    const v = 1 + 99 * pick.next();
    if (parseFloatLikeXgboost(String(v)) !== Math.fround(v)) out.push(v);
  }
  return out.sort((a, b) => a - b);
})();

function makeQuery(rng: Rng, qid: number): RankingRow[] {
  return Array.from({ length: 20 }, () => {
    const f = Array.from({ length: FEATURES }, () => rng.next());
    f[1] = rng.chance(0.15) ? Number.NaN : (f[1] ?? 0);
    f[4] = rng.pick(AWKWARD);
    f[5] = rng.int(0, 5);
    f[7] = rng.chance(0.3) ? Number.NaN : (f[7] ?? 0);
    const [x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0, x5 = 0, , x7 = 0] = f;
    const score =
      1.6 * x0 +
      (Number.isNaN(x1) ? 0.3 : x1) -
      x2 * x3 +
      (x4 > (AWKWARD[3] ?? 0) ? 0.5 : 0) +
      (x5 >= 3 ? 0.4 : 0) +
      (Number.isNaN(x7) ? -0.2 : 0.5 * x7) +
      0.35 * rng.normal();
    return { qid, label: Math.max(0, Math.min(3, Math.floor(score * 1.3))), features: f };
  });
}

const rng = createRng(20240611);
const queries = Array.from({ length: 200 }, (_, q) => makeQuery(rng, q));
// Training rows shuffled across queries: trainRanker must regroup them by qid.
const TRAIN = createRng(1).shuffle(queries.slice(0, 150).flat());
const VALIDATION = queries.slice(150).flat();

// With these settings and data, validation nDCG peaks at round 22 and training stops at round 26.
const PARAMS = { numRound: 40, earlyStoppingRounds: 4, eta: 0.3, maxDepth: 5, subsample: 0.8, colsampleBytree: 0.8 };
const options = (over: Partial<TrainOptions> = {}): TrainOptions => ({
  train: TRAIN,
  validation: VALIDATION,
  featureCount: FEATURES,
  params: PARAMS,
  seed: 42,
  ...over,
});

/** Split thresholds on one feature in a JSON dump. */
function thresholds(dump: unknown, feature: number): Set<number> {
  const out = new Set<number>();
  const visit = (node: { split?: string; split_condition?: number; children?: unknown[] }): void => {
    if (node.split !== undefined && Number(node.split.replace(/^f/, "")) === feature && node.split_condition !== undefined) {
      out.add(Math.fround(node.split_condition));
    }
    for (const child of node.children ?? []) visit(child as typeof node);
  };
  for (const tree of dump as unknown[]) visit(tree as Parameters<typeof visit>[0]);
  return out;
}

describe("libsvm for the XGBoost CLI", () => {
  it("writes `label qid:Q i:v` with 1-based indexes, leaving NaN features out", async () => {
    const file = join(dir, "format.libsvm");
    await writeLibsvm(
      [
        { qid: 7, label: 2, features: [0.5, Number.NaN, 3.1] },
        { qid: 7, label: 0, features: [Number.NaN, -0.25, 0] },
        { qid: 9, label: 1, features: Float64Array.from([1e-3, 12, Number.NaN]) },
      ],
      file,
    );
    expect(readFileSync(file, "utf8")).toBe("2 qid:7 1:0.5 3:3.1\n0 qid:7 2:-0.25 3:0\n1 qid:9 1:0.001 2:12\n");
  });

  it("rejects infinite features and bad qids", async () => {
    await expect(writeLibsvm([{ qid: 1, label: 0, features: [Infinity] }], join(dir, "x"))).rejects.toThrow(/feature 0: Infinity/);
    await expect(writeLibsvm([{ qid: -1, label: 0, features: [1] }], join(dir, "x"))).rejects.toThrow(/qid/);
  });

  it("the XGBoost parser replica is not correctly rounded (why formatting matters)", () => {
    expect(AWKWARD).toHaveLength(8);
    const v = AWKWARD[0] ?? 0;
    expect(Math.abs(parseFloatLikeXgboost(String(v)) - Math.fround(v))).toBeGreaterThan(0);
    expect(parseFloatLikeXgboost(formatFeatureValue(v))).toBe(Math.fround(v));
  });

  it("formats every value so that XGBoost reads exactly its float32 (random values, 1e-9 … 1e12)", () => {
    const values = fc
      .oneof(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-9, max: 1e12, noNaN: true }),
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e12), max: Math.fround(1e12) }),
      )
      // Below ~1e-10 XGBoost's text parser cannot produce every float32 (≤ 19 fraction digits,
      // float32 powers of ten); formatFeatureValue then writes the closest it can.
      .filter((v) => Math.fround(v) === 0 || Math.abs(Math.fround(v)) >= 1e-9);
    fc.assert(
      fc.property(values, (v) => {
        // === rather than Object.is: -0 is written as "0", which compares the same.
        expect(parseFloatLikeXgboost(formatFeatureValue(v)) === Math.fround(v)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it("writes short decimals", () => {
    expect([0.1, 3, -2.5, 3.1, 1e-7, 123456789].map(formatFeatureValue)).toEqual(["0.1", "3", "-2.5", "3.1", "0.0000001", "123456790"]);
  });
});

describe("trainRanker without the executable", () => {
  it("says how to install xgboost", async () => {
    const run = trainRanker(options({ xgboostBin: join(dir, "no-such-xgboost") }));
    await expect(run).rejects.toThrow(BackendUnavailableError);
    await expect(trainRanker(options({ xgboostBin: join(dir, "no-such-xgboost") }))).rejects.toThrow(
      /xgboost not found: apt-get install -y xgboost/,
    );
  });
});

describe.skipIf(version === undefined)(`XGBoost CLI ${version ?? "(missing)"}`, () => {
  let result: TrainResult;
  let model: TreeEnsemble;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    result = await trainRanker(
      options({ keepModelFile: join(dir, "best.model"), onProgress: (i, ndcg) => progress.push([i, ndcg]) }),
    );
    model = parseXgboostDump(result.dump, { featureCount: FEATURES, baseScore: result.baseScore });
  });

  it("our evaluator reproduces XGBoost's task=pred on validation and training rows (within 1e-5)", async () => {
    for (const rows of [VALIDATION, TRAIN.slice(0, 1000)]) {
      const theirs = await predictWithXgboost(result, rows);
      const worst = Math.max(...rows.map((row, i) => Math.abs(model.predict(row.features) - (theirs[i] ?? Number.NaN))));
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it("exercises exact threshold boundaries: validation values equal to f4 split thresholds", () => {
    const cuts = thresholds(result.dump, 4);
    const onCut = VALIDATION.filter((row) => cuts.has(Math.fround(row.features[4] ?? Number.NaN)));
    expect(cuts.size).toBeGreaterThan(0);
    expect(onCut.length).toBeGreaterThan(0);
  });

  it("base_score is the configured 0.5 and is the margin's offset (no auto-estimation in 1.7)", () => {
    expect(result.baseScore).toBe(0.5);
    expect(model.baseScore).toBe(0.5);
  });

  it("contributions sum to the prediction", () => {
    for (const row of VALIDATION) {
      const c = model.contributions(row.features);
      const total = c.values.reduce((a, b) => a + b, c.base);
      expect(Math.abs(total - model.predict(row.features))).toBeLessThan(1e-9);
    }
  });

  it("learns: the best validation nDCG@10 beats round 1's", () => {
    expect(result.validationNdcg).toBeGreaterThan(result.history[0] ?? 1);
    expect(result.validationNdcg).toBeGreaterThan(0.8);
  });

  it("keeps the earliest best round, stops after earlyStoppingRounds without improvement, dumps that round", () => {
    const { history, bestIteration, rounds } = result;
    expect(history).toHaveLength(rounds);
    expect(progress).toEqual(history.map((ndcg, i) => [i, ndcg]));
    expect(result.validationNdcg).toBe(history[bestIteration]);
    expect(history.findIndex((v) => v === Math.max(...history))).toBe(bestIteration);
    expect(rounds).toBeLessThan(PARAMS.numRound); // this data set does stop early
    expect(rounds - 1 - bestIteration).toBe(PARAMS.earlyStoppingRounds);
    expect(model.treeCount).toBe(bestIteration + 1);
  });

  it("the dump is the best round's model: the first bestIteration + 1 trees of an uninterrupted run", async () => {
    const full = await trainRanker(options({ params: { ...PARAMS, earlyStoppingRounds: PARAMS.numRound } }));
    expect(full.rounds).toBe(PARAMS.numRound);
    expect(full.history.slice(0, result.rounds)).toEqual(result.history);
    expect((full.dump as unknown[]).length).toBe(full.bestIteration + 1);
    expect(JSON.stringify((full.dump as unknown[]).slice(0, result.bestIteration + 1))).toBe(JSON.stringify(result.dump));
  });

  it("the same seed gives an identical dump; another seed a different one", async () => {
    const again = await trainRanker(options());
    expect(JSON.stringify(again.dump)).toBe(JSON.stringify(result.dump));
    expect(again.history).toEqual(result.history);
    const other = await trainRanker(options({ seed: 7 }));
    expect(JSON.stringify(other.dump)).not.toBe(JSON.stringify(result.dump));
  });

  it("our feature 0 is the dump's f0, and a non-default base_score carries through", async () => {
    // Only feature 0 is informative; features 1 and 2 are constant or missing.
    const r = createRng(3);
    const rows: RankingRow[] = Array.from({ length: 400 }, (_, i) => {
      const x = r.next();
      return { qid: Math.floor(i / 10), label: Math.floor(x * 4), features: [x, 1, Number.NaN] };
    });
    const small = await trainRanker({
      train: rows.slice(0, 300),
      validation: rows.slice(300),
      featureCount: 3,
      params: { numRound: 3, baseScore: 0.25 },
      keepModelFile: join(dir, "small.model"),
    });
    expect(thresholds(small.dump, 0).size).toBeGreaterThan(0);
    expect(thresholds(small.dump, 1).size + thresholds(small.dump, 2).size).toBe(0);
    const m = parseXgboostDump(small.dump, { featureCount: 3, baseScore: small.baseScore });
    const theirs = await predictWithXgboost(join(dir, "small.model"), rows);
    rows.forEach((row, i) => expect(m.predict(row.features)).toBeCloseTo(theirs[i] ?? Number.NaN, 5));
    expect(small.baseScore).toBe(0.25);
  });
});
