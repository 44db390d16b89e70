/**
 * Trains the LambdaMART reranker by running the XGBoost command-line program (Debian package
 * `xgboost` 1.7.4) and predicts with it for cross-checks. Serving never needs it: the JSON dump this
 * returns is evaluated in-process by TreeEnsemble (see `xgboost-dump.ts`).
 *
 * What the 1.7.4 CLI does, checked on the real binary:
 * - It has no early stopping (`early_stopping_rounds` is reported as "not used"), nor 2.x's
 *   `lambdarank_pair_method`. So every round's model is saved (`save_period = 1`), the per-round
 *   `valid-ndcg@k` lines are read from stderr as they come, the run is stopped once
 *   `earlyStoppingRounds` rounds pass without a strictly better score, and the best round's model
 *   (ties → earliest) is the one dumped. Files of rounds that cannot become best are deleted on the way.
 * - The prediction (`task=pred`) is the margin `base_score + Σ leaves`; `base_score` is not in the
 *   dump, so it is set explicitly (no auto-estimation) and read back from the saved model's header.
 * - The model depends on `nthread` even with a fixed seed (LambdaRank pair sampling is per thread),
 *   so `nthread` is fixed (default 1) and a fixed seed gives a byte-identical dump.
 * - Unknown parameters are only warned about by XGBoost; here they are an error, so a setting is
 *   never silently ignored.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  BackendUnavailableError,
  ConfigInvalidError,
  DimensionMismatchError,
  errorMessage,
  InvalidInputError,
  ModelMismatchError,
  TalentgraphError,
} from "../../core/errors.js";
import { groupByQid, libsvmUri, writeLibsvm, type RankingRow } from "./libsvm.js";

export type { RankingRow } from "./libsvm.js";

/** XGBoost training parameters; defaults in brackets. */
export interface RankerParams {
  /** Learning rate, (0, 1] [0.1]. */
  eta?: number;
  /** Maximum tree depth, 1..16 [6]. */
  maxDepth?: number;
  /** Minimum sum of hessians in a child, ≥ 0 [1]. */
  minChildWeight?: number;
  /** Row subsampling per tree, (0, 1] [1]. */
  subsample?: number;
  /** Feature subsampling per tree, (0, 1] [1]. */
  colsampleBytree?: number;
  /** Maximum number of boosting rounds, ≥ 1 [300]. */
  numRound?: number;
  /** Stop after this many rounds without a better validation nDCG, ≥ 1 [30]. */
  earlyStoppingRounds?: number;
  /** Cut-off of the validation metric `ndcg@k`, ≥ 1 [10]. */
  ndcgAt?: number;
  /**
   * Pairs sampled per document by 1.7's LambdaRank objective (`num_pairsample`), ≥ 1 [1].
   * 1.7 has no `lambdarank_pair_method`; this is its only pair-sampling knob.
   */
  numPairSample?: number;
  /** Tree construction algorithm ["hist"]. */
  treeMethod?: "hist" | "approx" | "exact";
  /** Histogram bins per feature for "hist"/"approx", ≥ 2 [256]. */
  maxBin?: number;
  /** Margin every tree adds to, XGBoost's `base_score` [0.5, 1.7's default]. */
  baseScore?: number;
  /** Threads, ≥ 1 [1]. The model depends on it: keep it fixed for reproducible models. */
  nthread?: number;
}

export interface TrainOptions {
  train: readonly RankingRow[];
  /** Rows whose nDCG selects the best round (early stopping). */
  validation: readonly RankingRow[];
  /** Length of every row's feature vector. */
  featureCount: number;
  params?: RankerParams;
  /** XGBoost's `seed` [42]. */
  seed?: number;
  /** Directory for data, config and models, kept afterwards; a temporary directory, removed, otherwise. */
  workDir?: string;
  /** Copy the best round's binary model here (for `predictWithXgboost`). */
  keepModelFile?: string;
  /** The xgboost executable ["xgboost" on PATH]. */
  xgboostBin?: string;
  /** Called after each round with its 0-based index and validation nDCG. */
  onProgress?: (iteration: number, validationNdcg: number) => void;
}

