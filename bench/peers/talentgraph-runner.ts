/**
 * talentgraph in the peers benchmark: the stores the corpora were read from, opened as a server
 * opens them, and ranked through the same pipeline the API and the eval harness call (profiles
 * vector, keyword, hybrid-fused, hybrid). Quality runs through the eval harness's `runTask`.
 */
import { loadConfig } from "../../src/core/config.js";
import { pipelineFor } from "../../src/eval/evaluate.js";
import { LINKER_PROFILE, runTask } from "../../src/eval/runner.js";
import { makeTask } from "../../src/eval/task.js";
import { openServices, type Services } from "../../src/services.js";
import type { RankingPipeline } from "../../src/pipeline/types.js";
import { readQuerySet } from "./corpus.js";
import type { Checkpoint, SystemResult, WorkerJob } from "./job.js";
import { measureLatency } from "./latency.js";
import { peakRssMiB, rssMiB } from "./measure.js";

export const TALENTGRAPH_PROFILES = ["vector", "keyword", "hybrid-fused", "hybrid"] as const;

async function open(job: WorkerJob, dataDir: string): Promise<{ services: Services; pipeline: RankingPipeline }> {
  const config = loadConfig({ env: {}, overrides: { ...job.config, dataDir } });
  const services = await openServices(config);
  await Promise.all([services.indexes(), services.embedder(), services.linker()]);
  return { services, pipeline: await pipelineFor(services, []) };
}

const SETUP = (m: number, ef: number): string =>
  `talentgraph pipeline in-process: HNSW (hnswlib) M ${m}, ef ${ef}; BM25 = SQLite FTS5 over title/overview/skill names; skills graph; profiles ${TALENTGRAPH_PROFILES.join(", ")} (hybrid = hybrid-fused + LambdaMART reranker)`;

export async function runTalentgraph(job: WorkerJob, checkpoint: Checkpoint): Promise<SystemResult> {
  const baselineRssMiB = rssMiB();
  const queries = readQuerySet(job.dir, job.scale.queries);
  const t0 = performance.now();
  const { services, pipeline } = await open(job, job.scale.dataDir);
  const openSeconds = Math.round((performance.now() - t0) / 10) / 100;
  const docs = (await services.store.stats()).vectors.freelancers;
  const embedder = await services.embedder();
  const texts = queries.queries.map((q) => q.text);
  const embedMode = "embed (part of every profile)";
  const result: SystemResult = {
    system: "talentgraph",
    setup: SETUP(services.config.hnswM, services.config.hnswEfSearch),
    cannot: [],
    build: { seconds: openSeconds, phases: { open: openSeconds }, docs, what: "open the stored indexes (ingest already built them: see bench:ingest)" },
    memory: { baselineRssMiB, peakRssMiB: peakRssMiB(), note: "peak after opening the store and running the latency queries" },
    latency: {},
    vectorMode: "vector",
    vectorTopK: [],
    quality: [],
    errors: [],
    pending: [`latency ${embedMode}`, ...TALENTGRAPH_PROFILES.map((p) => `latency ${p}`), ...job.quality.map((q) => `quality ${q.task}`)],
  };
  const done = (step: string): void => {
    result.pending = result.pending.filter((p) => p !== step);
    checkpoint(result);
  };
  checkpoint(result);
  try {
    result.latency[embedMode] = await measureLatency(texts, job, async (q) => {
      await embedder.embed([q]);
    });
    done(`latency ${embedMode}`);
    for (const profile of TALENTGRAPH_PROFILES) {
      const top: string[][] = [];
      result.latency[profile] = await measureLatency(texts, job, async (q, record) => {
        const page = await pipeline.searchFreelancers({ query: q, first: job.k, profile });
        if (record) top.push(page.hits.map((h) => h.node.id));
      });
      if (profile === "vector") result.vectorTopK = top;
      result.memory.peakRssMiB = peakRssMiB();
      done(`latency ${profile}`);
    }
  } finally {
    await services.close();
  }

  for (const spec of job.quality) {
    const set = readQuerySet(job.dir, spec.queries);
    const task = makeTask({
      name: spec.task,
      operation: spec.operation,
      metrics: spec.metrics,
      mainMetric: spec.mainMetric,
      request: spec.request,
      queries: set.queries.map((q) => ({ qid: q.qid, text: q.text, relevant: q.relevant ?? {} })),
      source: "peers bench",
    });
    const ws = await open(job, spec.dataDir);
    try {
      const report = await runTask(ws.pipeline, task, { profiles: [...TALENTGRAPH_PROFILES], depth: job.depth, rounds: 1 });
      const runs = Object.fromEntries(report.runs.map((r) => [r.profile === LINKER_PROFILE ? "linkSkills" : r.profile, r.metrics]));
      result.quality.push({ task: spec.task, queries: report.queries, runs });
    } finally {
      await ws.services.close();
    }
    done(`quality ${spec.task}`);
  }
  return result;
}
