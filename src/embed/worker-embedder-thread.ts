/**
 * Worker side of {@link createWorkerEmbedder}: creates the embedder named in `workerData.factory`
 * and embeds the texts of each message, one message at a time, in arrival order.
 */
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import { TalentgraphError, errorMessage } from "../core/errors.js";
import type { Embedder } from "./embedder.js";
import type { FromWorker, ToWorker, WorkerFactory, WorkerFailure } from "./worker-embedder-protocol.js";

const port = parentPort;
if (port === null) throw new Error("worker-embedder-thread: must run in a worker thread");
const { factory } = workerData as { factory: WorkerFactory };

const send = (msg: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

function failure(error: unknown): WorkerFailure {
  if (error instanceof TalentgraphError) {
    return { code: error.code, name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  }
  const e = error instanceof Error ? error : undefined;
  return { code: "INTERNAL", message: `embedding worker: ${errorMessage(error)}`, ...(e?.stack ? { stack: e.stack } : {}) };
}

async function load(): Promise<Embedder> {
  const url = isAbsolute(factory.module) ? pathToFileURL(factory.module).href : factory.module;
  const mod = (await import(url)) as Record<string, unknown>;
  const make = mod[factory.export];
  if (typeof make !== "function") {
    throw new TalentgraphError("INTERNAL", `WorkerEmbedder: ${factory.module} has no exported function ${factory.export}`);
  }
  return await (make as (o: unknown) => Promise<Embedder>)(factory.options);
}

async function main(p: NonNullable<typeof port>): Promise<void> {
  let embedder: Embedder;
  try {
    embedder = await load();
  } catch (error) {
    // Reported to the parent, which terminates us; nothing else is listening.
    send({ type: "error", error: failure(error) });
    p.close();
    return;
  }
  const dims = embedder.dimensions;
  const e = embedder;

  // One message at a time, in arrival order: a queue drained by a single loop.
  const queue: ToWorker[] = [];
  let draining = false;
  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    while (queue.length > 0) {
      const msg = queue.shift() as ToWorker;
      if (msg.type === "close") {
        await e.close();
        p.close();
        return;
      }
      try {
        const vectors = await e.embed(msg.texts);
        const out = new Float32Array(vectors.length * dims);
        vectors.forEach((v, i) => out.set(v, i * dims));
        send({ type: "vectors", id: msg.id, buffer: out.buffer }, [out.buffer]);
      } catch (error) {
        send({ type: "error", id: msg.id, error: failure(error) });
      }
    }
    draining = false;
  };

  p.on("message", (msg: ToWorker) => {
    queue.push(msg);
    void drain();
  });
  send({ type: "ready", modelId: e.modelId, dimensions: dims });
}

await main(port);
