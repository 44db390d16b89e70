/**
 * Embedder adapter: a local model folder run by transformers.js (`@huggingface/transformers`).
 * Same code path for our distilled static models and for hub folders such as all-MiniLM-L6-v2
 * copied locally: `pipeline('feature-extraction')`, mean pooling, L2 normalisation. transformers.js
 * `Tensor`s stay in this file.
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Tensor, env, pipeline, type FeatureExtractionPipeline } from "@huggingface/transformers";
import { InvalidInputError, ModelUnavailableError, TalentgraphError, errorMessage } from "../core/errors.js";
import { normalize, type Embedder } from "./embedder.js";
import { ONNX_FILE_BY_DTYPE, missingModelFiles, readModelManifest, type ModelDtype } from "./model-folder.js";

export interface TransformersEmbedderOptions {
  /**
   * A model folder path (absolute, or starting with `.`), or a hub-style id such as
   * `Xenova/all-MiniLM-L6-v2` resolved under `localModelsDir`.
   */
  model: string;
  /** Where hub-style ids are looked up. Default `./models` (relative to the working directory). */
  localModelsDir?: string;
  /**
   * Let transformers.js download a missing model from the hub (into `localModelsDir`).
   * Default false: models are local folders. Note: transformers.js keeps this in a process-wide setting.
   */
  allowRemote?: boolean;
  /** Texts per model call. Default 64. */
  batchSize?: number;
  /** Weight variant to load (which ONNX file). Default fp32 (`onnx/model.onnx`). */
  dtype?: ModelDtype;
  /**
   * ONNX Runtime intra-op threads; undefined = ONNX Runtime's default (one per core, spinning
   * while idle). 1 suits small models and leaves the other core to the caller's work.
   */
  threads?: number;
}

/** Resolves `model` to an absolute folder path (see {@link TransformersEmbedderOptions.model}). */
export function resolveModelDir(model: string, localModelsDir = "models"): string {
  const isPath = path.isAbsolute(model) || model.startsWith(".");
  return isPath ? path.resolve(model) : path.resolve(localModelsDir, model);
}

/**
 * Loads a local model folder and returns it as an {@link Embedder}. Throws ModelUnavailableError
 * naming the missing files when the folder is absent or incomplete.
 */
