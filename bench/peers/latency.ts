/** The latency protocol every system gets: warm-up, then `reps` passes over the same queries, one at a time. */
import type { LatencyFigures } from "./job.js";
import { percentiles, repeated, type Percentiles } from "./measure.js";

/** Fewest queries a budget may cut a repetition down to (below that a p99 is only the maximum). */
export const MIN_BUDGET_QUERIES = 50;

export interface LatencyOptions {
  reps: number;
  warmup: number;
  /**
   * Seconds the repetitions of one mode should take. When the warm-up says all `queries` would take
   * longer, every repetition runs the first n queries instead (n ≥ {@link MIN_BUDGET_QUERIES}); the
   * figures say n, so a slow system is measured on fewer queries, never silently on other ones.
   */
  budgetSeconds?: number;
}

/**
 * Runs `warmup` queries untimed, then the first n queries once per repetition, awaiting each
 * before the next (single-threaded, no overlap); n is all of them unless the budget says fewer.
 * `run`'s second argument is true in the first repetition, so results are collected once. Returns
 * the median and range of each repetition's percentiles.
 */
export async function measureLatency(
  queries: readonly string[],
  options: LatencyOptions,
  run: (query: string, record: boolean, i: number) => Promise<void>,
): Promise<LatencyFigures> {
  const warm: number[] = [];
  for (let i = 0; i < Math.min(options.warmup, queries.length); i++) {
    const t0 = performance.now();
    await run(queries[i] ?? "", false, i);
    warm.push(performance.now() - t0);
  }
  let n = queries.length;
  if (options.budgetSeconds !== undefined && warm.length > 0) {
    // The median of the later half of the warm-up: the first queries pay for JIT compilation and
    // cold caches, and one slow outlier on a shared machine must not cut a fast system's queries.
    const later = warm.slice(Math.floor(warm.length / 2)).sort((a, b) => a - b);
    const msPerQuery = later[Math.floor((later.length - 1) / 2)] ?? 0;
    const fits = Math.floor((options.budgetSeconds * 1000) / (Math.max(1, options.reps) * Math.max(msPerQuery, 1e-3)));
    n = Math.min(queries.length, Math.max(MIN_BUDGET_QUERIES, fits));
  }
  const perRep: Percentiles[] = [];
  for (let rep = 0; rep < options.reps; rep++) {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await run(queries[i] ?? "", rep === 0, i);
      ms.push(performance.now() - t0);
    }
    perRep.push(percentiles(ms));
  }
  return {
    n,
    offered: queries.length,
    p50: repeated(perRep.map((p) => p.p50)),
    p95: repeated(perRep.map((p) => p.p95)),
    p99: repeated(perRep.map((p) => p.p99)),
  };
}
