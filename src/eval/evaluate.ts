/**
 * `talentgraph eval` without the command line: resolves task selectors to tasks and the stores they
 * run against, runs every task under the chosen profiles through the ranking pipeline, and returns
 * one report.
 */
import os from "node:os";
import { existsSync } from "node:fs";
import path from "node:path";
import { InvalidInputError } from "../core/errors.js";
import { createRankingPipeline } from "../pipeline/pipeline.js";
import { BUILT_IN_PROFILES, RankProfiles, type RankProfileInput } from "../pipeline/rank-profile.js";
import type { RankingPipeline } from "../pipeline/types.js";
import { createFeatureExtractor } from "../rerank/features.js";
import { createLearnedReranker } from "../rerank/learned-reranker.js";
import { loadRerankerModel } from "../rerank/reranker-model.js";
import type { Reranker } from "../rerank/reranker.js";
import { openServices, type Services } from "../services.js";
import type { EvalReport, TaskReport } from "./report.js";
import { runTask } from "./runner.js";
import { readTaskFile, type EvalTask, type Split } from "./task.js";
import { escoTasks } from "./tasks/esco.js";
import { demoTasks } from "./tasks/demo-marketplace.js";
import { demoWorkspace, escoWorkspace, type DemoRecipe, type Workspace, type WorkspaceContext } from "./workspace.js";

/** Built-in task groups: `demo` (generated marketplace) and `esco` (real third-party labels). */
export const TASK_GROUPS = ["demo", "esco"] as const;

export interface EvaluateOptions {
  /** Group names (`demo`, `esco`), built-in task names, or task files (`*.jsonl`, run on the configured data dir). */
  tasks: readonly string[];
  /** Profiles to run; default every profile of the pipeline. */
  profiles?: readonly string[];
  /** Profile the others are compared with; default `hybrid-fused` when run, else the first. */
  baseline?: string;
  /** Split of tasks that have splits; default `test`. */
  split?: Split;
  /** Extra reranker model files: each adds a profile `<its base profile>-<model name>`. */
  rerankerFiles?: readonly string[];
  /** Load the rerankers installed in `rerankerDir` (default true; see pipelineFor). */
  installedRerankers?: boolean;
  workDir: string;
  demo?: DemoRecipe;
  titleSample?: number;
  occupationSample?: number;
  rounds?: number;
}

/** A profile per extra reranker: its base profile with reranking on (name `<base>-<model>`). */
export async function extraRerankers(
  services: Services,
  files: readonly string[],
  installed = true,
): Promise<{ profiles: RankProfileInput[]; rerankers: Map<string, Reranker> }> {
  const profiles: RankProfileInput[] = [];
  const rerankers = new Map(installed ? await services.rerankers() : []);
  const features = createFeatureExtractor({ store: services.store });
  for (const file of files) {
    const model = await loadRerankerModel(path.resolve(file));
    const base = BUILT_IN_PROFILES.find((p) => p.name === model.meta.profile);
    if (!base) throw new InvalidInputError(`eval: reranker ${file} was trained on profile ${model.meta.profile}, which is not built in`);
    rerankers.set(model.meta.name, createLearnedReranker({ model, features, store: services.store }));
    // Rerank as deep as the model was trained to (its candidates per query).
    const depth = typeof model.meta.training.params.depth === "number" ? model.meta.training.params.depth : 100;
    profiles.push({
      ...base,
      name: `${model.meta.profile}-${model.meta.name.replace(/[^a-z0-9-]/g, "-")}`,
      description: `${base.name} reranked by ${file}`,
      rerank: { enabled: true, depth, model: model.meta.name },
    });
  }
  return { profiles, rerankers };
}

/**
 * A pipeline with the built-in profiles plus one per extra reranker file. With `installed: false`
 * the rerankers in `rerankerDir` are not loaded and the built-in profiles keep fusion's order: what
 * training needs (it reads fused candidates), and what still works when a feature change has made
 * the installed models unloadable until they are retrained.
 */
export async function pipelineFor(services: Services, rerankerFiles: readonly string[], options: { installed?: boolean } = {}): Promise<RankingPipeline> {
  const installed = options.installed ?? true;
  const extra = await extraRerankers(services, rerankerFiles, installed);
  const builtIn = installed ? BUILT_IN_PROFILES : BUILT_IN_PROFILES.map((p) => ({ ...p, rerank: { enabled: false, depth: 100, model: "none" } }));
  return createRankingPipeline(services, { profiles: new RankProfiles([...builtIn, ...extra.profiles]), rerankers: extra.rerankers });
}

