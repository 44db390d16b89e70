/**
 * Evaluation tasks: queries, graded relevance judgements (qrels) and the operation that answers
 * them. A task is a file anyone can write:
 *
 * JSONL (`*.jsonl`): the first line is the header, every other line one query.
 *   {"task": {"name": "my-task", "description": "…", "operation": "searchFreelancers",
 *             "metrics": ["ndcg@10", "mrr"], "mainMetric": "ndcg@10", "request": {"filter": {…}}}}
 *   {"qid": "q1", "text": "react developer", "relevant": {"fl-0001": 3, "fl-0042": 1}, "split": "test"}
 *   {"qid": "q2", "jobId": "job-0007", "relevant": {"fl-0100": 2}}
 * A query carries `text` (search operations, linkSkills), `jobId` (recommendFreelancers) or
 * `freelancerId` (recommendJobs); `relevant` maps result ids to gains > 0; `split` is optional
 * (train / validation / test); `filter` overrides the header's request filter for that query; `asOf`
 * (ISO time, recommendations) ranks as of that moment: only earlier interactions count.
 *
 * TREC: a qrels file (`qid 0 docid gain` per line) plus a queries file (`qid<TAB>text` per line), read
 * by {@link readTrecTask}; the operation and name come from the caller.
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { InvalidInputError } from "../core/errors.js";

export const TASK_OPERATIONS = ["searchFreelancers", "searchJobs", "recommendFreelancers", "recommendJobs", "linkSkills"] as const;
export type TaskOperation = (typeof TASK_OPERATIONS)[number];
export const SPLITS = ["train", "validation", "test"] as const;
export type Split = (typeof SPLITS)[number];

export const DEFAULT_METRICS = ["ndcg@10", "mrr", "recall@10", "recall@100", "map", "rp@10"] as const;

const headerSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, "lowercase letters, digits, dots, dashes, underscores"),
    description: z.string().max(2000).default(""),
    operation: z.enum(TASK_OPERATIONS),
    metrics: z.array(z.string()).min(1).optional(),
    mainMetric: z.string().optional(),
    /** Extra request fields for every query (e.g. `filter`, `includeClosed`). */
    request: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const querySchema = z
  .object({
    qid: z.string().min(1).max(200),
    text: z.string().min(1).max(10_000).optional(),
    jobId: z.string().min(1).optional(),
    freelancerId: z.string().min(1).optional(),
    split: z.enum(SPLITS).optional(),
    /** Point in time for recommendations: only interactions before it count (see RecommendFreelancersRequest.asOf). */
    asOf: z.iso.datetime({ offset: true }).optional(),
    filter: z.record(z.string(), z.unknown()).optional(),
    relevant: z.record(z.string(), z.number().finite()),
  })
  .strict();

export type EvalQuery = z.infer<typeof querySchema>;

export interface EvalTask {
  name: string;
  description: string;
  operation: TaskOperation;
  metrics: string[];
  mainMetric: string;
  request: Record<string, unknown>;
  queries: EvalQuery[];
  /** Where it came from (a file path, or "built-in"). */
  source: string;
  /** Caveats to print with the results (held-out data, labels outside the index, …). */
  notes: string[];
}

/** Which query field an operation needs. */
export function queryField(op: TaskOperation): "text" | "jobId" | "freelancerId" {
  return op === "recommendFreelancers" ? "jobId" : op === "recommendJobs" ? "freelancerId" : "text";
}

