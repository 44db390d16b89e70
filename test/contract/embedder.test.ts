/**
 * Runs the Embedder contract against (a) a tiny static model distilled in the test from the real
 * USE-lite teacher and loaded through transformers.js' ordinary local-model code, and (b) USE-lite.
 */
import { afterAll } from "vitest";
import { createTransformersEmbedder } from "../../src/embed/transformers-embedder.js";
import { createUseLiteEmbedder } from "../../src/embed/use-lite-embedder.js";
import { createWorkerEmbedder, transformersEmbedderFactory } from "../../src/embed/worker-embedder.js";
import { marketplaceModelDir, removeMarketplaceModel } from "./embedder-corpus.js";
import { describeEmbedder } from "./embedder.contract.js";

afterAll(removeMarketplaceModel);

describeEmbedder("static model via transformers.js", async () => {
  const modelDir = await marketplaceModelDir();
  return createTransformersEmbedder({ model: modelDir, batchSize: 4 });
});

describeEmbedder("static model via transformers.js in a worker thread", async () => {
  const modelDir = await marketplaceModelDir();
  return createWorkerEmbedder({ factory: transformersEmbedderFactory({ model: modelDir, batchSize: 4, threads: 1 }) });
});

describeEmbedder("USE-lite direct", () => createUseLiteEmbedder({ batchSize: 4 }));
