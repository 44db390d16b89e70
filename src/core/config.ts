/**
 * Configuration: environment variables and an optional JSON config file, parsed once with zod
 * into a frozen object. Nothing else reads `process.env`. Every default works offline on a
 * fresh machine. Precedence: explicit overrides (CLI flags) > environment > config file > defaults.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ConfigInvalidError } from "./errors.js";

/** The package root (where package.json, graph/ and models/ live), independent of the cwd. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where the distilled offline model is built on first use. */
export const DEFAULT_MODEL_DIR = path.join(PACKAGE_ROOT, "models", "talentgraph-static-256");

const bool = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")]);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const configSchema = z.object({
  /** Where ingestion writes: SQLite store, HNSW files, quarantine. Default `./indexes` (relative to the cwd). */
  dataDir: z.string().min(1).default("indexes"),
  /**
   * The embedding model: a local folder (absolute, or relative to the cwd) or, with `allowRemoteModels`,
   * a hub id such as `Xenova/all-MiniLM-L6-v2`. Default: the distilled offline model in `<package>/models/`,
   * built on first use.
   */
  model: z.string().min(1).default(DEFAULT_MODEL_DIR),
  /** `transformers` runs `model` through transformers.js; `use-lite` calls the USE-lite teacher directly (slower). */
  embedder: z.enum(["transformers", "use-lite"]).default("transformers"),
  /** Let transformers.js download models from a hub. Off by default: nothing downloads at run time. */
  allowRemoteModels: bool.default(false),
  /** Texts per embedding call. */
  embedBatchSize: int(1, 4096).default(128),
  /**
   * Run the `transformers` embedder in a worker thread (default true): ingestion then overlaps
   * tokenisation and inference with validation, linking and store writes on a second core.
   * `false` runs it on the calling thread. (USE-lite always runs in-process.)
   */
  embedWorker: bool.default(true),
  /**
   * ONNX Runtime threads per inference for the `transformers` embedder; 0 = ONNX Runtime's default
   * (one per core). Default 1: measured on the default static model (2 cores), the default pool
   * spends ~0.3 ms of spinning CPU per text on the second core for no gain, which ingestion needs
   * for store writes. A large transformer model may want 0 when it embeds alone.
   */
  embedThreads: int(0, 256).default(1),
  /**
   * Records per ingestion transaction. Default 2048: bigger transactions cut SQLite/FTS5 write cost
   * per record (measured 20k demo profiles: store ~15% cheaper per record than at 512, whole
   * ingest ~11% faster); a crash redoes at most one batch.
   */
  ingestBatchSize: int(1, 100_000).default(2048),
  /** Graph backend. Only the embedded SQLite store exists so far. */
  graphBackend: z.enum(["sqlite"]).default("sqlite"),
  /** HNSW graph degree (M). */
  hnswM: int(4, 128).default(16),
  /**
   * HNSW build breadth. Default 200. Measured on 100k demo profiles (256-d static model) with 200
   * job-title queries, recall@10 against exact search: efConstruction 64 gave 0.61 at ef 128 and
   * 0.81 at ef 512; 200 gives 0.86 at ef 128, 0.94 at 512 and 0.97 at 768. (Profiles queried with
   * profile vectors reach 0.96 at efConstruction 64 already: short queries are the hard case.)
   * The price is insert time, ~440 µs vs ~280 µs a vector. A saved index keeps the value it was built with.
   */
  hnswEfConstruction: int(10, 2000).default(200),
  /**
   * HNSW search breadth (raised to at least k per query). Default 768: with efConstruction 200, the
   * recall@10 of job-title queries at 100k demo profiles is 0.97 for ~1.4 ms a search (0.94 at 512,
   * 1.1 ms); see hnswEfConstruction.
   */
  hnswEfSearch: int(10, 5000).default(768),
  /** Real third-party data (ESCO, O*NET, labelled sets). Default `../shared/data` relative to the package root. */
  sharedDataDir: z.string().min(1).default(path.resolve(PACKAGE_ROOT, "..", "shared", "data")),
  /**
   * Folder of trained rerankers (`reranker-<name>.json` + `.meta.json`); every one in it is loaded
   * and rank profiles refer to them by name. Default `<package>/models`, which ships `demo-v1`.
   */
  rerankerDir: z.string().min(1).default(path.join(PACKAGE_ROOT, "models")),
  logLevel: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  logFormat: z.enum(["pretty", "json"]).default("pretty"),
  /** API server port (`serve`). 0 picks a free port (tests). Default 4000. */
  port: int(0, 65_535).default(4000),
  /** API server bind address. Default `127.0.0.1` (local only); use `0.0.0.0` to serve other hosts. */
  host: z.string().min(1).default("127.0.0.1"),
  /**
   * `development` enables GraphiQL (when `graphiql` is on); `production` never serves it. Default `production`.
   * Read from NODE_ENV, which other tools share (vitest sets `test`), so any value but `development` means production.
   */
  mode: z
    .string()
    .transform((v): "development" | "production" => (v.trim().toLowerCase() === "development" ? "development" : "production"))
    .default("production"),
  /** Serve the GraphiQL IDE at /graphql in development mode. Default true (has no effect in production). */
  graphiql: bool.default(true),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

