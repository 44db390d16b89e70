/**
 * `talentgraph recommend-batch --for freelancers|jobs --out FILE`: the batch job behind
 * recommendation e-mails (src/batch/run-batch.ts), through the same ranking pipeline and rank
 * profiles as `recommend` and the API.
 */
import os from "node:os";
import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { formatSeconds } from "../../core/progress.js";
import { DEFAULT_BATCH_PROFILE, parseDuration, parseInstant, type BatchMode, type OutputFormat } from "../../batch/batch-options.js";
import { runRecommendBatch, type BatchSummary } from "../../batch/run-batch.js";
import { WHOLE, parseShard } from "../../batch/shard.js";
import { cliContext, nonNegativeInt } from "../context.js";

interface BatchFlags {
  for: BatchMode;
  out: string;
  format: OutputFormat;
  top: number;
  profile: string;
  since: string;
  now?: string;
  dedupeRuns: number;
  keepRuns: number;
  minScore: number;
  maxPerClient: number;
  mmr?: number;
  workers: number;
  shard?: string;
  chunkSize: number;
  resume?: boolean;
  sentLog?: string;
  dryRun?: boolean;
  json?: boolean;
}

const oneOf =
  <T extends string>(flag: string, values: readonly T[]) =>
  (value: string): T => {
    if ((values as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`${flag} must be one of ${values.join(", ")}, got "${value}"`);
  };

const number = (flag: string) => (value: string): number => {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag} must be a number, got "${value}"`);
  return n;
};

const positiveInt = (flag: string) => (value: string): number => {
  const n = nonNegativeInt(flag)(value);
  if (n < 1) throw new InvalidArgumentError(`${flag} must be a positive integer, got "${value}"`);
  return n;
};

/** `off` or 0 turns the cap off. */
const clientCap = (value: string): number => (value === "off" ? 0 : nonNegativeInt("--max-per-client")(value));

export function registerRecommendBatch(program: Command): void {
  program
    .command("recommend-batch")
    .description(
      "Batch recommendations for e-mails: every freelancer's best open jobs (--for freelancers), or the best freelancers for every open job's client (--for jobs), through the same pipeline and rank profiles as `recommend`.",
    )
    .requiredOption("--for <who>", "freelancers | jobs", oneOf("--for", ["freelancers", "jobs"] as const))
    .requiredOption("--out <file>", "output file (one line per recipient; a checkpoint <file>.checkpoint.json is kept beside it)")
    .option("--format <format>", "jsonl | csv", oneOf("--format", ["jsonl", "csv"] as const), "jsonl")
    .option("--top <n>", "items per recipient, 1..100", positiveInt("--top"), 10)
    .option("--profile <name>", "rank profile", DEFAULT_BATCH_PROFILE)
    .option("--since <duration>", "only open jobs posted within this long before --now (e.g. 7d, 30d, 12h, 2w)", "30d")
    .option("--now <iso>", "the run's reference time, for reproducible runs (default: the clock; a resumed run keeps its own)")
    .option("--dedupe-runs <n>", "leave out items sent to the same recipient in its last N runs (0 = off)", nonNegativeInt("--dedupe-runs"), 3)
    .option("--keep-runs <n>", "runs the sent-log keeps per mode and shard (at least --dedupe-runs)", nonNegativeInt("--keep-runs"), 20)
    .option("--min-score <x>", "leave out items scoring below this (the profile's score scale; 0 keeps all)", number("--min-score"), 0)
    .option("--max-per-client <k>", "at most K jobs from one client in a freelancer's list (0 or off = no cap)", clientCap, 2)
    .option("--mmr <lambda>", "re-order each list for variety by maximal marginal relevance, λ in [0, 1] (1 = relevance only)", number("--mmr"))
    .option("--workers <n>", "worker threads (0 = rank on the main thread)", nonNegativeInt("--workers"), os.availableParallelism())
    .option("--shard <i/n>", "only recipients in shard i of n (by hash of id), to split a run across machines")
    .option("--chunk-size <n>", "recipients per unit of work, write and checkpoint (at most; small runs use smaller chunks so every worker gets some)", positiveInt("--chunk-size"), 200)
    .option("--resume", "continue the run recorded in <out>.checkpoint.json after its last completed recipient")
    .option("--sent-log <file>", "SQLite file of what earlier runs sent (default <data-dir>/batch/sent-log.db)")
    .option("--dry-run", "read the sent-log for dedupe but record nothing (previews)")
    .option("--json", "print the summary as JSON")
    .action(async (flags: BatchFlags, command: Command) => {
      const ctx = cliContext(command);
      const summary = await runRecommendBatch(
        {
          mode: flags.for,
          top: flags.top,
          profile: flags.profile,
          since: flags.since,
          sinceMs: parseDuration(flags.since),
          ...(flags.now === undefined ? {} : { now: parseInstant("--now", flags.now) }),
          dedupeRuns: flags.dedupeRuns,
          minScore: flags.minScore,
          ...(flags.maxPerClient > 0 ? { maxPerClient: flags.maxPerClient } : {}),
          ...(flags.mmr === undefined ? {} : { mmrLambda: flags.mmr }),
          out: path.resolve(flags.out),
          format: flags.format,
          shard: flags.shard === undefined ? WHOLE : parseShard(flags.shard),
          workers: flags.workers,
          chunkSize: flags.chunkSize,
          resume: flags.resume === true,
          sentLog: path.resolve(flags.sentLog ?? path.join(ctx.config.dataDir, "batch", "sent-log.db")),
          keepRuns: flags.keepRuns,
          dryRun: flags.dryRun === true,
        },
        { config: ctx.config, logger: ctx.logger, progress: ctx.progress },
      );
      process.stdout.write(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
    });
}

export function formatSummary(s: BatchSummary): string {
  const shortTotal = Object.values(s.short).reduce((a, b) => a + (b ?? 0), 0);
  const reasons = Object.entries(s.short)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([code, n]) => `${code} ${n}`)
    .join(", ");
  const rate = s.thisRun.recipientsPerSecond;
  return [
    `recommend-batch ${s.mode}: ${s.recipients} recipients, ${s.items} items → ${s.out} (${s.format})${s.resumed ? " [resumed]" : ""}`,
    `  profile ${s.profile}, reranker ${s.reranker}, model ${s.model}; jobs posted since ${s.postedSince}${s.candidateJobs === null ? "" : ` (${s.candidateJobs} open)`}; shard ${s.shard}`,
    `  fewer than asked: ${shortTotal}${shortTotal > 0 ? ` (${reasons})` : ""}`,
    `  this run: ${s.thisRun.recipients} recipients in ${formatSeconds(s.thisRun.seconds)} (${rate.toFixed(0)} recipients/s, ${s.workers} worker(s)) after ${formatSeconds(s.thisRun.startupSeconds)} loading`,
    `  run ${s.runId}; sent-log ${s.sentLog ?? "not recorded (--dry-run)"}`,
    "",
  ].join("\n");
}
