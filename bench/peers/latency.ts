/** The latency protocol every system gets: warm-up, then `reps` passes over the same queries, one at a time. */
import type { LatencyFigures } from "./job.js";
import { percentiles, repeated, type Percentiles } from "./measure.js";

/**
 * Runs `warmup` queries untimed, then every query once per repetition, awaiting each before the
 * next (single-threaded, no overlap). `run`'s second argument is true in the first repetition, so
 * results are collected once. Returns the median and range of each repetition's percentiles.
 */
export async function measureLatency(
  queries: readonly string[],
  options: { reps: number; warmup: number },
  run: (query: string, record: boolean, i: number) => Promise<void>,
): Promise<LatencyFigures> {
  for (let i = 0; i < Math.min(options.warmup, queries.length); i++) await run(queries[i] ?? "", false, i);
  const perRep: Percentiles[] = [];
  for (let rep = 0; rep < options.reps; rep++) {
    const ms: number[] = [];
    for (let i = 0; i < queries.length; i++) {
      const t0 = performance.now();
      await run(queries[i] ?? "", rep === 0, i);
      ms.push(performance.now() - t0);
    }
    perRep.push(percentiles(ms));
  }
  return {
    n: queries.length,
    p50: repeated(perRep.map((p) => p.p50)),
    p95: repeated(perRep.map((p) => p.p95)),
    p99: repeated(perRep.map((p) => p.p99)),
  };
}
