/**
 * A pool of batch workers: `workers` threads, each with its own services and pipeline
 * (batch-worker-thread.ts), or, with 0 workers, one recommender on the calling thread. Chunks go to
 * the least busy worker; each resolves with its own result. A worker that fails or dies rejects its
 * pending chunks and the pool refuses further work (the run stops; `--resume` continues it).
 */
import { errorFromWorker, workerBootstrapUrl } from "../core/worker-bootstrap.js";
import { Worker } from "node:worker_threads";
import { TalentgraphError } from "../core/errors.js";
import { createRecommender, type ChunkResult, type RecipientTask, type RecommenderInfo, type RecommenderSettings } from "./recommender.js";
import type { BatchWorkerData, FromBatchWorker, ToBatchWorker } from "./worker-protocol.js";

export interface RecommenderPool {
  /** From the first worker (all workers load the same stores). */
  readonly info: RecommenderInfo;
  readonly size: number;
  run(tasks: RecipientTask[]): Promise<ChunkResult>;
  close(): Promise<void>;
}

/** Sibling modules carry our own extension: `.ts` when run from sources (tsx), `.js` when built. */
const EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const THREAD_MODULE = new URL(`./batch-worker-thread${EXT}`, import.meta.url);

export async function createRecommenderPool(settings: RecommenderSettings, workers: number): Promise<RecommenderPool> {
  if (workers <= 0) {
    const r = await createRecommender(settings);
    return { info: r.info, size: 0, run: (tasks) => r.runChunk(tasks), close: () => r.close() };
  }
  const started = await Promise.allSettled(Array.from({ length: workers }, (_, i) => startWorker(settings, i)));
  const ok = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed !== undefined) {
    await Promise.all(ok.map((w) => w.terminate()));
    throw failed.reason;
  }
  return {
    info: (ok[0] as BatchWorker).info,
    size: ok.length,
    run(tasks) {
      // Least pending first; ties to the lowest index.
      const w = ok.reduce((a, b) => (b.pending < a.pending ? b : a));
      return w.run(tasks);
    },
    async close() {
      await Promise.all(ok.map((w) => w.close()));
    },
  };
}

interface BatchWorker {
  info: RecommenderInfo;
  readonly pending: number;
  run(tasks: RecipientTask[]): Promise<ChunkResult>;
  close(): Promise<void>;
  terminate(): Promise<void>;
}

async function startWorker(settings: RecommenderSettings, index: number): Promise<BatchWorker> {
  const data: BatchWorkerData = { threadModule: THREAD_MODULE.href, settings };
  const worker = new Worker(workerBootstrapUrl(THREAD_MODULE, "recommend-batch"), { name: `talentgraph-batch-${index}`, workerData: data });
  const pending = new Map<number, { resolve: (r: ChunkResult) => void; reject: (e: unknown) => void }>();
  let nextSeq = 1;
  let failure: TalentgraphError | undefined;
  let closing = false;
  let ready: { resolve: (info: RecommenderInfo) => void; reject: (e: unknown) => void } | undefined;

  const failAll = (error: TalentgraphError): void => {
    failure ??= error;
    ready?.reject(error);
    ready = undefined;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on("message", (msg: FromBatchWorker) => {
    if (msg.type === "ready") {
      ready?.resolve(msg.info);
      ready = undefined;
    } else if (msg.type === "result") {
      pending.get(msg.seq)?.resolve(msg.result);
      pending.delete(msg.seq);
    } else {
      // Failing to start, or a failed chunk: the run cannot skip recipients, so this worker takes no more work.
      failAll(errorFromWorker(msg.error, "in a batch worker"));
    }
  });
  worker.on("error", (error) => failAll(new TalentgraphError("BACKEND_UNAVAILABLE", `recommend-batch: worker ${index} failed (${error.message}); re-run with --resume`, { cause: error })));
  worker.on("exit", (code) => {
    if (!closing) failAll(new TalentgraphError("BACKEND_UNAVAILABLE", `recommend-batch: worker ${index} exited unexpectedly (code ${code}); re-run with --resume`));
  });

  let info: RecommenderInfo;
  try {
    info = await new Promise<RecommenderInfo>((resolve, reject) => {
      ready = { resolve, reject };
      if (failure) reject(failure);
    });
  } catch (error) {
    closing = true;
    await worker.terminate();
    throw error;
  }
  const post = (msg: ToBatchWorker): void => worker.postMessage(msg);
  return {
    info,
    get pending() {
      return pending.size;
    },
    run(tasks) {
      if (failure) return Promise.reject(failure);
      const seq = nextSeq++;
      return new Promise<ChunkResult>((resolve, reject) => {
        pending.set(seq, { resolve, reject });
        post({ type: "chunk", seq, tasks });
      });
    },
    async close() {
      if (closing) return;
      closing = true;
      if (failure) {
        await worker.terminate();
        return;
      }
      await new Promise<void>((resolve) => {
        worker.once("exit", () => resolve());
        post({ type: "close" });
      });
    },
    async terminate() {
      closing = true;
      await worker.terminate();
    },
  };
}

