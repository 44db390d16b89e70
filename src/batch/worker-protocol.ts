/**
 * Messages between the batch driver and its worker threads (structured-cloneable only).
 */
import type { ChunkResult, RecipientTask, RecommenderInfo, RecommenderSettings } from "./recommender.js";

export interface BatchWorkerData {
  /** URL of batch-worker-thread (.ts under tsx, .js when built). */
  threadModule: string;
  settings: RecommenderSettings;
}

/** An error crossing the thread boundary: catalogue code, message, stack. */
export interface WorkerFailure {
  code: string;
  name?: string;
  message: string;
  stack?: string;
}

export type ToBatchWorker = { type: "chunk"; seq: number; tasks: RecipientTask[] } | { type: "close" };

export type FromBatchWorker =
  | { type: "ready"; info: RecommenderInfo }
  | { type: "result"; seq: number; result: ChunkResult }
  /** Without `seq`: the worker could not start. */
  | { type: "error"; seq?: number; error: WorkerFailure };
