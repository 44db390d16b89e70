/**
 * The peers benchmark: talentgraph against LanceDB, Orama and exact search on the same corpora and
 * the same stored vectors. The parent reads the corpora and embeds the queries once (talentgraph's
 * embedder), writes them to files, then measures each system in turn, each in its own child process
 * (`isolate`, the default) so that its peak RSS is its own, and assembles the report.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { loadConfig, PACKAGE_ROOT, type Config } from "../../src/core/config.js";
import type { Logger } from "../../src/core/logger.js";
import { silentProgress } from "../../src/core/progress.js";
import { hasRelevant } from "../../src/eval/metrics.js";
import type { EvalTask } from "../../src/eval/task.js";
import { demoTasks } from "../../src/eval/tasks/demo-marketplace.js";
import { escoTasks } from "../../src/eval/tasks/esco.js";
import { demoWorkspace, escoWorkspace, type DemoRecipe, type Workspace, type WorkspaceContext } from "../../src/eval/workspace.js";
import { openServices, type Services } from "../../src/services.js";
import { writeCorpus, writeQuerySet, type PeerQuery } from "./corpus.js";
import { SYSTEMS, type QualitySpec, type SystemName, type SystemResult, type WorkerJob } from "./job.js";
import { embedQueries, freelancerCorpus, skillCorpus } from "./prepare.js";
import { runSystem } from "./worker.js";

const run = promisify(execFile);

export interface PeersOptions {
  /** talentgraph's configuration (model, HNSW settings, shared data dir); `dataDir` is ignored. */
  config: Config;
  /** The large demo store for build, memory, latency and recall. */
  scale: { dataDir: string; inputDir: string; buildSeconds: number | null };
  /** Eval work dir holding the demo (and ESCO) workspaces; built there when absent. */
  evalWorkDir: string;
  demoRecipe?: DemoRecipe;
  /** Run the ESCO tasks when the ESCO data is present (default true). */
  esco?: boolean;
  /** Latency queries (demo job titles). */
  queries: number;
  reps: number;
  warmup?: number;
  systems?: readonly SystemName[];
  /** Measure each system in its own process (default true). */
  isolate?: boolean;
  /** Seconds the latency repetitions of one mode should take; slower systems run fewer queries (default: no budget). */
  budgetSeconds?: number;
  /** Seconds after which a system's child process is stopped and reported as timed out with what it measured (default: none). */
  timeLimitSeconds?: number;
  /** V8 heap limit of each child process, MiB (`--max-old-space-size`; default Node's own). */
  childHeapMiB?: number;
  /** Scratch dir for corpus files and LanceDB tables; default a fresh one under the OS temp dir. */
  workDir?: string;
  logger: Logger;
}

export interface PeersReport {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; totalMemGiB: number; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  /** The code measured: commit, and the files under src/ that differ from it (the tree is shared with work in progress). */
  code: { commit: string; uncommittedSrc: string[] };
  data: { scaleDocs: number; scaleDataDir: string; scaleBuildSeconds: number | null; latencyQueries: number; reps: number; warmup: number; k: number; depth: number; model: string; dims: number; ef: number; isolated: boolean; budgetSeconds: number | null; timeLimitSeconds: number | null; childHeapMiB: number | null };
  systems: Array<Omit<SystemResult, "vectorTopK"> & { recallAt10: number | null; wallSeconds: number }>;
  tasks: Array<Omit<QualitySpec, "dataDir" | "corpus" | "queries"> & { docs: number; queries: number }>;
  skipped: string[];
  notes: string[];
}

const K = 10;
const DEPTH = 100;

