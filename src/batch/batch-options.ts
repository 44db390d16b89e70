/**
 * What a `recommend-batch` run is asked to do, validated once. The options that change what is
 * written (everything but workers, chunk size, keep-runs and paths) make up the run's fingerprint,
 * which a checkpoint records so that `--resume` cannot silently continue a file with other rules.
 */
import { InvalidInputError } from "../core/errors.js";
import { contentHash } from "../core/hash.js";
import { MAX_PAGE_SIZE } from "../pipeline/types.js";
import { formatShard, type Shard } from "./shard.js";

export type BatchMode = "freelancers" | "jobs";
export type OutputFormat = "jsonl" | "csv";

/** The batch's own rank profile (src/pipeline/rank-profile.ts): vector + graph + collaborative, no keyword. */
export const DEFAULT_BATCH_PROFILE = "batch";

export interface BatchRules {
  /** freelancers: each freelancer gets jobs (recommendJobs); jobs: each open job's client gets freelancers (recommendFreelancers). */
  mode: BatchMode;
  /** Items per recipient, 1..MAX_PAGE_SIZE. */
  top: number;
  /** Rank profile name. */
  profile: string;
  /** Only open jobs posted at or after this instant (ISO-8601) are recommended (freelancers) or mailed about (jobs). */
  postedSince: string;
  /** Items sent to the same recipient in its last N completed runs are left out; 0 turns this off. */
  dedupeRuns: number;
  /** Items scoring below this (the profile's fused/reranked score) are left out; 0 keeps everything. */
  minScore: number;
  /** freelancers mode: at most this many jobs of one client per list; undefined turns this off. */
  maxPerClient?: number;
  /** Maximal marginal relevance λ in [0, 1] (1 = relevance only); undefined keeps the pipeline's order. */
  mmrLambda?: number;
}

export interface BatchOptions extends BatchRules {
  /** The run's reference time (ISO-8601): `postedSince` is relative to it and every line carries it as `generatedAt`. */
  now: string;
  /** The `--since` text it came from (e.g. "30d"), for messages. */
  since: string;
  /** Output file (absolute). */
  out: string;
  format: OutputFormat;
  shard: Shard;
  /** Worker threads, ≥ 1; 0 ranks on the calling thread (debugging, tiny runs). */
  workers: number;
  /** Recipients per unit of work, output write and checkpoint. */
  chunkSize: number;
  /** Continue the run recorded in `<out>.checkpoint.json`. */
  resume: boolean;
  /** SQLite file of what was sent in earlier runs. */
  sentLog: string;
  /** Runs kept in the sent-log per mode and shard (older ones are deleted when a run completes), ≥ dedupeRuns. */
  keepRuns: number;
  /** Read the sent-log for dedupe but record nothing (previews, benchmarks). */
  dryRun: boolean;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** Parses a duration such as `45m`, `12h`, `7d`, `2w` into milliseconds (> 0). */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$/.exec(text);
  const ms = match ? Number(match[1]) * (UNITS[match[2] as string] ?? NaN) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new InvalidInputError(`--since must be a positive duration such as 7d, 30d, 12h or 2w (m, h, d, w), got "${text}"`);
  }
  return ms;
}

/** Parses an ISO-8601 instant (with a time zone) into its canonical `toISOString()` form. */
export function parseInstant(flag: string, text: string): string {
  const ms = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text.trim()) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new InvalidInputError(`${flag} must be an ISO-8601 date-time with a time zone, e.g. 2026-11-01T00:00:00Z, got "${text}"`);
  return new Date(ms).toISOString();
}

/** Checks the rules' ranges; INVALID_INPUT naming the flag otherwise. */
export function validateRules(r: BatchRules): void {
  const fail = (message: string): never => {
    throw new InvalidInputError(`recommend-batch: ${message}`);
  };
  if (!Number.isInteger(r.top) || r.top < 1 || r.top > MAX_PAGE_SIZE) fail(`--top must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${r.top}`);
  if (!Number.isInteger(r.dedupeRuns) || r.dedupeRuns < 0) fail(`--dedupe-runs must be a non-negative integer, got ${r.dedupeRuns}`);
  if (!Number.isFinite(r.minScore)) fail(`--min-score must be a number, got ${r.minScore}`);
  if (r.maxPerClient !== undefined && (!Number.isInteger(r.maxPerClient) || r.maxPerClient < 1)) {
    fail(`--max-per-client must be a positive integer (0 or "off" turns it off), got ${r.maxPerClient}`);
  }
  if (r.mmrLambda !== undefined && !(r.mmrLambda >= 0 && r.mmrLambda <= 1)) fail(`--mmr must be a λ between 0 and 1, got ${r.mmrLambda}`);
  if (Number.isNaN(Date.parse(r.postedSince))) fail(`postedSince "${r.postedSince}" is not an ISO-8601 date-time`);
}

/** What the command line asks for: the run's time is still open (`--now`, or the checkpoint's on resume, or the clock). */
export type BatchRequest = Omit<BatchOptions, "now" | "postedSince"> & {
  /** `--now` (ISO-8601), when given. */
  now?: string;
  /** `--since` in milliseconds. */
  sinceMs: number;
};

/** Fixes the run's reference time and the posting cut-off it implies. */
export function resolveOptions(request: BatchRequest, now: string): BatchOptions {
  const { sinceMs, ...rest } = request;
  const options: BatchOptions = { ...rest, now, postedSince: new Date(Date.parse(now) - sinceMs).toISOString() };
  validateRules(options);
  return options;
}

/** Hash of everything that changes what a run writes (output and sent-log): a resumed run must match it exactly. */
export function runFingerprint(o: BatchOptions): string {
  return contentHash({
    mode: o.mode,
    top: o.top,
    profile: o.profile,
    postedSince: o.postedSince,
    now: o.now,
    dedupeRuns: o.dedupeRuns,
    minScore: o.minScore,
    maxPerClient: o.maxPerClient ?? null,
    mmrLambda: o.mmrLambda ?? null,
    format: o.format,
    shard: formatShard(o.shard),
    dryRun: o.dryRun,
  });
}

/** The flags behind a fingerprint, for the message when a resume does not match. */
export function describeRun(o: BatchOptions): string {
  return [
    `--for ${o.mode}`,
    `--top ${o.top}`,
    `--profile ${o.profile}`,
    `--since ${o.since}`,
    `--now ${o.now}`,
    `--dedupe-runs ${o.dedupeRuns}`,
    `--min-score ${o.minScore}`,
    `--max-per-client ${o.maxPerClient ?? "off"}`,
    `--mmr ${o.mmrLambda ?? "off"}`,
    `--format ${o.format}`,
    `--shard ${formatShard(o.shard)}`,
    ...(o.dryRun ? ["--dry-run"] : []),
  ].join(" ");
}