export interface TrainResult {
  /** The best round's model as parsed `task=dump dump_format=json dump_stats=1` output. */
  dump: unknown;
  /** `base_score` of the model (float32), needed by parseXgboostDump. */
  baseScore: number;
  featureCount: number;
  /** 0-based index of the best round; the dumped model has `bestIteration + 1` trees. */
  bestIteration: number;
  /** Validation nDCG@k of the best round. */
  validationNdcg: number;
  /** Rounds trained before stopping (early stopping) or reaching `numRound`. */
  rounds: number;
  /** Validation nDCG@k after each round. */
  history: number[];
  /** `keepModelFile` (absolute) when given. */
  modelFile?: string;
  /** XGBoost's output during training. */
  log: string;
}

export interface PredictOptions {
  xgboostBin?: string;
}

const INSTALL_HINT = "apt-get install -y xgboost";

/** The version the xgboost executable reports ("1.7.4"). Throws BackendUnavailableError if it is missing. */
export async function xgboostVersion(xgboostBin = "xgboost"): Promise<string> {
  const run = await runXgboost("xgboostVersion", xgboostBin, ["-V"], process.cwd());
  const match = /XGBoost:\s*(\S+)/.exec(run.log);
  if (run.code !== 0 || !match?.[1]) {
    throw new BackendUnavailableError(`xgboostVersion: "${xgboostBin} -V" did not report a version: ${tail(run.log)}`);
  }
  return match[1];
}

