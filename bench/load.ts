/**
 * Load benchmark (`npm run bench:load`, issue #7): a mixed workload against the real server on
 * 127.0.0.1 — searches 80%, recommendations 15%, writes 5% — over the 100k demo marketplace. A step
 * search finds the highest request rate the server sustains with no errors and p99 under the target
 * (and, failing that, the highest it keeps up with), then one long run holds that rate. Reports
 * throughput, p50/p99 latency, errors by kind, the server's RSS (start, end, peak), its disk reads
 * and where its time went (stage timings from /metrics), in bench/reports/load.{md,json}.
 *
 *   npm run bench:load -- [--freelancers 100000] [--seconds 120] [--step-seconds 30] [--rates 10,20,30 | --rate 25]
 *                         [--start-rate 10] [--max-steps 8] [--max-p99 100] [--capacity-p99 1000]
 *                         [--warmup-seconds 10] [--seed 7] [--data-dir DIR] [--rebuild] [--no-writes]
 *
 * Smoke run: `npm run bench:load -- --freelancers 2000 --seconds 10 --step-seconds 5 --max-steps 3`.
 *
 * - Data: the cached demo data dir of bench:search (bench/demo-data.ts; built on first run). Writes
 *   would change it, so the server runs on a copy in a temp dir, deleted at the end.
 * - Server: `talentgraph serve` as a child process (its own event loop and its own RSS, read from
 *   /proc/<pid>/status), with the ordinary configuration; the bench only picks the data dir and port.
 *   Every request carries an API key made for the run without a rate limit (a read key for queries,
 *   a write key for mutations), so no limiter throttles the bench and a 429 is a finding.
 * - Traffic: request n of the run is a pure function of (seed, n): every block of 20 holds exactly
 *   16 searches, 3 recommendations and 1 write in a seeded order; queries are demo job titles,
 *   profile titles and skill phrases, recommendations use demo ids, writes create, update and delete
 *   `load-<n>` profiles (skills by name) and record interactions.
 * - Pacing: autocannon's `overallRate` hands each connection a quota per one-second window and all
 *   windows start together, so requests leave in bursts at the top of each second. Instead the bench
 *   runs R autocannon instances of one connection at 1 request/s each, started 1/R s apart: arrivals
 *   are evenly spaced at R/s and do not wait for earlier answers (open loop while answers take < 1 s).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cp, mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { loadConfig, PACKAGE_ROOT } from "../src/core/config.js";
import { createLogger } from "../src/core/logger.js";
import type { FreelancerInput, JobInput, SkillInput } from "../src/core/records.js";
import { createRng, type Rng } from "../src/core/rng.js";
import { DEMO_FILES } from "../src/ingest/demo/generate-demo.js";
import { readJsonl } from "../src/ingest/read-jsonl.js";
import { openKeyStore } from "../src/services.js";
import { DEMO_INPUT, defaultDemoDataDir, defaultDemoJobs, ensureDemoData } from "./demo-data.js";

const { values } = parseArgs({
  options: {
    freelancers: { type: "string", default: "100000" },
    jobs: { type: "string" },
    seconds: { type: "string", default: "120" },
    "step-seconds": { type: "string", default: "30" },
    "warmup-seconds": { type: "string", default: "10" },
    rates: { type: "string" },
    rate: { type: "string" },
    "start-rate": { type: "string", default: "10" },
    "max-rate": { type: "string", default: "400" },
    "max-steps": { type: "string", default: "8" },
    "max-p99": { type: "string", default: "100" },
    "capacity-p99": { type: "string", default: "1000" },
    seed: { type: "string", default: "7" },
    "data-dir": { type: "string" },
    rebuild: { type: "boolean", default: false },
    "no-writes": { type: "boolean", default: false },
  },
});
const positive = (flag: string, raw: string | undefined): number => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`bench:load: --${flag} must be a positive number, got "${raw}"`);
  return n;
};
const freelancerCount = Math.round(positive("freelancers", values.freelancers));
const jobCount = values.jobs === undefined ? defaultDemoJobs(freelancerCount) : Math.round(positive("jobs", values.jobs));
const finalSeconds = Math.round(positive("seconds", values.seconds));
const stepSeconds = Math.round(positive("step-seconds", values["step-seconds"]));
const warmupSeconds = Number(values["warmup-seconds"]);
const maxP99Ms = positive("max-p99", values["max-p99"]);
const capacityP99Ms = positive("capacity-p99", values["capacity-p99"]);
const maxSteps = Math.round(positive("max-steps", values["max-steps"]));
const maxRate = Math.round(positive("max-rate", values["max-rate"]));
const startRate = Math.round(positive("start-rate", values["start-rate"]));
const fixedRates = values.rates?.split(",").map((r) => Math.round(positive("rates", r)));
const fixedRate = values.rate === undefined ? undefined : Math.round(positive("rate", values.rate));
const SEED = Math.round(Number(values.seed)) >>> 0;
/** Diagnosis only: the write slot becomes a search, to see what writes (and the index snapshots they trigger) cost the reads. */
const noWrites = values["no-writes"];
/** Client-side timeout, s: well past the server's own 5 s request timeout, so a timeout means no answer at all. */
const CLIENT_TIMEOUT_S = 10;
/** A step sustains its rate when it completes at least this share of it. */
const MIN_ACHIEVED = 0.95;

const logger = createLogger({ level: "info" });
const runStarted = performance.now();
const elapsed = (): string => `${Math.round((performance.now() - runStarted) / 1000)} s`;

// ---- 1. data: the cached demo data dir, and a copy to run on --------------------------------------

const cacheDir = path.resolve(values["data-dir"] ?? defaultDemoDataDir(freelancerCount));
const cacheConfig = loadConfig({ overrides: { dataDir: cacheDir, logLevel: "warn" } });
const demo = await ensureDemoData(cacheConfig, { freelancers: freelancerCount, jobs: jobCount, rebuild: values.rebuild, logger });

interface Pools {
  skillName: Map<string, string>;
  jobs: JobInput[];
  freelancers: FreelancerInput[];
}
/** Up to `keep` records spread evenly over a JSONL file of about `total` lines (not just its head). */
async function sample<T>(file: string, total: number, keep: number): Promise<T[]> {
  const stride = Math.max(1, Math.floor(total / keep));
  const out: T[] = [];
  for await (const line of readJsonl(file)) {
    if (line.value !== undefined && (line.lineNo - 1) % stride === 0 && out.length < keep) out.push(line.value as T);
  }
  return out;
}
async function loadPools(inputDir: string): Promise<Pools> {
  const skills = await sample<SkillInput>(path.join(inputDir, DEMO_FILES.skills), 0, Number.MAX_SAFE_INTEGER);
  return {
    skillName: new Map(skills.map((s) => [s.id, s.name])),
    jobs: await sample<JobInput>(path.join(inputDir, DEMO_FILES.jobs), demo.jobs, 2000),
    freelancers: await sample<FreelancerInput>(path.join(inputDir, DEMO_FILES.freelancers), demo.freelancers, 2000),
  };
}
const pools = await loadPools(demo.inputDir);
logger.info("request material", { jobs: pools.jobs.length, freelancers: pools.freelancers.length, skills: pools.skillName.size });

