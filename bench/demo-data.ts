/**
 * The benchmarks' demo marketplace: a data dir generated (`generateDemo`) and ingested once, cached
 * under the OS temp dir and reused while its marker (`bench-complete.json`: sizes, seed, model) still
 * matches the configuration. Shared by `bench:search` and `bench:load`, so both measure the same data
 * and build it at most once.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Config } from "../src/core/config.js";
import type { Logger } from "../src/core/logger.js";
import { createProgress } from "../src/core/progress.js";
import { generateDemo } from "../src/ingest/demo/generate-demo.js";
import { ingest } from "../src/ingest/ingest.js";
import { Quarantine } from "../src/ingest/quarantine.js";
import { openServices } from "../src/services.js";

/** Seed of every bench data set: the same records on every machine. */
export const DEMO_SEED = 42;

/** Jobs generated alongside `freelancers` profiles when a bench does not say: one per five, at least 50. */
export function defaultDemoJobs(freelancers: number): number {
  return Math.max(50, Math.round(freelancers / 5));
}

/** The cached data dir of a size: `<tmp>/talentgraph-bench/search-<freelancers>`. */
export function defaultDemoDataDir(freelancers: number): string {
  return path.join(os.tmpdir(), "talentgraph-bench", `search-${freelancers}`);
}

/** Where a demo data dir keeps the generated JSONL input (not needed to serve; read by benches for queries). */
export const DEMO_INPUT = "demo-input";
const MARKER = "bench-complete.json";

export interface DemoDataOptions {
  freelancers: number;
  /** Default `defaultDemoJobs(freelancers)`. */
  jobs?: number;
  /** Throw away a valid cache and build again. */
  rebuild?: boolean;
  logger: Logger;
}

export interface DemoData {
  /** `config.dataDir`: stores and indexes, ready to serve. */
  dataDir: string;
  /** The generated JSONL (`freelancers.jsonl`, `jobs.jsonl`, `skills.jsonl`, …). */
  inputDir: string;
  freelancers: number;
  jobs: number;
  seed: number;
  /** Seconds spent generating and ingesting in this call; null when the cache was reused. */
  buildSeconds: number | null;
}

interface Marker {
  freelancers: number;
  jobs: number;
  seed: number;
  model: string;
}

/**
 * Makes `config.dataDir` hold the demo marketplace of the given size, building it (generate +
 * ingest: minutes at 100k profiles) unless a complete build for the same sizes, seed and model is
 * already there. A partial or different data dir is deleted first: it cannot be trusted.
 */
export async function ensureDemoData(config: Config, options: DemoDataOptions): Promise<DemoData> {
  const { dataDir } = config;
  const jobs = options.jobs ?? defaultDemoJobs(options.freelancers);
  const inputDir = path.join(dataDir, DEMO_INPUT);
  const marker = path.join(dataDir, MARKER);
  const wanted: Marker = { freelancers: options.freelancers, jobs, seed: DEMO_SEED, model: config.model };
  const result = { dataDir, inputDir, freelancers: options.freelancers, jobs, seed: DEMO_SEED };
  const cached = existsSync(marker) ? (JSON.parse(readFileSync(marker, "utf8")) as Marker) : undefined;
  if (!options.rebuild && JSON.stringify(cached) === JSON.stringify(wanted)) {
    options.logger.info("reusing the bench data dir", { dataDir });
    return { ...result, buildSeconds: null };
  }

  const started = performance.now();
  const { logger } = options;
  const progress = (label: string, total?: number, unit?: string) =>
    createProgress({ label, ...(total === undefined ? {} : { total }), ...(unit ? { unit } : {}) });
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  logger.info(`building the bench data dir: ${options.freelancers} freelancers, ${jobs} jobs`, { dataDir });
  await generateDemo({ outDir: inputDir, freelancers: options.freelancers, jobs, seed: DEMO_SEED, progress: progress("generate", options.freelancers + jobs, "records") });
  const services = await openServices(config, { logger, progress });
  try {
    const summary = await ingest(
      {
        store: services.store,
        indexes: await services.indexes(),
        embedder: await services.embedder(),
        createLinker: services.createLinker,
        quarantine: new Quarantine(dataDir),
        logger,
        progress: (label, total) => progress(label, total, "records"),
      },
      { inputDir },
    );
    logger.info("ingested", { seconds: Math.round(summary.seconds), quarantined: summary.totals.quarantined });
  } finally {
    await services.close();
  }
  writeFileSync(marker, `${JSON.stringify(wanted)}\n`);
  const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
  logger.info(`bench data dir built in ${buildSeconds} s`, { dataDir });
  return { ...result, buildSeconds };
}
