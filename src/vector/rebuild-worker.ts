/**
 * Builds a fresh HNSW index in a worker thread, so that a rebuild (minutes at 100k vectors with
 * efConstruction 200) never blocks the serving thread: this thread only streams the stored
 * vectors to the worker in transferred pages, a few in flight at a time. The worker saves the
 * finished index into a temp folder inside the snapshot folder (same file system, so installing
 * it is a rename); `install()` moves it into place and loads it, `discard()` deletes it.
 */
import { errorFromWorker, workerBootstrapUrl } from "../core/worker-bootstrap.js";
import { mkdir, mkdtemp, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { TalentgraphError } from "../core/errors.js";
import type { VectorKind } from "../core/records.js";
import type { BuiltIndex, IndexBuilder } from "./index-maintenance.js";
import type { FromRebuildWorker, RebuildWorkerData, ToRebuildWorker } from "./rebuild-worker-protocol.js";
import type { VectorIndex } from "./vector-index.js";

export interface HnswWorkerBuilderOptions {
  /** The folder holding the live snapshots (`<kind>.hnsw`, `<kind>.labels.json`, `<kind>.manifest.json`). */
  dir: string;
  modelId: string;
  dimensions: number;
  /** HNSW graph degree and build breadth of the rebuilt index (use the configured ones). */
  M: number;
  efConstruction: number;
  /** Loads the snapshot of `kind` from `dir` configured for serving (efSearch, …); used by install(). */
  load: (kind: VectorKind) => Promise<VectorIndex>;
}

/** Vectors per message to the worker (~256 KiB at 256-d). */
const PAGE = 256;
/** Messages not yet inserted by the worker: enough to keep it busy, little memory. */
const IN_FLIGHT = 4;

/** Sibling modules carry our own extension: `.ts` when run from sources (tsx), `.js` when built. */
const EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const THREAD_MODULE = new URL(`./rebuild-worker-thread${EXT}`, import.meta.url);

/** An {@link IndexBuilder} that builds hnswlib indexes in a worker thread. */
export function createHnswWorkerBuilder(options: HnswWorkerBuilderOptions): IndexBuilder {
  return {
    async build(kind, vectors, info, signal) {
      await mkdir(options.dir, { recursive: true });
      await removeStaleBuilds(options.dir, kind);
      const outDir = await mkdtemp(path.join(options.dir, `.rebuild-${kind}-`));
      try {
        const done = await runWorker(options, kind, outDir, vectors, info, signal);
        return builtIndex(options, kind, outDir, done);
      } catch (error) {
        await rm(outDir, { recursive: true, force: true });
        throw error;
      }
    },
  };
}

async function runWorker(
  options: HnswWorkerBuilderOptions,
  kind: VectorKind,
  outDir: string,
  vectors: AsyncIterable<{ id: string; vector: Float32Array }>,
  info: { generation: number; expectedCount: number },
  signal: AbortSignal,
): Promise<{ count: number; buildMs: number; saveMs: number }> {
  if (signal.aborted) throw new TalentgraphError("INTERNAL", `rebuild ${kind} index: cancelled`);
  const data: RebuildWorkerData = {
    threadModule: THREAD_MODULE.href,
    outDir,
    kind,
    modelId: options.modelId,
    dimensions: options.dimensions,
    M: options.M,
    efConstruction: options.efConstruction,
    initialCapacity: Math.max(1024, Math.ceil(info.expectedCount * 1.1)),
  };
  const worker = new Worker(workerBootstrapUrl(THREAD_MODULE, "rebuild worker"), { name: `talentgraph-rebuild-${kind}`, workerData: data });
  let credits = IN_FLIGHT;
  let wake: (() => void) | undefined;
  let settled = false;
  const outcome = new Promise<{ count: number; buildMs: number; saveMs: number }>((resolve, reject) => {
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      reject(error);
      void worker.terminate();
    };
    worker.on("message", (msg: FromRebuildWorker) => {
      if (msg.type === "ack") {
        credits++;
        wake?.();
      } else if (msg.type === "done") {
        settled = true;
        resolve(msg);
      } else {
        fail(errorFromWorker(msg.error, "in the rebuild worker"));
      }
    });
    worker.on("error", (error) => fail(new TalentgraphError("INTERNAL", `rebuild ${kind} index: the worker failed (${error.message})`, { cause: error })));
    worker.on("exit", (code) => fail(new TalentgraphError("INTERNAL", `rebuild ${kind} index: the worker exited before finishing (code ${code})`)));
    signal.addEventListener("abort", () => fail(new TalentgraphError("INTERNAL", `rebuild ${kind} index: cancelled`)), { once: true });
  });
  // Surfaces through the awaits below; never an unhandled rejection while streaming.
  outcome.catch(() => undefined);
  /** Resolves when the worker is done either way (wakes a sender waiting for credits). */
  const finished = outcome.then(
    () => undefined,
    () => undefined,
  );

  const post = async (ids: string[], page: Float32Array): Promise<void> => {
    while (credits === 0) {
      await Promise.race([new Promise<void>((resolve) => (wake = resolve)), finished]);
      if (settled) await outcome; // throws the worker's error
    }
    credits--;
    const msg: ToRebuildWorker = { type: "vectors", ids, buffer: page.buffer as ArrayBuffer };
    worker.postMessage(msg, [page.buffer as ArrayBuffer]);
  };

  const d = options.dimensions;
  try {
    let ids: string[] = [];
    let page = new Float32Array(PAGE * d);
    for await (const { id, vector } of vectors) {
      if (settled) break;
      if (vector.length !== d) {
        throw new TalentgraphError("DIMENSION_MISMATCH", `rebuild ${kind} index: stored vector of "${id}" has ${vector.length} dimensions, the index ${d}; re-run ingest`);
      }
      page.set(vector, ids.length * d);
      ids.push(id);
      if (ids.length === PAGE) {
        await post(ids, page);
        ids = [];
        page = new Float32Array(PAGE * d);
      }
    }
    if (!settled && ids.length > 0) await post(ids, page.slice(0, ids.length * d));
  } catch (error) {
    // Reading the store failed (or the worker did): nothing more will be sent.
    settled = true;
    await worker.terminate();
    throw error;
  }
  if (!settled) worker.postMessage({ type: "end", generation: info.generation } satisfies ToRebuildWorker);
  try {
    return await outcome;
  } catch (error) {
    // The worker must be gone before the caller deletes the folder it may be saving into.
    await worker.terminate();
    throw error;
  }
}