export async function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<Embedder> {
  const dtype = options.dtype ?? "fp32";
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const allowRemote = options.allowRemote ?? false;
  const localModelsDir = path.resolve(options.localModelsDir ?? "models");
  const dir = resolveModelDir(options.model, localModelsDir);
  const missing = await missingModelFiles(dir, dtype);
  const useHub = missing.length > 0 && allowRemote;
  if (missing.length > 0 && !allowRemote) {
    throw new ModelUnavailableError(
      `createTransformersEmbedder: model folder ${dir} is missing ${missing.join(", ")}; ` +
        "run `talentgraph build-model` to build the default model, or copy a transformers.js model folder there",
    );
  }

  // transformers.js resolves ids against process-wide `env`; we only ever pass absolute folders
  // (or, with allowRemote, a hub id), so the settings below are the only global state we touch.
  env.allowLocalModels = true;
  env.allowRemoteModels = allowRemote;
  if (allowRemote) {
    env.localModelPath = localModelsDir;
    env.cacheDir = localModelsDir;
  }

  let extractor: FeatureExtractionPipeline | undefined;
  try {
    extractor = await pipeline("feature-extraction", useHub ? options.model : dir, {
      dtype,
      device: "cpu",
      local_files_only: !allowRemote,
      ...(options.threads === undefined ? {} : { session_options: { intraOpNumThreads: options.threads } }),
    });
  } catch (error) {
    throw new ModelUnavailableError(
      `createTransformersEmbedder: transformers.js could not load ${useHub ? options.model : dir} (${errorMessage(error)}); ` +
        "rebuild it with `talentgraph build-model` or check the folder",
      { cause: error },
    );
  }

  const manifest = useHub ? undefined : await readModelManifest(dir);
  // Our static graphs pool inside ONNX (`sentence_embedding`), which skips copying the
  // [batch, seq, dims] token tensor into JS and pooling it there. Anything else: standard path.
  const pooledInGraph = manifest?.pooling === "mean";
  const fingerprint = manifest?.fingerprint ?? (useHub ? "hub" : await folderFingerprint(dir, dtype));
  const name = useHub ? options.model : path.basename(dir);
  const modelId = `${name}@${fingerprint}`;

  const runBatch = async (texts: string[]): Promise<Float32Array[]> => {
    if (extractor === undefined) throw new TalentgraphError("INTERNAL", `TransformersEmbedder(${modelId}).embed: called after close()`);
    let pooled: Tensor;
    try {
      if (pooledInGraph) {
        const inputs: unknown = extractor.tokenizer(texts, { padding: true, truncation: true });
        const outputs = (await extractor.model(inputs)) as Record<string, unknown>;
        const t = outputs["sentence_embedding"];
        if (!(t instanceof Tensor)) {
          throw new ModelUnavailableError(
            `TransformersEmbedder(${modelId}).embed: model declares in-graph pooling but has no sentence_embedding output; rebuild it`,
          );
        }
        pooled = t;
      } else {
        pooled = await extractor(texts, { pooling: "mean", normalize: false });
      }
    } catch (error) {
      if (error instanceof TalentgraphError) throw error;
      throw new TalentgraphError("INTERNAL", `TransformersEmbedder(${modelId}).embed: inference failed (${errorMessage(error)})`, {
        cause: error,
      });
    }
    const [rows, dims] = pooled.dims;
    if (pooled.dims.length !== 2 || rows !== texts.length || dims === undefined || !(pooled.data instanceof Float32Array)) {
      throw new TalentgraphError(
        "INTERNAL",
        `TransformersEmbedder(${modelId}).embed: unexpected output shape [${pooled.dims.join(", ")}] (${pooled.type})`,
      );
    }
    const data = pooled.data;
    const out: Float32Array[] = [];
    for (let r = 0; r < rows; r++) out.push(normalize(data.slice(r * dims, (r + 1) * dims)));
    return out;
  };

  const embedAll = async (texts: readonly string[]): Promise<Float32Array[]> => {
    // Group similar lengths so each padded batch wastes little; results go back in input order.
    const order = texts.map((_, i) => i).sort((a, b) => (texts[a] as string).length - (texts[b] as string).length || a - b);
    const out = new Array<Float32Array>(texts.length);
    for (let i = 0; i < order.length; i += batchSize) {
      const idx = order.slice(i, i + batchSize);
      const vectors = await runBatch(idx.map((j) => texts[j] as string));
      idx.forEach((j, k) => {
        out[j] = vectors[k] as Float32Array;
      });
    }
    return out;
  };

  let dimensions = await configDimensions(dir, useHub);
  if (dimensions === undefined) {
    const [probe] = await embedAll(["dimension probe"]);
    dimensions = probe?.length ?? 0;
  }
  if (manifest !== undefined && manifest.dimensions !== dimensions) {
    throw new ModelUnavailableError(
      `createTransformersEmbedder: ${dir} says ${manifest.dimensions} dimensions in its manifest but ${dimensions} in config.json; rebuild it`,
    );
  }
  const dims = dimensions;

  return {
    modelId,
    dimensions: dims,
    async embed(texts) {
      if (!Array.isArray(texts)) throw new InvalidInputError("TransformersEmbedder.embed: texts must be an array of strings");
      if (texts.length === 0) return [];
      return embedAll(texts);
    },
    async close() {
      const e = extractor;
      extractor = undefined;
      if (e !== undefined) await e.dispose();
    },
  };
}

/** hidden_size (or the equivalent key some architectures use) from config.json, if it has one. */
async function configDimensions(dir: string, useHub: boolean): Promise<number | undefined> {
  if (useHub) return undefined;
  const config: unknown = JSON.parse(await readFile(path.join(dir, "config.json"), "utf8"));
  if (typeof config !== "object" || config === null) return undefined;
  const c = config as Record<string, unknown>;
  for (const key of ["hidden_size", "d_model", "dim"]) {
    const v = c[key];
    if (typeof v === "number" && Number.isInteger(v) && v > 0) return v;
  }
  return undefined;
}

/** For folders without our manifest: hash of config.json plus the ONNX file's size. */
async function folderFingerprint(dir: string, dtype: ModelDtype): Promise<string> {
  const config = await readFile(path.join(dir, "config.json"));
  const { size } = await stat(path.join(dir, ONNX_FILE_BY_DTYPE[dtype]));
  return createHash("sha256").update(config).update(`\n${size}`).digest("hex").slice(0, 16);
}
