/**
 * Ingestion benchmark (`npm run bench:ingest`): docs/s of embedding alone vs the whole ingest
 * (validate, hash, link, embed, SQLite write, HNSW insert) of N demo freelancers with the default
 * model, per-stage timings, and the default model's throughput and quality against USE-lite direct
 * on skill linking (../shared/data/skill-extraction validation). Writes bench/reports/ingest.{md,json}.
 *
 * "Embedding alone" is defined to be comparable: the embedder ingest used (same instance, so the
 * same configuration: worker thread or not, model, batch size), fed exactly the texts ingest
 * embedded, in exactly the same calls (recorded during the ingest and replayed, with the same
 * number of ingest batches in flight). For reference it is also measured in-process (no worker)
 * on a sample of the same texts; the report gives the ratio against the faster of the two.
 *
 *   npm run bench:ingest -- [--freelancers 100000] [--skip-quality] [--input DEMO_DIR] [--pipeline-depth 2]
 * HNSW/batch/worker settings come from the ordinary config (env: HNSW_EF_CONSTRUCTION, HNSW_M,
 * TALENTGRAPH_EMBED_WORKER, TALENTGRAPH_INGEST_BATCH_SIZE, TALENTGRAPH_EMBED_BATCH_SIZE).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig, PACKAGE_ROOT } from "../src/core/config.js";
import { createLogger } from "../src/core/logger.js";
import { createProgress } from "../src/core/progress.js";
import type { Embedder } from "../src/embed/embedder.js";
import { createTransformersEmbedder } from "../src/embed/transformers-embedder.js";
import { createUseLiteEmbedder } from "../src/embed/use-lite-embedder.js";
import { generateDemo } from "../src/ingest/demo/generate-demo.js";
import { ingest, type IngestStageTimes } from "../src/ingest/ingest.js";
import { Quarantine } from "../src/ingest/quarantine.js";
import { openServices } from "../src/services.js";
import { skillLinkingQuality, type LinkingQuality } from "./skill-linking-quality.js";

const { values } = parseArgs({
  options: {
    freelancers: { type: "string", default: "100000" },
    "skip-quality": { type: "boolean", default: false },
    /** An existing demo directory (from `talentgraph demo`) instead of generating one. */
    input: { type: "string" },
    /** Ingest batches in flight ahead of the one being written (IngestOptions.pipelineDepth). */
    "pipeline-depth": { type: "string", default: "2" },
    /** Texts for the in-process reference measurement (0 = skip it). */
    "inprocess-sample": { type: "string", default: "20000" },
  },
});
const pipelineDepth = Number(values["pipeline-depth"]);
const inprocessSample = Number(values["inprocess-sample"]);
const n = Number(values.freelancers);
const logger = createLogger({ level: "info" });
const progress = (label: string, total?: number, unit?: string) =>
  createProgress({ label, ...(total === undefined ? {} : { total }), ...(unit ? { unit } : {}) });

const work = mkdtempSync(path.join(os.tmpdir(), "tg-bench-ingest-"));
const input = values.input ?? path.join(work, "input");
const config = loadConfig({ overrides: { dataDir: path.join(work, "data") } });

if (values.input === undefined) {
  logger.info(`generating ${n} demo freelancers`, { work });
  await generateDemo({ outDir: input, freelancers: n, jobs: Math.max(1, Math.round(n / 5)), seed: 42 });
}

const services = await openServices(config, { logger, progress });
const embedder = await services.embedder();
await (async () => {
  // Ingest the taxonomy first (not timed): profiles link against it.
  const only = path.join(work, "taxonomy");
  mkdirSync(only, { recursive: true });
  cpSync(path.join(input, "skills.jsonl"), path.join(only, "skills.jsonl"));
  cpSync(path.join(input, "skill_relations.jsonl"), path.join(only, "skill_relations.jsonl"));
  await ingest(
    { store: services.store, indexes: await services.indexes(), embedder, createLinker: services.createLinker, quarantine: new Quarantine(config.dataDir) },
    { inputDir: only },
  );
})();

