/**
 * The on-disk layout of a local embedding model (what transformers.js loads) and the
 * `talentgraph-model.json` manifest a static-model build adds to it.
 */
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ModelUnavailableError, errorMessage } from "../core/errors.js";

/** Manifest written next to a built static model. */
export const MODEL_MANIFEST_FILE = "talentgraph-model.json";

/** ONNX weight variants transformers.js knows, and the file each one loads. */
export const ONNX_FILE_BY_DTYPE = {
  fp32: "onnx/model.onnx",
  fp16: "onnx/model_fp16.onnx",
  q8: "onnx/model_quantized.onnx",
} as const;
/** Weight variant of a model folder (`fp32` is what static-model builds write). */
export type ModelDtype = keyof typeof ONNX_FILE_BY_DTYPE;

/** Files a model folder must hold for `dtype` (paths relative to the folder). */
export function requiredModelFiles(dtype: ModelDtype = "fp32"): string[] {
  return ["config.json", "tokenizer.json", "tokenizer_config.json", ONNX_FILE_BY_DTYPE[dtype]];
}

/** Which of the required files are missing from `dir` (empty when the folder is complete). */
export async function missingModelFiles(dir: string, dtype: ModelDtype = "fp32"): Promise<string[]> {
  const missing: string[] = [];
  for (const file of requiredModelFiles(dtype)) {
    try {
      await access(path.join(dir, file));
    } catch {
      // access() only says "not there / not readable"; that is exactly what we report.
      missing.push(file);
    }
  }
  return missing;
}

/** Schema of `talentgraph-model.json`. */
export const staticModelManifestSchema = z.object({
  format: z.literal(1),
  kind: z.literal("static-embedding"),
  /** Model id of the teacher the vectors were distilled from. */
  teacher: z.string(),
  vocabSize: z.number().int().positive(),
  dimensions: z.number().int().positive(),
  /** ISO timestamp; not part of the fingerprint. */
  builtAt: z.string(),
  vocabSources: z.object({
    special: z.number().int(),
    chars: z.number().int(),
    pieces: z.number().int(),
    words: z.number().int(),
    corpusTexts: z.number().int(),
    corpusTokens: z.number().int(),
    distinctWords: z.number().int(),
    minCount: z.number().int(),
    maxVocab: z.number().int(),
  }),
  weighting: z.object({ scheme: z.literal("sif"), a: z.number() }),
  pca: z.object({ explainedVarianceRatio: z.number() }),
  /** `"mean"`: the graph also outputs `sentence_embedding` (pooled in ONNX). */
  pooling: z.enum(["none", "mean"]),
  /** Hash of vocabulary, dimensions and weights: equal fingerprint ⇔ equal model. */
  fingerprint: z.string().min(8),
});
/** Contents of `talentgraph-model.json`. */
export type StaticModelManifest = z.infer<typeof staticModelManifestSchema>;

/** Reads `talentgraph-model.json` from `dir`; `undefined` when absent (e.g. a hub model folder). */
export async function readModelManifest(dir: string): Promise<StaticModelManifest | undefined> {
  const file = path.join(dir, MODEL_MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ModelUnavailableError(`readModelManifest: cannot read ${file} (${errorMessage(error)})`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelUnavailableError(
      `readModelManifest: ${file} is not JSON (${errorMessage(error)}); rebuild with \`talentgraph build-model\``,
      { cause: error },
    );
  }
  const parsed = staticModelManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new ModelUnavailableError(
      `readModelManifest: ${file} is not a valid model manifest (${parsed.error.message}); rebuild with \`talentgraph build-model\``,
    );
  }
  return parsed.data;
}
