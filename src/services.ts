/**
 * The one place that picks adapters from config and opens them: graph store, keyword index,
 * embedder, vector indexes and skill linker. Drivers (CLI, API, batch, eval) call `openServices`
 * and never construct adapters themselves.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { DEFAULT_MODEL_DIR, type Config } from "./core/config.js";
import { ConfigInvalidError, IndexCorruptError } from "./core/errors.js";
import type { Logger } from "./core/logger.js";
import { silentLogger } from "./core/logger.js";
import type { Progress } from "./core/progress.js";
import { silentProgress } from "./core/progress.js";
import { VECTOR_KINDS, type Skill, type VectorKind } from "./core/records.js";
import type { Embedder } from "./embed/embedder.js";
import { ensureDefaultModel } from "./embed/ensure-model.js";
import { createTransformersEmbedder } from "./embed/transformers-embedder.js";
import { createUseLiteEmbedder } from "./embed/use-lite-embedder.js";
import { createWorkerEmbedder, transformersEmbedderFactory } from "./embed/worker-embedder.js";
import type { GraphStore } from "./graph-store/graph-store.js";
import { defaultModelCorpus } from "./ingest/model-corpus.js";
import { openSqliteGraphStore, type SqliteGraphStore } from "./graph-store/sqlite-graph-store.js";
import type { KeywordIndex } from "./keyword/keyword-index.js";
import { SqliteKeywordIndex } from "./keyword/sqlite-keyword-index.js";
import { createSkillLinker, type SkillLinker } from "./link/skill-linker.js";
import { createFeatureExtractor } from "./rerank/features.js";
import { createLearnedReranker } from "./rerank/learned-reranker.js";
import { loadRerankerModel, rerankerDumpFiles } from "./rerank/reranker-model.js";
import type { Reranker } from "./rerank/reranker.js";
import { createHnswVectorIndex, loadHnswVectorIndex } from "./vector/hnsw-vector-index.js";
import type { VectorIndex } from "./vector/vector-index.js";

export const STORE_FILE = "talentgraph.db";

export interface ServiceOptions {
  logger?: Logger;
  progress?: (label: string, total?: number, unit?: string) => Progress;
}

export interface Services {
  config: Config;
  logger: Logger;
  store: GraphStore;
  keyword: KeywordIndex;
  /** Loads (building on first use) the configured embedding model. Cached. */
  embedder(): Promise<Embedder>;
  /** The HNSW indexes for the embedder's model, repaired from the store if a snapshot is stale. Cached. */
  indexes(): Promise<Record<VectorKind, VectorIndex>>;
  /** A skill linker over the current taxonomy with the skills vector index. Built once; call `invalidateLinker` after taxonomy writes. */
  linker(): Promise<SkillLinker>;
  /** Every reranker in `config.rerankerDir`, by name (validated: a feature-list mismatch fails loudly). */
  rerankers(): Promise<ReadonlyMap<string, Reranker>>;
  createLinker: (skills: Skill[]) => SkillLinker;
  invalidateLinker(): void;
  close(): Promise<void>;
}