const runDir = await mkdtemp(path.join(os.tmpdir(), "talentgraph-load-"));
let child: ChildProcess | undefined;
let stopping = false;
let cleanedUp = false;
function cleanUp(): void {
  if (cleanedUp) return;
  cleanedUp = true;
  if (child && child.exitCode === null) child.kill("SIGKILL");
  rmSync(runDir, { recursive: true, force: true });
}
process.once("SIGINT", () => {
  cleanUp();
  process.exit(130);
});

/** Copies the cached data dir (stores and indexes; the generated JSONL is only request material) and makes the run's keys. */
async function prepareRunDir(): Promise<{ seconds: number; bytes: number }> {
  const started = performance.now();
  await cp(cacheDir, runDir, { recursive: true, filter: (source) => path.relative(cacheDir, source) !== DEMO_INPUT });
  const seconds = (performance.now() - started) / 1000;
  let bytes = 0;
  for (const entry of await readdir(runDir, { recursive: true })) bytes += statSync(path.join(runDir, entry)).size;
  logger.info(`copied the data dir in ${seconds.toFixed(1)} s`, { MiB: MiB(bytes), to: runDir });
  // Keys without a rate limit (0): the bench measures the engine, not the limiter; a 429 would be a finding.
  const keyStore = openKeyStore({ dataDir: runDir });
  try {
    keys.read = keyStore.create({ scope: "read", name: "bench:load reads", ratePerSecond: 0 }).key;
    keys.write = keyStore.create({ scope: "write", name: "bench:load writes", ratePerSecond: 0 }).key;
  } finally {
    keyStore.close();
  }
  return { seconds, bytes };
}
const keys = { read: "", write: "" };

// ---- 2. the server, as a child process --------------------------------------------------------------

interface Server {
  url: string;
  origin: string;
  pid: number;
  startSeconds: number;
}
async function startChild(): Promise<Server> {
  const started = performance.now();
  const proc = spawn(process.execPath, [path.join(PACKAGE_ROOT, "bin", "talentgraph.js"), "--data-dir", runDir, "serve", "--port", "0", "--host", "127.0.0.1"], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", LOG_FORMAT: "json" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  // Server warnings and errors (JSON lines) pass through, marked, so a failing run says why.
  createInterface({ input: proc.stderr as NodeJS.ReadableStream }).on("line", (line) => process.stderr.write(`[server] ${line}\n`));
  const url = await new Promise<string>((resolve, reject) => {
    proc.once("exit", (code, signal) => reject(new Error(`bench:load: the server exited before listening (code ${code}, signal ${signal}); see [server] lines above`)));
    createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      const found = /talentgraph API at (\S+)/.exec(line);
      if (found?.[1]) resolve(found[1]);
    });
  });
  proc.removeAllListeners("exit");
  proc.once("exit", (code, signal) => {
    if (!stopping) logger.error("the server exited during the run", { code, signal });
  });
  const origin = new URL(url).origin;
  for (;;) {
    const res = await fetch(`${origin}/readyz`).catch(() => undefined);
    if (res?.status === 200) break;
    await sleep(200);
  }
  if (proc.pid === undefined) throw new Error("bench:load: the server process has no pid");
  return { url, origin, pid: proc.pid, startSeconds: (performance.now() - started) / 1000 };
}

// ---- 3. the traffic: request n is a pure function of (seed, n) -------------------------------------

type Kind = "searchFreelancers" | "searchJobs" | "recommendFreelancers" | "recommendJobs" | "insertFreelancer" | "updateFreelancer" | "deleteFreelancer" | "recordInteraction";
const KINDS: readonly Kind[] = ["searchFreelancers", "searchJobs", "recommendFreelancers", "recommendJobs", "insertFreelancer", "updateFreelancer", "deleteFreelancer", "recordInteraction"];
const WRITES = new Set<Kind>(["insertFreelancer", "updateFreelancer", "deleteFreelancer", "recordInteraction"]);
/** The GraphQL root field each kind calls (what its answer is keyed by). */
const FIELD: Record<Kind, string> = {
  searchFreelancers: "searchFreelancers",
  searchJobs: "searchJobs",
  recommendFreelancers: "recommendFreelancers",
  recommendJobs: "recommendJobs",
  insertFreelancer: "upsertFreelancer",
  updateFreelancer: "upsertFreelancer",
  deleteFreelancer: "deleteFreelancer",
  recordInteraction: "recordInteraction",
};

const PAGE = "pageInfo { hasNextPage endCursor } tookMs";
const FREELANCER_EDGES = `edges { rank score node { id name title } } ${PAGE}`;
const JOB_EDGES = `edges { rank score node { id title } } ${PAGE}`;
const DOCS: Record<Kind, string> = {
  searchFreelancers: `query($q: String!, $f: FreelancerFilter, $n: Int) { searchFreelancers(query: $q, filter: $f, first: $n) { ${FREELANCER_EDGES} } }`,
  searchJobs: `query($q: String!, $f: JobFilter, $n: Int) { searchJobs(query: $q, filter: $f, first: $n) { ${JOB_EDGES} } }`,
  recommendFreelancers: `query($id: ID!, $f: FreelancerFilter, $n: Int) { recommendFreelancers(jobId: $id, filter: $f, first: $n) { ${FREELANCER_EDGES} } }`,
  recommendJobs: `query($id: ID!, $f: JobFilter, $n: Int) { recommendJobs(freelancerId: $id, filter: $f, first: $n) { ${JOB_EDGES} } }`,
  insertFreelancer: "mutation($input: FreelancerInput!) { upsertFreelancer(input: $input) { status freelancer { id } unlinkedSkillNames } }",
  updateFreelancer: "mutation($input: FreelancerInput!) { upsertFreelancer(input: $input) { status freelancer { id } unlinkedSkillNames } }",
  deleteFreelancer: "mutation($id: ID!) { deleteFreelancer(id: $id) { id status } }",
  recordInteraction: "mutation($input: InteractionInput!) { recordInteraction(input: $input) { inserted } }",
};

/** Every block of 20 requests: exactly 16 searches, 3 recommendations, 1 write (80/15/5), seeded order. */
const BLOCK: readonly ("search" | "recommend" | "write")[] = [...Array<"search">(16).fill("search"), ...Array<"recommend">(3).fill("recommend"), "write"];
/**
 * The write of block w is WRITE_CYCLE[w % 10]: 4 inserts, 2 updates, 1 delete, 3 interactions. The
 * insert at cycle position p of cycle c creates `load-<4c + rank of p among the inserts>`; an update
 * rewrites an insert of the same cycle at least 3 blocks (≥ 41 requests) older; the delete removes
 * the second insert of the previous cycle, which nothing touches again.
 */
const WRITE_CYCLE: readonly Kind[] = ["insertFreelancer", "recordInteraction", "insertFreelancer", "updateFreelancer", "insertFreelancer", "recordInteraction", "deleteFreelancer", "insertFreelancer", "updateFreelancer", "recordInteraction"];
const INSERT_RANK: Record<number, number> = { 0: 0, 2: 1, 4: 2, 7: 3 };
const UPDATE_TARGET_RANK: Record<number, number> = { 3: 0, 8: 2 };