function readTitles(inputDir: string, n: number): PeerQuery[] {
  return readFileSync(path.join(inputDir, "jobs.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(0, n)
    .map((l, i) => ({ qid: `q${i + 1}`, text: (JSON.parse(l) as { title: string }).title }));
}

function judged(task: EvalTask, split?: "test"): PeerQuery[] {
  return task.queries
    .filter((q) => split === undefined || q.split === undefined || q.split === split)
    .filter((q) => q.text !== undefined && hasRelevant(new Map(Object.entries(q.relevant))))
    .map((q) => ({ qid: q.qid, text: q.text ?? "", relevant: q.relevant }));
}

/** The commit measured and the uncommitted files under src/ (empty on a clean tree); "unknown" outside git. */
function codeState(): PeersReport["code"] {
  try {
    // Not trimmed at the start: a porcelain line begins with its two status columns, often " M".
    const git = (...args: string[]): string => execFileSync("git", args, { cwd: PACKAGE_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trimEnd();
    const dirty = git("status", "--porcelain", "--", "src")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => l.slice(3));
    return { commit: git("rev-parse", "--short", "HEAD"), uncommittedSrc: dirty };
  } catch {
    return { commit: "unknown", uncommittedSrc: [] };
  }
}

async function withServices<T>(config: Config, dataDir: string, f: (s: Services) => Promise<T>): Promise<T> {
  const services = await openServices(loadConfig({ env: {}, overrides: { ...config, dataDir } }));
  try {
    return await f(services);
  } finally {
    await services.close();
  }
}

export async function runPeersBench(options: PeersOptions): Promise<PeersReport> {
  const { config, logger } = options;
  const loadAverageAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const workDir = options.workDir ?? path.join(os.tmpdir(), `talentgraph-peers-${process.pid}`);
  const dir = path.join(workDir, "corpora");
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const skipped: string[] = [];

  // ---- corpora and query sets, read from talentgraph's stores --------------------------------------
  logger.info("peers: reading the scale corpus and embedding the latency queries", { dataDir: options.scale.dataDir });
  const { scaleDocs, dims } = await withServices(config, options.scale.dataDir, async (s) => {
    const corpus = await freelancerCorpus(s, "scale-freelancers", { archetypes: false });
    writeCorpus(dir, corpus);
    writeQuerySet(dir, await embedQueries(s, "latency-queries", readTitles(options.scale.inputDir, options.queries)));
    return { scaleDocs: corpus.ids.length, dims: corpus.dims };
  });

  const ctx: WorkspaceContext = { config, logger, progress: () => silentProgress };
  const quality: QualitySpec[] = [];
  const taskInfo: PeersReport["tasks"] = [];
  const addTask = async (ws: Workspace, task: EvalTask, corpus: { name: string; docs: number }, queries: PeerQuery[], spec: Pick<QualitySpec, "operation" | "request" | "note">): Promise<void> => {
    await withServices(config, ws.config.dataDir, async (s) => writeQuerySet(dir, await embedQueries(s, `q-${task.name}`, queries)));
    quality.push({ task: task.name, metrics: task.metrics, mainMetric: task.mainMetric, corpus: corpus.name, queries: `q-${task.name}`, dataDir: ws.config.dataDir, ...spec });
    taskInfo.push({ task: task.name, metrics: task.metrics, mainMetric: task.mainMetric, docs: corpus.docs, queries: queries.length, ...spec });
  };

  logger.info("peers: the demo workspace (eval harness store, test split)");
  const demoWs = await demoWorkspace(ctx, options.evalWorkDir, options.demoRecipe);
  const demoCorpus = await withServices(config, demoWs.config.dataDir, async (s) => {
    const c = await freelancerCorpus(s, "demo-freelancers", { archetypes: false });
    writeCorpus(dir, c);
    return { name: c.name, docs: c.ids.length };
  });
  const demoSearch = (await demoTasks(demoWs.inputDir)).find((t) => t.name === "demo-search-freelancers");
  if (demoSearch === undefined) throw new Error("runPeersBench: the eval harness has no demo-search-freelancers task");
  await addTask(demoWs, demoSearch, demoCorpus, judged(demoSearch, "test"), { operation: "searchFreelancers", request: {}, note: "job title → freelancers who applied (1) / interviewed (2) / were hired (3); eval harness demo store, test split" });

  if (options.esco ?? true) {
    const { tasks, skipped: escoSkipped } = await escoTasks({ sharedDataDir: config.sharedDataDir });
    skipped.push(...escoSkipped);
    if (tasks.length > 0) {
      logger.info("peers: the ESCO workspace");
      const escoWs = await escoWorkspace(ctx, options.evalWorkDir);
      const corpora = await withServices(config, escoWs.config.dataDir, async (s) => {
        const archetypes = await freelancerCorpus(s, "esco-archetypes", { archetypes: true });
        const skills = await skillCorpus(s, "esco-skills");
        writeCorpus(dir, archetypes);
        writeCorpus(dir, skills);
        return { archetypes: { name: archetypes.name, docs: archetypes.ids.length }, skills: { name: skills.name, docs: skills.ids.length } };
      });
      for (const task of tasks) {
        if (task.name === "esco-title-normalisation") {
          await addTask(escoWs, task, corpora.archetypes, judged(task), { operation: "searchFreelancers", request: { filter: { includeArchetypes: true } }, note: "vacancy title → ESCO occupation, searched among the occupation archetypes (title, overview, skill names + stored vectors)" });
        } else {
          await addTask(escoWs, task, corpora.skills, judged(task), { operation: "linkSkills", request: {}, note: "text → ESCO skills; talentgraph = its skill linker (exact/alias spans + vectors), peers = search over skill names/aliases + stored skill vectors" });
        }
      }
    }
  } else skipped.push("ESCO tasks: turned off");

  // ---- one system at a time -------------------------------------------------------------------------
  const systems = [...new Set<SystemName>(["exact", ...(options.systems ?? SYSTEMS)])];
  const warmup = options.warmup ?? 20;
  const results: Array<SystemResult & { wallSeconds: number }> = [];
  for (const system of systems) {
    const job: WorkerJob = {
      system,
      dir,
      workDir: path.join(workDir, "scratch"),
      scale: { corpus: "scale-freelancers", queries: "latency-queries", dataDir: options.scale.dataDir },
      quality,
      reps: options.reps,
      warmup,
      ...(options.budgetSeconds === undefined ? {} : { budgetSeconds: options.budgetSeconds }),
      k: K,
      depth: DEPTH,
      ef: config.hnswEfSearch,
      config: { ...config, logLevel: "silent" },
      out: path.join(workDir, `${system}.result.json`),
    };
    logger.info(`peers: measuring ${system}${options.isolate === false ? " (in-process)" : " (child process)"}`);
    const t0 = performance.now();
    let result: SystemResult;
    try {
      if (options.isolate === false) {
        result = await runSystem(job);
      } else {
        const jobFile = path.join(workDir, `${system}.job.json`);
        writeFileSync(jobFile, JSON.stringify(job));
        const heap = options.childHeapMiB === undefined ? [] : [`--max-old-space-size=${options.childHeapMiB}`];
        await run(process.execPath, [...heap, "--import", "tsx", path.join(PACKAGE_ROOT, "bench", "peers", "worker.ts"), jobFile], {
          cwd: PACKAGE_ROOT,
          maxBuffer: 64 * 2 ** 20,
          env: { ...process.env, LANCEDB_LOG: "error", RUST_LOG: "error" },
          ...(options.timeLimitSeconds === undefined ? {} : { timeout: options.timeLimitSeconds * 1000, killSignal: "SIGKILL" as const }),
        });
        result = JSON.parse(readFileSync(job.out, "utf8")) as SystemResult;
      }
    } catch (error) {
      // One system failing must not cost the others' numbers: it is reported with its error and
      // with whatever it measured before (the worker rewrites its result after every step).
      const { signal, stderr, killed } = error as { signal?: string | null; stderr?: string; killed?: boolean };
      // `killed`: Node itself sent the kill signal, which it does only at the timeout.
      const timedOut = killed === true && options.timeLimitSeconds !== undefined;
      const tail = (stderr ?? "").split("\n").filter((l) => l.trim() !== "" && !l.includes(" WARN ")).slice(-5).join(" | ");
      const partial = existsSync(job.out) ? (JSON.parse(readFileSync(job.out, "utf8")) as SystemResult) : undefined;
      const what = partial === undefined ? "nothing measured" : partial.pending.length === 0 ? "every step measured" : `not measured: ${partial.pending.join(", ")}`;
      const message = timedOut
        ? `${system} timed out after ${options.timeLimitSeconds} s (the per-system time limit); ${what}`
        : `${system} failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}${signal ? ` (signal ${signal})` : ""}${tail ? `: ${tail}` : ""}; ${what}`;
      logger.error(`peers: ${message}`);
      result = partial ?? {
        system,
        setup: "",
        cannot: [],
        build: { seconds: NaN, phases: {}, docs: 0, what: "failed" },
        memory: { baselineRssMiB: NaN, peakRssMiB: NaN, note: "failed" },
        latency: {},
        vectorMode: "vector",
        vectorTopK: [],
        quality: [],
        errors: [],
        pending: [],
      };
      result.errors = [...result.errors, message.slice(0, 2000)];
      if (timedOut) result.timedOutAfterSeconds = options.timeLimitSeconds;
    }
    const wallSeconds = Math.round(performance.now() - t0) / 1000;
    logger.info(`peers: ${system} done in ${wallSeconds.toFixed(1)} s`, { errors: result.errors.length });
    results.push({ ...result, wallSeconds });
  }

  // ---- recall against exact ---------------------------------------------------------------------------
  const truth = results.find((r) => r.system === "exact")?.vectorTopK ?? [];
  const recallOf = (r: SystemResult): number | null => {
    // Over the queries both ran: a time budget may have cut either to the first n.
    const n = Math.min(r.vectorTopK.length, truth.length);
    if (n === 0) return null;
    let hits = 0;
    for (let i = 0; i < n; i++) {
      const t = new Set(truth[i] ?? []);
      hits += (r.vectorTopK[i] ?? []).filter((id) => t.has(id)).length;
    }
    return Math.round((hits / (K * n)) * 10_000) / 10_000;
  };
  rmSync(workDir, { recursive: true, force: true });
  return {
    generatedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, totalMemGiB: Math.round(os.totalmem() / 2 ** 30), loadAverageAtStart, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    code: codeState(),
    data: {
      scaleDocs,
      scaleDataDir: options.scale.dataDir,
      scaleBuildSeconds: options.scale.buildSeconds,
      latencyQueries: options.queries,
      reps: options.reps,
      warmup,
      k: K,
      depth: DEPTH,
      model: config.model,
      dims,
      ef: config.hnswEfSearch,
      isolated: options.isolate !== false,
      budgetSeconds: options.budgetSeconds ?? null,
      timeLimitSeconds: options.timeLimitSeconds ?? null,
      childHeapMiB: options.childHeapMiB ?? null,
    },
    systems: results.map(({ vectorTopK: _top, ...r }) => ({ ...r, recallAt10: recallOf({ ...r, vectorTopK: _top }) })),
    tasks: taskInfo,
    skipped,
    notes: [
      "Every system gets the same corpora (the ids, texts and vectors talentgraph stored) and the same query embeddings (talentgraph's embedder); peers never embed.",
      "talentgraph's latency includes embedding the query text and linking its skills (the 'embed' row shows the embedding part); the peers are handed the query vector, so their latency excludes it.",
      "Latency: single-threaded, one query at a time after warm-up; p50/p95/p99 are the median over repetitions, [min–max] the spread. A mode whose repetitions would outlast the per-mode budget (estimated from its warm-up) runs each repetition over the first n titles instead of all of them: the 'queries' column says n, and its recall@10 is over those n.",
      "Build/load time, peak RSS and quality are measured once per system, not repeated: quality is a deterministic function of the index and the queries, and a repeated build would cost LanceDB and Orama minutes each for a figure whose spread the latency repetitions already show.",
      "Quality: mean over the task's judged queries at depth 100, metrics from the eval harness (src/eval/metrics.ts); talentgraph's numbers come from runTask itself.",
    ],
  };
}