// 1. The whole ingest of the freelancers file, recording every embedding call it makes.
const calls: Array<{ texts: string[]; at: number }> = [];
const recording: Embedder = {
  modelId: embedder.modelId,
  dimensions: embedder.dimensions,
  embed: (t) => {
    calls.push({ texts: [...t], at: performance.now() });
    return embedder.embed(t);
  },
  close: () => embedder.close(),
};
const flDir = path.join(work, "freelancers-only");
mkdirSync(flDir, { recursive: true });
cpSync(path.join(input, "freelancers.jsonl"), path.join(flDir, "freelancers.jsonl"));
const load = { before: os.loadavg()[0] ?? 0, after: 0 };
const rssBefore = process.memoryUsage().rss;
const cpuIngest = threadCpu();
const summary = await ingest(
  {
    store: services.store,
    indexes: await services.indexes(),
    embedder: recording,
    createLinker: services.createLinker,
    quarantine: new Quarantine(config.dataDir),
    progress: (label, total) => progress(label, total, "records"),
  },
  { inputDir: flDir, batchSize: config.ingestBatchSize, embedBatchSize: config.embedBatchSize, pipelineDepth },
);
const wholeCpu = cpuPerDoc(cpuIngest, threadCpu(), summary.totals.read);
const whole = { docs: summary.totals.read, seconds: summary.seconds, docsPerSecond: summary.totals.read / summary.seconds, cpu: wholeCpu };
logger.info("whole ingest", whole);
const stages = summary.stages;
logger.info("whole ingest stages (s, main thread)", { ...stages });

// 2. Embedding alone: replay the recorded calls on the same embedder. Calls made together
// (one ingest batch) are submitted together, with as many batches in flight as ingest allowed.
const groups: string[][][] = [];
calls.forEach((c, i) => {
  const last = groups[groups.length - 1];
  const prev = calls[i - 1];
  if (last !== undefined && prev !== undefined && c.at - prev.at < 1) last.push(c.texts);
  else groups.push([c.texts]);
});
const texts = calls.flatMap((c) => c.texts);
const embedOnly = await timeEmbedding(embedder, groups, pipelineDepth + 1);
load.after = os.loadavg()[0] ?? 0;
logger.info("embedding alone (same embedder, same calls)", embedOnly);

// 3. Reference: the same embedder configuration in-process (no worker), on a sample.
let inProcess: Awaited<ReturnType<typeof timeEmbedding>> | undefined;
if (inprocessSample > 0 && config.embedder === "transformers") {
  const local = await createTransformersEmbedder({
    model: config.model,
    allowRemote: config.allowRemoteModels,
    batchSize: config.embedBatchSize,
    ...(config.embedThreads > 0 ? { threads: config.embedThreads } : {}),
  });
  const sample: string[][][] = [];
  let taken = 0;
  for (const g of groups) {
    if (taken >= inprocessSample) break;
    sample.push(g);
    taken += g.reduce((a, t) => a + t.length, 0);
  }
  inProcess = await timeEmbedding(local, sample, 1);
  await local.close();
  logger.info("embedding alone in-process (reference, sample)", inProcess);
}
const bestEmbedding = Math.max(embedOnly.textsPerSecond, inProcess?.textsPerSecond ?? 0);

let quality: { default: LinkingQuality; useLite: LinkingQuality; useLiteThroughput: { textsPerSecond: number } } | undefined;
if (!values["skip-quality"]) {
  const useLite = await createUseLiteEmbedder();
  const sample = texts.slice(0, 2000);
  const useLiteThroughput = await timeEmbedding(useLite, chunks(sample, 32), 1);
  quality = {
    default: await skillLinkingQuality(embedder, config.sharedDataDir, logger),
    useLite: await skillLinkingQuality(useLite, config.sharedDataDir, logger),
    useLiteThroughput,
  };
  await useLite.close();
}

const report = {
  generatedAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  model: embedder.modelId,
  freelancers: n,
  config: {
    embedWorker: config.embedWorker,
    embedBatchSize: config.embedBatchSize,
    ingestBatchSize: config.ingestBatchSize,
    pipelineDepth,
    hnswM: config.hnswM,
    hnswEfConstruction: config.hnswEfConstruction,
  },
  loadAverage1m: load,
  embeddingAlone: embedOnly,
  embeddingAloneInProcess: inProcess,
  wholeIngest: whole,
  stages,
  ratioWholeToEmbedding: whole.docsPerSecond / embedOnly.textsPerSecond,
  ratioWholeToBestEmbedding: whole.docsPerSecond / bestEmbedding,
  peakRssMiB: Math.round(Math.max(rssBefore, process.memoryUsage().rss) / 2 ** 20),
  quarantined: summary.totals.quarantined,
  quality,
};
const outDir = path.join(PACKAGE_ROOT, "bench", "reports");
writeFileSync(path.join(outDir, "ingest.json"), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(outDir, "ingest.md"), renderMarkdown(report));
process.stdout.write(renderMarkdown(report));
await services.close();
rmSync(work, { recursive: true, force: true });