/** Builds a task, validating that each query has what its operation needs and unique qids. */
export function makeTask(input: {
  name: string;
  description?: string;
  operation: TaskOperation;
  metrics?: readonly string[];
  mainMetric?: string;
  request?: Record<string, unknown>;
  queries: EvalQuery[];
  source: string;
  notes?: string[];
}): EvalTask {
  const metrics = [...(input.metrics ?? DEFAULT_METRICS)];
  const mainMetric = input.mainMetric ?? metrics[0] ?? "ndcg@10";
  if (!metrics.includes(mainMetric)) metrics.unshift(mainMetric);
  const field = queryField(input.operation);
  const seen = new Set<string>();
  for (const q of input.queries) {
    if (seen.has(q.qid)) throw new InvalidInputError(`task ${input.name}: query id ${q.qid} appears twice`);
    seen.add(q.qid);
    if (q[field] === undefined) throw new InvalidInputError(`task ${input.name}: query ${q.qid} has no ${field}, which ${input.operation} needs`);
  }
  return {
    name: input.name,
    description: input.description ?? "",
    operation: input.operation,
    metrics,
    mainMetric,
    request: input.request ?? {},
    queries: input.queries,
    source: input.source,
    notes: input.notes ?? [],
  };
}

/** Reads a JSONL task file (format above); errors name the file and line. */
export async function readTaskFile(file: string): Promise<EvalTask> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let header: z.infer<typeof headerSchema> | undefined;
  const queries: EvalQuery[] = [];
  let n = 0;
  try {
    for await (const raw of lines) {
      n++;
      if (raw.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        throw new InvalidInputError(`readTaskFile: ${file}:${n}: not JSON (${error instanceof Error ? error.message : String(error)})`);
      }
      const issues = (e: z.ZodError): string => e.issues.map((i) => `${i.path.join(".") || "(line)"}: ${i.message}`).join("; ");
      if (header === undefined) {
        const h = headerSchema.safeParse((value as { task?: unknown } | null)?.task);
        if (!h.success) throw new InvalidInputError(`readTaskFile: ${file}:${n}: the first line must be {"task": {...}}: ${issues(h.error)}`);
        header = h.data;
        continue;
      }
      const q = querySchema.safeParse(value);
      if (!q.success) throw new InvalidInputError(`readTaskFile: ${file}:${n}: ${issues(q.error)}`);
      queries.push(q.data);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new InvalidInputError(`readTaskFile: ${file} does not exist`);
    throw error;
  }
  if (header === undefined) throw new InvalidInputError(`readTaskFile: ${file} is empty; expected a {"task": {...}} header line`);
  return makeTask({ ...header, queries, source: file });
}

/** Reads TREC-style qrels (`qid iter docid gain`) and queries (`qid<TAB>text`) into a task. */
export async function readTrecTask(input: {
  name: string;
  operation: Extract<TaskOperation, "searchFreelancers" | "searchJobs" | "linkSkills">;
  qrelsFile: string;
  queriesFile: string;
  description?: string;
}): Promise<EvalTask> {
  const read = async (file: string): Promise<string[]> => {
    try {
      return (await readFile(file, "utf8")).split(/\r?\n/);
    } catch (error) {
      throw new InvalidInputError(`readTrecTask: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const relevant = new Map<string, Record<string, number>>();
  (await read(input.qrelsFile)).forEach((line, i) => {
    if (line.trim() === "") return;
    const parts = line.trim().split(/\s+/);
    const gain = Number(parts[3]);
    if (parts.length !== 4 || !Number.isFinite(gain)) {
      throw new InvalidInputError(`readTrecTask: ${path.basename(input.qrelsFile)}:${i + 1}: expected "qid iter docid gain"`);
    }
    const [qid, , doc] = parts as [string, string, string];
    const rel = relevant.get(qid) ?? {};
    rel[doc] = gain;
    relevant.set(qid, rel);
  });
  const queries: EvalQuery[] = [];
  (await read(input.queriesFile)).forEach((line, i) => {
    if (line.trim() === "") return;
    const tab = line.indexOf("\t");
    if (tab <= 0) throw new InvalidInputError(`readTrecTask: ${path.basename(input.queriesFile)}:${i + 1}: expected "qid<TAB>text"`);
    const qid = line.slice(0, tab);
    queries.push({ qid, text: line.slice(tab + 1), relevant: relevant.get(qid) ?? {} });
  });
  return makeTask({ ...input, queries, source: input.qrelsFile });
}
