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
import type { SystemResult, WorkerJob } from "./job.js";
import { measureLatency } from "./latency.js";
import { peakRssMiB, rssMiB } from "./measure.js";

export const TALENTGRAPH_PROFILES = ["vector", "keyword", "hybrid-fused", "hybrid"] as const;

async function open(job: WorkerJob, dataDir: string): Promise<{ services: Services; pipeline: RankingPipeline }> {
  const config = loadConfig({ env: {}, overrides: { ...job.config, dataDir } });
  const services = await openServices(config);
  await Promise.all([services.indexes(), services.embedder(), services.linker()]);
  return { services, pipeline: await pipelineFor(services, []) };
}

export async function runTalentgraph(job: WorkerJob): Promise<SystemResult> {
  const baselineRssMiB = rssMiB();
  const queries = readQuerySet(job.dir, job.scale.queries);
  const t0 = performance.now();
  const { services, pipeline } = await open(job, job.scale.dataDir);
  const openSeconds = Math.round((performance.now() - t0) / 10) / 100;
  const docs = (await services.store.stats()).vectors.freelancers;
  const embedder = await services.embedder();
  const texts = queries.queries.map((q) => q.text);
  const latency: SystemResult["latency"] = {};
  let vectorTopK: string[][] = [];
  try {
    latency["embed (part of every profile)"] = await measureLatency(texts, job, async (q) => {
      await embedder.embed([q]);
    });
    for (const profile of TALENTGRAPH_PROFILES) {
      const top: string[][] = [];
      latency[profile] = await measureLatency(texts, job, async (q, record) => {
        const page = await pipeline.searchFreelancers({ query: q, first: job.k, profile });
        if (record) top.push(page.hits.map((h) => h.node.id));
      });
      if (profile === "vector") vectorTopK = top;
    }
  } finally {
    await services.close();
  }
  const peak = peakRssMiB();

  const quality: SystemResult["quality"] = [];
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
      quality.push({ task: spec.task, queries: report.queries, runs });
    } finally {
      await ws.services.close();
    }
  }
  return {
    system: "talentgraph",
    setup: `talentgraph pipeline in-process: HNSW (hnswlib) M ${services.config.hnswM}, ef ${services.config.hnswEfSearch}; BM25 = SQLite FTS5 over title/overview/skill names; skills graph; profiles ${TALENTGRAPH_PROFILES.join(", ")} (hybrid = hybrid-fused + LambdaMART reranker)`,
    cannot: [],
    build: { seconds: openSeconds, phases: { open: openSeconds }, docs, what: "open the stored indexes (ingest already built them: see bench:ingest)" },
    memory: { baselineRssMiB, peakRssMiB: peak, note: "peak after opening the store and running the latency queries" },
    latency,
    vectorMode: "vector",
    vectorTopK,
    quality,
    errors: [],
  };
}