/** Environment variable → config field. Documented in the README. */
export const ENV_VARS: Readonly<Record<string, keyof z.infer<typeof configSchema>>> = {
  TALENTGRAPH_DATA_DIR: "dataDir",
  TALENTGRAPH_MODEL: "model",
  TALENTGRAPH_EMBEDDER: "embedder",
  TALENTGRAPH_ALLOW_REMOTE_MODELS: "allowRemoteModels",
  TALENTGRAPH_EMBED_BATCH_SIZE: "embedBatchSize",
  TALENTGRAPH_EMBED_WORKER: "embedWorker",
  TALENTGRAPH_EMBED_THREADS: "embedThreads",
  TALENTGRAPH_INGEST_BATCH_SIZE: "ingestBatchSize",
  GRAPH_BACKEND: "graphBackend",
  HNSW_M: "hnswM",
  HNSW_EF_CONSTRUCTION: "hnswEfConstruction",
  HNSW_EF_SEARCH: "hnswEfSearch",
  TALENTGRAPH_SHARED_DATA: "sharedDataDir",
  TALENTGRAPH_RERANKER_DIR: "rerankerDir",
  LOG_LEVEL: "logLevel",
  LOG_FORMAT: "logFormat",
  PORT: "port",
  TALENTGRAPH_HOST: "host",
  NODE_ENV: "mode",
  TALENTGRAPH_GRAPHIQL: "graphiql",
};

export interface LoadConfigOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** JSON config file; default `$TALENTGRAPH_CONFIG`, else `./talentgraph.config.json` when it exists. */
  file?: string;
  overrides?: Partial<Record<keyof z.infer<typeof configSchema>, unknown>>;
  cwd?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const fileValues = readConfigFile(options.file ?? env.TALENTGRAPH_CONFIG, cwd);
  const envValues: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(ENV_VARS)) {
    const value = env[name];
    if (value !== undefined && value !== "") envValues[field] = value;
  }
  const overrides = Object.fromEntries(Object.entries(options.overrides ?? {}).filter(([, v]) => v !== undefined));
  const parsed = configSchema.safeParse({ ...fileValues, ...envValues, ...overrides });
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => {
        const field = i.path.join(".");
        const envName = Object.entries(ENV_VARS).find(([, f]) => f === field)?.[0];
        return `${field}${envName ? ` (${envName})` : ""}: ${i.message}`;
      })
      .join("; ");
    throw new ConfigInvalidError(`loadConfig: invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  return Object.freeze({
    ...c,
    dataDir: path.resolve(cwd, c.dataDir),
    sharedDataDir: path.resolve(cwd, c.sharedDataDir),
    rerankerDir: path.resolve(cwd, c.rerankerDir),
    // A hub id ("org/name") stays as given when remote models are allowed; a folder becomes absolute.
    model: c.allowRemoteModels && !existsSync(path.resolve(cwd, c.model)) ? c.model : path.resolve(cwd, c.model),
  });
}

function readConfigFile(file: string | undefined, cwd: string): Record<string, unknown> {
  const candidate = file ?? path.join(cwd, "talentgraph.config.json");
  if (!existsSync(candidate)) {
    if (file !== undefined) throw new ConfigInvalidError(`loadConfig: config file ${file} does not exist`);
    return {};
  }
  try {
    const value: unknown = JSON.parse(readFileSync(candidate, "utf8"));
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new ConfigInvalidError(`loadConfig: ${candidate} must hold a JSON object`);
    }
    return value as Record<string, unknown>;
  } catch (error) {
    if (error instanceof ConfigInvalidError) throw error;
    throw new ConfigInvalidError(`loadConfig: cannot parse ${candidate}: ${(error as Error).message}`, { cause: error });
  }
}
