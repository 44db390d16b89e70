/**
 * Training the learned reranker on the exact serving path: for every query of a task, the
 * pipeline's fused candidates under the base profile (what the reranker would see), their feature
 * vectors from the shared extractor, and the task's graded judgements as labels. XGBoost trains
 * LambdaMART (`rank:ndcg`) with early stopping on the validation split; the tree dump and a sidecar
 * are written as a reranker model.
 */
import { createHash } from "node:crypto";
import { InvalidInputError } from "../core/errors.js";
import type { Progress } from "../core/progress.js";
import { silentProgress } from "../core/progress.js";
import type { RankingPipeline } from "../pipeline/types.js";
import { FEATURE_NAMES, type FeatureExtractor } from "../rerank/features.js";
import type { RankingRow } from "../rerank/gbdt/xgboost-cli.js";
import { trainRanker, type TrainOptions } from "../rerank/gbdt/xgboost-cli.js";
import { RERANKER_FORMAT, saveRerankerModel, type RerankerMeta } from "../rerank/reranker-model.js";
import type { TargetKind } from "../retrieve/retriever.js";
import { requestFor } from "./runner.js";
import type { EvalTask, Split } from "./task.js";

export interface CollectOptions {
  /** Base profile whose fused candidates are reranked (must not itself rerank). */
  profile: string;
  /** Fused candidates per query, as the profile's `rerank.depth` will serve; default 100. */
  depth?: number;
  progress?: (label: string, total: number) => Progress;
}

export interface CollectedRows {
  rows: RankingRow[];
  /** Queries that contributed rows (at least one relevant item among their candidates). */
  queries: number;
  /** Queries dropped because no relevant item was among their candidates (no ranking signal). */
  withoutPositives: number;
  positives: number;
}

/** The target a task ranks. */
export function taskTarget(task: EvalTask): TargetKind {
  if (task.operation === "searchFreelancers" || task.operation === "recommendFreelancers") return "freelancers";
  if (task.operation === "searchJobs" || task.operation === "recommendJobs") return "jobs";
  throw new InvalidInputError(`train-reranker: task ${task.name} (${task.operation}) does not rank freelancers or jobs`);
}

/** Feature rows of one split of several tasks; qids are numbered across tasks so groups never merge. */
export async function collectRows(
  pipeline: RankingPipeline,
  features: FeatureExtractor,
  tasks: readonly EvalTask[],
  split: Split,
  options: CollectOptions,
): Promise<CollectedRows> {
  const depth = options.depth ?? 100;
  const out: CollectedRows = { rows: [], queries: 0, withoutPositives: 0, positives: 0 };
  let qid = 0;
  for (const task of tasks) {
    const queries = task.queries.filter((q) => q.split === split);
    const bar = (options.progress ?? (() => silentProgress))(`${task.name} · ${split} features`, queries.length);
    for (const q of queries) {
      bar.tick();
      const { ctx, candidates } = await pipeline.fusedCandidates(requestFor(task, q, options.profile, depth), depth);
      const labels = candidates.map((c) => Math.max(0, q.relevant[c.id] ?? 0));
      if (!labels.some((l) => l > 0)) {
        out.withoutPositives++;
        continue;
      }
      qid++;
      out.queries++;
      const vectors = await features.extract(ctx, candidates);
      vectors.forEach((x, i) => {
        const label = labels[i] as number;
        if (label > 0) out.positives++;
        out.rows.push({ qid, label, features: x });
      });
    }
    bar.done();
  }
  return out;
}

/** A stable hash of the training rows (labels, groups and feature values), recorded in the sidecar. */
export function hashRows(...sets: ReadonlyArray<readonly RankingRow[]>): string {
  const h = createHash("sha256");
  for (const rows of sets) {
    for (const r of rows) {
      h.update(`${r.qid} ${r.label}`);
      h.update(Buffer.from(Float64Array.from(r.features).buffer));
    }
    h.update("|");
  }
  return h.digest("hex").slice(0, 16);
}

export interface TrainRerankerOptions {
  pipeline: RankingPipeline;
  features: FeatureExtractor;
  tasks: readonly EvalTask[];
  /** Model name, e.g. "demo-v1" (written as reranker-<name>.json). */
  name: string;
  outDir: string;
  profile: string;
  depth?: number;
  params?: TrainOptions["params"];
  seed?: number;
  /** Recorded in the sidecar: where the judgements came from. */
  source: string;
  /** Recorded in the sidecar: the embedding model the channel scores came from. */
  embeddingModel?: string;
  progress?: (label: string, total: number) => Progress;
  onRound?: (round: number, validationNdcg: number) => void;
  now?: () => Date;
}

export interface TrainRerankerResult {
  meta: RerankerMeta;
  files: { dump: string; meta: string };
  train: CollectedRows;
  validation: CollectedRows;
}

/** Collects rows, trains with XGBoost, saves dump + sidecar. */
export async function trainReranker(options: TrainRerankerOptions): Promise<TrainRerankerResult> {
  const targets = [...new Set(options.tasks.map(taskTarget))];
  const collect = { profile: options.profile, ...(options.depth === undefined ? {} : { depth: options.depth }), ...(options.progress ? { progress: options.progress } : {}) };
  const train = await collectRows(options.pipeline, options.features, options.tasks, "train", collect);
  const validation = await collectRows(options.pipeline, options.features, options.tasks, "validation", collect);
  if (train.queries === 0) throw new InvalidInputError("train-reranker: no train query has a relevant item among its candidates; nothing to learn from");
  if (validation.queries === 0) throw new InvalidInputError("train-reranker: no validation query has a relevant item among its candidates; early stopping needs some");
  const seed = options.seed ?? 42;
  const trained = await trainRanker({
    train: train.rows,
    validation: validation.rows,
    featureCount: FEATURE_NAMES.length,
    seed,
    ...(options.params === undefined ? {} : { params: options.params }),
    ...(options.onRound === undefined ? {} : { onProgress: options.onRound }),
  });
  const meta: RerankerMeta = {
    format: RERANKER_FORMAT,
    name: options.name,
    features: [...FEATURE_NAMES],
    baseScore: trained.baseScore,
    objective: "rank:ndcg",
    profile: options.profile,
    targets,
    training: {
      task: options.source,
      ...(options.embeddingModel === undefined ? {} : { embeddingModel: options.embeddingModel }),
      trainedAt: (options.now?.() ?? new Date()).toISOString(),
      dataHash: hashRows(train.rows, validation.rows),
      trainQueries: train.queries,
      validationQueries: validation.queries,
      trainRows: train.rows.length,
      validationRows: validation.rows.length,
      params: { seed, depth: options.depth ?? 100, ...Object.fromEntries(Object.entries(options.params ?? {}).filter(([, v]) => typeof v === "number" || typeof v === "string")) },
      bestIteration: trained.bestIteration,
      rounds: trained.rounds,
      validationNdcg: trained.validationNdcg,
    },
  };
  const files = await saveRerankerModel(options.outDir, meta, trained.dump);
  return { meta, files, train, validation };
}