const mix = (a: number, b: number): number => {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

interface Built {
  kind: Kind;
  /** What varies within a kind and may change its cost: query source, filter. */
  shape: string;
  body: string;
  write: boolean;
}

let blockMemo: { block: number; slots: readonly string[] } | undefined;
function slotsOf(block: number): readonly string[] {
  if (blockMemo?.block !== block) blockMemo = { block, slots: createRng(mix(SEED, block)).shuffle(BLOCK) };
  return blockMemo.slots;
}

const skillPhrase = (rng: Rng, skills: readonly { id?: string | undefined; name?: string | undefined }[]): string => {
  const names = skills.map((s) => (s.id ? pools.skillName.get(s.id) : undefined) ?? s.name).filter((n): n is string => typeof n === "string");
  const picked = rng.shuffle(names).slice(0, rng.int(2, 3));
  return picked.length > 0 ? picked.join(" ") : "software developer";
};
function freelancerFilter(rng: Rng): Record<string, unknown> {
  switch (rng.int(0, 4)) {
    case 0:
      return { maxHourlyRate: rng.int(30, 120) };
    case 1:
      return { available: true };
    case 2:
      return { countries: [rng.pick(pools.freelancers).country ?? "United States"] };
    case 3:
      return { minRating: 4.5 };
    default:
      return { minJobSuccess: 0.9 };
  }
}
function jobFilter(rng: Rng): Record<string, unknown> {
  switch (rng.int(0, 3)) {
    case 0:
      return { budgetType: rng.pick(["HOURLY", "FIXED"]) };
    case 1:
      return { experienceLevels: rng.chance(0.5) ? ["EXPERT"] : ["ENTRY", "INTERMEDIATE"] };
    case 2:
      return { statuses: ["OPEN"] };
    default:
      return { countries: [rng.pick(pools.jobs).country ?? "United States"] };
  }
}

/** A write-API profile for `load-<n>`, skills by name; the same n always gives the same profile (updates change rate and title). */
function loadProfile(n: number, updated: boolean): Record<string, unknown> {
  const rng = createRng(mix(SEED ^ 0x5bd1e995, n));
  const t = rng.pick(pools.freelancers);
  return {
    id: `load-${n}`,
    name: `Load Test ${n}`,
    title: updated ? `${t.title} (updated)` : t.title,
    overview: t.overview,
    skills: t.skills.map((s) => ({ name: (s.id ? pools.skillName.get(s.id) : undefined) ?? s.name ?? "JavaScript", level: s.level ?? 3 })),
    hourlyRate: (t.hourlyRate ?? 40) + (updated ? 5 : 0),
    ...(t.country ? { country: t.country } : {}),
    ...(t.timezone ? { timezone: t.timezone } : {}),
    available: true,
    ...(t.languages ? { languages: t.languages } : {}),
  };
}

function buildRead(kind: Kind, rng: Rng): Built {
  const first = rng.int(10, 20);
  let variables: Record<string, unknown>;
  let shape: string;
  switch (kind) {
    case "searchFreelancers":
    case "searchJobs": {
      const source = kind === "searchFreelancers" ? rng.pick(pools.jobs) : rng.pick(pools.freelancers);
      const byTitle = rng.chance(0.5);
      const q = byTitle ? source.title : skillPhrase(rng, source.skills);
      const filter = rng.chance(0.3) ? (kind === "searchFreelancers" ? freelancerFilter(rng) : jobFilter(rng)) : undefined;
      variables = { q, n: first, ...(filter ? { f: filter } : {}) };
      shape = `${byTitle ? "title" : "skill names"}${filter ? ", filtered" : ""}`;
      break;
    }
    default: {
      const id = kind === "recommendFreelancers" ? rng.pick(pools.jobs).id : rng.pick(pools.freelancers).id;
      const filter = rng.chance(0.2) ? (kind === "recommendFreelancers" ? freelancerFilter(rng) : jobFilter(rng)) : undefined;
      variables = { id, n: first, ...(filter ? { f: filter } : {}) };
      shape = filter ? "filtered" : "unfiltered";
    }
  }
  return { kind, shape, write: false, body: JSON.stringify({ query: DOCS[kind], variables }) };
}

function buildWrite(kind: Kind, rng: Rng, target: number | undefined): Built {
  let variables: Record<string, unknown>;
  switch (kind) {
    case "insertFreelancer":
      variables = { input: loadProfile(target ?? 0, false) };
      break;
    case "updateFreelancer":
      variables = { input: loadProfile(target ?? 0, true) };
      break;
    case "deleteFreelancer":
      variables = { id: target === undefined ? "load-never-inserted" : `load-${target}` };
      break;
    default:
      variables = { input: { type: rng.pick(["VIEW", "CLICK", "APPLY"]), jobId: rng.pick(pools.jobs).id, freelancerId: rng.pick(pools.freelancers).id } };
  }
  return { kind, shape: "", write: true, body: JSON.stringify({ query: DOCS[kind], variables }) };
}

function requestAt(seq: number): Built {
  const block = Math.floor(seq / BLOCK.length);
  const slot = slotsOf(block)[seq % BLOCK.length];
  const rng = createRng(mix(SEED, seq + 0x10000));
  if (slot === "search" || (slot === "write" && noWrites)) return buildRead(rng.chance(0.75) ? "searchFreelancers" : "searchJobs", rng);
  if (slot === "recommend") return buildRead(rng.chance(2 / 3) ? "recommendFreelancers" : "recommendJobs", rng);
  const cycle = Math.floor(block / WRITE_CYCLE.length);
  const position = block % WRITE_CYCLE.length;
  const kind = WRITE_CYCLE[position] ?? "recordInteraction";
  const insertRank = INSERT_RANK[position];
  const updateRank = UPDATE_TARGET_RANK[position];
  const target =
    insertRank !== undefined ? 4 * cycle + insertRank : updateRank !== undefined ? 4 * cycle + updateRank : kind === "deleteFreelancer" && cycle > 0 ? 4 * (cycle - 1) + 1 : undefined;
  return buildWrite(kind, rng, target);
}

// ---- 4. measuring ---------------------------------------------------------------------------------

interface Percentiles {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
function percentiles(samples: readonly number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  // Nearest-rank percentiles: an observed value, never an interpolation.
  const at = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  const round = (x: number): number => Math.round(x * 10) / 10;
  return { n: s.length, mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)), p50: round(at(50)), p90: round(at(90)), p99: round(at(99)), max: round(s.at(-1) ?? NaN) };
}

const MiB = (bytes: number): number => Math.round(bytes / 2 ** 20);
/** The server's resident set and its high-water mark, MiB, from /proc (Linux); else /metrics (no peak). */
async function serverRss(server: Server): Promise<{ rss: number; hwm: number | null }> {
  const status = `/proc/${server.pid}/status`;
  if (existsSync(status)) {
    const text = readFileSync(status, "utf8");
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN);
    return { rss: Math.round(kb("VmRSS") / 1024), hwm: Math.round(kb("VmHWM") / 1024) };
  }
  const metrics = await scrape(server);
  return { rss: MiB(metrics.get("process_resident_memory_bytes") ?? NaN), hwm: null };
}

