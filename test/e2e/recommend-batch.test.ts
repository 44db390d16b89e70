/**
 * `recommend-batch` end to end on a small demo marketplace ingested with the tiny test model:
 * every business rule, shards, both output formats, worker threads, and `--resume` after the CLI
 * was SIGKILLed mid-run (spawned as a real process).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseDuration, type BatchRequest } from "../../src/batch/batch-options.js";
import type { BatchLine } from "../../src/batch/batch-line.js";
import type { Checkpoint } from "../../src/batch/output-file.js";
import { runRecommendBatch, type BatchSummary } from "../../src/batch/run-batch.js";
import { openSentLog } from "../../src/batch/sent-log.js";
import { loadConfig, PACKAGE_ROOT, type Config } from "../../src/core/config.js";
import { parseCsv } from "../../src/core/csv.js";
import { silentLogger } from "../../src/core/logger.js";
import { silentProgress } from "../../src/core/progress.js";
import { generateDemo } from "../../src/ingest/demo/generate-demo.js";
import { ingest } from "../../src/ingest/ingest.js";
import { Quarantine } from "../../src/ingest/quarantine.js";
import { openServices } from "../../src/services.js";

const BIN = path.join(PACKAGE_ROOT, "bin", "talentgraph.js");
const NOW = "2026-11-01T00:00:00.000Z";
const SINCE = "365d";
const CUTOFF = new Date(Date.parse(NOW) - parseDuration(SINCE)).toISOString();
const TOP = 5;
const FREELANCERS = 300;
const ENGAGED = new Set(["apply", "interview", "hire"]);

interface DemoJob {
  id: string;
  status?: string;
  postedAt: string;
  clientId: string;
}
interface DemoInteraction {
  type: string;
  jobId: string;
  freelancerId: string;
}

const work = mkdtempSync(path.join(os.tmpdir(), "tg-batch-e2e-"));
const input = path.join(work, "input");
const dataDir = path.join(work, "data");
let config: Config;
let jobs: Map<string, DemoJob>;
/** freelancer id → job ids they engaged with; job id → freelancer ids. */
const engagedJobs = new Map<string, Set<string>>();
const engagedFreelancers = new Map<string, Set<string>>();
let runs = 0;

const readJsonl = <T>(file: string): T[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);

/** Runs the batch in-process (ranking on this thread unless `workers` says otherwise). */
async function batch(over: Partial<BatchRequest> = {}): Promise<{ summary: BatchSummary; lines: BatchLine[]; out: string }> {
  const out = over.out ?? path.join(work, `out-${++runs}.${over.format ?? "jsonl"}`);
  const request: BatchRequest = {
    mode: "freelancers",
    top: TOP,
    profile: "batch",
    since: SINCE,
    sinceMs: parseDuration(SINCE),
    now: NOW,
    dedupeRuns: 3,
    minScore: 0,
    maxPerClient: 2,
    out,
    format: "jsonl",
    shard: { index: 0, count: 1 },
    workers: 0,
    chunkSize: 100,
    resume: false,
    sentLog: path.join(work, "sent-log.db"),
    keepRuns: 20,
    dryRun: false,
    ...over,
  };
  const summary = await runRecommendBatch(request, { config, logger: silentLogger, progress: () => silentProgress });
  return { summary, lines: request.format === "csv" ? [] : readJsonl<BatchLine>(request.out), out: request.out };
}

const itemIds = (l: BatchLine): string[] => l.items.map((i) => i.id);
const byKey = (lines: BatchLine[]): Map<string, BatchLine> => new Map(lines.map((l) => [l.jobId ?? l.recipientId ?? "", l]));