export async function openServices(config: Config, options: ServiceOptions = {}): Promise<Services> {
  const logger = options.logger ?? silentLogger;
  const progress = options.progress ?? (() => silentProgress);
  mkdirSync(config.dataDir, { recursive: true });
  const sqlite: SqliteGraphStore = openSqliteGraphStore({ path: path.join(config.dataDir, STORE_FILE) });
  await sqlite.migrate();
  const store: GraphStore = sqlite;
  const keyword: KeywordIndex = new SqliteKeywordIndex(sqlite);

  let embedder: Promise<Embedder> | undefined;
  let indexes: Promise<Record<VectorKind, VectorIndex>> | undefined;
  let linker: Promise<SkillLinker> | undefined;
  let rerankers: Promise<ReadonlyMap<string, Reranker>> | undefined;

  const loadEmbedder = async (): Promise<Embedder> => {
    if (config.embedder === "use-lite") return createUseLiteEmbedder();
    if (path.resolve(config.model) === DEFAULT_MODEL_DIR) {
      await ensureDefaultModel({
        modelDir: config.model,
        corpus: () => defaultModelCorpus({ sharedDataDir: config.sharedDataDir }),
        logger,
        progress,
      });
    }
    const options = {
      model: config.model,
      allowRemote: config.allowRemoteModels,
      batchSize: config.embedBatchSize,
      ...(config.embedThreads > 0 ? { threads: config.embedThreads } : {}),
    };
    // The worker loads the same model with the same options; ingestion overlaps it with store writes.
    if (config.embedWorker) return createWorkerEmbedder({ factory: transformersEmbedderFactory(options) });
    return createTransformersEmbedder(options);
  };

  const services: Services = {
    config,
    logger,
    store,
    keyword,
    embedder: () => (embedder ??= loadEmbedder()),
    indexes: () =>
      (indexes ??= (async () => {
        const e = await services.embedder();
        const out = {} as Record<VectorKind, VectorIndex>;
        for (const kind of VECTOR_KINDS) out[kind] = await openVectorIndex(config, store, kind, e, logger, progress);
        return out;
      })()),
    // Ingestion resolves skill names by exact and alias matches only: a record's skills are never guessed.
    createLinker: (skills) => createSkillLinker({ skills }),
    linker: () =>
      (linker ??= (async () => {
        const [e, ix, skills] = await Promise.all([services.embedder(), services.indexes(), store.allSkills()]);
        return createSkillLinker({ skills, embedder: e, skillIndex: ix.skills });
      })()),
    rerankers: () =>
      (rerankers ??= (async () => {
        const out = new Map<string, Reranker>();
        const features = createFeatureExtractor({ store });
        for (const file of rerankerDumpFiles(config.rerankerDir)) {
          const model = await loadRerankerModel(file);
          if (out.has(model.meta.name)) throw new ConfigInvalidError(`openServices: two rerankers named ${model.meta.name} in ${config.rerankerDir}`);
          out.set(model.meta.name, createLearnedReranker({ model, features }));
          logger.debug(`loaded reranker ${model.meta.name} from ${file}`);
        }
        return out;
      })()),
    invalidateLinker: () => {
      linker = undefined;
    },
    close: async () => {
      if (embedder) await (await embedder).close();
      await store.close();
    },
  };
  return services;
}

/**
 * Opens one kind's HNSW index for the embedder's model. A missing snapshot is built from the
 * store's vectors; one whose generation differs from the store's (a crash between store commit
 * and snapshot) is rebuilt the same way; one built with another model fails loudly.
 */
async function openVectorIndex(
  config: Config,
  store: GraphStore,
  kind: VectorKind,
  embedder: Embedder,
  logger: Logger,
  progress: NonNullable<ServiceOptions["progress"]>,
): Promise<VectorIndex> {
  const params = {
    dir: config.dataDir,
    kind,
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    M: config.hnswM,
    efConstruction: config.hnswEfConstruction,
    efSearch: config.hnswEfSearch,
  };
  const generation = await store.vectorGeneration(kind);
  const manifestPath = path.join(config.dataDir, `${kind}.manifest.json`);
  if (existsSync(manifestPath)) {
    try {
      const index = await loadHnswVectorIndex(params);
      if (index.manifest().generation === generation) return index;
      logger.warn(`${kind} index snapshot is behind the store; rebuilding it from stored vectors`, {
        snapshot: index.manifest().generation,
        store: generation,
      });
    } catch (error) {
      if (!(error instanceof IndexCorruptError)) throw error;
      logger.warn(`${kind} index is unreadable; rebuilding it from stored vectors`, { reason: error.message });
    }
  } else if (generation === 0) {
    return createHnswVectorIndex(params);
  }
  const index = createHnswVectorIndex(params);
  const bar = progress(`rebuild ${kind} index`, undefined, "vectors");
  for await (const { id, vector } of store.vectors(kind)) {
    index.upsert(id, vector);
    bar.tick();
  }
  bar.done();
  await index.save({ generation });
  return index;
}