/** The server's storage I/O so far (Linux): bytes it made the block layer read and write, and major page faults. */
function serverIo(server: Server): { readBytes: number; writeBytes: number; majorFaults: number } | null {
  const io = `/proc/${server.pid}/io`;
  if (!existsSync(io)) return null;
  const text = readFileSync(io, "utf8");
  const field = (name: string): number => Number(new RegExp(`^${name}: (\\d+)`, "m").exec(text)?.[1] ?? NaN);
  // /proc/<pid>/stat: majflt is the 12th field; the 2nd (comm) may hold spaces, so count after its ")".
  const stat = readFileSync(`/proc/${server.pid}/stat`, "utf8");
  const majorFaults = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[9]);
  return { readBytes: field("read_bytes"), writeBytes: field("write_bytes"), majorFaults };
}
/** Machine-wide stall time so far, µs, from pressure stall information (Linux ≥ 4.20): some task waited for the CPU / for I/O. */
function stallMicros(resource: "cpu" | "io"): number | null {
  const file = `/proc/pressure/${resource}`;
  if (!existsSync(file)) return null;
  return Number(/^some .*total=(\d+)/m.exec(readFileSync(file, "utf8"))?.[1] ?? NaN);
}

/** Prometheus text → `name{label="v",…}` (labels as exposed) → value. */
type Scrape = Map<string, number>;
async function scrape(server: Server): Promise<Scrape> {
  const text = await (await fetch(`${server.origin}/metrics`)).text();
  const out: Scrape = new Map();
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const cut = line.lastIndexOf(" ");
    out.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return out;
}
const labelOf = (key: string, label: string): string | undefined => new RegExp(`[{,]${label}="([^"]*)"`).exec(key)?.[1];
/** Sum of `name` series' increase between two scrapes, grouped by a label value key. */
function delta(before: Scrape, after: Scrape, name: string, group: (key: string) => string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, value] of after) {
    if (key !== name && !key.startsWith(`${name}{`)) continue;
    const g = group(key);
    if (g === undefined) continue;
    out.set(g, (out.get(g) ?? 0) + value - (before.get(key) ?? 0));
  }
  return out;
}

interface ServerTime {
  cpuSeconds: number;
  /** CPU seconds per wall second: 1.0 is one core busy (main thread plus embedding worker and GC helpers). */
  cpuCores: number;
  gcSeconds: number;
  eventLoopLagP99Ms: number;
  eventLoopLagMaxMs: number;
  /** Per GraphQL operation: requests, mean server time per request (arrival to last byte), ms, and share of all server request time. */
  operations: Record<string, { requests: number; meanMs: number; share: number }>;
  /** Per ranking operation and stage: mean ms per ranked page. */
  stagesMs: Record<string, Record<string, number>>;
}
function serverTime(before: Scrape, after: Scrape, seconds: number): ServerTime {
  const one = (name: string): number => (after.get(name) ?? 0) - (before.get(name) ?? 0);
  const byOp = (name: string): Map<string, number> => delta(before, after, name, (k) => (labelOf(k, "route") === "/graphql" ? labelOf(k, "operation") : undefined));
  const httpSum = byOp("talentgraph_http_request_duration_seconds_sum");
  const httpCount = byOp("talentgraph_http_request_duration_seconds_count");
  const total = [...httpSum.values()].reduce((a, b) => a + b, 0);
  const operations = Object.fromEntries(
    [...httpCount.entries()]
      .filter(([, n]) => n > 0)
      .sort((a, b) => (httpSum.get(b[0]) ?? 0) - (httpSum.get(a[0]) ?? 0))
      .map(([op, n]) => [op, { requests: n, meanMs: round1(((httpSum.get(op) ?? 0) / n) * 1000), share: round3((httpSum.get(op) ?? 0) / Math.max(1e-9, total)) }]),
  );
  const stageKey = (k: string): string | undefined => {
    const op = labelOf(k, "operation");
    const stage = labelOf(k, "stage");
    return op && stage ? `${op}\t${stage}` : undefined;
  };
  const stageSum = delta(before, after, "talentgraph_pipeline_stage_duration_seconds_sum", stageKey);
  const stageCount = delta(before, after, "talentgraph_pipeline_stage_duration_seconds_count", stageKey);
  const pipeSum = delta(before, after, "talentgraph_pipeline_duration_seconds_sum", (k) => labelOf(k, "operation"));
  const pipeCount = delta(before, after, "talentgraph_pipeline_duration_seconds_count", (k) => labelOf(k, "operation"));
  const stagesMs: Record<string, Record<string, number>> = {};
  for (const [key, n] of stageCount) {
    if (n <= 0) continue;
    const [op = "", stage = ""] = key.split("\t");
    (stagesMs[op] ??= {})[stage] = round1(((stageSum.get(key) ?? 0) / n) * 1000);
  }
  for (const [op, n] of pipeCount) if (n > 0) (stagesMs[op] ??= {}).total = round1(((pipeSum.get(op) ?? 0) / n) * 1000);
  const cpuSeconds = one("process_cpu_seconds_total");
  return {
    cpuSeconds: round1(cpuSeconds),
    cpuCores: round3(cpuSeconds / seconds),
    gcSeconds: round1([...delta(before, after, "nodejs_gc_duration_seconds_sum", () => "all").values()].reduce((a, b) => a + b, 0)),
    // prom-client resets the event-loop delay monitor at each scrape: these cover this run alone.
    eventLoopLagP99Ms: round1((after.get("nodejs_eventloop_lag_p99_seconds") ?? NaN) * 1000),
    eventLoopLagMaxMs: round1((after.get("nodejs_eventloop_lag_max_seconds") ?? NaN) * 1000),
    operations,
    stagesMs,
  };
}
const round1 = (x: number): number => Math.round(x * 10) / 10;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

interface Errors {
  /** Non-2xx answers other than 429, by status. */
  non2xx: Record<string, number>;
  /** HTTP 429 (RATE_LIMITED). */
  rateLimited: number;
  /** HTTP 200 answers carrying GraphQL `errors`, by the first error's `extensions.code`. */
  graphql: Record<string, number>;
  /** 200 answers that were not JSON or lacked the requested field. */
  badBody: number;
  /** No answer within the client timeout. */
  timeouts: number;
  /** Socket errors (refused, reset). */
  connection: number;
  /** Sent but neither answered nor timed out when the run ended (it was cut at its deadline). */
  unanswered: number;
  total: number;
}

