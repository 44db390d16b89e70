/**
 * Peers benchmark (`npm run bench:peers`): talentgraph against LanceDB, Orama and exact brute-force
 * search, in one run, on the same data and the same stored vectors: build/load time, peak RSS (each
 * system in its own child process), query latency, vector recall@10 against exact, and ranking
 * quality on the eval harness's demo task and the ESCO tasks. Writes bench/reports/peers.{md,json,svg}.
 *
 *   npm run bench:peers -- [--freelancers 100000] [--queries 1000] [--reps 3] [--systems exact,lancedb,orama,talentgraph]
 *                          [--mode-budget 300] [--time-limit 2400] [--child-heap-mib 8192]
 *                          [--data-dir DIR] [--eval-work eval-work] [--no-esco] [--in-process] [--out bench/reports]
 *
 * --mode-budget S: seconds the latency repetitions of one search mode should take; a system whose
 *   warm-up says it would take longer runs each repetition over the first n queries (reported).
 * --time-limit S: seconds after which a system's child process is stopped; it is reported as timed
 *   out, with what it measured until then. 0 turns either limit off.
 * --child-heap-mib M: V8 heap limit of each system's child process (Orama holds its whole index in
 *   the JS heap); at most three quarters of the machine's memory.
 *
 * The scale data dir is the benches' shared cache (bench/demo-data.ts); the quality stores are the
 * eval harness's workspaces (eval-work/demo, eval-work/esco), built there when absent.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig, PACKAGE_ROOT } from "../src/core/config.js";
import { createLogger } from "../src/core/logger.js";
import { defaultDemoDataDir, defaultDemoJobs, ensureDemoData } from "./demo-data.js";
import { SYSTEMS, type SystemName } from "./peers/job.js";
import { renderChartSvg, renderMarkdown } from "./peers/report.js";
import { runPeersBench } from "./peers/run.js";

const { values } = parseArgs({
  options: {
    freelancers: { type: "string", default: "100000" },
    queries: { type: "string", default: "1000" },
    reps: { type: "string", default: "3" },
    systems: { type: "string", default: SYSTEMS.join(",") },
    "data-dir": { type: "string" },
    "eval-work": { type: "string", default: path.join(PACKAGE_ROOT, "eval-work") },
    "no-esco": { type: "boolean", default: false },
    "in-process": { type: "boolean", default: false },
    "mode-budget": { type: "string", default: "300" },
    "time-limit": { type: "string", default: "2400" },
    "child-heap-mib": { type: "string", default: "8192" },
    out: { type: "string", default: path.join(PACKAGE_ROOT, "bench", "reports") },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  // The usage is this file's opening comment.
  const doc = readFileSync(new URL(import.meta.url), "utf8").match(/\/\*\*([\s\S]*?)\*\//)?.[1] ?? "";
  process.stdout.write(`${doc.split("\n").map((l) => l.replace(/^ \* ?/, "")).join("\n").trim()}\n`);
  process.exit(0);
}
const positive = (name: string, v: string): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`bench:peers: --${name} must be a positive integer, got ${v}`);
  return n;
};
const nonNegative = (name: string, v: string): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`bench:peers: --${name} must be a whole number of seconds (0 = off), got ${v}`);
  return n;
};
const freelancers = positive("freelancers", values.freelancers);
const budget = nonNegative("mode-budget", values["mode-budget"]);
const timeLimit = nonNegative("time-limit", values["time-limit"]);
const childHeapMiB = Math.min(positive("child-heap-mib", values["child-heap-mib"]), Math.floor((os.totalmem() / 2 ** 20) * 0.75));
const systems = values.systems.split(",").map((s) => s.trim());
for (const s of systems) if (!(SYSTEMS as readonly string[]).includes(s)) throw new Error(`bench:peers: unknown system ${s}; choose from ${SYSTEMS.join(", ")}`);

const logger = createLogger({ level: "info" });
const dataDir = path.resolve(values["data-dir"] ?? defaultDemoDataDir(freelancers));
const config = loadConfig({ overrides: { dataDir, logLevel: "warn" } });
const demo = await ensureDemoData(config, { freelancers, jobs: defaultDemoJobs(freelancers), logger });

const report = await runPeersBench({
  config,
  scale: { dataDir: demo.dataDir, inputDir: demo.inputDir, buildSeconds: demo.buildSeconds },
  evalWorkDir: path.resolve(values["eval-work"]),
  esco: !values["no-esco"],
  queries: positive("queries", values.queries),
  reps: positive("reps", values.reps),
  systems: systems as SystemName[],
  isolate: !values["in-process"],
  ...(budget > 0 ? { budgetSeconds: budget } : {}),
  ...(timeLimit > 0 ? { timeLimitSeconds: timeLimit } : {}),
  childHeapMiB,
  logger,
});
const outDir = path.resolve(values.out);
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, "peers.json"), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(outDir, "peers.md"), renderMarkdown(report));
writeFileSync(path.join(outDir, "peers.svg"), renderChartSvg(report));
process.stdout.write(renderMarkdown(report));
