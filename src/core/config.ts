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

// ---- access control (API keys, rate limits, CORS) ------------------------------------------------

/** Defaults of the access-control fields, shared with `createAccessControl` (used when an app is built without config). */
export const ACCESS_DEFAULTS: Readonly<{
  readAccess: "open" | "keyed";
  corsOrigins: readonly string[];
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  anonymousRateLimitPerSecond: number;
  anonymousRateLimitBurst: number;
}> = Object.freeze({
  readAccess: "open",
  corsOrigins: Object.freeze([]),
  rateLimitPerSecond: 50,
  rateLimitBurst: 100,
  anonymousRateLimitPerSecond: 20,
  anonymousRateLimitBurst: 40,
});

/** A CORS origin as browsers send it (`scheme://host[:port]`, no path or trailing slash), or `*`. */
const corsOrigin = z.string().refine((o) => {
  if (o === "*") return true;
  try {
    return new URL(o).origin === o;
  } catch {
    return false;
  }
}, "must be * or an origin such as https://app.example.com (scheme, host and port only; no path or trailing slash)");
/** Requests per second: > 0, or 0 for no limit. */
const perSecond = z.coerce.number().min(0).max(1_000_000);

// ---- end access control -------------------------------------------------------------------------

// ---- API limits (hostile and broken requests) ---------------------------------------------------

/** Defaults of the API's limits, shared with `resolveLimits` (src/serve/limits; used when an app is built without config). */
export const LIMIT_DEFAULTS = Object.freeze({
  maxBodyBytes: 1_048_576,
  maxDocumentLength: 20_000,
  maxDocumentTokens: 2_000,
  maxQueryDepth: 12,
  maxAliases: 20,
  maxFieldRepeats: 20,
  maxQueryCost: 25_000,
  requestTimeoutMs: 5_000,
  channelBudgetMs: 1_000,
  receiveTimeoutMs: 10_000,
});

