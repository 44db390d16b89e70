/**
 * Runs evaluation tasks through the ranking pipeline (the same one the API and the batch job call)
 * under several rank profiles, scores every query, and compares each profile with a baseline
 * query by query.
 */
import { performance } from "node:perf_hooks";
import { InvalidInputError } from "../core/errors.js";
import type { Progress } from "../core/progress.js";
import { silentProgress } from "../core/progress.js";
import { MAX_PAGE_SIZE, type OperationRequest, type RankingPipeline } from "../pipeline/types.js";
import { evaluateQuery, hasRelevant, type RankedItem } from "./metrics.js";
import { compareRuns, summariseRun, type ProfileRun, type QueryResult, type TaskReport } from "./report.js";
import type { EvalQuery, EvalTask, Split } from "./task.js";

/** linkSkills has no rank profiles: its one configuration is reported under this name. */
export const LINKER_PROFILE = "linker";

export interface RunTaskOptions {
  /** Profiles to run (ignored for linkSkills tasks). */
  profiles: readonly string[];
  /** Profile the others are compared with; default the first. */
  baseline?: string;
  /** Only queries of this split (queries without a split are always kept). */
  split?: Split;
  /** Results asked per query (≤ 100, the page size limit); default 100. */
  depth?: number;
  /** Resampling rounds of the significance tests; default 10000. */
  rounds?: number;
  progress?: (label: string, total: number) => Progress;
}

const asOf = (q: EvalQuery): { asOf?: string } => (q.asOf === undefined ? {} : { asOf: q.asOf });

/** The pipeline request a task's query makes (not for linkSkills tasks, which have no profiles). */
export function requestFor(task: EvalTask, q: EvalQuery, profile: string | undefined, depth: number): OperationRequest {
  const filter = q.filter ?? (task.request.filter as Record<string, unknown> | undefined);
  const base = { ...task.request, first: Math.min(depth, MAX_PAGE_SIZE), ...(profile === undefined ? {} : { profile }), ...(filter === undefined ? {} : { filter }) };
  switch (task.operation) {
    case "searchFreelancers":
      return { op: "searchFreelancers", ...base, query: q.text ?? "" };
    case "searchJobs":
      return { op: "searchJobs", ...base, query: q.text ?? "" };
    case "recommendFreelancers":
      return { op: "recommendFreelancers", ...base, jobId: q.jobId ?? "", ...asOf(q) };
    case "recommendJobs":
      return { op: "recommendJobs", ...base, freelancerId: q.freelancerId ?? "", ...asOf(q) };
    case "linkSkills":
      throw new InvalidInputError(`task ${task.name} links skills; it has no ranking request`);
  }
}

/** The ranked ids (and scores) a task's operation returns for one query. */
export async function answer(pipeline: RankingPipeline, task: EvalTask, q: EvalQuery, profile: string | undefined, depth: number): Promise<RankedItem[]> {
  if (task.operation === "linkSkills") return (await pipeline.linkSkills(q.text ?? "", depth)).map((l) => ({ id: l.skillId, score: l.score }));
  const items = <T extends { id: string }>(page: { hits: Array<{ node: T; score: number }> }): RankedItem[] =>
    page.hits.map((h) => ({ id: h.node.id, score: h.score }));
  const req = requestFor(task, q, profile, depth);
  switch (req.op) {
    case "searchFreelancers":
      return items(await pipeline.searchFreelancers(req));
    case "searchJobs":
      return items(await pipeline.searchJobs(req));
    case "recommendFreelancers":
      return items(await pipeline.recommendFreelancers(req));
    case "recommendJobs":
      return items(await pipeline.recommendJobs(req));
  }
}

/** Runs one task under each profile and compares them with the baseline. */
export async function runTask(pipeline: RankingPipeline, task: EvalTask, options: RunTaskOptions): Promise<TaskReport> {
  const depth = Math.min(options.depth ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const profiles = task.operation === "linkSkills" ? [LINKER_PROFILE] : [...options.profiles];
  if (profiles.length === 0) throw new InvalidInputError(`runTask(${task.name}): no profiles to run`);
  const baseline = task.operation === "linkSkills" ? LINKER_PROFILE : (options.baseline ?? profiles[0] ?? "");
  if (!profiles.includes(baseline)) throw new InvalidInputError(`runTask(${task.name}): baseline ${baseline} is not among the profiles ${profiles.join(", ")}`);
  const inSplit = task.queries.filter((q) => options.split === undefined || q.split === undefined || q.split === options.split);
  const queries = inSplit.filter((q) => hasRelevant(new Map(Object.entries(q.relevant))));
  const progress = options.progress ?? (() => silentProgress);

  const runs: ProfileRun[] = [];
  for (const profile of profiles) {
    const bar = progress(`${task.name} · ${profile}`, queries.length);
    const perQuery: QueryResult[] = [];
    const latencies: number[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      const ranking = await answer(pipeline, task, q, profile === LINKER_PROFILE ? undefined : profile, depth);
      latencies.push(performance.now() - t0);
      perQuery.push({ qid: q.qid, metrics: evaluateQuery(ranking, new Map(Object.entries(q.relevant)), task.metrics) });
      bar.tick();
    }
    bar.done();
    if (perQuery.length > 0) runs.push(summariseRun(profile, perQuery, latencies, rerankerOf(pipeline, profile)));
  }
  const base = runs.find((r) => r.profile === baseline);
  const comparisons = base
    ? runs.filter((r) => r !== base).flatMap((r) => compareRuns(base, r, task.metrics, { rounds: options.rounds ?? 10_000, seed: 1 }))
    : [];
  return {
    task: task.name,
    description: task.description,
    operation: task.operation,
    ...(options.split === undefined ? {} : { split: options.split }),
    queries: queries.length,
    skippedQueries: inSplit.length - queries.length,
    metrics: task.metrics,
    mainMetric: task.mainMetric,
    baseline,
    runs,
    comparisons,
    notes: [...task.notes, ...(inSplit.length > queries.length ? [`${inSplit.length - queries.length} queries without relevant items skipped`] : [])],
  };
}

function rerankerOf(pipeline: RankingPipeline, profile: string): string | undefined {
  return pipeline.profiles().find((p) => p.name === profile)?.reranker;
}