/**
 * Times embedding `groups` (each a list of calls made together) with up to `inFlight` groups
 * submitted at once, after a one-call warm-up.
 */
async function timeEmbedding(
  e: Embedder,
  groups: string[][][],
  inFlight: number,
): Promise<{ texts: number; seconds: number; textsPerSecond: number; cpu: ReturnType<typeof cpuPerDoc> }> {
  const first = groups[0]?.[0];
  if (first !== undefined) await e.embed(first); // warm-up
  let n = 0;
  const c0 = threadCpu();
  const t0 = performance.now();
  const window: Array<Promise<unknown>> = [];
  for (const g of groups) {
    n += g.reduce((a, t) => a + t.length, 0);
    window.push(Promise.all(g.map((t) => e.embed(t))));
    if (window.length >= inFlight) await window.shift();
  }
  await Promise.all(window);
  const seconds = (performance.now() - t0) / 1000;
  return { texts: n, seconds, textsPerSecond: n / seconds, cpu: cpuPerDoc(c0, threadCpu(), n) };
}

/**
 * CPU seconds so far of this process' main thread and of all its other threads (embedding worker,
 * ONNX Runtime pool, GC helpers), from /proc (Linux; zeros elsewhere). Unlike wall time, these
 * barely move when other work loads the machine.
 */
function threadCpu(): { main: number; others: number } {
  const out = { main: 0, others: 0 };
  if (!existsSync("/proc/self/task")) return out;
  for (const tid of readdirSync("/proc/self/task")) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    } catch {
      continue; // the thread ended between listing and reading; its time is gone with it
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const seconds = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, USER_HZ ticks
    if (Number(tid) === process.pid) out.main += seconds;
    else out.others += seconds;
  }
  return out;
}

/** CPU µs per doc on the main thread and on all other threads (worker, its GC helpers, ONNX Runtime). */
function cpuPerDoc(a: { main: number; others: number }, b: { main: number; others: number }, docs: number): { mainUsPerDoc: number; otherThreadsUsPerDoc: number } {
  return { mainUsPerDoc: ((b.main - a.main) / docs) * 1e6, otherThreadsUsPerDoc: ((b.others - a.others) / docs) * 1e6 };
}

/** Splits the USE-lite sample into single calls of `batch` texts. */
function chunks(all: string[], batch: number): string[][][] {
  const out: string[][][] = [];
  for (let i = 0; i < all.length; i += batch) out.push([all.slice(i, i + batch)]);
  return out;
}