// ---- end API limits -----------------------------------------------------------------------------

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
  /**
   * Graph backend: `sqlite` (embedded, in the data dir; the default) or `neo4j` (a Neo4j 5.x server,
   * Aura or cluster at neo4jUri). The HNSW index snapshots stay in the data dir either way.
   */
  graphBackend: z.enum(["sqlite", "neo4j"]).default("sqlite"),
  /** Neo4j server (graphBackend neo4j): bolt://, neo4j:// (routing: clusters, Aura) or their +s / +ssc TLS variants. */
  neo4jUri: z
    .string()
    .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s]+$/, "must be a bolt:// or neo4j:// URI (optionally +s or +ssc), e.g. bolt://localhost:7687")
    .default("bolt://localhost:7687"),
  neo4jUser: z.string().min(1).default("neo4j"),
  /** No default: a Neo4j backend needs NEO4J_PASSWORD. */
  neo4jPassword: z.string().default(""),
  /** Database name; empty for the server's default database. */
  neo4jDatabase: z.string().default(""),
  /** Rows per UNWIND statement when writing to Neo4j (one transaction per ingestion batch either way). Default 1,000. */
  neo4jBatchSize: int(1, 100_000).default(1000),
  /** Apply pending Neo4j schema migrations when opening the store. Default true; `talentgraph graph migrate` runs them on demand. */
  neo4jMigrate: bool.default(true),
  /** How long the driver retries a Neo4j transaction on transient errors before giving up, ms. Default 5,000. */
  neo4jRetryMs: int(0, 600_000).default(5000),
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

  // ---- access control (API keys, rate limits, CORS) ----------------------------------------------
  /**
   * Who may run GraphQL queries: `open` (default) lets anyone who reaches the server read; `keyed`
   * needs an API key of any scope (`talentgraph keys create`). Mutations always need a key with
   * `write` scope, whatever this says.
   */
  readAccess: z.enum(["open", "keyed"]).default(ACCESS_DEFAULTS.readAccess),
  /**
   * Browser origins allowed to call /graphql cross-origin, e.g. `https://app.example.com`; `*` allows
   * any origin and must be given explicitly. Default none: no CORS headers at all. The environment
   * variable is comma-separated.
   */
  corsOrigins: z
    .union([z.array(corsOrigin), z.string().transform((v) => v.split(",").map((o) => o.trim()).filter((o) => o !== ""))])
    .pipe(z.array(corsOrigin))
    .default([...ACCESS_DEFAULTS.corsOrigins]),
  /**
   * Requests per second one API key may sustain (token-bucket refill rate), unless the key has its
   * own (`keys create --rate`). Default 50; 0 means no limit. Buckets are per server process.
   */
  rateLimitPerSecond: perSecond.default(ACCESS_DEFAULTS.rateLimitPerSecond),
  /** Requests one API key may send at once before its rate applies (bucket size), unless the key has its own. Default 100. */
  rateLimitBurst: int(1, 1_000_000).default(ACCESS_DEFAULTS.rateLimitBurst),
  /**
   * Requests per second one client IP may sustain without a valid key (anonymous reads and refused
   * attempts). Default 20; 0 means no limit. Behind a proxy every client shares the proxy's address.
   */
  anonymousRateLimitPerSecond: perSecond.default(ACCESS_DEFAULTS.anonymousRateLimitPerSecond),
  /** Bucket size for one client IP without a key. Default 40. */
  anonymousRateLimitBurst: int(1, 1_000_000).default(ACCESS_DEFAULTS.anonymousRateLimitBurst),
  // ---- end access control ------------------------------------------------------------------------

  // ---- API limits (hostile and broken requests; src/serve/limits) --------------------------------
  /**
   * Largest request body /graphql reads, in bytes. Default 1 MiB (1,048,576): fifty times the
   * largest document plus room for long variables. A larger body is refused with HTTP 413
   * (`PAYLOAD_TOO_LARGE`) before it is parsed: at once when `content-length` says so, else as it streams.
   */
  maxBodyBytes: int(1024, 1 << 30).default(LIMIT_DEFAULTS.maxBodyBytes),
  /**
   * Longest GraphQL document (the `query` string), in characters. Default 20,000: the inspector's
   * largest query is about 1,000 (`DOCUMENT_TOO_LONG` beyond). Long texts belong in variables.
   */
  maxDocumentLength: int(100, 10_000_000).default(LIMIT_DEFAULTS.maxDocumentLength),
  /**
   * Most tokens graphql-js's parser reads before giving up (`TOO_MANY_TOKENS`), which bounds parse
   * time and memory. Default 2,000: the inspector's largest query has about 175, GraphiQL's
   * introspection query about 180. At most 20,000.
   */
  maxDocumentTokens: int(50, 20_000).default(LIMIT_DEFAULTS.maxDocumentTokens),
  /**
   * Deepest field nesting, the root field being depth 1 (`QUERY_TOO_DEEP`). Default 12: the
   * inspector's deepest path (`ranking edges explanation graphPaths steps from name`) is 7.
   * Introspection is bounded by graphql-js's own rule instead.
   */
  maxQueryDepth: int(2, 1000).default(LIMIT_DEFAULTS.maxQueryDepth),
  /** Most aliases in one operation, fragments counted where spread (`TOO_MANY_ALIASES`). Default 20. */
  maxAliases: int(0, 100_000).default(LIMIT_DEFAULTS.maxAliases),
  /**
   * Most selections of one field (one response name) in one selection set, fragments included
   * (`QUERY_TOO_COMPLEX`). Default 20. GraphQL's validation compares every pair of such selections:
   * 200 copies of one field, well inside the token limit, cost ~250 ms of CPU to validate.
   */
  maxFieldRepeats: int(1, 100_000).default(LIMIT_DEFAULTS.maxFieldRepeats),
  /**
   * Highest query cost (`QUERY_TOO_COMPLEX`): 1 a field, a ranking 100, `explainMatch` 200, an
   * explanation 10, and everything under a paged field multiplied by its `first`. Default 25,000:
   * the inspector's heaviest request (100 hits, every explanation field) costs about 8,600.
   */
  maxQueryCost: int(10, 1_000_000_000).default(LIMIT_DEFAULTS.maxQueryCost),
  /**
   * Answer introspection (`__schema`, `__type`; `INTROSPECTION_DISABLED` otherwise). Default: in
   * development mode only. `__typename` is always answered.
   */
  introspection: bool.optional(),
  /**
   * How long one GraphQL operation may run, ms, before the client gets a `TIMEOUT` error (HTTP 200)
   * instead. Default 5,000; 0 for none. Work already running is not interrupted (see
   * src/serve/limits/request-timeout.ts).
   */
  requestTimeoutMs: int(0, 3_600_000).default(LIMIT_DEFAULTS.requestTimeoutMs),
  /**
   * Time budget of each ranking channel in the API, ms: a channel still running after it is left
   * out of that request's fusion, and explanations say it timed out. Default 1,000 (all four
   * channels together stay under the request timeout); 0 for none. Binds at await points only:
   * synchronous channel work runs to its end. Offline runs (eval, batch, CLI) use no budget.
   */
  channelBudgetMs: int(0, 3_600_000).default(LIMIT_DEFAULTS.channelBudgetMs),
  /**
   * How long a client has to send a whole request (headers and body), ms, before Node answers 408
   * and closes the connection (slow-sending clients hold sockets). Default 10,000; 0 for none.
   */
  receiveTimeoutMs: int(0, 3_600_000).default(LIMIT_DEFAULTS.receiveTimeoutMs),
  // ---- end API limits ----------------------------------------------------------------------------
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
  NEO4J_URI: "neo4jUri",
  NEO4J_USER: "neo4jUser",
  NEO4J_PASSWORD: "neo4jPassword",
  NEO4J_DATABASE: "neo4jDatabase",
  NEO4J_BATCH_SIZE: "neo4jBatchSize",
  NEO4J_MIGRATE: "neo4jMigrate",
  NEO4J_RETRY_MS: "neo4jRetryMs",
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
  // access control
  TALENTGRAPH_READ_ACCESS: "readAccess",
  TALENTGRAPH_CORS_ORIGINS: "corsOrigins",
  TALENTGRAPH_RATE_LIMIT_PER_SECOND: "rateLimitPerSecond",
  TALENTGRAPH_RATE_LIMIT_BURST: "rateLimitBurst",
  TALENTGRAPH_ANONYMOUS_RATE_LIMIT_PER_SECOND: "anonymousRateLimitPerSecond",
  TALENTGRAPH_ANONYMOUS_RATE_LIMIT_BURST: "anonymousRateLimitBurst",
  // API limits
  TALENTGRAPH_MAX_BODY_BYTES: "maxBodyBytes",
  TALENTGRAPH_MAX_DOCUMENT_LENGTH: "maxDocumentLength",
  TALENTGRAPH_MAX_DOCUMENT_TOKENS: "maxDocumentTokens",
  TALENTGRAPH_MAX_QUERY_DEPTH: "maxQueryDepth",
  TALENTGRAPH_MAX_ALIASES: "maxAliases",
  TALENTGRAPH_MAX_FIELD_REPEATS: "maxFieldRepeats",
  TALENTGRAPH_MAX_QUERY_COST: "maxQueryCost",
  TALENTGRAPH_INTROSPECTION: "introspection",
  TALENTGRAPH_REQUEST_TIMEOUT_MS: "requestTimeoutMs",
  TALENTGRAPH_CHANNEL_BUDGET_MS: "channelBudgetMs",
  TALENTGRAPH_RECEIVE_TIMEOUT_MS: "receiveTimeoutMs",
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
