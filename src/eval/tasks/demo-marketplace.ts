/**
 * The demo marketplace task: held-out engagement of the generated marketplace as graded relevance
 * (hire 3 > interview 2 > apply 1; views and clicks are not judgements).
 *
 * Split by time: jobs sorted by posting time, the oldest 70% are train, the next 15% validation,
 * the newest 15% test. The store the queries run against holds every record but only the
 * interactions that happened before the validation period began, so neither the collaborative
 * channel nor the reranker's history features can see a validation or test outcome.
 * {@link holdOutInteractions} rewrites a generated demo folder that way (idempotently).
 */
import { createReadStream, existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { DataUnavailableError } from "../../core/errors.js";
import { compareIds } from "../../core/order.js";
import type { InteractionType } from "../../core/records.js";
import { DEMO_FILES } from "../../ingest/demo/generate-demo.js";
import { makeTask, type EvalQuery, type EvalTask, type Split } from "../task.js";

/** Gain of each engagement type; types not listed are not relevance judgements. */
export const ENGAGEMENT_GAIN: Readonly<Partial<Record<InteractionType, number>>> = { apply: 1, interview: 2, hire: 3 };
export const SPLIT_FRACTIONS = { train: 0.7, validation: 0.15 } as const;
export type SplitFractions = { train: number; validation: number };
/** Where {@link holdOutInteractions} keeps the complete interaction log. */
export const ALL_INTERACTIONS_FILE = "hidden/all_interactions.jsonl";

export interface JobLine {
  id: string;
  title: string;
  postedAt?: string;
}
export interface InteractionLine {
  type: InteractionType;
  jobId: string;
  freelancerId: string;
  at: string;
}

export interface DemoSplit {
  /** First posting time of the validation period (ISO). */
  validationStart: string;
  /** First posting time of the test period (ISO). */
  testStart: string;
  splitOf: ReadonlyMap<string, Split>;
}

async function* readJsonl<T>(file: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== "") yield JSON.parse(line) as T;
}

async function readJobs(inputDir: string): Promise<JobLine[]> {
  const file = path.join(inputDir, DEMO_FILES.jobs);
  if (!existsSync(file)) throw new DataUnavailableError(`demo task: ${file} is missing; generate the demo marketplace first`);
  const jobs: JobLine[] = [];
  for await (const j of readJsonl<JobLine>(file)) jobs.push({ id: j.id, title: j.title, ...(j.postedAt === undefined ? {} : { postedAt: j.postedAt }) });
  return jobs;
}

/** Splits jobs by posting time (ties by id): oldest 70% train, next 15% validation, newest 15% test by default. */
export function splitJobsByTime(jobs: readonly JobLine[], fractions: SplitFractions = SPLIT_FRACTIONS): DemoSplit {
  const dated = jobs.filter((j): j is JobLine & { postedAt: string } => j.postedAt !== undefined);
  if (dated.length < 20) throw new DataUnavailableError(`demo task: only ${dated.length} jobs have a posting time; need at least 20 to split`);
  dated.sort((a, b) => compareIds(a.postedAt, b.postedAt) || compareIds(a.id, b.id));
  const v = Math.floor(dated.length * fractions.train);
  const t = Math.min(dated.length - 1, Math.floor(dated.length * (fractions.train + fractions.validation)));
  const splitOf = new Map<string, Split>();
  dated.forEach((j, i) => splitOf.set(j.id, i < v ? "train" : i < t ? "validation" : "test"));
  return { validationStart: (dated[v] as { postedAt: string }).postedAt, testStart: (dated[t] as { postedAt: string }).postedAt, splitOf };
}

/**
 * Keeps in `interactions.jsonl` only what happened before the validation period began and moves the
 * complete log to {@link ALL_INTERACTIONS_FILE}. Running it again starts from the complete log, so
 * it is idempotent. Returns the split and how many interactions were held out.
 */
export async function holdOutInteractions(inputDir: string): Promise<DemoSplit & { kept: number; heldOut: number }> {
  const split = splitJobsByTime(await readJobs(inputDir));
  const live = path.join(inputDir, DEMO_FILES.interactions);
  const all = path.join(inputDir, ALL_INTERACTIONS_FILE);
  if (!existsSync(all)) {
    if (!existsSync(live)) throw new DataUnavailableError(`demo task: ${live} is missing; generate the demo marketplace first`);
    await mkdir(path.dirname(all), { recursive: true });
    await rename(live, all);
  }
  const kept: string[] = [];
  let heldOut = 0;
  for await (const i of readJsonl<InteractionLine>(all)) {
    if (i.at < split.validationStart) kept.push(JSON.stringify(i));
    else heldOut++;
  }
  const tmp = `${live}.tmp`;
  await writeFile(tmp, kept.length > 0 ? kept.join("\n") + "\n" : "");
  await rename(tmp, live);
  return { ...split, kept: kept.length, heldOut };
}

