/**
 * `recommend-batch`: the batch job behind recommendation e-mails. Lists the recipients (every
 * freelancer, or every open job posted since the cut-off), keeps this shard's, and has a pool of
 * workers rank them in chunks through the ranking pipeline and the batch rules. Chunks are written
 * in recipient order as they complete, each followed by its sent-log rows and a checkpoint, so
 * memory stays flat in the number of recipients and a killed run resumes where it stopped
 * (output-file.ts explains the crash safety, sent-log.ts the dedupe history).
 */
import { randomUUID } from "node:crypto";
import type { Config } from "../core/config.js";
import { InvalidInputError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Progress } from "../core/progress.js";
import { compareIds } from "../core/order.js";
import { RankProfiles } from "../pipeline/rank-profile.js";
import { openServices } from "../services.js";
import { describeRun, resolveOptions, runFingerprint, type BatchOptions, type BatchRequest } from "./batch-options.js";
import { csvHeader, type ShortfallCode } from "./batch-line.js";
import { OutputFile, checkpointPath, readCheckpoint, writeCheckpoint, type Checkpoint } from "./output-file.js";
import type { ChunkResult, RecipientTask, RecommenderInfo, RecommenderSettings } from "./recommender.js";
import { openSentLog } from "./sent-log.js";
import { formatShard, inShard } from "./shard.js";
import { createRecommenderPool, type RecommenderPool } from "./worker-pool.js";

export interface BatchDeps {
  config: Config;
  logger: Logger;
  progress: (label: string, total?: number, unit?: string) => Progress;
  /** The clock (ms since the epoch), for the run's default reference time and timings. */
  clock?: () => number;
}

export interface BatchSummary {
  runId: string;
  out: string;
  checkpoint: string;
  sentLog: string | null;
  mode: BatchOptions["mode"];
  format: BatchOptions["format"];
  shard: string;
  now: string;
  postedSince: string;
  profile: string;
  reranker: string;
  model: string;
  /** freelancers mode: open jobs posted since the cut-off. */
  candidateJobs: number | null;
  workers: number;
  /** Whether this invocation continued an earlier one. */
  resumed: boolean;
  /** Totals over the whole run (including the part done before a resume). */
  recipients: number;
  items: number;
  /** Recipients with fewer than `top` items, by reason code. */
  short: Partial<Record<ShortfallCode, number>>;
  /** This invocation only. */
  thisRun: { recipients: number; seconds: number; recipientsPerSecond: number; startupSeconds: number };
}

export async function runRecommendBatch(request: BatchRequest, deps: BatchDeps): Promise<BatchSummary> {
  const clock = deps.clock ?? Date.now;
  const t0 = clock();
  const { logger } = deps;
  // Fail fast on an unknown profile (workers check again against the pipeline they build).
  new RankProfiles().get(request.profile);

  const existing = readCheckpoint(request.out);
  let resuming = false;
  if (request.resume && existing === undefined) logger.warn(`recommend-batch --resume: no checkpoint at ${checkpointPath(request.out)}; starting from the beginning`);
  if (request.resume && existing !== undefined) resuming = true;
  const options = resolveOptions(request, resuming && existing ? (request.now ?? existing.now) : (request.now ?? new Date(clock()).toISOString()));
  const fingerprint = runFingerprint(options);
  if (resuming && existing && existing.fingerprint !== fingerprint) {
    throw new InvalidInputError(
      `recommend-batch --resume: ${options.out} was started with other options (${existing.flags}); pass the same flags to continue it, or run without --resume to start over`,
    );
  }
  const sentLog = openSentLog(options.sentLog, { readOnly: options.dryRun });
  try {
    if (resuming && existing?.complete) {
      logger.info(`recommend-batch: ${options.out} is already complete (run ${existing.runId}); nothing to do`);
      return summary(options, existing, existing.info, true, { recipients: 0, seconds: 0, startupSeconds: 0 }, options.dryRun ? null : sentLog.file);
    }
    if (!resuming && existing !== undefined && !existing.complete) {
      // The unfinished run this one replaces will never complete: drop what it recorded.
      sentLog.deleteRun(existing.runId);
      logger.info(`recommend-batch: starting over; the unfinished run ${existing.runId} in ${options.out} is discarded`);
    }
    const startedAt = new Date(clock()).toISOString();
    const base: Checkpoint =
      resuming && existing
        ? existing
        : {
            version: 1,
            runId: randomUUID(),
            fingerprint,
            flags: describeRun(options),
            now: options.now,
            startedAt,
            updatedAt: startedAt,
            outBytes: 0,
            lastKey: null,
            recipients: 0,
            items: 0,
            short: {},
            complete: false,
          };

    // Workers load their stores while this thread lists the recipients.
    const starting = createRecommenderPool(settingsOf(options, deps.config), options.workers);
    starting.catch(() => {}); // awaited below; a failure must not count as unhandled meanwhile
    try {
      const recipients = await listRecipients(deps.config, options, base.lastKey);
      logger.info(
        `recommend-batch: ${recipients.length} ${options.mode === "freelancers" ? "freelancers" : "open jobs"} to do` +
          `${options.shard.count > 1 ? ` in shard ${formatShard(options.shard)}` : ""}${resuming ? ` (resuming run ${base.runId} after ${base.lastKey ?? "the start"})` : ""}`,
      );
      let checkpoint: Checkpoint;
      let output: OutputFile;
      if (resuming) {
        // Rows of a chunk whose checkpoint never landed: that chunk is redone below.
        sentLog.forgetAfter(base.runId, base.lastKey);
        output = await OutputFile.reopen(options.out, base.outBytes);
        checkpoint = { ...base };
      } else {
        sentLog.beginRun({ runId: base.runId, mode: options.mode, shard: options.shard, startedAt });
        output = await OutputFile.create(options.out, options.format === "csv" ? csvHeader() : "");
        checkpoint = { ...base, outBytes: output.size };
        await writeCheckpoint(options.out, checkpoint);
      }
      const pool = await starting;
      const startupSeconds = (clock() - t0) / 1000;
      const tStart = clock();
      const dedupe = sentLog.dedupeLookup(options.mode, options.dedupeRuns, base.runId);
      const bar = deps.progress("recommend-batch", recipients.length, "recipients");
      try {
        // Small runs (e.g. --for jobs: one recipient per open job) still spread over every worker.
        const chunkSize = Math.max(1, Math.min(options.chunkSize, Math.ceil(recipients.length / (Math.max(1, pool.size) * 4))));
        for await (const result of inOrder(pool, recipients, chunkSize, (key) => ({ key, sent: [...dedupe(key)] }))) {
          // Order matters for crash safety: output durable, then its sent rows, then the checkpoint.
          const bytes = await output.append(result.text);
          sentLog.record(checkpoint.runId, result.sent);
          const short = { ...checkpoint.short };
          for (const [code, n] of Object.entries(result.short) as Array<[ShortfallCode, number]>) short[code] = (short[code] ?? 0) + n;
          checkpoint = {
            ...checkpoint,
            outBytes: bytes,
            lastKey: result.lastKey,
            recipients: checkpoint.recipients + result.recipients,
            items: checkpoint.items + result.items,
            short,
            updatedAt: new Date(clock()).toISOString(),
            info: pool.info,
          };
          await writeCheckpoint(options.out, checkpoint);
          bar.tick(result.recipients);
        }
        bar.done();
      } finally {
        await output.close();
      }
      const seconds = (clock() - tStart) / 1000;
      const removed = sentLog.completeRun(checkpoint.runId, new Date(clock()).toISOString(), Math.max(options.keepRuns, options.dedupeRuns));
      if (removed > 0) logger.debug(`recommend-batch: sent-log pruned ${removed} old run(s)`);
      checkpoint = { ...checkpoint, complete: true, updatedAt: new Date(clock()).toISOString(), info: pool.info };
      await writeCheckpoint(options.out, checkpoint);
      const thisRun = { recipients: recipients.length, seconds, startupSeconds };
      return summary(options, checkpoint, pool.info, resuming, thisRun, options.dryRun ? null : sentLog.file, Math.max(1, pool.size));
    } finally {
      await starting.then(
        (pool) => pool.close(),
        () => undefined,
      );
    }
  } finally {
    sentLog.close();
  }
}

