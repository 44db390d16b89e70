/**
 * Runs the Embedder contract against (a) a tiny static model distilled in the test from the real
 * USE-lite teacher and loaded through transformers.js' ordinary local-model code, and (b) USE-lite.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { silentProgress } from "../../src/core/progress.js";
import { buildStaticModel } from "../../src/embed/build-static-model.js";
import { createTransformersEmbedder } from "../../src/embed/transformers-embedder.js";
import { createUseLiteEmbedder } from "../../src/embed/use-lite-embedder.js";
import { createWorkerEmbedder, transformersEmbedderFactory } from "../../src/embed/worker-embedder.js";
import { MARKETPLACE_CORPUS } from "./embedder-corpus.js";
import { describeEmbedder } from "./embedder.contract.js";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describeEmbedder("static model via transformers.js", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "tg-embed-contract-"));
  dirs.push(dir);
  const { modelDir } = await buildStaticModel({
    corpus: MARKETPLACE_CORPUS,
    outDir: path.join(dir, "tiny-static"),
    maxVocab: 800,
    minCount: 1,
    progress: () => silentProgress,
  });
  return createTransformersEmbedder({ model: modelDir, batchSize: 4 });
});

describeEmbedder("static model via transformers.js in a worker thread", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "tg-embed-contract-worker-"));
  dirs.push(dir);
  const { modelDir } = await buildStaticModel({
    corpus: MARKETPLACE_CORPUS,
    outDir: path.join(dir, "tiny-static"),
    maxVocab: 800,
    minCount: 1,
    progress: () => silentProgress,
  });
  return createWorkerEmbedder({ factory: transformersEmbedderFactory({ model: modelDir, batchSize: 4, threads: 1 }) });
});

describeEmbedder("USE-lite direct", () => createUseLiteEmbedder({ batchSize: 4 }));
