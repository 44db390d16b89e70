import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { InvalidInputError } from "../../core/errors.js";
import { evaluate, pipelineFor } from "../../eval/evaluate.js";
import { readTaskFile, type EvalTask } from "../../eval/task.js";
import { demoTasks, engagementTasks, splitJobsByTime } from "../../eval/tasks/demo-marketplace.js";
import { trainReranker } from "../../eval/train-reranker.js";
import { demoWorkspace, DEFAULT_DEMO_RECIPE, type Workspace } from "../../eval/workspace.js";
import { createFeatureExtractor } from "../../rerank/features.js";
import { updateRerankerMeta } from "../../rerank/reranker-model.js";
import { openServices, type Services } from "../../services.js";
import { cliContext, nonNegativeInt, type CliContext } from "../context.js";

interface TrainFlags {
  tasks: string;
  fromInteractions?: boolean;
  out: string;
  profile: string;
  depth: number;
  rounds: number;
  eta: number;
  maxDepth: number;
  patience: number;
  subsample: number;
  seed: number;
  workDir: string;
  demoFreelancers: number;
  demoJobs: number;
  demoSeed: number;
  evaluate: boolean;
}

const DEMO_TRAIN_TASKS = ["demo-recommend-freelancers", "demo-search-freelancers"];
const positiveNumber = (flag: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be a positive number, got "${value}"`);
  return n;
};

/** `reranker-<name>.json` → name. */
function modelName(out: string): string {
  const m = /^reranker-([a-z0-9][a-z0-9.-]{0,63})\.json$/.exec(path.basename(out));
  if (!m?.[1]) throw new InvalidInputError(`train-reranker: --out must be named reranker-<name>.json (name: lowercase letters, digits, dots, dashes), got ${out}`);
  return m[1];
}

/** Engagement tasks from the interactions stored in `services` (85% train / 15% validation by posting time). */
async function tasksFromStore(services: Services): Promise<EvalTask[]> {
  const ids = await services.store.ids("jobs");
  const jobs = (await services.store.getJobs(ids)).map((j) => ({ id: j.id, title: j.title, ...(j.postedAt === undefined ? {} : { postedAt: j.postedAt }) }));
  const split = splitJobsByTime(jobs, { train: 0.85, validation: 0.15 });
  const interactions = await services.store.interactions({ types: ["apply", "interview", "hire"] });
  const note = `from ${interactions.length} stored interactions; validation = jobs posted from ${split.validationStart}`;
  return (await engagementTasks("stored", jobs, interactions, split, note)).filter((t) => t.operation !== "recommendJobs");
}

async function resolveTasks(ctx: CliContext, opts: TrainFlags): Promise<{ workspace?: Workspace; tasks: (s: Services) => Promise<EvalTask[]>; source: string }> {
  if (opts.fromInteractions === true) return { tasks: tasksFromStore, source: `interactions stored in ${ctx.config.dataDir}` };
  const names = opts.tasks.split(",").map((t) => t.trim()).filter(Boolean);
  const files = names.filter((n) => n.endsWith(".jsonl"));
  if (files.length > 0) {
    if (files.length !== names.length) throw new InvalidInputError("train-reranker: mix of task files and built-in tasks; pass one kind");
    return { tasks: () => Promise.all(files.map((f) => readTaskFile(path.resolve(f)))), source: files.join(", ") };
  }
  const workspace = await demoWorkspace(ctx, path.resolve(opts.workDir), { freelancers: opts.demoFreelancers, jobs: opts.demoJobs, seed: opts.demoSeed });
  const all = await demoTasks(workspace.inputDir);
  const unknown = names.filter((n) => !all.some((t) => t.name === n));
  if (unknown.length > 0) throw new InvalidInputError(`train-reranker: unknown task(s) ${unknown.join(", ")}; built-in: ${all.map((t) => t.name).join(", ")}`);
  return {
    workspace,
    tasks: () => Promise.resolve(all.filter((t) => names.includes(t.name))),
    source: `${names.join(", ")} (demo marketplace ${opts.demoFreelancers}×${opts.demoJobs}, seed ${opts.demoSeed})`,
  };
}

export function registerTrainReranker(program: Command): void {
  program
    .command("train-reranker")
    .description(
      "Train the learned reranker (LambdaMART: XGBoost rank:ndcg, early stopping on the validation split) on the fused candidates of a base profile, " +
        "and write the tree dump plus a sidecar (features, version, data hash, validation metrics). Needs the xgboost CLI (apt-get install -y xgboost); serving does not.",
    )
    .option("--tasks <list>", "built-in demo tasks or task files (*.jsonl with train/validation splits, run on --data-dir)", DEMO_TRAIN_TASKS.join(","))
    .option("--from-interactions", "train from the interactions stored in --data-dir (refresh the model from live behaviour)")
    .requiredOption("--out <file>", "model file, named reranker-<name>.json (sidecar: reranker-<name>.meta.json beside it)")
    .option("--profile <name>", "base profile whose fused candidates are reranked", "hybrid-fused")
    .option("--depth <n>", "fused candidates per query (the profile's rerank depth)", nonNegativeInt("--depth"), 100)
    .option("--rounds <n>", "most boosting rounds (early stopping picks the best)", nonNegativeInt("--rounds"), 300)
    .option("--eta <x>", "learning rate", positiveNumber("--eta"), 0.1)
    .option("--max-depth <n>", "tree depth", nonNegativeInt("--max-depth"), 6)
    .option("--patience <n>", "early stopping: rounds without a better validation nDCG@10 before training stops", nonNegativeInt("--patience"), 30)
    .option("--subsample <x>", "share of rows each tree sees (0..1]", positiveNumber("--subsample"), 1)
    .option("--seed <n>", "XGBoost seed", nonNegativeInt("--seed"), 42)
    .option("--work-dir <dir>", "where the demo task store is built and reused", "eval-work")
    .option("--demo-freelancers <n>", "demo marketplace size", nonNegativeInt("--demo-freelancers"), DEFAULT_DEMO_RECIPE.freelancers)
    .option("--demo-jobs <n>", "demo marketplace jobs", nonNegativeInt("--demo-jobs"), DEFAULT_DEMO_RECIPE.jobs)
    .option("--demo-seed <n>", "demo marketplace seed", nonNegativeInt("--demo-seed"), DEFAULT_DEMO_RECIPE.seed)
    .option("--no-evaluate", "skip evaluating the new model against its base profile on the validation split")
    .action(async (opts: TrainFlags, command: Command) => {
      const ctx = cliContext(command);
      const out = path.resolve(opts.out);
      const name = modelName(out);
      const plan = await resolveTasks(ctx, opts);
      const services = plan.workspace ? await plan.workspace.open() : await openServices(ctx.config, { logger: ctx.logger, progress: ctx.progress });
      let result;
      try {
        const tasks = await plan.tasks(services);
        // Training reads fused candidates only; installed models are not needed (and may predate a feature change).
        const pipeline = await pipelineFor(services, [], { installed: false });
        result = await trainReranker({
          pipeline,
          features: createFeatureExtractor({ store: services.store }),
          tasks,
          name,
          outDir: path.dirname(out),
          profile: opts.profile,
          depth: opts.depth,
          params: { numRound: opts.rounds, eta: opts.eta, maxDepth: opts.maxDepth, earlyStoppingRounds: opts.patience, subsample: opts.subsample },
          seed: opts.seed,
          source: plan.source,
          embeddingModel: (await services.embedder()).modelId,
          progress: (label, total) => ctx.progress(label, total, "queries"),
        });
      } finally {
        await services.close();
      }
      const { meta, train, validation } = result;
      process.stdout.write(
        `trained ${meta.name}: ${train.queries} train queries (${train.rows.length} rows, ${train.positives} relevant; ${train.withoutPositives} without a relevant candidate dropped), ` +
          `${validation.queries} validation queries; best round ${meta.training.bestIteration} of ${meta.training.rounds}, validation ndcg@10 ${meta.training.validationNdcg.toFixed(4)}\n` +
          `wrote ${result.files.dump} and ${result.files.meta}\n`,
      );
      if (!opts.evaluate || plan.workspace === undefined) return;
      // Validation metrics of the base profile and the reranked one, recorded in the sidecar.
      const report = await evaluate(ctx, {
        tasks: (await plan.tasks(services)).map((t) => t.name),
        profiles: [opts.profile, `${opts.profile}-${name.replace(/[^a-z0-9-]/g, "-")}`],
        baseline: opts.profile,
        split: "validation",
        rerankerFiles: [out],
        installedRerankers: false,
        workDir: path.resolve(opts.workDir),
        demo: { freelancers: opts.demoFreelancers, jobs: opts.demoJobs, seed: opts.demoSeed },
        rounds: 2000,
      });
      const validationMetrics: Record<string, Record<string, number>> = {};
      for (const t of report.tasks) for (const r of t.runs) validationMetrics[`${t.task}/${r.profile}`] = r.metrics;
      await updateRerankerMeta(out, (meta) => ({ ...meta, training: { ...meta.training, validation: validationMetrics } }));
      for (const [k, m] of Object.entries(validationMetrics)) process.stdout.write(`validation ${k}: ndcg@10 ${(m["ndcg@10"] ?? Number.NaN).toFixed(4)}\n`);
    });
}
