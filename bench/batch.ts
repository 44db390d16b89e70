/**
 * Batch recommendations benchmark (`npm run bench:batch`): `recommend-batch --for freelancers`
 * over N demo freelancers (default 100,000, top 10) as the real CLI process, reporting recipients/s
 * (ranking phase and end to end), peak RSS and CPU per recipient; then where a recommendation's
 * time goes, per pipeline stage, for the plain `recommend` path (hybrid profile, HNSW) against what
 * the batch runs (batch profile over the exact candidate view). Writes bench/reports/batch.{md,json}.
 *
 *   npm run bench:batch -- [--freelancers 100000] [--workers N] [--since 30d] [--now ISO] [--sample 300] [--data-dir DIR] [--rebuild]
 *
 * The data dir is the cached demo marketplace of bench/demo-data.ts, shared with `bench:search` and
 * `bench:load` (built once, reused while its sizes, seed and model match).
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseDuration } from "../src/batch/batch-options.js";
import { createCandidateIndex, loadCandidateVectors } from "../src/batch/candidate-index.js";
import type { BatchSummary } from "../src/batch/run-batch.js";
import { loadConfig, PACKAGE_ROOT, type Config } from "../src/core/config.js";
import { createLogger } from "../src/core/logger.js";
import { DEMO_DEFAULT_NOW } from "../src/ingest/demo/generate-demo.js";
import { createRankingPipeline } from "../src/pipeline/pipeline.js";
import { openServices } from "../src/services.js";
import { DEMO_SEED, defaultDemoDataDir, defaultDemoJobs, ensureDemoData } from "./demo-data.js";

const { values } = parseArgs({
  options: {
    freelancers: { type: "string", default: "100000" },
    workers: { type: "string", default: String(os.availableParallelism()) },
    top: { type: "string", default: "10" },
    since: { type: "string", default: "30d" },
    /** The demo's own "today", so the cut-off finds its open jobs whatever the clock says. */
    now: { type: "string", default: DEMO_DEFAULT_NOW.toISOString() },
    /** Freelancers ranked in-process per variant for the per-stage table. */
    sample: { type: "string", default: "300" },
    "data-dir": { type: "string" },
    rebuild: { type: "boolean", default: false },
    /** Only rewrite bench/reports/batch.md from batch.json (after a change to the rendering). */
    "render-only": { type: "boolean", default: false },
  },
});
const REPORTS = path.join(PACKAGE_ROOT, "bench", "reports");
if (values["render-only"]) {
  const saved = JSON.parse(readFileSync(path.join(REPORTS, "batch.json"), "utf8")) as Report;
  writeFileSync(path.join(REPORTS, "batch.md"), renderMarkdown(saved));
  process.exit(0);
}
const freelancerCount = Number(values.freelancers);
const jobCount = defaultDemoJobs(freelancerCount);
const workers = Number(values.workers);
const top = Number(values.top);
const sample = Number(values.sample);
const TARGET = { recipients: 100_000, seconds: 300 };

const logger = createLogger({ level: "info" });

// ---- 1. the data dir (shared with bench:search and bench:load) -----------------------------------

const dataDir = path.resolve(values["data-dir"] ?? defaultDemoDataDir(freelancerCount));
const config: Config = loadConfig({ overrides: { dataDir, logLevel: "warn" } });
await ensureDemoData(config, { freelancers: freelancerCount, jobs: jobCount, rebuild: values.rebuild, logger });

// ---- 2. the batch, as the CLI runs it --------------------------------------------------------------

const work = mkdtempSync(path.join(os.tmpdir(), "tg-bench-batch-"));
const out = path.join(work, "recommendations.jsonl");
const args = [
  path.join(PACKAGE_ROOT, "bin", "talentgraph.js"),
  "--data-dir",
  dataDir,
  "recommend-batch",
  "--for",
  "freelancers",
  "--out",
  out,
  "--top",
  String(top),
  "--since",
  values.since,
  "--now",
  values.now,
  "--workers",
  String(workers),
  "--sent-log",
  path.join(work, "sent-log.db"),
  "--dry-run",
  "--json",
];
const load = { before: os.loadavg()[0] ?? 0, after: 0 };
logger.info(`running: talentgraph ${args.slice(1).join(" ")}`);
const run = await runMeasured(process.execPath, args);
load.after = os.loadavg()[0] ?? 0;
if (run.code !== 0) throw new Error(`recommend-batch exited with ${run.code}`);
const summary = JSON.parse(run.stdout) as BatchSummary;
const lines = readFileSync(out, "utf8").split("\n").filter((l) => l !== "");
if (lines.length !== summary.recipients) throw new Error(`the output has ${lines.length} lines for ${summary.recipients} recipients`);
rmSync(work, { recursive: true, force: true });
logger.info("batch done", { recipients: summary.recipients, seconds: run.seconds, peakRssMiB: run.peakRssMiB });

// ---- 3. where a recommendation's time goes ------------------------------------------------------------