interface RunResult {
  label: string;
  targetRate: number;
  plannedSeconds: number;
  /** First request sent to last answer received, s. */
  wallSeconds: number;
  sent: number;
  answered: number;
  /** Answers per second over the planned span, or over `wallSeconds` when the run overran it. */
  achievedRate: number;
  latencyMs: Percentiles;
  byKind: Record<string, Percentiles & { errors: number }>;
  /** Reads by kind and shape (query source, filter), errors included. */
  byShape: Record<string, Percentiles>;
  errors: Errors;
  /** What the writes did, by GraphQL status (INSERTED, UPDATED, DELETED, NOT_FOUND; interactions: inserted/duplicate). */
  writeOutcomes: Record<string, number>;
  /** Ranked pages with no result (filters can legitimately empty a page; not an error). */
  emptyPages: number;
  rssMiB: { start: number; end: number; peakSampled: number; hwm: number | null };
  /** The server's storage reads and writes during the run (page-cache misses reach the disk), MiB; null off Linux. */
  serverIo: { readMiB: number; writeMiB: number; readKiBPerRequest: number; majorFaults: number } | null;
  /** Share of the run some task on the machine waited for a CPU / for I/O (PSI "some"), %: contention from everything, this bench included. */
  machineStallPercent: { cpu: number | null; io: number | null };
  server: ServerTime;
  generatorCpuCores: number;
  loadAverage: { start: number; end: number };
  /** Met the target: 0 errors, p99 < --max-p99, ≥ 95% of the rate answered. */
  passed: boolean;
  /** Kept up without meeting the latency target: 0 errors, ≥ 95% answered, p99 < --capacity-p99. */
  keptUp: boolean;
  verdict: string;
}

let nextSeq = 0;

/**
 * Runs `rate` requests a second for `seconds`: `rate` autocannon instances, one connection each at
 * 1 request/s, started 1/rate s apart, each sending exactly `seconds` requests (bounded in count),
 * all cut at a deadline (bounded in time).
 */
