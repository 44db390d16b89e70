/**
 * Messages between {@link createWorkerEmbedder} and its worker thread (structured-cloneable only).
 */

/** Which embedder the worker creates: `(await import(module))[export](options)` must resolve to an Embedder. */
export interface WorkerFactory {
  /** Module URL (`file:`) or absolute path. */
  module: string;
  /** Name of the exported factory function. */
  export: string;
  /** Its single argument; must survive structured cloning (no functions). */
  options?: unknown;
}

/** An error crossing the thread boundary: catalogue code, message, stack. */
export interface WorkerFailure {
  code: string;
  name?: string;
  message: string;
  stack?: string;
}

export type ToWorker = { type: "embed"; id: number; texts: string[] } | { type: "close" };

export type FromWorker =
  | { type: "ready"; modelId: string; dimensions: number }
  /** `buffer` holds `count × dimensions` float32 values, row-major, in input order. */
  | { type: "vectors"; id: number; buffer: ArrayBuffer }
  /** Without `id`: the embedder could not be created. */
  | { type: "error"; id?: number; error: WorkerFailure };