/** The rules every freelancers-mode list must satisfy whatever else is switched on. */
function expectRulesHold(lines: BatchLine[], opts: { maxPerClient?: number; minScore?: number } = {}): void {
  for (const l of lines) {
    expect(l.items.length).toBeLessThanOrEqual(TOP);
    expect(l.shortfall === null).toBe(l.items.length === TOP);
    expect(l.items.map((i) => i.rank)).toEqual(l.items.map((_, i) => i + 1));
    const perClient = new Map<string, number>();
    for (const item of l.items) {
      const job = jobs.get(item.id);
      expect(job, item.id).toBeDefined();
      expect(job?.status ?? "open").toBe("open");
      expect(job!.postedAt >= CUTOFF, `${item.id} posted ${job!.postedAt}`).toBe(true);
      expect(engagedJobs.get(l.recipientId!)?.has(item.id) ?? false, `${l.recipientId} engaged with ${item.id}`).toBe(false);
      expect(item.clientId).toBe(job!.clientId);
      expect(item.reason.length).toBeGreaterThan(0);
      if (opts.minScore !== undefined) expect(item.score).toBeGreaterThanOrEqual(opts.minScore);
      perClient.set(job!.clientId, (perClient.get(job!.clientId) ?? 0) + 1);
    }
    if (opts.maxPerClient !== undefined) for (const n of perClient.values()) expect(n).toBeLessThanOrEqual(opts.maxPerClient);
  }
}

