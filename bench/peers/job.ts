/** The contract between the peers benchmark's parent and the process that measures one system. */
import type { Repeated } from "./measure.js";

export const SYSTEMS = ["exact", "lancedb", "orama", "talentgraph"] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** A quality task as every system sees it: a corpus, a query set, and talentgraph's own store for it. */
export interface QualitySpec {
  task: string;
  operation: "searchFreelancers" | "linkSkills";
  /** talentgraph request extras, e.g. `{ filter: { includeArchetypes: true } }`. */
  request: Record<string, unknown>;
  metrics: string[];
  mainMetric: string;
  corpus: string;
  queries: string;
  /** Data dir of the talentgraph store the corpus was read from. */
  dataDir: string;
  note: string;
}

export interface WorkerJob {
  system: SystemName;
  /** Where the corpus and query files are. */
  dir: string;
  /** Scratch space (LanceDB's tables). */
  workDir: string;
  scale: { corpus: string; queries: string; dataDir: string };
  quality: QualitySpec[];
  reps: number;
  warmup: number;
  /** Seconds the latency repetitions of one mode should take (see `measureLatency`); absent = no budget. */
  budgetSeconds?: number;
  /** Results per latency query (10). */
  k: number;
  /** Results per quality query (100, the eval harness's depth). */
  depth: number;
  /** HNSW ef used by talentgraph; peers with an HNSW search as deep. */
  ef: number;
  /** Config overrides for talentgraph's services (model, …); `dataDir` is set per store. */
  config: Record<string, unknown>;
  /** Where the worker writes its {@link SystemResult} as JSON. */
  out: string;
}

export interface LatencyFigures {
  /** Queries per repetition. */
  n: number;
  /** Queries offered; more than `n` when the mode's time budget cut each repetition to the first `n`. */
  offered: number;
  p50: Repeated;
  p95: Repeated;
  p99: Repeated;
}

export interface SystemResult {
  system: SystemName;
  setup: string;
  cannot: string[];
  /** Seconds to make the scale corpus searchable: build (peers) or open the stored indexes (talentgraph). */
  build: { seconds: number; phases: Record<string, number>; docs: number; what: string };
  memory: { baselineRssMiB: number; peakRssMiB: number; note: string };
  /** Per mode (peers) or profile (talentgraph): latency of single-threaded queries after warm-up, ms. */
  latency: Record<string, LatencyFigures>;
  /** Which latency entry is the system's vector search (recall is measured on it). */
  vectorMode: string;
  /** Top-k ids of the vector search per latency query, in query order. */
  vectorTopK: string[][];
  /** Per task, per mode or profile: mean of each metric over the queries. */
  quality: Array<{ task: string; queries: number; runs: Record<string, Record<string, number>>; note?: string }>;
  errors: string[];
  /**
   * Steps not measured yet ("latency hybrid", "quality esco-skill-linking-tech", …): the worker
   * rewrites its result after every step, so a run stopped at the time limit still reports what
   * it measured and names what it did not. Empty when complete.
   */
  pending: string[];
  /** Set by the parent when it stopped the worker at the per-system time limit, seconds. */
  timedOutAfterSeconds?: number;
}

/** Where a worker reports progress: the parent reads the last result written if it has to stop it. */
export type Checkpoint = (partial: SystemResult) => void;