/**
 * The demo tasks over a folder prepared by {@link holdOutInteractions}:
 * - demo-recommend-freelancers: recommendFreelancers(job) for every job with an application;
 * - demo-search-freelancers: searchFreelancers(job title), same judgements;
 * - demo-recommend-jobs: recommendJobs(freelancer) per split, over the jobs posted in that split.
 */
export async function demoTasks(inputDir: string): Promise<EvalTask[]> {
  const jobs = await readJobs(inputDir);
  const all = path.join(inputDir, ALL_INTERACTIONS_FILE);
  if (!existsSync(all)) throw new DataUnavailableError(`demo task: ${all} is missing; run holdOutInteractions on ${inputDir} first`);
  const split = splitJobsByTime(jobs);
  const note = `split by job posting time: validation from ${split.validationStart}, test from ${split.testStart}; the store holds interactions before ${split.validationStart} only`;
  return engagementTasks("demo", jobs, readJsonl<InteractionLine>(all), split, note);
}

/**
 * Engagement tasks over any jobs and interaction log (the demo files, or a live store for
 * `train-reranker --from-interactions`), named `<prefix>-recommend-freelancers`, …
 */
export async function engagementTasks(
  prefix: string,
  jobs: readonly JobLine[],
  interactions: AsyncIterable<InteractionLine> | Iterable<InteractionLine>,
  split: DemoSplit,
  note: string,
): Promise<EvalTask[]> {
  // Best gain per (job, freelancer).
  const byJob = new Map<string, Map<string, number>>();
  for await (const i of interactions) {
    const gain = ENGAGEMENT_GAIN[i.type];
    if (gain === undefined) continue;
    const rel = byJob.get(i.jobId) ?? new Map<string, number>();
    rel.set(i.freelancerId, Math.max(rel.get(i.freelancerId) ?? 0, gain));
    byJob.set(i.jobId, rel);
  }
  const jobQueries: Array<EvalQuery & { split: Split }> = [];
  const titleQueries: EvalQuery[] = [];
  const byFreelancer = new Map<string, Map<Split, Record<string, number>>>();
  for (const job of [...jobs].sort((a, b) => compareIds(a.id, b.id))) {
    const rel = byJob.get(job.id);
    const s = split.splitOf.get(job.id);
    if (!rel || s === undefined) continue;
    const relevant = Object.fromEntries([...rel].sort(([a], [b]) => compareIds(a, b)));
    // As of the posting: a train job's ranking must not see the applications that came after it.
    jobQueries.push({ qid: job.id, jobId: job.id, split: s, relevant, ...(job.postedAt === undefined ? {} : { asOf: job.postedAt }) });
    titleQueries.push({ qid: job.id, text: job.title, split: s, relevant });
    for (const [f, gain] of rel) {
      const perSplit = byFreelancer.get(f) ?? new Map<Split, Record<string, number>>();
      const r = perSplit.get(s) ?? {};
      r[job.id] = gain;
      perSplit.set(s, r);
      byFreelancer.set(f, perSplit);
    }
  }
  const freelancerQueries: EvalQuery[] = [];
  for (const [f, perSplit] of [...byFreelancer].sort(([a], [b]) => compareIds(a, b))) {
    for (const s of ["validation", "test"] as const) {
      const relevant = perSplit.get(s);
      if (!relevant) continue;
      const since = s === "validation" ? split.validationStart : split.testStart;
      freelancerQueries.push({ qid: `${f}@${s}`, freelancerId: f, split: s, relevant, filter: { postedSince: since } });
    }
  }
  const metrics = ["ndcg@10", "mrr", "recall@10", "recall@100", "map", "rp@10"];
  return [
    makeTask({
      name: `${prefix}-recommend-freelancers`,
      description: "Rank freelancers for a job; relevant = who applied (1), was interviewed (2), was hired (3).",
      operation: "recommendFreelancers",
      metrics,
      queries: jobQueries,
      source: "built-in",
      notes: [note],
    }),
    makeTask({
      name: `${prefix}-search-freelancers`,
      description: "Search freelancers with the job's title as the query; same judgements as the recommend-freelancers task.",
      operation: "searchFreelancers",
      metrics,
      queries: titleQueries,
      source: "built-in",
      notes: [note],
    }),
    makeTask({
      name: `${prefix}-recommend-jobs`,
      description: "Rank the jobs posted in the split's period for a freelancer; relevant = the jobs they applied to (1), interviewed for (2), were hired for (3).",
      operation: "recommendJobs",
      metrics,
      request: { includeClosed: true },
      queries: freelancerQueries,
      source: "built-in",
      notes: [note, "no train split: the jobs a freelancer engaged with in the train period are in the store and excluded from their recommendations"],
    }),
  ];
}