interface Plan {
  workspace: () => Promise<Workspace | undefined>;
  tasks: (ws: Workspace | undefined) => Promise<EvalTask[]>;
}

/** Runs the selected tasks; tasks whose data is absent are listed in `skipped`, never silently dropped. */
export async function evaluate(ctx: WorkspaceContext, options: EvaluateOptions): Promise<EvalReport & { skipped: string[] }> {
  const skipped: string[] = [];
  const plans: Plan[] = [];
  const wanted = new Set(options.tasks);
  const demoNames = ["demo-recommend-freelancers", "demo-search-freelancers", "demo-recommend-jobs"];
  const escoNames = ["esco-title-normalisation", "esco-skill-linking-tech", "esco-skill-linking-house", "esco-occupation-skills"];
  const pick = (group: string, names: string[]) => (t: EvalTask): boolean => wanted.has(group) || (names.includes(t.name) && wanted.has(t.name));
  const files = options.tasks.filter((t) => t.endsWith(".jsonl"));
  const unknown = options.tasks.filter((t) => !files.includes(t) && !TASK_GROUPS.includes(t as (typeof TASK_GROUPS)[number]) && ![...demoNames, ...escoNames].includes(t));
  if (unknown.length > 0) {
    throw new InvalidInputError(`eval: unknown task(s) ${unknown.join(", ")}; use ${TASK_GROUPS.join(", ")}, a built-in task name (${[...demoNames, ...escoNames].join(", ")}) or a .jsonl task file`);
  }
  if (wanted.has("demo") || demoNames.some((n) => wanted.has(n))) {
    plans.push({
      workspace: () => demoWorkspace(ctx, options.workDir, options.demo),
      tasks: async (ws) => (await demoTasks((ws as Workspace).inputDir)).filter(pick("demo", demoNames)),
    });
  }
  if (wanted.has("esco") || escoNames.some((n) => wanted.has(n))) {
    plans.push({
      workspace: async () => {
        if (!existsSync(path.join(ctx.config.sharedDataDir, "esco-1.1.1"))) return undefined;
        return escoWorkspace(ctx, options.workDir);
      },
      tasks: async (ws) => {
        if (!ws) {
          skipped.push(`esco tasks: ${path.join(ctx.config.sharedDataDir, "esco-1.1.1")} is absent (set TALENTGRAPH_SHARED_DATA)`);
          return [];
        }
        const found = await escoTasks({
          sharedDataDir: ctx.config.sharedDataDir,
          ...(options.titleSample === undefined ? {} : { titleSample: options.titleSample }),
          ...(options.occupationSample === undefined ? {} : { occupationSample: options.occupationSample }),
        });
        skipped.push(...found.skipped);
        return found.tasks.filter(pick("esco", escoNames));
      },
    });
  }
  if (files.length > 0) {
    plans.push({
      workspace: () => Promise.resolve(undefined),
      tasks: () => Promise.all(files.map((f) => readTaskFile(path.resolve(f)))),
    });
  }

  const reports: TaskReport[] = [];
  for (const plan of plans) {
    const ws = await plan.workspace();
    const tasks = await plan.tasks(ws);
    if (tasks.length === 0) continue;
    const services = ws ? await ws.open() : await openServices(ctx.config, { logger: ctx.logger, progress: ctx.progress });
    try {
      const pipeline = await pipelineFor(services, options.rerankerFiles ?? [], { installed: options.installedRerankers ?? true });
      const all = pipeline.profiles().map((p) => p.name);
      const profiles = options.profiles ?? all;
      const missing = profiles.filter((p) => !all.includes(p));
      if (missing.length > 0) throw new InvalidInputError(`eval: unknown profile(s) ${missing.join(", ")}; known: ${all.join(", ")}`);
      const baseline = options.baseline ?? (profiles.includes("hybrid-fused") ? "hybrid-fused" : profiles[0]);
      for (const task of tasks) {
        const hasSplits = task.queries.some((q) => q.split !== undefined);
        ctx.logger.info(`eval ${task.name}: ${task.queries.length} queries, ${task.operation}`);
        reports.push(
          await runTask(pipeline, task, {
            profiles,
            ...(baseline === undefined ? {} : { baseline }),
            ...(hasSplits ? { split: options.split ?? "test" } : {}),
            ...(options.rounds === undefined ? {} : { rounds: options.rounds }),
            progress: (label, total) => ctx.progress(label, total, "queries"),
          }),
        );
      }
    } finally {
      await services.close();
    }
  }
  return {
    generatedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown"}`,
      model: ctx.config.model,
      embedder: ctx.config.embedder,
    },
    tasks: reports,
    skipped,
  };
}