async function drive(server: Server, label: string, rate: number, seconds: number): Promise<RunResult> {
  const latencies: number[] = [];
  const latByKind = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
  const errByKind = new Map<Kind, number>(KINDS.map((k) => [k, 0]));
  const latByShape = new Map<string, number[]>();
  const errors: Errors = { non2xx: {}, rateLimited: 0, graphql: {}, badBody: 0, timeouts: 0, connection: 0, unanswered: 0, total: 0 };
  const writeOutcomes: Record<string, number> = {};
  let emptyPages = 0;
  let sent = 0;
  let firstSent = Infinity;
  let lastAnswer = 0;
  const bump = (o: Record<string, number>, k: string): void => {
    o[k] = (o[k] ?? 0) + 1;
  };

  function record(kind: Kind, shape: string, status: number, body: string, ms: number): void {
    latencies.push(ms);
    latByKind.get(kind)?.push(ms);
    if (shape !== "") {
      const key = `${kind} (${shape})`;
      if (!latByShape.has(key)) latByShape.set(key, []);
      latByShape.get(key)?.push(ms);
    }
    lastAnswer = performance.now();
    const fail = (): void => {
      errByKind.set(kind, (errByKind.get(kind) ?? 0) + 1);
    };
    if (status === 429) {
      errors.rateLimited++;
      return fail();
    }
    if (status < 200 || status >= 300) {
      bump(errors.non2xx, String(status));
      return fail();
    }
    // A search body is a few kB: parsing every one is cheap next to the request, and GraphQL errors are 200s.
    let parsed: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: unknown } }[] };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      errors.badBody++;
      return fail();
    }
    if (parsed.errors && parsed.errors.length > 0) {
      const code = parsed.errors[0]?.extensions?.code;
      bump(errors.graphql, typeof code === "string" ? code : "NO_CODE");
      return fail();
    }
    const answer = parsed.data?.[FIELD[kind]] as { edges?: unknown[]; status?: string; inserted?: boolean } | null | undefined;
    if (!answer) {
      errors.badBody++;
      return fail();
    }
    if (WRITES.has(kind)) bump(writeOutcomes, `${kind}:${answer.status ?? (answer.inserted ? "inserted" : "duplicate")}`);
    else if (Array.isArray(answer.edges) && answer.edges.length === 0) emptyPages++;
  }

  const rssStart = await serverRss(server);
  const ioBefore = serverIo(server);
  const stallBefore = { cpu: stallMicros("cpu"), io: stallMicros("io") };
  let peak = rssStart.rss;
  const metricsBefore = await scrape(server);
  const cpuBefore = process.cpuUsage();
  const loadStart = os.loadavg()[0] ?? NaN;
  const started = performance.now();
  const instances: autocannon.Instance[] = [];
  const finished: Promise<autocannon.Result>[] = [];

  const rssTimer = setInterval(() => {
    serverRss(server).then(
      (r) => (peak = Math.max(peak, r.rss)),
      (error: unknown) => logger.warn("could not read the server's RSS", { error: String(error) }),
    );
  }, 1000);
  const progressTimer = setInterval(() => {
    const p = percentiles(latencies);
    logger.info(`${label}: ${Math.round((performance.now() - started) / 1000)}/${seconds} s`, {
      sent,
      answered: latencies.length,
      p50: p.p50,
      p99: p.p99,
      errors: countErrors(),
      rssMiB: peak,
      elapsed: elapsed(),
    });
  }, 10_000);
  const countErrors = (): number => [...errByKind.values()].reduce((a, b) => a + b, 0);

  for (let i = 0; i < rate; i++) {
    await sleep(Math.max(0, started + (i * 1000) / rate - performance.now()));
    let inFlight: { kind: Kind; shape: string; t0: number } | undefined;
    let done!: (result: autocannon.Result) => void;
    let failed!: (error: Error) => void;
    finished.push(
      new Promise<autocannon.Result>((resolve, reject) => {
        done = resolve;
        failed = reject;
      }),
    );
    const instance = autocannon(
      {
        url: server.url,
        connections: 1,
        overallRate: 1,
        amount: seconds,
        timeout: CLIENT_TIMEOUT_S,
        requests: [
          {
            method: "POST",
            setupRequest: (req) => {
              const built = requestAt(nextSeq++);
              sent++;
              const t0 = performance.now();
              firstSent = Math.min(firstSent, t0);
              inFlight = { kind: built.kind, shape: built.shape, t0 };
              const headers = { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${built.write ? keys.write : keys.read}` };
              return { ...req, headers, body: built.body };
            },
            onResponse: (status, body) => {
              if (!inFlight) return;
              record(inFlight.kind, inFlight.shape, status, body, performance.now() - inFlight.t0);
              inFlight = undefined;
            },
          },
        ],
      },
      (error: unknown, result) => (error ? failed(error instanceof Error ? error : new Error(`autocannon failed: ${JSON.stringify(error)}`)) : done(result)),
    );
    instances.push(instance);
  }
  // Each instance sends its last request about `seconds` s after it started; give stragglers the client timeout.
  const deadline = setTimeout(() => instances.forEach((x) => x.stop()), (seconds + CLIENT_TIMEOUT_S + 5) * 1000);
  const results = await Promise.all(finished);
  clearTimeout(deadline);
  clearInterval(rssTimer);
  clearInterval(progressTimer);

  const wall = Math.max(1e-3, (lastAnswer - firstSent) / 1000);
  const metricsAfter = await scrape(server);
  const rssEnd = await serverRss(server);
  peak = Math.max(peak, rssEnd.rss);
  const cpu = process.cpuUsage(cpuBefore);
  const ioAfter = serverIo(server);
  const stallShare = (resource: "cpu" | "io"): number | null => {
    const [a, b] = [stallBefore[resource], stallMicros(resource)];
    return a === null || b === null ? null : round1(((b - a) / 1e6 / ((performance.now() - started) / 1000)) * 100);
  };
  errors.timeouts = results.reduce((a, r) => a + r.timeouts, 0);
  errors.connection = results.reduce((a, r) => a + r.errors, 0) - errors.timeouts;
  errors.unanswered = Math.max(0, sent - latencies.length - errors.timeouts - errors.connection);
  errors.total = countErrors() + errors.timeouts + errors.connection + errors.unanswered;
  const latencyMs = percentiles(latencies);
  // Over the planned span at least: a run that kept up ends within it (the last instance starts ~1 s late).
  const achievedRate = round1(latencies.length / Math.max(seconds, wall));
  const byKind = Object.fromEntries(KINDS.map((k) => [k, { ...percentiles(latByKind.get(k) ?? []), errors: errByKind.get(k) ?? 0 }]));
  const byShape = Object.fromEntries([...latByShape.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, percentiles(v)]));
  const problems = [
    ...(errors.total > 0 ? [`${errors.total} errors`] : []),
    ...(latencyMs.p99 >= maxP99Ms ? [`p99 ${latencyMs.p99} ms ≥ ${maxP99Ms} ms`] : []),
    ...(achievedRate < rate * MIN_ACHIEVED ? [`achieved ${achievedRate}/s < ${Math.round(MIN_ACHIEVED * 100)}% of ${rate}/s`] : []),
  ];
  const result: RunResult = {
    label,
    targetRate: rate,
    plannedSeconds: seconds,
    wallSeconds: round1(wall),
    sent,
    answered: latencies.length,
    achievedRate,
    latencyMs,
    byKind,
    byShape,
    errors,
    writeOutcomes,
    emptyPages,
    rssMiB: { start: rssStart.rss, end: rssEnd.rss, peakSampled: peak, hwm: rssEnd.hwm },
    server: serverTime(metricsBefore, metricsAfter, wall),
    serverIo:
      ioBefore && ioAfter
        ? {
            readMiB: round1((ioAfter.readBytes - ioBefore.readBytes) / 2 ** 20),
            writeMiB: round1((ioAfter.writeBytes - ioBefore.writeBytes) / 2 ** 20),
            readKiBPerRequest: round1((ioAfter.readBytes - ioBefore.readBytes) / 1024 / Math.max(1, latencies.length)),
            majorFaults: ioAfter.majorFaults - ioBefore.majorFaults,
          }
        : null,
    machineStallPercent: { cpu: stallShare("cpu"), io: stallShare("io") },
    generatorCpuCores: round3((cpu.user + cpu.system) / 1e6 / wall),
    loadAverage: { start: round1(loadStart), end: round1(os.loadavg()[0] ?? NaN) },
    passed: problems.length === 0,
    keptUp: errors.total === 0 && achievedRate >= rate * MIN_ACHIEVED && latencyMs.p99 < capacityP99Ms,
    verdict: problems.length === 0 ? "sustained" : problems.join("; "),
  };
  logger.info(`${label} done: ${rate}/s target`, {
    achieved: result.achievedRate,
    p50: latencyMs.p50,
    p99: latencyMs.p99,
    errors: errors.total,
    serverCpu: result.server.cpuCores,
    rssMiB: result.rssMiB.end,
    verdict: result.verdict,
    elapsed: elapsed(),
  });
  return result;
}

/** One request of every kind, checked in full before any load: a broken request would fail every step. Returns the default rank profile. */
async function preflight(server: Server): Promise<{ name: string; reranker: string | null }> {
  const rng = createRng(SEED);
  const checks: Built[] = [
    buildRead("searchFreelancers", rng),
    buildRead("searchJobs", rng),
    buildRead("recommendFreelancers", rng),
    buildRead("recommendJobs", rng),
    { ...buildWrite("insertFreelancer", rng, 0), body: JSON.stringify({ query: DOCS.insertFreelancer, variables: { input: { ...loadProfile(0, false), id: "load-preflight" } } }) },
    { ...buildWrite("updateFreelancer", rng, 0), body: JSON.stringify({ query: DOCS.updateFreelancer, variables: { input: { ...loadProfile(0, true), id: "load-preflight" } } }) },
    { ...buildWrite("deleteFreelancer", rng, 0), body: JSON.stringify({ query: DOCS.deleteFreelancer, variables: { id: "load-preflight" } }) },
    buildWrite("recordInteraction", rng, undefined),
  ];
  for (const check of checks.filter((c) => !(noWrites && c.write))) {
    const res = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${check.write ? keys.write : keys.read}` },
      body: check.body,
    });
    const text = await res.text();
    if (res.status !== 200 || text.includes('"errors"')) throw new Error(`bench:load: preflight ${check.kind} failed: HTTP ${res.status} ${text.slice(0, 500)}`);
  }
  logger.info("preflight: one request of each kind answered without errors");
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${keys.read}` },
    body: JSON.stringify({ query: "{ rankProfiles { name isDefault reranker } }" }),
  });
  const profiles = ((await res.json()) as { data?: { rankProfiles?: { name: string; isDefault: boolean; reranker: string | null }[] } }).data?.rankProfiles ?? [];
  const byDefault = profiles.find((p) => p.isDefault);
  return { name: byDefault?.name ?? "unknown", reranker: byDefault?.reranker ?? null };
}

// ---- 5. the run: step search, then the long run -----------------------------------------------------

let server: Server | undefined;
let report: Report | undefined;
try {
  const copy = await prepareRunDir();
  server = await startChild();
  logger.info(`server up in ${server.startSeconds.toFixed(1)} s`, { url: server.url, pid: server.pid });
  const rssAtStart = await serverRss(server);
  const profile = await preflight(server);

  const warmup = warmupSeconds > 0 ? await drive(server, "warm-up", Math.min(startRate, 5), Math.round(warmupSeconds)) : undefined;
  const steps: RunResult[] = [];
  const pause = (): Promise<void> => sleep(3000); // let queues drain and the machine settle between runs
  const step = async (rate: number): Promise<RunResult> => {
    await pause();
    const r = await drive(server as Server, `step ${steps.length + 1}`, rate, stepSeconds);
    steps.push(r);
    return r;
  };
  if (fixedRate === undefined && fixedRates) {
    for (const rate of fixedRates) await step(rate);
  } else if (fixedRate === undefined) {
    // 1. Grow ×1.5 from --start-rate while the server keeps up: that bounds its capacity.
    let rate = Math.min(startRate, maxRate);
    while (steps.length < maxSteps) {
      const r = await step(rate);
      if (!r.keptUp || rate >= maxRate) break;
      rate = Math.min(maxRate, Math.ceil(rate * 1.5));
    }
    // 2. The latency target lies at or below it: bisect between the highest step that met it and the
    //    lowest above that did not (to within 10%), or, when none met it, halve down to 1 request/s.
    while (steps.length < maxSteps) {
      const pass = highest(steps, (s) => s.passed);
      const fail = Math.min(...steps.filter((s) => !s.passed && s.targetRate > (pass ?? 0)).map((s) => s.targetRate));
      let next: number;
      if (pass === undefined) next = Math.floor(Math.min(...steps.map((s) => s.targetRate)) / 2);
      else if (!Number.isFinite(fail) || fail - pass <= Math.max(1, Math.round(pass * 0.1))) break;
      else next = Math.round((pass + fail) / 2);
      if (next < 1 || steps.some((s) => s.targetRate === next)) break;
      await step(next);
    }
  }
  const sustained = highest(steps, (s) => s.passed);
  const capacity = highest(steps, (s) => s.keptUp);
  const chosen = fixedRate ?? sustained ?? capacity ?? bestEffort(steps);
  const how =
    fixedRate !== undefined
      ? `--rate ${fixedRate}, no step search`
      : sustained !== undefined
        ? `the highest step that met the target: 0 errors, p99 < ${maxP99Ms} ms, ≥ ${MIN_ACHIEVED * 100}% of the rate answered`
        : capacity !== undefined
          ? `no step met p99 < ${maxP99Ms} ms; the highest step the server kept up with: 0 errors, ≥ ${MIN_ACHIEVED * 100}% answered, p99 < ${capacityP99Ms} ms`
          : "no step met the target or kept up; the step with the lowest p99";
  logger.info(`final run: ${chosen}/s for ${finalSeconds} s (${how})`);
  await pause();
  const final = await drive(server, "final", chosen, finalSeconds);
  const rssAtEnd = await serverRss(server);

  report = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, totalMemGiB: Math.round(os.totalmem() / 2 ** 30) },
    data: { cacheDir, freelancers: demo.freelancers, jobs: demo.jobs, seed: demo.seed, buildSeconds: demo.buildSeconds },
    copy: { seconds: round1(copy.seconds), MiB: MiB(copy.bytes) },
    server: { startSeconds: round1(server.startSeconds), rssMiB: { start: rssAtStart.rss, end: rssAtEnd.rss, peak: rssAtEnd.hwm ?? Math.max(final.rssMiB.peakSampled, ...steps.map((s) => s.rssMiB.peakSampled)) } },
    workload: {
      seed: SEED,
      mix: noWrites ? "--no-writes (diagnosis): every 20 requests 17 searches and 3 recommendations" : "every 20 requests: 16 searches (3/4 searchFreelancers, 1/4 searchJobs), 3 recommendations (2/3 recommendFreelancers, 1/3 recommendJobs), 1 write (per 10 writes: 4 upsertFreelancer inserts, 2 updates, 1 deleteFreelancer, 3 recordInteraction)",
      queries: "demo job titles and profile titles (half), 2-3 skill names of a demo job or profile (half); first 10-20; a filter on 30% of searches and 20% of recommendations",
      pacing: "R autocannon instances × 1 connection × 1 request/s, started 1/R s apart (evenly spaced arrivals, open loop while answers take < 1 s)",
      auth: "read key and write key created for the run, no rate limit",
      profile: `${profile.name} (the default; reranker ${profile.reranker ?? "none"})`,
      clientTimeoutSeconds: CLIENT_TIMEOUT_S,
    },
    criteria: { maxP99Ms, capacityP99Ms, minAchievedShare: MIN_ACHIEVED, errors: 0 },
    warmup: warmup ?? null,
    steps,
    chosenRate: chosen,
    chosenBy: how,
    sustainedRate: sustained ?? null,
    capacityRate: capacity ?? null,
    final,
    totalSeconds: Math.round((performance.now() - runStarted) / 1000),
  };
} finally {
  stopping = true;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(15_000)]);
  }
  const removeStarted = performance.now();
  cleanUp();
  logger.info(`deleted the run's data dir in ${((performance.now() - removeStarted) / 1000).toFixed(1)} s`, { runDir });
}

function highest(steps: readonly RunResult[], accept: (s: RunResult) => boolean): number | undefined {
  const rates = steps.filter(accept).map((s) => s.targetRate);
  return rates.length > 0 ? Math.max(...rates) : undefined;
}

function bestEffort(steps: readonly RunResult[]): number {
  const candidates = steps.filter((s) => s.errors.total === 0);
  const pool = candidates.length > 0 ? candidates : steps;
  return [...pool].sort((a, b) => a.latencyMs.p99 - b.latencyMs.p99)[0]?.targetRate ?? 1;
}

// ---- 6. report ------------------------------------------------------------------------------------

interface Report {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; totalMemGiB: number };
  data: { cacheDir: string; freelancers: number; jobs: number; seed: number; buildSeconds: number | null };
  copy: { seconds: number; MiB: number };
  server: { startSeconds: number; rssMiB: { start: number; end: number; peak: number } };
  workload: Record<string, string | number>;
  criteria: { maxP99Ms: number; capacityP99Ms: number; minAchievedShare: number; errors: number };
  warmup: RunResult | null;
  steps: RunResult[];
  chosenRate: number;
  chosenBy: string;
  /** Highest step rate that met the target; null when none did. */
  sustainedRate: number | null;
  /** Highest step rate the server kept up with (target or not); null when none. */
  capacityRate: number | null;
  final: RunResult;
  totalSeconds: number;
}

if (report) {
  const outDir = path.join(PACKAGE_ROOT, "bench", "reports");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "load.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(outDir, "load.md"), renderMarkdown(report));
  process.stdout.write(renderMarkdown(report));
}

function errorText(e: Errors): string {
  const parts = [
    ...Object.entries(e.non2xx).map(([s, n]) => `HTTP ${s} ×${n}`),
    ...(e.rateLimited ? [`429 ×${e.rateLimited}`] : []),
    ...Object.entries(e.graphql).map(([c, n]) => `${c} ×${n}`),
    ...(e.badBody ? [`bad body ×${e.badBody}`] : []),
    ...(e.timeouts ? [`timeout ×${e.timeouts}`] : []),
    ...(e.connection ? [`connection ×${e.connection}`] : []),
    ...(e.unanswered ? [`unanswered ×${e.unanswered}`] : []),
  ];
  return parts.length > 0 ? parts.join(", ") : "0";
}

function renderMarkdown(r: Report): string {
  const f = r.final;
  const n = (x: number): string => x.toLocaleString("en-US");
  const ms = (x: number): string => (Number.isFinite(x) ? String(x) : "–");
  const stepRow = (s: RunResult): string =>
    `| ${s.label} | ${s.targetRate} | ${s.achievedRate} | ${n(s.answered)} | ${s.latencyMs.p50} | ${s.latencyMs.p90} | ${s.latencyMs.p99} | ${s.latencyMs.max} | ${s.errors.total} | ${s.errors.rateLimited} | ${sumValues(s.errors.graphql)} | ${s.errors.timeouts} | ${s.server.cpuCores} | ${s.serverIo?.readMiB ?? "–"} | ${s.rssMiB.end} | ${s.machineStallPercent.cpu ?? "–"} / ${s.machineStallPercent.io ?? "–"} | ${s.passed ? "**met**" : s.keptUp ? `kept up; ${s.verdict}` : s.verdict} |`;
  const stageOps = Object.entries(f.server.stagesMs);
  const lowest = [...r.steps].sort((a, b) => a.latencyMs.p99 - b.latencyMs.p99)[0] ?? f;
  const stageNames = [...new Set(stageOps.flatMap(([, s]) => Object.keys(s)))].filter((s) => s !== "total");
  return [
    "# Load benchmark",
    "",
    `Generated ${r.generatedAt} on ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}, ${r.machine.totalMemGiB} GiB. Whole run ${r.totalSeconds} s.`,
    `Data: ${n(r.data.freelancers)} demo freelancers, ${n(r.data.jobs)} jobs, seed ${r.data.seed} (${r.data.buildSeconds === null ? "cached data dir" : `built in ${r.data.buildSeconds} s`}); the server ran on a copy (${n(r.copy.MiB)} MiB, copied in ${r.copy.seconds} s, deleted after).`,
    `Server: \`talentgraph serve\` as a child process on 127.0.0.1, ready in ${r.server.startSeconds} s; the load generator (autocannon) in the parent. RSS ${r.server.rssMiB.start} MiB at start, ${r.server.rssMiB.end} MiB at the end, peak ${r.server.rssMiB.peak} MiB.`,
    "",
    `Workload: ${r.workload.mix}. Queries: ${r.workload.queries}; rank profile ${r.workload.profile}. Pacing: ${r.workload.pacing}. Auth: ${r.workload.auth}.`,
    "",
    `## Step search (${r.steps[0]?.plannedSeconds ?? 0} s steps)`,
    "",
    `Target met = 0 errors, p99 < ${r.criteria.maxP99Ms} ms and ≥ ${r.criteria.minAchievedShare * 100}% of the rate answered; kept up = 0 errors, ≥ ${r.criteria.minAchievedShare * 100}% answered, p99 < ${r.criteria.capacityP99Ms} ms. Steps grow ×1.5 while the server keeps up, then bisect towards the target (or halve down to 1 req/s when no step met it).`,
    "",
    "| run | target req/s | achieved req/s | answered | p50 ms | p90 ms | p99 ms | max ms | errors | 429 | GraphQL errors | timeouts | server CPU (cores) | server disk reads MiB | server RSS MiB | machine CPU / I/O stall % | verdict |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ...(r.warmup ? [stepRow(r.warmup)] : []),
    ...r.steps.map(stepRow),
    "",
    `Highest rate that met the target: **${r.sustainedRate === null ? "none" : `${r.sustainedRate} req/s`}**. Highest rate kept up with: ${r.capacityRate === null ? "none" : `${r.capacityRate} req/s`}. Lowest p99 of any step: ${lowest.latencyMs.p99} ms at ${lowest.targetRate} req/s.`,
    "",
    `Final run at ${r.chosenRate} req/s: ${r.chosenBy}.`,
    "",
    `## Final run: ${f.targetRate} req/s for ${f.plannedSeconds} s`,
    "",
    `- Throughput: **${f.achievedRate} req/s** (${n(f.answered)} answers of ${n(f.sent)} sent over ${f.wallSeconds} s).`,
    `- Latency: p50 **${f.latencyMs.p50} ms**, p90 ${f.latencyMs.p90} ms, p99 **${f.latencyMs.p99} ms**, max ${f.latencyMs.max} ms — ${f.passed ? "target met" : `**target not met**: ${f.verdict}`}.`,
    `- Errors: ${errorText(f.errors)} (non-2xx ${sumValues(f.errors.non2xx)}, 429 ${f.errors.rateLimited}, GraphQL errors in 200s ${sumValues(f.errors.graphql)}, timeouts ${f.errors.timeouts}, connection ${f.errors.connection}).`,
    `- Server RSS: ${f.rssMiB.start} MiB at the start of the run, ${f.rssMiB.end} MiB at its end, ${f.rssMiB.peakSampled} MiB peak sampled each second${f.rssMiB.hwm === null ? "" : ` (process high-water mark ${f.rssMiB.hwm} MiB, startup included)`}.`,
    `- Server CPU ${f.server.cpuCores} cores (GC ${f.server.gcSeconds} s of ${f.server.cpuSeconds} s CPU), event-loop delay p99 ${f.server.eventLoopLagP99Ms} ms, max ${f.server.eventLoopLagMaxMs} ms; load generator ${f.generatorCpuCores} cores; load average ${f.loadAverage.start} → ${f.loadAverage.end}.`,
    `- Server storage I/O: ${f.serverIo ? `${f.serverIo.readMiB} MiB read from disk (${f.serverIo.readKiBPerRequest} KiB a request: SQLite pages missing from both its own cache and the OS page cache), ${f.serverIo.writeMiB} MiB written, ${f.serverIo.majorFaults} major page faults` : "not measured (no /proc)"}. Machine: some task waited for a CPU ${f.machineStallPercent.cpu ?? "–"}% and for I/O ${f.machineStallPercent.io ?? "–"}% of the run (PSI).`,
    `- Writes: ${Object.entries(f.writeOutcomes).map(([k, v]) => `${k} ×${v}`).join(", ") || "none"}. Empty ranked pages (filters): ${f.emptyPages}.`,
    "",
    "| request kind | n | share | p50 ms | p90 ms | p99 ms | max ms | errors |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    ...Object.entries(f.byKind).map(([k, p]) => `| ${k} | ${n(p.n)} | ${((p.n / Math.max(1, f.answered)) * 100).toFixed(1)}% | ${ms(p.p50)} | ${ms(p.p90)} | ${ms(p.p99)} | ${ms(p.max)} | ${p.errors} |`),
    "",
    "Reads by shape (query source: a demo title, or 2-3 skill names; filter or none):",
    "",
    "| read | n | p50 ms | p90 ms | p99 ms | max ms |",
    "|---|---:|---:|---:|---:|---:|",
    ...Object.entries(f.byShape).map(([k, p]) => `| ${k} | ${n(p.n)} | ${ms(p.p50)} | ${ms(p.p90)} | ${ms(p.p99)} | ${ms(p.max)} |`),
    "",
    "## Where the server's time went (final run, from /metrics)",
    "",
    "| operation | requests | mean server ms | share of server request time |",
    "|---|---:|---:|---:|",
    ...Object.entries(f.server.operations).map(([op, o]) => `| ${op} | ${n(o.requests)} | ${o.meanMs} | ${(o.share * 100).toFixed(1)}% |`),
    "",
    "Mean pipeline stage time per ranked page, ms (wall clock: includes waiting for the CPU and the write lock):",
    "",
    `| operation | ${stageNames.join(" | ")} | pipeline total |`,
    `|---|${stageNames.map(() => "---:").join("|")}|---:|`,
    ...stageOps.map(([op, s]) => `| ${op} | ${stageNames.map((st) => (s[st] === undefined ? "–" : String(s[st]))).join(" | ")} | ${s.total ?? "–"} |`),
    "",
    "Notes:",
    "",
    "- Latency is measured by the client from writing the request to reading the whole answer, for every answer (errors included). Arrivals are evenly spaced; real traffic is burstier (Poisson), so its p99 at the same rate would be higher.",
    "- Server and load generator share the machine's cores; server CPU above 1 core is the embedding worker thread and GC helpers beside the main thread.",
    "- Writes apply under the process's write lock (a search never sees half a write): a write waits for the reads running, and reads arriving meanwhile wait for it.",
    "",
  ].join("\n");
}

function sumValues(o: Record<string, number>): number {
  return Object.values(o).reduce((a, b) => a + b, 0);
}