/** Trains a `rank:ndcg` gbtree model with honest early stopping and returns the best round's dump. */
export async function trainRanker(opts: TrainOptions): Promise<TrainResult> {
  const op = "trainRanker";
  const p = resolveParams(opts.params ?? {});
  const seed = opts.seed ?? 42;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new ConfigInvalidError(`${op}: seed must be a non-negative integer, got ${seed}`);
  checkRows(op, "train", opts.train, opts.featureCount);
  checkRows(op, "validation", opts.validation, opts.featureCount);
  const bin = opts.xgboostBin ?? "xgboost";
  const dir = opts.workDir === undefined ? await mkdtemp(join(tmpdir(), "tg-xgboost-")) : resolve(opts.workDir);
  try {
    // A reused workDir must not offer a previous run's models.
    await rm(join(dir, "models"), { recursive: true, force: true });
    await mkdir(join(dir, "models"), { recursive: true });
    // XGBoost forms query groups from runs of equal qid, so rows of a query must be contiguous.
    await writeLibsvm(groupByQid(opts.train), join(dir, "train.libsvm"));
    await writeLibsvm(groupByQid(opts.validation), join(dir, "valid.libsvm"));
    const metric = `ndcg@${p.ndcgAt}`;
    await writeFile(
      join(dir, "train.conf"),
      configText({
        task: "train",
        booster: "gbtree",
        objective: "rank:ndcg",
        eval_metric: metric,
        base_score: p.baseScore,
        eta: p.eta,
        max_depth: p.maxDepth,
        min_child_weight: p.minChildWeight,
        subsample: p.subsample,
        colsample_bytree: p.colsampleBytree,
        num_pairsample: p.numPairSample,
        tree_method: p.treeMethod,
        max_bin: p.maxBin,
        seed,
        nthread: p.nthread,
        num_round: p.numRound,
        save_period: 1,
        model_dir: "models",
        data: libsvmUri("train.libsvm"),
        "eval[valid]": libsvmUri("valid.libsvm"),
      }),
    );

    const modelPath = (iteration: number): string => join(dir, modelName(iteration));
    const history: number[] = [];
    let best = -1;
    let pruned = 0; // rounds below this have been pruned
    const metricKey = `valid-${metric}`;
    const run = await runXgboost(op, bin, ["train.conf"], dir, (line) => {
      const round = /(?:^|\s)\[(\d+)\]\t(.*)$/.exec(line);
      if (!round) return undefined;
      const iteration = Number(round[1]);
      const score = metricValue(round[2] ?? "", metricKey);
      if (iteration !== history.length || score === undefined) {
        throw new TalentgraphError("INTERNAL", `${op}: unexpected evaluation line from xgboost: ${JSON.stringify(line)}`);
      }
      history.push(score);
      opts.onProgress?.(iteration, score);
      if (best < 0 || score > (history[best] ?? 0)) {
        // The previous best's file was saved before this round started.
        if (best >= 0 && best < pruned) rmSync(modelPath(best), { force: true });
        best = iteration;
      }
      // When round i is reported, the files of rounds < i are complete; keep only the best.
      for (; pruned < iteration; pruned++) if (pruned !== best) rmSync(modelPath(pruned), { force: true });
      return iteration - best >= p.earlyStoppingRounds ? "stop" : undefined;
    });
    if (run.unusedParams) {
      throw new ConfigInvalidError(`${op}: xgboost ${run.unusedParams}; this xgboost version does not support them`);
    }
    if (!run.stopped && run.code !== 0) {
      throw new TalentgraphError("INTERNAL", `${op}: xgboost failed (${run.signal ?? `exit code ${run.code}`}): ${tail(run.log)}`);
    }
    if (best < 0) throw new TalentgraphError("INTERNAL", `${op}: xgboost reported no ${metricKey}: ${tail(run.log)}`);
    // The run may have saved a few more rounds before it stopped.
    for (const file of await readdir(join(dir, "models"))) {
      if (`models/${file}` !== modelName(best)) await rm(join(dir, "models", file), { force: true });
    }

    const bestModel = modelPath(best);
    const baseScore = await readBaseScore(bestModel, p.baseScore);
    await writeFile(
      join(dir, "dump.conf"),
      configText({ task: "dump", model_in: modelName(best), dump_format: "json", dump_stats: 1, name_dump: "dump.json" }),
    );
    const dumpRun = await runXgboost(op, bin, ["dump.conf"], dir);
    if (dumpRun.code !== 0 || dumpRun.unusedParams) {
      throw new TalentgraphError("INTERNAL", `${op}: xgboost dump failed: ${tail(dumpRun.log)}`);
    }
    const dump = JSON.parse(await readFile(join(dir, "dump.json"), "utf8")) as unknown;
    let modelFile: string | undefined;
    if (opts.keepModelFile !== undefined) {
      modelFile = resolve(opts.keepModelFile);
      await copyFile(bestModel, modelFile);
    }
    return {
      dump,
      baseScore,
      featureCount: opts.featureCount,
      bestIteration: best,
      validationNdcg: history[best] ?? 0,
      rounds: history.length,
      history,
      ...(modelFile === undefined ? {} : { modelFile }),
      log: run.log,
    };
  } finally {
    if (opts.workDir === undefined) await rm(dir, { recursive: true, force: true });
  }
}

/**
 * XGBoost's own predictions (margins, in row order) for `rows` with a binary model file, or a
 * TrainResult trained with `keepModelFile`. For checking the in-process evaluator.
 */
