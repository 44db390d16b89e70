/**
 * A trained reranker on disk: XGBoost's JSON tree dump (`reranker-<version>.json`, as `xgboost
 * task=dump dump_format=json with_stats=1` wrote it) and a sidecar (`reranker-<version>.meta.json`)
 * with the feature names, the version, what it was trained on and how it scored on validation.
 * Loading checks the sidecar's feature list against the extractor's and refuses a mismatch: a model
 * scoring features in the wrong order would rank confidently and wrongly.
 */
import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ConfigInvalidError, ModelMismatchError } from "../core/errors.js";
import { FEATURE_NAMES } from "./features.js";
import { parseXgboostDump } from "./gbdt/xgboost-dump.js";
import type { TreeEnsemble } from "./gbdt/tree-ensemble.js";

export const RERANKER_FORMAT = "talentgraph-reranker/1";

export const rerankerMetaSchema = z
  .object({
    format: z.literal(RERANKER_FORMAT),
    /** Name the rank profiles refer to, e.g. "demo-v1". */
    name: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/),
    features: z.array(z.string()).min(1),
    baseScore: z.number(),
    objective: z.string(),
    /** Rank profile whose fused candidates (and `fused_*` features) the model was trained on. */
    profile: z.string(),
    /** What the model ranks; it declines other targets. */
    targets: z.array(z.enum(["freelancers", "jobs"])).min(1),
    training: z
      .object({
        task: z.string(),
        trainedAt: z.string(),
        dataHash: z.string(),
        trainQueries: z.number().int(),
        validationQueries: z.number().int(),
        trainRows: z.number().int(),
        validationRows: z.number().int(),
        params: z.record(z.string(), z.union([z.number(), z.string()])),
        bestIteration: z.number().int(),
        rounds: z.number().int(),
        validationNdcg: z.number(),
        /** Validation metrics of the reranked profile and of its fused baseline, from the evaluator. */
        validation: z.record(z.string(), z.record(z.string(), z.number())).optional(),
      })
      .passthrough(),
  })
  .strict();

export type RerankerMeta = z.infer<typeof rerankerMetaSchema>;

export interface RerankerModel {
  meta: RerankerMeta;
  trees: TreeEnsemble;
  /** The dump file it was read from (reports and `stats`). */
  file: string;
}

/** `<dir>/reranker-<name>.json` and its sidecar. */
export function rerankerFiles(dir: string, name: string): { dump: string; meta: string } {
  return { dump: path.join(dir, `reranker-${name}.json`), meta: path.join(dir, `reranker-${name}.meta.json`) };
}

/** Dump files (`reranker-*.json`, not sidecars) in `dir`, sorted; none when `dir` does not exist. */
export function rerankerDumpFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith("reranker-") && f.endsWith(".json") && !f.endsWith(".meta.json"))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The sidecar path of a dump path (`x.json` → `x.meta.json`). */
export function metaFileOf(dumpFile: string): string {
  return dumpFile.replace(/\.json$/, "") + ".meta.json";
}

/**
 * Reads and validates a reranker (dump + sidecar). CONFIG_INVALID for unreadable or malformed files;
 * MODEL_MISMATCH when the feature list differs from the extractor's.
 */
export async function loadRerankerModel(dumpFile: string): Promise<RerankerModel> {
  const metaFile = metaFileOf(dumpFile);
  const readJson = async (file: string): Promise<unknown> => {
    try {
      return JSON.parse(await readFile(file, "utf8")) as unknown;
    } catch (error) {
      throw new ConfigInvalidError(`loadRerankerModel: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
  const parsed = rerankerMetaSchema.safeParse(await readJson(metaFile));
  if (!parsed.success) {
    throw new ConfigInvalidError(
      `loadRerankerModel: ${metaFile} is not a ${RERANKER_FORMAT} sidecar: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const meta = parsed.data;
  assertFeatureList(meta.features, `loadRerankerModel(${metaFile})`);
  const trees = parseXgboostDump(await readJson(dumpFile), { featureCount: meta.features.length, baseScore: meta.baseScore });
  return { meta, trees, file: dumpFile };
}

/** Throws MODEL_MISMATCH naming the first difference when `features` is not the extractor's list. */
export function assertFeatureList(features: readonly string[], where: string): void {
  const expected = FEATURE_NAMES;
  const n = Math.max(features.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (features[i] !== expected[i]) {
      throw new ModelMismatchError(
        `${where}: the model's features differ from this build's extractor at position ${i} ` +
          `(model: ${features[i] ?? "(none)"}, extractor: ${expected[i] ?? "(none)"}; model has ${features.length}, extractor ${expected.length}); ` +
          "retrain it with `talentgraph train-reranker`",
      );
    }
  }
}

/** Writes JSON to a temp file and renames it into place; `indent` 0 writes it compact. */
async function writeJsonAtomically(file: string, value: unknown, indent: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, indent) + "\n");
  await rename(tmp, file);
}

/** Writes dump + sidecar atomically (temp file, then rename), so a reader never sees half a file. */
export async function saveRerankerModel(dir: string, meta: RerankerMeta, dump: unknown): Promise<{ dump: string; meta: string }> {
  const files = rerankerFiles(dir, meta.name);
  await mkdir(dir, { recursive: true });
  await writeJsonAtomically(files.dump, dump, 0);
  await writeJsonAtomically(files.meta, rerankerMetaSchema.parse(meta), 2);
  return files;
}

/** Rewrites a model's sidecar (e.g. to record validation metrics measured after training). */
export async function updateRerankerMeta(dumpFile: string, update: (meta: RerankerMeta) => RerankerMeta): Promise<void> {
  const model = await loadRerankerModel(dumpFile);
  await writeJsonAtomically(metaFileOf(dumpFile), rerankerMetaSchema.parse(update(model.meta)), 2);
}
