/**
 * Search benchmark (`npm run bench:search`): latency of `searchFreelancers` on a large demo
 * marketplace, in-process (the pipeline called directly) and over HTTP (the real server, driven by
 * autocannon at concurrency 1 and 8), the pipeline's per-stage timings, and HNSW recall@10 against
 * exact search at the configured ef. Writes bench/reports/search.{md,json}.
 *
 *   npm run bench:search -- [--freelancers 100000] [--queries 300] [--duration 20] [--data-dir DIR] [--rebuild]
 *
 * The data dir is a cache (default <tmp>/talentgraph-bench/search-<freelancers>): built on first run
 * (generate + ingest; minutes at 100k) and reused after. The model and HNSW settings come from the
 * ordinary configuration (environment / talentgraph.config.json), so the bench measures what serves.
 * Queries are demo job titles: realistic length and vocabulary, and deterministic.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { loadConfig, PACKAGE_ROOT, type Config } from "../src/core/config.js";
import { createLogger } from "../src/core/logger.js";
import { createServerLogger } from "../src/serve/logger.js";
import { startServer, type RunningServer } from "../src/serve/server.js";
import { defaultDemoDataDir, defaultDemoJobs, ensureDemoData } from "./demo-data.js";

const { values } = parseArgs({
  options: {
    freelancers: { type: "string", default: "100000" },
    jobs: { type: "string" },
    queries: { type: "string", default: "300" },
    duration: { type: "string", default: "20" },
    "recall-queries": { type: "string", default: "200" },
    "data-dir": { type: "string" },
    rebuild: { type: "boolean", default: false },
  },
});
const freelancerCount = Number(values.freelancers);
const jobCount = values.jobs === undefined ? defaultDemoJobs(freelancerCount) : Number(values.jobs);
const queryCount = Number(values.queries);
const durationSeconds = Number(values.duration);
const recallQueries = Number(values["recall-queries"]);

const TARGETS = { httpP50Ms: 15, httpP99Ms: 50, recallAt10: 0.95 };

const logger = createLogger({ level: "info" });

const dataDir = path.resolve(values["data-dir"] ?? defaultDemoDataDir(freelancerCount));
// Anonymous reads are rate limited per client IP by default; a benchmark measures the engine, not the limiter.
const config: Config = loadConfig({ overrides: { dataDir, port: 0, host: "127.0.0.1", logLevel: "warn", anonymousRateLimitPerSecond: 0 } });

// ---- 1. the data dir (cached) -------------------------------------------------------------------

const demo = await ensureDemoData(config, { freelancers: freelancerCount, jobs: jobCount, rebuild: values.rebuild, logger });
const inputDir = demo.inputDir;

const queries = readFileSync(path.join(inputDir, "jobs.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .slice(0, queryCount)
  .map((l) => (JSON.parse(l) as { title: string }).title);

// ---- 2. the real server -------------------------------------------------------------------------

const loadStarted = performance.now();
const server: RunningServer = await startServer(config, { handleSignals: false, logger: createServerLogger({ logLevel: "warn" }, process.stderr) });
const loadSeconds = (performance.now() - loadStarted) / 1000;
logger.info(`server up in ${loadSeconds.toFixed(1)} s`, { url: server.url });

interface Percentiles {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  // Nearest-rank percentiles: an observed value, never an interpolation.
  const at = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  const round = (x: number): number => Math.round(x * 100) / 100;
  return {
    n: s.length,
    mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
    p50: round(at(50)),
    p95: round(at(95)),
    p99: round(at(99)),
    max: round(s.at(-1) ?? NaN),
  };
}

// ---- 3. in-process ------------------------------------------------------------------------------

const { pipeline } = server;
for (const q of queries.slice(0, 20)) await pipeline.searchFreelancers({ query: q, first: 10 }); // warm-up (JIT, page cache)
const inProcess: number[] = [];
const stages = new Map<string, number[]>();
const rounds = Math.max(1, Math.ceil(300 / Math.max(1, queries.length)));
for (let r = 0; r < rounds; r++) {
  for (const q of queries) {
    const t0 = performance.now();
    const page = await pipeline.searchFreelancers({ query: q, first: 10 });
    inProcess.push(performance.now() - t0);
    if (page.hits.length === 0) logger.warn("a bench query returned nothing", { q });
    for (const [stage, ms] of Object.entries(page.timings)) stages.set(stage, [...(stages.get(stage) ?? []), ms]);
  }
}
const inProcessStats = percentiles(inProcess);
logger.info("in-process searchFreelancers (ms)", { ...inProcessStats });
const stageStats = Object.fromEntries([...stages.entries()].sort().map(([stage, ms]) => [stage, percentiles(ms)]));

// ---- 4. over HTTP -------------------------------------------------------------------------------

const SEARCH = "query($q: String!) { searchFreelancers(query: $q, first: 10) { edges { rank score node { id name title } } tookMs } }";
// The bodies are checked once up front: autocannon only sees status codes, and GraphQL errors are 200s.
for (const q of queries.slice(0, 5)) {
  const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: SEARCH, variables: { q } }) });
  const body = (await res.json()) as { errors?: unknown[] };
  if (res.status !== 200 || body.errors) throw new Error(`bench query failed over HTTP: ${res.status} ${JSON.stringify(body.errors)}`);
}

interface HttpRun {
  connections: number;
  seconds: number;
  requests: number;
  non2xx: number;
  errors: number;
  requestsPerSecond: number;
  latencyMs: Percentiles;
}
async function http(connections: number): Promise<HttpRun> {
  let next = 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.url,
        connections,
        duration: durationSeconds,
        requests: [
          {
            method: "POST",
            headers: { "content-type": "application/json", accept: "application/json" },
            setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: SEARCH, variables: { q: queries[next++ % queries.length] } }) }),
          },
        ],
      },
      (error: unknown, done) => (error ? reject(error instanceof Error ? error : new Error(`autocannon failed: ${JSON.stringify(error)}`)) : resolve(done)),
    );
    // autocannon's own summary has no p95; every response time is kept instead.
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  return {
    connections,
    seconds: durationSeconds,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    requestsPerSecond: Math.round((result.requests.total / durationSeconds) * 10) / 10,
    latencyMs: percentiles(latencies),
  };
}
const httpRuns: HttpRun[] = [];
for (const c of [1, 8]) {
  logger.info(`autocannon: ${c} connection(s) for ${durationSeconds} s`);
  const run = await http(c);
  logger.info(`over HTTP, concurrency ${c} (ms)`, { ...run.latencyMs, rps: run.requestsPerSecond, non2xx: run.non2xx });
  httpRuns.push(run);
}

// ---- 5. HNSW recall@10 against exact search ------------------------------------------------------

const embedder = await server.services.embedder();
const index = (await server.services.indexes()).freelancers;
const dims = embedder.dimensions;
const ids: string[] = [];
const chunks: Float32Array[] = [];
for await (const { id, vector } of server.services.store.vectors("freelancers")) {
  ids.push(id);
  chunks.push(vector);
}
const matrix = new Float32Array(ids.length * dims);
chunks.forEach((v, i) => matrix.set(v, i * dims));
chunks.length = 0;
const norms = new Float32Array(ids.length);
for (let i = 0; i < ids.length; i++) {
  let s = 0;
  for (let d = 0; d < dims; d++) s += (matrix[i * dims + d] ?? 0) ** 2;
  norms[i] = Math.sqrt(s);
}

/** Exact top-k by cosine, ties by id (the index's own tie order). */
function exactTopK(q: Float32Array, k: number): string[] {
  let qn = 0;
  for (let d = 0; d < dims; d++) qn += (q[d] ?? 0) ** 2;
  qn = Math.sqrt(qn);
  const best: Array<{ i: number; s: number }> = [];
  for (let i = 0; i < ids.length; i++) {
    let dot = 0;
    const off = i * dims;
    for (let d = 0; d < dims; d++) dot += (matrix[off + d] ?? 0) * (q[d] ?? 0);
    const s = qn === 0 || norms[i] === 0 ? 0 : dot / (qn * (norms[i] ?? 1));
    if (best.length < k || s > (best.at(-1)?.s ?? -Infinity)) {
      best.push({ i, s });
      best.sort((a, b) => b.s - a.s || ((ids[a.i] ?? "") < (ids[b.i] ?? "") ? -1 : 1));
      if (best.length > k) best.pop();
    }
  }
  return best.map((b) => ids[b.i] ?? "");
}