export async function predictWithXgboost(
  model: string | { readonly modelFile?: string | undefined },
  rows: readonly RankingRow[],
  opts: PredictOptions = {},
): Promise<number[]> {
  const op = "predictWithXgboost";
  const file = typeof model === "string" ? model : model.modelFile;
  if (file === undefined) {
    throw new InvalidInputError(`${op}: the training result has no model file; train with keepModelFile`);
  }
  if (/["\n\r]/.test(file)) throw new InvalidInputError(`${op}: model path must not contain quotes or newlines: ${file}`);
  if (rows.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), "tg-xgboost-pred-"));
  try {
    await writeLibsvm(rows, join(dir, "rows.libsvm"));
    await writeFile(
      join(dir, "pred.conf"),
      configText({
        task: "pred",
        model_in: resolve(file),
        "test:data": libsvmUri("rows.libsvm"),
        name_pred: "pred.txt",
        pred_margin: 1,
      }),
    );
    const run = await runXgboost(op, opts.xgboostBin ?? "xgboost", ["pred.conf"], dir);
    if (run.code !== 0 || run.unusedParams) throw new TalentgraphError("INTERNAL", `${op}: xgboost failed: ${tail(run.log)}`);
    const values = (await readFile(join(dir, "pred.txt"), "utf8"))
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map(Number);
    if (values.length !== rows.length || values.some((v) => Number.isNaN(v))) {
      throw new TalentgraphError("INTERNAL", `${op}: expected ${rows.length} predictions, xgboost wrote ${values.length}`);
    }
    return values;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Resolved = Required<RankerParams>;

function resolveParams(params: RankerParams): Resolved {
  const p: Resolved = {
    eta: params.eta ?? 0.1,
    maxDepth: params.maxDepth ?? 6,
    minChildWeight: params.minChildWeight ?? 1,
    subsample: params.subsample ?? 1,
    colsampleBytree: params.colsampleBytree ?? 1,
    numRound: params.numRound ?? 300,
    earlyStoppingRounds: params.earlyStoppingRounds ?? 30,
    ndcgAt: params.ndcgAt ?? 10,
    numPairSample: params.numPairSample ?? 1,
    treeMethod: params.treeMethod ?? "hist",
    maxBin: params.maxBin ?? 256,
    baseScore: params.baseScore ?? 0.5,
    nthread: params.nthread ?? 1,
  };
  const bad = (name: string, value: unknown, rule: string): never => {
    throw new ConfigInvalidError(`trainRanker: params.${name} must be ${rule}, got ${String(value)}`);
  };
  const fraction = (name: keyof Resolved, v: number): void => {
    if (!(v > 0 && v <= 1)) bad(name, v, "in (0, 1]");
  };
  const int = (name: keyof Resolved, v: number, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (!Number.isSafeInteger(v) || v < min || v > max) bad(name, v, `an integer in [${min}, ${max}]`);
  };
  fraction("eta", p.eta);
  fraction("subsample", p.subsample);
  fraction("colsampleBytree", p.colsampleBytree);
  int("maxDepth", p.maxDepth, 1, 16);
  int("numRound", p.numRound, 1);
  int("earlyStoppingRounds", p.earlyStoppingRounds, 1);
  int("ndcgAt", p.ndcgAt, 1);
  int("numPairSample", p.numPairSample, 1);
  int("maxBin", p.maxBin, 2);
  int("nthread", p.nthread, 1);
  if (!(Number.isFinite(p.minChildWeight) && p.minChildWeight >= 0)) bad("minChildWeight", p.minChildWeight, "a number ≥ 0");
  if (!Number.isFinite(p.baseScore)) bad("baseScore", p.baseScore, "finite");
  if (!["hist", "approx", "exact"].includes(p.treeMethod)) bad("treeMethod", p.treeMethod, '"hist", "approx" or "exact"');
  return p;
}

function checkRows(op: string, name: string, rows: readonly RankingRow[], featureCount: number): void {
  if (!Number.isSafeInteger(featureCount) || featureCount < 1) {
    throw new InvalidInputError(`${op}: featureCount must be a positive integer, got ${featureCount}`);
  }
  if (rows.length === 0) throw new InvalidInputError(`${op}: no ${name} rows`);
  rows.forEach((row, r) => {
    if (row.features.length !== featureCount) {
      throw new DimensionMismatchError(`${op}: ${name} row ${r} has ${row.features.length} features, expected ${featureCount}`);
    }
    // rank:ndcg's gain is 2^label − 1; XGBoost wants small integer grades.
    if (!Number.isInteger(row.label) || row.label < 0 || row.label > 31) {
      throw new InvalidInputError(`${op}: ${name} row ${r}: label must be an integer grade in 0..31, got ${row.label}`);
    }
  });
}

/** `key = value` lines; values with spaces are quoted (XGBoost's config parser accepts "…"). */
function configText(entries: Record<string, string | number>): string {
  const lines = Object.entries(entries).map(([key, value]) => {
    const text = String(value);
    return `${key} = ${/[\s#=]/.test(text) ? `"${text}"` : text}`;
  });
  return `# written by talentgraph\n${lines.join("\n")}\n`;
}

/** XGBoost's name for the model saved after round `iteration` (0-based) with `save_period = 1`. */
function modelName(iteration: number): string {
  return `models/${String(iteration + 1).padStart(4, "0")}.model`;
}

/** `name:value` from a tab-separated evaluation line. */
function metricValue(metrics: string, key: string): number | undefined {
  for (const part of metrics.split("\t")) {
    const colon = part.lastIndexOf(":");
    if (colon > 0 && part.slice(0, colon).trim() === key) {
      const value = Number(part.slice(colon + 1));
      return Number.isFinite(value) ? value : undefined;
    }
  }
  return undefined;
}

/**
 * `base_score` from a saved model: XGBoost 1.x binary models start with "binf" and the float32
 * base score; JSON models carry it as a string. Must equal the configured value (as float32).
 */
async function readBaseScore(file: string, configured: number): Promise<number> {
  const bytes = await readFile(file);
  let stored: number | undefined;
  if (bytes.subarray(0, 4).toString("latin1") === "binf" && bytes.length >= 8) {
    stored = bytes.readFloatLE(4);
  } else if (bytes[0] === 0x7b) {
    const json = JSON.parse(bytes.toString("utf8")) as { learner?: { learner_model_param?: { base_score?: string } } };
    stored = Number(json.learner?.learner_model_param?.base_score);
  }
  if (stored === undefined) {
    throw new ModelMismatchError(`trainRanker: cannot read base_score from ${file} (unknown model format); expected xgboost 1.7's binary model`);
  }
  if (stored !== Math.fround(configured)) {
    throw new ModelMismatchError(`trainRanker: the model's base_score is ${stored}, configured ${configured}`);
  }
  return stored;
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the line handler asked to stop and the process was terminated. */
  stopped: boolean;
  /** XGBoost's "Parameters: { … } are not used" warning, if any. */
  unusedParams?: string;
  /** stdout and stderr, interleaved as received. */
  log: string;
}

/**
 * Runs xgboost, feeding every output line to `onLine`; "stop" terminates it (SIGTERM). An exception
 * from `onLine` terminates it too and is rethrown once it has exited.
 */
function runXgboost(
  op: string,
  bin: string,
  args: string[],
  cwd: string,
  onLine?: (line: string) => "stop" | undefined,
): Promise<RunResult> {
  return new Promise<RunResult>((resolvePromise, reject) => {
    const child = spawn(bin, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    let stopped = false;
    let unusedParams: string | undefined;
    let failure: unknown;
    const partial = { stdout: "", stderr: "" };
    const stop = (): void => {
      if (!stopped) {
        stopped = true;
        child.kill("SIGTERM");
      }
    };
    const handle = (stream: "stdout" | "stderr", chunk: string): void => {
      log += chunk;
      const lines = (partial[stream] + chunk).split("\n");
      partial[stream] = lines.pop() ?? "";
      for (const line of lines) consume(line);
    };
    const consume = (line: string): void => {
      const unused = /Parameters: \{(.*)\} (?:are|is) not used/.exec(line);
      if (unused) {
        unusedParams = `ignored parameters {${unused[1] ?? ""}}`;
        stop();
      }
      if (stopped || !onLine) return;
      try {
        if (onLine(line) === "stop") stop();
      } catch (error) {
        failure = error;
        stop();
      }
    };
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => handle("stdout", chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => handle("stderr", chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new BackendUnavailableError(`${op}: xgboost not found: ${INSTALL_HINT} (tried "${bin}")`, { cause: error })
          : new BackendUnavailableError(`${op}: cannot run "${bin}": ${error.message}`, { cause: error }),
      );
    });
    child.on("close", (code, signal) => {
      if (partial.stdout) consume(partial.stdout);
      if (partial.stderr) consume(partial.stderr);
      if (failure !== undefined) {
        reject(failure instanceof Error ? failure : new TalentgraphError("INTERNAL", errorMessage(failure)));
        return;
      }
      resolvePromise({ code, signal, stopped, log, ...(unusedParams === undefined ? {} : { unusedParams }) });
    });
  });
}

function tail(log: string, lines = 12): string {
  return log.trim().split("\n").slice(-lines).join("\n");
}
