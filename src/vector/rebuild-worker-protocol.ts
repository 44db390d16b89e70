/**
 * Messages between {@link createHnswWorkerBuilder} and its worker thread (structured-cloneable only).
 */

/** What the worker builds: an hnswlib index with these parameters, saved into `outDir`. */
export interface RebuildWorkerData {
  /** URL of rebuild-worker-thread (.ts under tsx, .js when built). */
  threadModule: string;
  /** Folder the finished index is saved into (a fresh temp folder next to the live snapshots). */
  outDir: string;
  kind: string;
  modelId: string;
  dimensions: number;
  M: number;
  efConstruction: number;
  /** Slots allocated up front (the expected vector count); the index grows past it if needed. */
  initialCapacity: number;
}

/** An error crossing the thread boundary: catalogue code, message, stack. */
export interface RebuildWorkerFailure {
  code: string;
  message: string;
  stack?: string;
}

export type ToRebuildWorker =
  /** `buffer` holds `ids.length × dimensions` float32 values, row-major, in `ids` order. */
  | { type: "vectors"; ids: string[]; buffer: ArrayBuffer }
  /** No more vectors: save the index stamped with `generation` and report. */
  | { type: "end"; generation: number };

export type FromRebuildWorker =
  /** One `vectors` message was inserted (flow control: the sender keeps a few in flight). */
  | { type: "ack" }
  | { type: "done"; count: number; buildMs: number; saveMs: number }
  | { type: "error"; error: RebuildWorkerFailure };