const recallTexts = Array.from({ length: recallQueries }, (_, i) => queries[i % queries.length] ?? "");
const recallVectors = await embedder.embed(recallTexts);
let hitSum = 0;
const hnswMs: number[] = [];
for (const q of recallVectors) {
  const truth = new Set(exactTopK(q, 10));
  const t0 = performance.now();
  const got = index.search(q, 10);
  hnswMs.push(performance.now() - t0);
  hitSum += got.filter((h) => truth.has(h.id)).length;
}
const recall = { queries: recallVectors.length, k: 10, ef: config.hnswEfSearch, M: config.hnswM, recallAt10: Math.round((hitSum / (10 * Math.max(1, recallVectors.length))) * 10_000) / 10_000, hnswSearchMs: percentiles(hnswMs) };
logger.info("HNSW recall@10 vs exact", { recall: recall.recallAt10, ef: recall.ef });

// ---- 6. report ----------------------------------------------------------------------------------

const c1 = httpRuns.find((r) => r.connections === 1);
const report = {
  generatedAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, totalMemGiB: Math.round(os.totalmem() / 2 ** 30) },
  data: { dataDir, freelancers: freelancerCount, jobs: jobCount, seed: demo.seed, indexedFreelancers: index.size() },
  config: { model: embedder.modelId, dimensions: dims, hnswM: config.hnswM, hnswEfConstruction: config.hnswEfConstruction, hnswEfSearch: config.hnswEfSearch, embedWorker: config.embedWorker },
  queries: { count: queries.length, source: "demo job titles", first: 10, profile: "hybrid (default)" },
  serverLoadSeconds: Math.round(loadSeconds * 10) / 10,
  rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  inProcessMs: inProcessStats,
  stagesMs: stageStats,
  http: httpRuns,
  recall,
  targets: {
    ...TARGETS,
    httpP50Met: c1 !== undefined && c1.latencyMs.p50 <= TARGETS.httpP50Ms,
    httpP99Met: c1 !== undefined && c1.latencyMs.p99 <= TARGETS.httpP99Ms,
    recallMet: recall.recallAt10 >= TARGETS.recallAt10,
  },
  notes: [
    "autocannon runs in the same process as the server on a 2-core machine: the load generator competes for CPU, so HTTP numbers are pessimistic, most at concurrency 8.",
    "Stage timings are wall clock per stage; the pipeline runs the channels one after another (they are CPU-bound on one thread), so the stages add up to most of the total.",
  ],
};