beforeAll(async () => {
  // Few clients, so that several open jobs share one and the client cap has something to do.
  await generateDemo({ outDir: input, freelancers: FREELANCERS, jobs: 300, clients: 15, seed: 5 });
  config = loadConfig({ env: {}, overrides: { dataDir, model: inject("tinyModelDir"), logLevel: "silent" } });
  const services = await openServices(config);
  try {
    const summary = await ingest(
      { store: services.store, indexes: await services.indexes(), embedder: await services.embedder(), createLinker: services.createLinker, quarantine: new Quarantine(dataDir) },
      { inputDir: input },
    );
    expect(summary.totals.quarantined).toBe(0);
  } finally {
    await services.close();
  }
  jobs = new Map(readJsonl<DemoJob>(path.join(input, "jobs.jsonl")).map((j) => [j.id, j]));
  for (const i of readJsonl<DemoInteraction>(path.join(input, "interactions.jsonl"))) {
    if (!ENGAGED.has(i.type)) continue;
    if (!engagedJobs.has(i.freelancerId)) engagedJobs.set(i.freelancerId, new Set());
    engagedJobs.get(i.freelancerId)!.add(i.jobId);
    if (!engagedFreelancers.has(i.jobId)) engagedFreelancers.set(i.jobId, new Set());
    engagedFreelancers.get(i.jobId)!.add(i.freelancerId);
  }
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("recommend-batch", () => {
  let first: BatchLine[];

  it("gives every freelancer open jobs posted since the cut-off, never one they engaged with, at most 2 per client", async () => {
    const { summary, lines } = await batch();
    first = lines;
    expect(lines.map((l) => l.recipientId)).toEqual([...lines.map((l) => l.recipientId)].sort());
    expect(new Set(lines.map((l) => l.recipientId)).size).toBe(FREELANCERS);
    expect(summary.recipients).toBe(FREELANCERS);
    expect(summary.items).toBe(lines.reduce((a, l) => a + l.items.length, 0));
    expect(lines.every((l) => l.recipientType === "freelancer" && l.profile === "batch" && l.generatedAt === NOW && l.reranker !== "" && l.model !== "")).toBe(true);
    expect(lines.filter((l) => l.items.length === TOP).length).toBeGreaterThan(FREELANCERS * 0.9);
    // Engaged jobs would otherwise rank: the demo's applicants are drawn toward fitting jobs.
    expect([...engagedJobs.values()].some((s) => [...s].some((j) => jobs.get(j)?.status === "open" && jobs.get(j)!.postedAt >= CUTOFF))).toBe(true);
    expectRulesHold(lines, { maxPerClient: 2 });
  });

  it("leaves out what was sent in earlier runs; a dry run with dedupe off reproduces the first run and records nothing", async () => {
    const second = (await batch()).lines;
    const a = byKey(first);
    for (const l of second) {
      const before = new Set(itemIds(a.get(l.recipientId!)!));
      expect(itemIds(l).filter((id) => before.has(id)), l.recipientId!).toEqual([]);
    }
    expect(second.some((l) => l.shortfall?.code === "already_sent" || l.items.length === TOP)).toBe(true);
    expectRulesHold(second, { maxPerClient: 2 });

    const replay = (await batch({ dedupeRuns: 0, dryRun: true })).lines;
    expect(replay).toEqual(first);
    // The dry run recorded nothing: a recipient's last run is still the second one.
    const log = openSentLog(path.join(work, "sent-log.db"), { readOnly: true });
    const lastRun = log.dedupeLookup("freelancers", 1, "none");
    for (const l of second.slice(0, 20)) expect([...lastRun(l.recipientId!)].sort()).toEqual(itemIds(l).sort());
    log.close();
  });

  it("--min-score drops lower scores and says so", async () => {
    const scores = first.flatMap((l) => l.items.map((i) => i.score)).sort((x, y) => x - y);
    const minScore = scores[Math.floor(scores.length / 2)]!;
    const { lines } = await batch({ minScore, dedupeRuns: 0, dryRun: true });
    expectRulesHold(lines, { maxPerClient: 2, minScore });
    const a = byKey(first);
    for (const l of lines) expect(itemIds(l)).toEqual(a.get(l.recipientId!)!.items.filter((i) => i.score >= minScore).map((i) => i.id));
    const short = lines.filter((l) => l.shortfall !== null);
    expect(short.length).toBeGreaterThan(0);
    expect(short.some((l) => l.shortfall?.code === "below_min_score" && l.shortfall.excluded.belowMinScore > 0)).toBe(true);
  });

  let capped: BatchLine[];
  it("--max-per-client caps one client's jobs in a list, where the uncapped ranking would repeat clients", async () => {
    const uncapped = (await batch({ maxPerClient: undefined, dedupeRuns: 0, dryRun: true })).lines;
    const repeats = (l: BatchLine): boolean => new Set(l.items.map((i) => i.clientId)).size < l.items.length;
    expect(uncapped.filter(repeats).length).toBeGreaterThan(0);
    capped = (await batch({ maxPerClient: 1, dedupeRuns: 0, dryRun: true })).lines;
    expectRulesHold(capped, { maxPerClient: 1 });
    expect(capped.some((l) => l.items.some((i) => i.pipelineRank > i.rank))).toBe(true);
  });

  it("--mmr re-orders for variety and keeps every rule", async () => {
    const { lines } = await batch({ maxPerClient: 1, mmrLambda: 0.3, dedupeRuns: 0, dryRun: true });
    expectRulesHold(lines, { maxPerClient: 1 });
    const c = byKey(capped);
    const changed = lines.filter((l) => itemIds(l).join() !== itemIds(c.get(l.recipientId!)!).join());
    expect(changed.length).toBeGreaterThan(0);
    // Same first choice (the best item), then variety.
    for (const l of lines) if (l.items.length > 0) expect(l.items[0]!.id).toBe(c.get(l.recipientId!)!.items[0]!.id);
  });

  it("a cut-off with no open jobs gives every recipient an empty list with a machine-readable reason", async () => {
    const { lines, summary } = await batch({ since: "1h", sinceMs: parseDuration("1h"), dryRun: true });
    expect(lines).toHaveLength(FREELANCERS);
    for (const l of lines) {
      expect(l.items).toEqual([]);
      expect(l.shortfall?.code).toBe("no_open_jobs_since");
      expect(l.shortfall?.message).toMatch(/no open jobs posted since 2026-10-31T23:00:00.000Z/);
    }
    expect(summary.short).toEqual({ no_open_jobs_since: FREELANCERS });
  });

  it("shards partition the recipients: disjoint, together all of them, each line as in the unsharded run", async () => {
    const whole = byKey((await batch({ dedupeRuns: 0, dryRun: true })).lines);
    const seen = new Map<string, number>();
    for (let i = 0; i < 3; i++) {
      const { lines } = await batch({ shard: { index: i, count: 3 }, dedupeRuns: 0, dryRun: true });
      expect(lines.length).toBeGreaterThan(FREELANCERS / 6);
      for (const l of lines) {
        expect(seen.has(l.recipientId!), `${l.recipientId} in two shards`).toBe(false);
        seen.set(l.recipientId!, i);
        expect(l).toEqual(whole.get(l.recipientId!));
      }
    }
    expect([...seen.keys()].sort()).toEqual([...whole.keys()].sort());
  });

  it("--for jobs on worker threads, as CSV: each open job's client gets freelancers who have not engaged with the job", async () => {
    const { out, summary } = await batch({ mode: "jobs", format: "csv", workers: 2, chunkSize: 7, dryRun: true });
    expect(summary.workers).toBe(2);
    const [header, ...rows] = parseCsv(readFileSync(out, "utf8"));
    const col = (name: string): number => header!.indexOf(name);
    expect(header).toContain("recipient_id");
    const openJobs = [...jobs.values()].filter((j) => (j.status ?? "open") === "open" && j.postedAt >= CUTOFF).map((j) => j.id);
    expect([...new Set(rows.map((r) => r[col("job_id")]))].sort()).toEqual(openJobs.sort());
    expect(summary.recipients).toBe(openJobs.length);
    for (const r of rows) {
      const job = jobs.get(r[col("job_id")]!)!;
      expect(r[col("recipient_type")]).toBe("client");
      expect(r[col("recipient_id")]).toBe(job.clientId);
      const item = r[col("item_id")]!;
      if (item === "") {
        expect(r[col("shortfall")]).not.toBe("");
        continue;
      }
      expect(engagedFreelancers.get(job.id)?.has(item) ?? false, `${item} engaged with ${job.id}`).toBe(false);
      expect(Number(r[col("score")])).toBeGreaterThan(0);
      expect(r[col("reason")]!.length).toBeGreaterThan(0);
    }
  });

  it("--resume after SIGKILL mid-run: the same bytes as an uninterrupted run, no duplicate or missing recipient", async () => {
    const reference = await batch({ sentLog: path.join(work, "ref-log.db"), dryRun: true });
    const out = path.join(work, "killed.jsonl");
    const log = path.join(work, "killed-log.db");
    // The CLI's defaults for the rest (profile batch, dedupe 3, max 2 per client, min score 0, jsonl) match batch()'s.
    const args = ["recommend-batch", "--for", "freelancers", "--out", out, "--now", NOW, "--since", SINCE, "--top", String(TOP), "--sent-log", log, "--quiet"];
    const env = { ...process.env, TALENTGRAPH_DATA_DIR: dataDir, TALENTGRAPH_MODEL: inject("tinyModelDir"), LOG_LEVEL: "warn" };

    // Small chunks on one worker: many checkpoints, and slow enough to be killed in the middle.
    const child = spawn(process.execPath, [BIN, ...args, "--workers", "1", "--chunk-size", "5"], { env, stdio: "ignore" });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const atKill = await new Promise<Checkpoint | undefined>((resolve) => {
      const timer = setInterval(() => {
        const cp = existsSync(`${out}.checkpoint.json`) ? (JSON.parse(readFileSync(`${out}.checkpoint.json`, "utf8")) as Checkpoint) : undefined;
        if (cp !== undefined && cp.recipients >= 20) {
          clearInterval(timer);
          child.kill("SIGKILL");
          resolve(cp);
        }
      }, 10);
      void exited.then(() => {
        clearInterval(timer);
        resolve(undefined);
      });
    });
    await exited;
    expect(atKill, "the run finished before it could be killed").toBeDefined();
    expect(child.signalCode).toBe("SIGKILL");
    expect(atKill!.complete).toBe(false);
    expect(atKill!.recipients).toBeLessThan(FREELANCERS);

    const resumed = spawnSync(process.execPath, [BIN, ...args, "--resume", "--workers", "1"], { env, encoding: "utf8", timeout: 60_000 });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`${FREELANCERS} recipients, \\d+ items .*\\[resumed\\]`));
    const text = readFileSync(out, "utf8");
    expect(text).toBe(readFileSync(reference.out, "utf8"));
    const lines = text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as BatchLine);
    expect(lines.map((l) => l.recipientId)).toEqual(first.map((l) => l.recipientId));

    // The sent-log holds exactly what the output holds (rows of the killed, unfinished chunk were undone).
    const sent = openSentLog(log, { readOnly: true });
    const lookup = sent.dedupeLookup("freelancers", 1, "none");
    for (const l of lines) expect([...lookup(l.recipientId!)].sort(), l.recipientId!).toEqual(itemIds(l).sort());
    sent.close();

    // Resuming a complete run does nothing; resuming with other rules is refused.
    const again = await batch({ out, sentLog: log, resume: true });
    expect(again.summary.thisRun.recipients).toBe(0);
    expect(again.summary.recipients).toBe(FREELANCERS);
    expect(again.summary.model).not.toBe("unknown");
    await expect(batch({ out, sentLog: log, resume: true, top: 3 })).rejects.toThrow(/recommend-batch --resume: .* was started with other options/);
  });
});
