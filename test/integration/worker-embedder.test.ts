/**
 * The worker-thread Embedder adapter around the real transformers.js embedder: failures keep their
 * catalogue code across the thread boundary, calls after close() fail, and concurrent calls each
 * get their own vectors back (the full contract runs in test/contract/embedder.test.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { silentProgress } from "../../src/core/progress.js";
import { buildStaticModel } from "../../src/embed/build-static-model.js";
import { cosine } from "../../src/embed/embedder.js";
import { createTransformersEmbedder } from "../../src/embed/transformers-embedder.js";
import { createWorkerEmbedder, transformersEmbedderFactory } from "../../src/embed/worker-embedder.js";
import { MARKETPLACE_CORPUS } from "../contract/embedder-corpus.js";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("WorkerEmbedder", () => {
  it("reports a missing model folder as MODEL_UNAVAILABLE, like the in-process adapter", async () => {
    const missing = path.join(tmpdir(), "tg-no-such-model");
    await expect(createWorkerEmbedder({ factory: transformersEmbedderFactory({ model: missing }) })).rejects.toMatchObject({
      code: "MODEL_UNAVAILABLE",
      message: expect.stringContaining("createTransformersEmbedder") as unknown,
    });
  });

  it("matches the in-process embedder on many concurrent calls, and refuses calls after close()", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tg-worker-embedder-"));
    dirs.push(dir);
    const { modelDir } = await buildStaticModel({
      corpus: MARKETPLACE_CORPUS,
      outDir: path.join(dir, "tiny-static"),
      maxVocab: 800,
      minCount: 1,
      progress: () => silentProgress,
    });
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
