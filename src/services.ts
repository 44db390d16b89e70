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
import { createReadWriteLock, type ReadWriteLock } from "./core/rw-lock.js";
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
import { Neo4jGraphStore, type Neo4jGraphStoreOptions } from "./graph-store/neo4j/neo4j-graph-store.js";
import { Neo4jKeywordIndex } from "./keyword/neo4j-keyword-index.js";
import { createSkillLinker, type SkillLinker } from "./link/skill-linker.js";
import { createFeatureExtractor } from "./rerank/features.js";
import { createLearnedReranker } from "./rerank/learned-reranker.js";
import { loadRerankerModel, rerankerDumpFiles } from "./rerank/reranker-model.js";
import type { Reranker } from "./rerank/reranker.js";
import type { KeyStore } from "./serve/auth/key-store.js";
import { openSqliteKeyStore } from "./serve/auth/sqlite-key-store.js";
import { createHnswVectorIndex, loadHnswVectorIndex } from "./vector/hnsw-vector-index.js";
import { createIndexMaintenance, replayVectorChanges, type IndexMaintenance } from "./vector/index-maintenance.js";
import { createHnswWorkerBuilder } from "./vector/rebuild-worker.js";
import { SwappableVectorIndex } from "./vector/swappable-vector-index.js";
import type { VectorIndex } from "./vector/vector-index.js";

export const STORE_FILE = "talentgraph.db";
/** API keys (hashes only), apart from the graph store so re-ingesting never touches them. */
export const KEYS_FILE = "keys.db";

/** The API key store of the data dir (created on first use). The caller closes it. */
export function openKeyStore(config: Pick<Config, "dataDir">): KeyStore {
  return openSqliteKeyStore({ path: path.join(config.dataDir, KEYS_FILE) });
}

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
  /**
   * The HNSW indexes for the embedder's model, brought up to date from the store if a snapshot is
   * stale (replaying the vector log, else rebuilding). Cached. Each is a SwappableVectorIndex, so a
   * background rebuild (see `maintenance`) replaces it under the holders' feet.
   */
  indexes(): Promise<Record<VectorKind, VectorIndex>>;
  /**
   * Snapshots, log trimming and background rebuilds of the indexes for a process that takes live
   * writes (src/vector/index-maintenance.ts): the writer calls `changed(kind, n)` after each commit.
   * Created on first call; `close()` flushes it.
   */
  maintenance(): Promise<IndexMaintenance>;
  /** A skill linker over the current taxonomy with the skills vector index. Built once; call `invalidateLinker` after taxonomy writes. */
  linker(): Promise<SkillLinker>;
  /**
   * Readers (a ranking request) share it; a committed write (store, then indexes) holds it alone, so
   * no reader sees half of a write. One per process.
   */
  consistency: ReadWriteLock;
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
  const { store, keyword } = await openGraphBackend(config, logger);

  let embedder: Promise<Embedder> | undefined;
  let indexes: Promise<Record<VectorKind, SwappableVectorIndex>> | undefined;
  let maintenance: Promise<IndexMaintenance> | undefined;
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

  const openIndexes = (): Promise<Record<VectorKind, SwappableVectorIndex>> =>
    (indexes ??= (async () => {
      const e = await services.embedder();
      const out = {} as Record<VectorKind, SwappableVectorIndex>;
      for (const kind of VECTOR_KINDS) out[kind] = new SwappableVectorIndex(await openVectorIndex(config, store, kind, e, logger, progress));
      return out;
    })().catch(forget(() => (indexes = undefined))));

  const services: Services = {
    config,
    logger,
    store,
    keyword,
    consistency: createReadWriteLock(),
    embedder: () => (embedder ??= loadEmbedder()),
    indexes: () => openIndexes(),
    maintenance: () =>
      (maintenance ??= (async () => {
        const [e, ix] = await Promise.all([services.embedder(), openIndexes()]);
        const builder = createHnswWorkerBuilder({
          dir: config.dataDir,
          modelId: e.modelId,
          dimensions: e.dimensions,
          M: config.hnswM,
          efConstruction: config.hnswEfConstruction,
          load: (kind) => loadHnswVectorIndex(indexParams(config, kind, e)),
        });
        return createIndexMaintenance({ store, indexes: ix, lock: services.consistency, logger, builder });
      })().catch(forget(() => (maintenance = undefined)))),
    // Ingestion resolves skill names by exact and alias matches only: a record's skills are never guessed.
    createLinker: (skills) => createSkillLinker({ skills }),
    linker: () =>
      (linker ??= (async () => {
        const [e, ix, skills] = await Promise.all([services.embedder(), services.indexes(), store.allSkills()]);
        return createSkillLinker({ skills, embedder: e, skillIndex: ix.skills });
      })().catch(forget(() => (linker = undefined)))),
    rerankers: () =>
      (rerankers ??= (async () => {
        const out = new Map<string, Reranker>();
        const features = createFeatureExtractor({ store });
        for (const file of rerankerDumpFiles(config.rerankerDir)) {
          const model = await loadRerankerModel(file);
          if (out.has(model.meta.name)) throw new ConfigInvalidError(`openServices: two rerankers named ${model.meta.name} in ${config.rerankerDir}`);
          out.set(model.meta.name, createLearnedReranker({ model, features, store }));
          logger.debug(`loaded reranker ${model.meta.name} from ${file}`);
        }
        return out;
      })()),
    invalidateLinker: () => {
      linker = undefined;
    },
    close: async () => {
      // Snapshots need the store: flush them first. A maintenance that failed to start has nothing to flush.
      const m = await maintenance?.catch(() => undefined);
      await m?.close();
      if (embedder) await (await embedder).close();
      await store.close();
    },
  };
  return services;
}