function renderMarkdown(r: typeof report): string {
  const q = r.quality;
  return [
    `# Ingest benchmark (${r.generatedAt})`,
    "",
    `Machine: ${r.machine.cpus} cores, Node ${r.machine.node}. Model: \`${r.model}\`. ${r.freelancers.toLocaleString("en-US")} demo freelancers.`,
    "",
    `Config: embedder in a worker thread: ${r.config.embedWorker}; embed batch ${r.config.embedBatchSize}; ingest batch ${r.config.ingestBatchSize}; pipeline depth ${r.config.pipelineDepth}; HNSW M ${r.config.hnswM}, efConstruction ${r.config.hnswEfConstruction}. 1-min load average ${r.loadAverage1m.before.toFixed(1)} before, ${r.loadAverage1m.after.toFixed(1)} after (2 cores; other work on the machine slows both measurements).`,
    "",
    "| measurement | docs | seconds | docs/s |",
    "|---|---:|---:|---:|",
    `| embedding alone (the embedder ingest used, the texts and calls it made) | ${r.embeddingAlone.texts} | ${r.embeddingAlone.seconds.toFixed(1)} | ${r.embeddingAlone.textsPerSecond.toFixed(0)} |`,
    ...(r.embeddingAloneInProcess
      ? [`| embedding alone in-process, no worker (reference, first texts) | ${r.embeddingAloneInProcess.texts} | ${r.embeddingAloneInProcess.seconds.toFixed(1)} | ${r.embeddingAloneInProcess.textsPerSecond.toFixed(0)} |`]
      : []),
    `| whole ingest (validate, link, embed, SQLite, HNSW) | ${r.wholeIngest.docs} | ${r.wholeIngest.seconds.toFixed(1)} | ${r.wholeIngest.docsPerSecond.toFixed(0)} |`,
    "",
    "CPU time per doc (from /proc; unlike wall time it barely moves with machine load). \"Other threads\" are the embedding worker plus its GC helpers and ONNX Runtime's pool, so it can exceed one core's worth:",
    "",
    "| measurement | main thread µs/doc | other threads µs/doc | total µs/doc |",
    "|---|---:|---:|---:|",
    ...[
      ["embedding alone", r.embeddingAlone.cpu],
      ...(r.embeddingAloneInProcess ? [["embedding alone in-process", r.embeddingAloneInProcess.cpu] as const] : []),
      ["whole ingest", r.wholeIngest.cpu],
    ].map(([k, c]) => {
      const cc = c as ReturnType<typeof cpuPerDoc>;
      return `| ${k as string} | ${cc.mainUsPerDoc.toFixed(0)} | ${cc.otherThreadsUsPerDoc.toFixed(0)} | ${(cc.mainUsPerDoc + cc.otherThreadsUsPerDoc).toFixed(0)} |`;
    }),
    "",
    `Whole ingest / embedding alone: **${(r.ratioWholeToEmbedding * 100).toFixed(0)}%** (target ≥ 80%); against the faster embedding-alone measurement: **${(r.ratioWholeToBestEmbedding * 100).toFixed(0)}%**. Peak RSS ${r.peakRssMiB} MiB.`,
    "",
    "Whole-ingest time by stage (main thread; with the worker embedder, embedding runs concurrently and only the wait for vectors shows here):",
    "",
    "| stage | seconds | µs/doc |",
    "|---|---:|---:|",
    ...stageRows(r.stages, r.wholeIngest.docs),
    `| wall clock | ${r.wholeIngest.seconds.toFixed(1)} | ${((r.wholeIngest.seconds / r.wholeIngest.docs) * 1e6).toFixed(0)} |`,
    "",
    ...(q
      ? [
          "## Default model vs USE-lite direct: skill linking by embedding alone",
          "",
          "Posting sentence → nearest ESCO skills (vector search only, no phrase matching), on the skill-extraction validation sets (third-party labels).",
          "",
          "| model | texts/s | TECH MRR | TECH RP@5 | HOUSE MRR | HOUSE RP@5 |",
          "|---|---:|---:|---:|---:|---:|",
          `| default (${r.model}) | ${(r.embeddingAloneInProcess ?? r.embeddingAlone).textsPerSecond.toFixed(0)} | ${fmt(q.default.tech?.mrr)} | ${fmt(q.default.tech?.rp5)} | ${fmt(q.default.house?.mrr)} | ${fmt(q.default.house?.rp5)} |`,
          `| USE-lite direct | ${q.useLiteThroughput.textsPerSecond.toFixed(0)} | ${fmt(q.useLite.tech?.mrr)} | ${fmt(q.useLite.tech?.rp5)} | ${fmt(q.useLite.house?.mrr)} | ${fmt(q.useLite.house?.rp5)} |`,
          "",
        ]
      : []),
  ].join("\n");
}

function stageRows(st: IngestStageTimes, docs: number): string[] {
  const rows = (Object.entries(st) as Array<[string, number]>).map(([k, v]) => `| ${k} | ${v.toFixed(1)} | ${((v / docs) * 1e6).toFixed(0)} |`);
  const sum = (Object.values(st) as number[]).reduce((a, b) => a + b, 0);
  return [...rows, `| sum of stages | ${sum.toFixed(1)} | ${((sum / docs) * 1e6).toFixed(0)} |`];
}

function fmt(x: number | undefined): string {
  return x === undefined ? "n/a" : x.toFixed(3);
}
