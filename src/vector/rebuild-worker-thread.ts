/**
 * Worker side of {@link createHnswWorkerBuilder}: inserts the vectors it is sent into a fresh
 * hnswlib index (the CPU-heavy part of a rebuild, off the serving thread), then saves it into
 * `outDir` with the usual atomic save and reports.
 */
import { parentPort, workerData } from "node:worker_threads";
import { TalentgraphError, errorMessage } from "../core/errors.js";
import { createHnswVectorIndex } from "./hnsw-vector-index.js";
import type { FromRebuildWorker, RebuildWorkerData, RebuildWorkerFailure, ToRebuildWorker } from "./rebuild-worker-protocol.js";

const port = parentPort;
if (port === null) throw new Error("rebuild-worker-thread: must run in a worker thread");
const data = workerData as RebuildWorkerData;

const send = (msg: FromRebuildWorker): void => port.postMessage(msg);

function failure(error: unknown): RebuildWorkerFailure {
  const code = error instanceof TalentgraphError ? error.code : "INTERNAL";
  const stack = error instanceof Error ? error.stack : undefined;
  return { code, message: errorMessage(error), ...(stack === undefined ? {} : { stack }) };
}

const index = createHnswVectorIndex({
  dir: data.outDir,
  kind: data.kind,
  modelId: data.modelId,
  dimensions: data.dimensions,
  M: data.M,
  efConstruction: data.efConstruction,
  initialCapacity: data.initialCapacity,
});
const started = performance.now();
let failed = false;

const handle = async (msg: ToRebuildWorker): Promise<void> => {
  if (msg.type === "vectors") {
    const all = new Float32Array(msg.buffer);
    const d = data.dimensions;
    msg.ids.forEach((id, i) => index.upsert(id, all.subarray(i * d, (i + 1) * d)));
    send({ type: "ack" });
    return;
  }
  const buildMs = performance.now() - started;
  const t0 = performance.now();
  await index.save({ generation: msg.generation });
  send({ type: "done", count: index.size(), buildMs, saveMs: performance.now() - t0 });
  port.close();
};

// Messages are handled one at a time: `vectors` is synchronous and `end` comes last.
port.on("message", (msg: ToRebuildWorker) => {
  if (failed) return;
  handle(msg).catch((error: unknown) => {
    failed = true;
    send({ type: "error", error: failure(error) });
  });
});