const outDir = path.join(PACKAGE_ROOT, "bench", "reports");
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, "search.json"), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(outDir, "search.md"), renderMarkdown(report));
process.stdout.write(renderMarkdown(report));
await server.close();

function renderMarkdown(r: typeof report): string {
  const row = (label: string, p: Percentiles, extra = ""): string => `| ${label} | ${p.n} | ${p.p50} | ${p.p95} | ${p.p99} | ${p.max} |${extra}`;
  const yes = (ok: boolean): string => (ok ? "met" : "**not met**");
  return [
    "# Search benchmark",
    "",
    `Generated ${r.generatedAt} on ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}, ${r.machine.totalMemGiB} GiB.`,
    `Data: ${r.data.freelancers.toLocaleString("en-US")} demo freelancers (${r.data.indexedFreelancers.toLocaleString("en-US")} indexed), ${r.data.jobs.toLocaleString("en-US")} jobs, seed ${r.data.seed}.`,
    `Model ${r.config.model} (${r.config.dimensions}-d); HNSW M=${r.config.hnswM}, efConstruction=${r.config.hnswEfConstruction}, ef=${r.config.hnswEfSearch}.`,
    `Queries: ${r.queries.count} ${r.queries.source}, first ${r.queries.first}, profile ${r.queries.profile}. Server load ${r.serverLoadSeconds} s, RSS ${r.rssMiB} MiB.`,
    "",
    "## searchFreelancers latency (ms)",
    "",
    "| where | n | p50 | p95 | p99 | max |",
    "|---|---:|---:|---:|---:|---:|",
    row("in-process (pipeline call)", r.inProcessMs),
    ...r.http.map((h) => row(`HTTP, concurrency ${h.connections} (${h.requestsPerSecond} req/s, non-2xx ${h.non2xx}, errors ${h.errors})`, h.latencyMs)),
    "",
    "## Per-stage timings, in-process (ms)",
    "",
    "| stage | n | p50 | p95 | p99 | max |",
    "|---|---:|---:|---:|---:|---:|",
    ...Object.entries(r.stagesMs).map(([stage, p]) => row(stage, p)),
    "",
    "## HNSW recall@10 against exact search",
    "",
    `${r.recall.queries} query embeddings, ef=${r.recall.ef}: recall@10 **${r.recall.recallAt10}**; HNSW search p50 ${r.recall.hnswSearchMs.p50} ms, p99 ${r.recall.hnswSearchMs.p99} ms.`,
    "",
    "## Targets (HTTP at concurrency 1, including query embedding)",
    "",
    `- p50 ≤ ${r.targets.httpP50Ms} ms: ${yes(r.targets.httpP50Met)}`,
    `- p99 ≤ ${r.targets.httpP99Ms} ms: ${yes(r.targets.httpP99Met)}`,
    `- recall@10 ≥ ${r.targets.recallAt10}: ${yes(r.targets.recallMet)}`,
    "",
    ...r.notes.map((n) => `- ${n}`),
    "",
  ].join("\n");
}
