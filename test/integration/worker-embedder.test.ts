/**
 * The worker-thread Embedder adapter around the real transformers.js embedder: failures keep their
 * catalogue code across the thread boundary, calls after close() fail, and concurrent calls each
 * get their own vectors back (the full contract runs in test/contract/embedder.test.ts).
 */
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cosine } from "../../src/embed/embedder.js";
import { createTransformersEmbedder } from "../../src/embed/transformers-embedder.js";
import { createWorkerEmbedder, transformersEmbedderFactory } from "../../src/embed/worker-embedder.js";
import { MARKETPLACE_CORPUS, marketplaceModelDir, removeMarketplaceModel } from "../contract/embedder-corpus.js";

afterAll(removeMarketplaceModel);

describe("WorkerEmbedder", () => {
  it("reports a missing model folder as MODEL_UNAVAILABLE, like the in-process adapter", async () => {
    const missing = path.join(tmpdir(), "tg-no-such-model");
    await expect(createWorkerEmbedder({ factory: transformersEmbedderFactory({ model: missing }) })).rejects.toMatchObject({
      code: "MODEL_UNAVAILABLE",
      message: expect.stringContaining("createTransformersEmbedder") as unknown,
    });
  });

  it("matches the in-process embedder on many concurrent calls, and refuses calls after close()", async () => {
    const modelDir = await marketplaceModelDir();
    const local = await createTransformersEmbedder({ model: modelDir, batchSize: 3 });
    const worker = await createWorkerEmbedder({ factory: transformersEmbedderFactory({ model: modelDir, batchSize: 3 }) });
    expect(worker.modelId).toBe(local.modelId);
    expect(worker.dimensions).toBe(local.dimensions);
    const calls = MARKETPLACE_CORPUS.slice(0, 40).map((_, i, all) => all.slice(i, i + 1 + (i % 5)));
    const [fromWorker, fromLocal] = await Promise.all([Promise.all(calls.map((c) => worker.embed(c))), Promise.all(calls.map((c) => local.embed(c)))]);
    calls.forEach((c, i) => {
      expect(fromWorker[i]).toHaveLength(c.length);
      fromWorker[i]?.forEach((v, j) => expect(cosine(v, fromLocal[i]?.[j] as Float32Array)).toBeGreaterThan(1 - 1e-6));
    });
    await worker.close();
    await worker.close(); // idempotent
    await expect(worker.embed(["react developer"])).rejects.toMatchObject({ code: "INTERNAL" });
    await local.close();
  });
});