/**
 * A rejection handler for a cached load: clears the cache, then rethrows. The next call loads again
 * (a graph backend that was down at startup may be back).
 */
function forget(clear: () => void): (error: unknown) => never {
  return (error) => {
    clear();
    throw error;
  };
}

/** The Neo4j store's options from config (CONFIG_INVALID without a password). */
export function neo4jStoreOptions(config: Config, logger: Logger): Neo4jGraphStoreOptions {
  if (config.neo4jPassword === "") throw new ConfigInvalidError("GRAPH_BACKEND=neo4j needs NEO4J_PASSWORD (and NEO4J_URI, default bolt://localhost:7687)");
  return {
    uri: config.neo4jUri,
    user: config.neo4jUser,
    password: config.neo4jPassword,
    ...(config.neo4jDatabase === "" ? {} : { database: config.neo4jDatabase }),
    batchSize: config.neo4jBatchSize,
    retryMs: config.neo4jRetryMs,
    migrate: config.neo4jMigrate,
    logger,
  };
}

/**
 * The configured graph store and the keyword index that lives beside it. The embedded store opens
 * (and migrates) now; the Neo4j store connects on first use, so a server starts while Neo4j is down
 * and says so through /readyz, then recovers when it is back.
 */
async function openGraphBackend(config: Config, logger: Logger): Promise<{ store: GraphStore; keyword: KeywordIndex }> {
  if (config.graphBackend === "neo4j") {
    const neo4j = new Neo4jGraphStore(neo4jStoreOptions(config, logger));
    return { store: neo4j, keyword: new Neo4jKeywordIndex(neo4j) };
  }
  const sqlite: SqliteGraphStore = openSqliteGraphStore({ path: path.join(config.dataDir, STORE_FILE) });
  await sqlite.migrate();
  return { store: sqlite, keyword: new SqliteKeywordIndex(sqlite) };
}

/** Where and how one kind's HNSW index is kept (create, load and rebuild all use these). */
function indexParams(config: Config, kind: VectorKind, embedder: Pick<Embedder, "modelId" | "dimensions">) {
  return {
    dir: config.dataDir,
    kind,
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    M: config.hnswM,
    efConstruction: config.hnswEfConstruction,
    efSearch: config.hnswEfSearch,
  };
}

/**
 * Opens one kind's HNSW index for the embedder's model. A missing snapshot is built from the
 * store's vectors. A snapshot behind the store (writes committed after it was saved: a crash, or
 * a server that stopped between snapshots) is brought up to date by replaying the store's vector
 * log from its generation, saved and the log trimmed; when the log no longer reaches back that far,
 * or the snapshot is unreadable or ahead of the store, the index is rebuilt from the stored vectors
 * (slow: every vector is inserted again). One built with another model fails loudly.
 */
async function openVectorIndex(
  config: Config,
  store: GraphStore,
  kind: VectorKind,
  embedder: Embedder,
  logger: Logger,
  progress: NonNullable<ServiceOptions["progress"]>,
): Promise<VectorIndex> {
  const params = indexParams(config, kind, embedder);
  const started = performance.now();
  const generation = await store.vectorGeneration(kind);
  const manifestPath = path.join(config.dataDir, `${kind}.manifest.json`);
  if (existsSync(manifestPath)) {
    try {
      const index = await loadHnswVectorIndex(params);
      const snapshot = index.manifest().generation;
      if (snapshot === generation) {
        // Log rows up to the snapshot are spent (a crash may have come between save and trim).
        await store.trimVectorLog(kind, generation);
        return index;
      }
      if (snapshot < generation) {
        const replay = await replayVectorChanges(store, kind, index, snapshot);
        if (replay.complete) {
          await index.save({ generation });
          await store.trimVectorLog(kind, generation);
          logger.info(`${kind} index: replayed ${replay.applied} logged vector changes onto its snapshot`, {
            kind,
            action: "replayed",
            changes: replay.applied,
            snapshot,
            store: generation,
            ms: Math.round(performance.now() - started),
          });
          return index;
        }
        logger.warn(`${kind} index snapshot is behind the store and the vector log no longer reaches back to it; rebuilding it from stored vectors`, {
          snapshot,
          store: generation,
        });
      } else {
        logger.warn(`${kind} index snapshot is ahead of the store (another store file?); rebuilding it from stored vectors`, { snapshot, store: generation });
      }
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
  await store.trimVectorLog(kind, generation);
  logger.info(`${kind} index: rebuilt from ${index.size()} stored vectors`, {
    kind,
    action: "rebuilt",
    vectors: index.size(),
    ms: Math.round(performance.now() - started),
  });
  return index;
}