const postedSince = new Date(Date.parse(values.now) - parseDuration(values.since)).toISOString();
const services = await openServices(loadConfig({ overrides: { dataDir, logLevel: "warn", embedWorker: false } }));
const indexes = await services.indexes();
const universe = await services.store.compileFilter("jobs", { statuses: ["open"], postedSince });
const candidates = loadCandidateVectors(indexes.jobs, universe.ids());
const plain = await createRankingPipeline(services);
const exact = await createRankingPipeline({ ...services, indexes: () => Promise.resolve({ ...indexes, jobs: createCandidateIndex(indexes.jobs, candidates) }) });
const ids = (await services.store.ids("freelancers")).filter((_, i) => i % Math.max(1, Math.floor(freelancerCount / sample)) === 0).slice(0, sample);
const variants = [
  { name: "before: recommend path (hybrid profile, HNSW)", pipeline: plain, profile: "hybrid" },
  { name: "batch profile, HNSW", pipeline: plain, profile: "batch" },
  { name: "after: batch profile, exact candidate view (what recommend-batch runs)", pipeline: exact, profile: "batch" },
];
const stages: Array<{ variant: string; calls: number; wallMsPerCall: number; cpuMsPerCall: number; stagesMs: Record<string, number> }> = [];
for (const v of variants) {
  for (const id of ids.slice(0, 20)) await v.pipeline.recommendJobs({ freelancerId: id, first: 20, profile: v.profile, filter: { statuses: ["open"], postedSince } }); // warm-up
  const sums: Record<string, number> = {};
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const id of ids) {
    const page = await v.pipeline.recommendJobs({ freelancerId: id, first: 20, profile: v.profile, filter: { statuses: ["open"], postedSince } });
    for (const [stage, ms] of Object.entries(page.timings)) sums[stage] = (sums[stage] ?? 0) + ms;
    await Promise.all(page.hits.slice(0, top).map((h) => h.explanation()));
  }
  const cpu = process.cpuUsage(cpu0);
  const round = (x: number): number => Math.round(x * 100) / 100;
  stages.push({
    variant: v.name,
    calls: ids.length,
    wallMsPerCall: round((performance.now() - t0) / ids.length),
    cpuMsPerCall: round((cpu.user + cpu.system) / 1000 / ids.length),
    stagesMs: Object.fromEntries(Object.entries(sums).map(([k, ms]) => [k, round(ms / ids.length)])),
  });
  logger.info(v.name, { ...stages.at(-1) });
}
await services.close();

// ---- 4. report --------------------------------------------------------------------------------------

const endToEnd = summary.recipients / run.seconds;
const report = {
  generatedAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, totalMemGiB: Math.round(os.totalmem() / 2 ** 30) },
  data: { dataDir, freelancers: freelancerCount, jobs: jobCount, seed: DEMO_SEED },
  run: {
    command: `talentgraph ${args.slice(1).join(" ")}`,
    now: values.now,
    since: values.since,
    postedSince,
    candidateJobs: summary.candidateJobs,
    top,
    workers: summary.workers,
    profile: summary.profile,
    reranker: summary.reranker,
    model: summary.model,
  },
  result: {
    recipients: summary.recipients,
    items: summary.items,
    short: summary.short,
    wallSeconds: Math.round(run.seconds * 10) / 10,
    startupSeconds: Math.round(summary.thisRun.startupSeconds * 10) / 10,
    rankingSeconds: Math.round(summary.thisRun.seconds * 10) / 10,
    recipientsPerSecondRanking: Math.round(summary.thisRun.recipientsPerSecond),
    recipientsPerSecondEndToEnd: Math.round(endToEnd),
    cpuSeconds: Math.round(run.cpuSeconds * 10) / 10,
    cpuMsPerRecipient: Math.round((run.cpuSeconds / Math.max(1, summary.recipients)) * 1e4) / 10,
    /** The driver thread (listing, sent-log, writing, checkpoints); the rest is the workers. */
    mainThreadCpuSeconds: Math.round(run.mainThreadCpuSeconds * 10) / 10,
    /** What 2 otherwise idle cores would sustain at this CPU cost per recipient. */
    recipientsPerSecondOnIdleCores: Math.round((os.availableParallelism() * summary.recipients) / Math.max(1e-9, run.cpuSeconds)),
    peakRssMiB: run.peakRssMiB,
  },
  loadAverage1m: load,
  perRecommendation: stages,
  target: {
    ...TARGET,
    recipientsPerSecond: Math.ceil(TARGET.recipients / TARGET.seconds),
    /** Scaled to this run's size: the whole run within 5 minutes per 100k recipients. */
    met: run.seconds <= (TARGET.seconds * summary.recipients) / TARGET.recipients,
  },
};
mkdirSync(REPORTS, { recursive: true });
writeFileSync(path.join(REPORTS, "batch.json"), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(REPORTS, "batch.md"), renderMarkdown(report));
process.stdout.write(renderMarkdown(report));