function builtIndex(options: HnswWorkerBuilderOptions, kind: VectorKind, outDir: string, done: { count: number; buildMs: number; saveMs: number }): BuiltIndex {
  return {
    count: done.count,
    buildMs: done.buildMs + done.saveMs,
    async install() {
      // Every file but the manifest first, the manifest last: the order save() itself uses, so a
      // crash in between leaves a snapshot-token mismatch that load() reports as INDEX_CORRUPT.
      const names = (await readdir(outDir)).filter((n) => n.startsWith(`${kind}.`));
      const manifest = `${kind}.manifest.json`;
      if (!names.includes(manifest)) throw new TalentgraphError("INDEX_CORRUPT", `rebuild ${kind} index: ${outDir} holds no ${manifest}; the build did not finish`);
      for (const name of [...names.filter((n) => n !== manifest), manifest]) {
        await rename(path.join(outDir, name), path.join(options.dir, name));
      }
      await rm(outDir, { recursive: true, force: true });
      return options.load(kind);
    },
    discard: () => rm(outDir, { recursive: true, force: true }),
  };
}

/** Temp folders left by a process that died mid-rebuild. */
async function removeStaleBuilds(dir: string, kind: VectorKind): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.startsWith(`.rebuild-${kind}-`)) await rm(path.join(dir, name), { recursive: true, force: true });
  }
}


