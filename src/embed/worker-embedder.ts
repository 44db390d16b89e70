/**
 * Embedder adapter that runs another Embedder in a worker thread, so that tokenisation and model
 * inference use a second core while the caller's thread validates, links and writes stores.
 *
 * Any embedder factory works: the worker imports `factory.module`, calls its `factory.export`
 * function with `factory.options` (structured-cloneable) and serves `embed` calls one at a time,
 * in the order they were made. Several calls may be in flight; each resolves with its own texts'
 * vectors in input order. Vectors cross the thread boundary in one transferred buffer per call.
 *
 * Errors keep their catalogue code (`MODEL_UNAVAILABLE` when the model folder is missing, …); a
 * worker that dies rejects every pending call with BACKEND_UNAVAILABLE and the embedder refuses
 * further calls.
 */
import { errorFromWorker, workerBootstrapUrl } from "../core/worker-bootstrap.js";
import { Worker } from "node:worker_threads";
import { InvalidInputError, TalentgraphError } from "../core/errors.js";
import type { Embedder } from "./embedder.js";
import type { TransformersEmbedderOptions } from "./transformers-embedder.js";
import type { FromWorker, ToWorker, WorkerFactory } from "./worker-embedder-protocol.js";

export type { WorkerFactory } from "./worker-embedder-protocol.js";

export interface WorkerEmbedderOptions {
  /** The embedder to run in the worker. */
  factory: WorkerFactory;
  /** Thread name (shows in profiles and `ps -T`). Default `talentgraph-embedder`. */
  name?: string;
}

/** Sibling modules carry our own extension: `.ts` when run from sources (tsx), `.js` when built. */
const EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const THREAD_MODULE = new URL(`./worker-embedder-thread${EXT}`, import.meta.url);

/** The factory that runs {@link createTransformersEmbedder} with `options` in the worker. */
export function transformersEmbedderFactory(options: TransformersEmbedderOptions): WorkerFactory {
  return { module: new URL(`./transformers-embedder${EXT}`, import.meta.url).href, export: "createTransformersEmbedder", options };
}

/**
 * Starts a worker, loads the embedder there and returns it as an {@link Embedder}. Rejects with
 * the factory's own error (same code) when the embedder cannot be created.
 */
export async function createWorkerEmbedder(options: WorkerEmbedderOptions): Promise<Embedder> {
  const worker = new Worker(workerBootstrapUrl(THREAD_MODULE, "WorkerEmbedder"), {
    name: options.name ?? "talentgraph-embedder",
    workerData: { threadModule: THREAD_MODULE.href, factory: options.factory },
  });

  type Pending = { resolve: (v: Float32Array[]) => void; reject: (e: unknown) => void; count: number };
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failure: TalentgraphError | undefined;
  let closed = false;
  let ready: { resolve: (r: { modelId: string; dimensions: number }) => void; reject: (e: unknown) => void } | undefined;
  let dimensions = 0;

  const failAll = (error: TalentgraphError): void => {
    failure ??= error;
    ready?.reject(error);
    ready = undefined;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  worker.on("message", (msg: FromWorker) => {
    switch (msg.type) {
      case "ready":
        ready?.resolve(msg);
        ready = undefined;
        break;
      case "vectors": {
        const p = pending.get(msg.id);
        if (p === undefined) break;
        pending.delete(msg.id);
        const all = new Float32Array(msg.buffer);
        const out: Float32Array[] = [];
        // Own buffers: a kept vector must not pin the whole call's buffer.
        for (let i = 0; i < p.count; i++) out.push(all.slice(i * dimensions, (i + 1) * dimensions));
        p.resolve(out);
        break;
      }
      case "error": {
        const error = errorFromWorker(msg.error, "in the embedding worker");
        if (msg.id === undefined) {
          failAll(error);
          break;
        }
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        p?.reject(error);
        break;
      }
    }
  });
  worker.on("error", (error) => {
    failAll(new TalentgraphError("BACKEND_UNAVAILABLE", `WorkerEmbedder: the embedding worker failed (${error.message}); re-run the command`, { cause: error }));
  });
  worker.on("exit", (code) => {
    if (!closed) failAll(new TalentgraphError("BACKEND_UNAVAILABLE", `WorkerEmbedder: the embedding worker exited unexpectedly (code ${code}); re-run the command`));
  });

  let info: { modelId: string; dimensions: number };
  try {
    info = await new Promise((resolve, reject) => {
      ready = { resolve, reject };
      if (failure) reject(failure);
    });
  } catch (error) {
    closed = true;
    await worker.terminate();
    throw error;
  }
  dimensions = info.dimensions;
  // An idle worker must not keep the process alive (the caller may forget close()).
  worker.unref();

  const post = (msg: ToWorker): void => worker.postMessage(msg);

  return {
    modelId: info.modelId,
    dimensions: info.dimensions,
    embed(texts: readonly string[]) {
      const given: unknown = texts;
      if (!Array.isArray(given)) return Promise.reject(new InvalidInputError("WorkerEmbedder.embed: texts must be an array of strings"));
      if (closed) return Promise.reject(new TalentgraphError("INTERNAL", `WorkerEmbedder(${info.modelId}).embed: called after close()`));
      if (failure) return Promise.reject(failure);
      if (texts.length === 0) return Promise.resolve([]);
      const id = nextId++;
      return new Promise<Float32Array[]>((resolve, reject) => {
        pending.set(id, { resolve, reject, count: texts.length });
        // Pending calls keep the process alive until they settle.
        worker.ref();
        post({ type: "embed", id, texts: texts.slice() });
      }).finally(() => {
        if (pending.size === 0) worker.unref();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      failAll(new TalentgraphError("INTERNAL", `WorkerEmbedder(${info.modelId}): closed while embedding`));
      worker.ref();
      await new Promise<void>((resolve) => {
        worker.once("exit", () => resolve());
        post({ type: "close" });
      });
    },
  };
}

