/**
 * "Build on first use": makes sure the default model folder exists, distilling it (with a
 * progress bar) when it is missing or incomplete. A complete folder is returned untouched,
 * whichever model it holds (a user may have put a hub model there).
 */
import path from "node:path";
import { isTalentgraphError } from "../core/errors.js";
import { silentLogger, type Logger } from "../core/logger.js";
import { buildStaticModel, type BuildStaticModelOptions, type ProgressFactory } from "./build-static-model.js";
import { MODEL_MANIFEST_FILE, missingModelFiles, readModelManifest } from "./model-folder.js";

export interface EnsureModelOptions {
  /** The default model folder. */
  modelDir: string;
  /** Texts to build from; only called when a build is needed (it may be expensive to assemble). */
  corpus: () => Iterable<string> | AsyncIterable<string>;
  logger?: Logger;
  progress?: ProgressFactory;
  /** Further build settings (dimensions, maxVocab, teacher, …). */
  build?: Omit<BuildStaticModelOptions, "corpus" | "outDir" | "progress" | "logger">;
}

// One build per folder per process, however many callers ask at once.
const inFlight = new Map<string, Promise<string>>();

/**
 * Returns the absolute path of a complete model folder at `modelDir`, building a static model
 * there first if needed. Concurrent calls for the same folder share one build.
 */
export function ensureDefaultModel(options: EnsureModelOptions): Promise<string> {
  const dir = path.resolve(options.modelDir);
  const pending = inFlight.get(dir);
  if (pending !== undefined) return pending;
  const work = ensure(dir, options).finally(() => inFlight.delete(dir));
  inFlight.set(dir, work);
  return work;
}

async function ensure(dir: string, options: EnsureModelOptions): Promise<string> {
  const logger = options.logger ?? silentLogger;
  const missing = await missingModelFiles(dir);
  let reason = missing.length > 0 ? `missing ${missing.join(", ")}` : undefined;
  if (reason === undefined) {
    try {
      await readModelManifest(dir);
      return dir;
    } catch (error) {
      // Only our own unreadable manifest means "rebuild"; anything else is a real failure.
      if (!isTalentgraphError(error) || error.code !== "MODEL_UNAVAILABLE") throw error;
      reason = `${MODEL_MANIFEST_FILE} is unreadable`;
    }
  }
  logger.info("embedding model not ready; building it once (about a minute)", { modelDir: dir, reason });
  const result = await buildStaticModel({
    ...options.build,
    corpus: options.corpus(),
    outDir: dir,
    logger,
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
  return result.modelDir;
}