/** Runs a child, sampling its peak RSS (VmHWM) and CPU time from /proc (Linux; null elsewhere). */
async function runMeasured(
  cmd: string,
  argv: string[],
): Promise<{ code: number | null; stdout: string; seconds: number; peakRssMiB: number | null; cpuSeconds: number; mainThreadCpuSeconds: number }> {
  const t0 = performance.now();
  const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  let peak: number | null = null;
  let cpu = 0;
  let mainCpu = 0;
  const ticks = (stat: string): number => {
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, USER_HZ ticks
  };
  const sampleProc = (): void => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
      if (Number.isFinite(kib)) peak = Math.max(peak ?? 0, Math.round(kib / 1024));
      cpu = ticks(readFileSync(`/proc/${child.pid}/stat`, "utf8")); // all its threads
      mainCpu = ticks(readFileSync(`/proc/${child.pid}/task/${child.pid}/stat`, "utf8")); // the driver thread
    } catch {
      // The child is gone (or this is not Linux): keep the last sample.
    }
  };
  const timer = setInterval(sampleProc, 200);
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  clearInterval(timer);
  return { code, stdout, seconds: (performance.now() - t0) / 1000, peakRssMiB: peak, cpuSeconds: cpu, mainThreadCpuSeconds: mainCpu };
}

type Report = typeof report;

function renderMarkdown(r: Report): string {
  const stageNames = [...new Set(r.perRecommendation.flatMap((s) => Object.keys(s.stagesMs)))];
  const shortText = Object.entries(r.result.short).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
  return [
    "# Batch recommendations benchmark",
    "",
    `Generated ${r.generatedAt} on ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}, ${r.machine.totalMemGiB} GiB. 1-min load average ${r.loadAverage1m.before.toFixed(1)} before, ${r.loadAverage1m.after.toFixed(1)} after (the machine is shared).`,
    `Data: ${r.data.freelancers.toLocaleString("en-US")} demo freelancers, ${r.data.jobs.toLocaleString("en-US")} jobs, seed ${r.data.seed}; ${r.run.candidateJobs ?? "?"} open jobs posted since ${r.run.postedSince} (--now ${r.run.now}, --since ${r.run.since}).`,
    `Run: \`${r.run.command}\` (profile ${r.run.profile}, reranker ${r.run.reranker}, model ${r.run.model}, ${r.run.workers} workers, top ${r.run.top}).`,
    "",
    "## Throughput",
    "",
    "| measure | value |",
    "|---|---:|",
    `| recipients (lines written) | ${r.result.recipients.toLocaleString("en-US")} |`,
    `| items written | ${r.result.items.toLocaleString("en-US")} |`,
    `| wall time, end to end | ${r.result.wallSeconds} s |`,
    `| of which loading (process, stores, indexes, workers) | ${r.result.startupSeconds} s |`,
    `| recipients/s, ranking phase | **${r.result.recipientsPerSecondRanking}** |`,
    `| recipients/s, end to end | **${r.result.recipientsPerSecondEndToEnd}** |`,
    `| CPU time (all threads) | ${r.result.cpuSeconds} s (${r.result.cpuMsPerRecipient} ms per recipient; driver thread ${r.result.mainThreadCpuSeconds} s) |`,
    `| recipients/s the same CPU cost gives on ${r.machine.cpus} idle cores | ${r.result.recipientsPerSecondOnIdleCores} |`,
    `| peak RSS (VmHWM, all threads) | ${r.result.peakRssMiB ?? "n/a"} MiB |`,
    `| recipients with fewer than ${r.run.top} | ${shortText} |`,
    "",
    `Target: ${r.target.recipients.toLocaleString("en-US")} recipients in ${r.target.seconds / 60} minutes (≥ ${r.target.recipientsPerSecond} recipients/s end to end): ${r.target.met ? "met" : "**not met**"} as measured, with the 1-min load average at ${r.loadAverage1m.before.toFixed(1)}–${r.loadAverage1m.after.toFixed(1)} on ${r.machine.cpus} cores (other work took the rest of the CPU). At the measured CPU cost per recipient, loading included, ${r.machine.cpus} idle cores would sustain ${r.result.recipientsPerSecondOnIdleCores} recipients/s: ${r.result.recipientsPerSecondOnIdleCores >= r.target.recipientsPerSecond ? "met" : "not met"}.`,
    "",
    "## Where a recommendation's time goes (one thread, ms per recipient)",
    "",
    `recommendJobs for ${r.perRecommendation[0]?.calls ?? 0} freelancers, open jobs posted since the cut-off, first 20, explanations of the top ${r.run.top}. Stages are the pipeline's own timings (RankedPage.timings); CPU is this thread's user + system time.`,
    "",
    `| variant | wall ms | CPU ms | ${stageNames.join(" | ")} |`,
    `|---|---:|---:|${stageNames.map(() => "---:").join("|")}|`,
    ...r.perRecommendation.map((s) => `| ${s.variant} | ${s.wallMsPerCall} | ${s.cpuMsPerCall} | ${stageNames.map((n) => s.stagesMs[n] ?? "–").join(" | ")} |`),
    "",
  ].join("\n");
}