/**
 * Chunk results in recipient order. Keeps every worker busy with up to two chunks in flight each;
 * results that finish early wait in this window, so memory is bounded by it, not by the run.
 */
async function* inOrder(pool: RecommenderPool, keys: readonly string[], chunkSize: number, task: (key: string) => RecipientTask): AsyncGenerator<ChunkResult> {
  const window: Array<Promise<ChunkResult>> = [];
  const maxInFlight = Math.max(1, pool.size) * 2;
  let next = 0;
  const submit = (): void => {
    if (next >= keys.length) return;
    const chunk = keys.slice(next, next + chunkSize);
    next += chunk.length;
    const promise = pool.run(chunk.map(task));
    // Awaited in order; a later chunk failing first must not count as unhandled meanwhile.
    promise.catch(() => {});
    window.push(promise);
  };
  while (window.length < maxInFlight && next < keys.length) submit();
  while (window.length > 0) {
    const result = await (window.shift() as Promise<ChunkResult>);
    submit();
    yield result;
  }
}

function settingsOf(options: BatchOptions, config: Config): RecommenderSettings {
  return {
    config,
    rules: {
      mode: options.mode,
      top: options.top,
      profile: options.profile,
      postedSince: options.postedSince,
      dedupeRuns: options.dedupeRuns,
      minScore: options.minScore,
      ...(options.maxPerClient === undefined ? {} : { maxPerClient: options.maxPerClient }),
      ...(options.mmrLambda === undefined ? {} : { mmrLambda: options.mmrLambda }),
    },
    now: options.now,
    format: options.format,
  };
}

/** This shard's recipient keys after `after`, ascending by code unit. */
async function listRecipients(config: Config, options: BatchOptions, after: string | null): Promise<string[]> {
  const services = await openServices(config);
  try {
    const compiled =
      options.mode === "freelancers"
        ? await services.store.compileFilter("freelancers", {})
        : await services.store.compileFilter("jobs", { statuses: ["open"], postedSince: options.postedSince });
    return compiled.ids().filter((id) => inShard(id, options.shard) && (after === null || compareIds(id, after) > 0));
  } finally {
    await services.close();
  }
}

function summary(
  options: BatchOptions,
  cp: Checkpoint,
  info: RecommenderInfo | undefined,
  resumed: boolean,
  thisRun: { recipients: number; seconds: number; startupSeconds: number },
  sentLog: string | null,
  workers = 0,
): BatchSummary {
  return {
    runId: cp.runId,
    out: options.out,
    checkpoint: checkpointPath(options.out),
    sentLog,
    mode: options.mode,
    format: options.format,
    shard: formatShard(options.shard),
    now: options.now,
    postedSince: options.postedSince,
    profile: info?.profile ?? options.profile,
    reranker: info?.reranker ?? "unknown",
    model: info?.model ?? "unknown",
    candidateJobs: options.mode === "freelancers" && info !== undefined ? info.universe : null,
    workers,
    resumed,
    recipients: cp.recipients,
    items: cp.items,
    short: cp.short,
    thisRun: { ...thisRun, recipientsPerSecond: thisRun.seconds > 0 ? thisRun.recipients / thisRun.seconds : 0 },
  };
}
