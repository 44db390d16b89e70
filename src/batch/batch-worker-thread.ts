/**
 * Worker side of the batch pool (worker-pool.ts): opens its own services and pipeline
 * (createRecommender), then ranks the chunks it is sent, one at a time, in arrival order.
 */
import { parentPort, workerData } from "node:worker_threads";
import { TalentgraphError, errorMessage } from "../core/errors.js";
import { createRecommender, type Recommender } from "./recommender.js";
import type { BatchWorkerData, FromBatchWorker, ToBatchWorker, WorkerFailure } from "./worker-protocol.js";

const port = parentPort;
if (port === null) throw new Error("batch-worker-thread: must run in a worker thread");
const { settings } = workerData as BatchWorkerData;

const send = (msg: FromBatchWorker): void => port.postMessage(msg);

function failure(error: unknown): WorkerFailure {
  if (error instanceof TalentgraphError) return { code: error.code, name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  const e = error instanceof Error ? error : undefined;
  return { code: "INTERNAL", message: `batch worker: ${errorMessage(error)}`, ...(e?.stack ? { stack: e.stack } : {}) };
}

async function main(p: NonNullable<typeof port>): Promise<void> {
  let recommender: Recommender;
  try {
    recommender = await createRecommender(settings);
  } catch (error) {
    send({ type: "error", error: failure(error) });
    p.close();
    return;
  }
  const r = recommender;
  const queue: ToBatchWorker[] = [];
  let draining = false;
  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    while (queue.length > 0) {
      const msg = queue.shift() as ToBatchWorker;
      if (msg.type === "close") {
        await r.close();
        p.close();
        return;
      }
      try {
        send({ type: "result", seq: msg.seq, result: await r.runChunk(msg.tasks) });
      } catch (error) {
        send({ type: "error", seq: msg.seq, error: failure(error) });
      }
    }
    draining = false;
  };
  p.on("message", (msg: ToBatchWorker) => {
    queue.push(msg);
    void drain();
  });
  send({ type: "ready", info: r.info });
}

await main(port);
