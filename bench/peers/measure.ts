/** Latency summaries for the peers benchmark: nearest-rank percentiles and medians over repetitions. */

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Nearest-rank percentiles (an observed value, never an interpolation), in the samples' unit. */
export function percentiles(samples: readonly number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  return { n: s.length, p50: round2(at(50)), p95: round2(at(95)), p99: round2(at(99)) };
}

/** A figure measured in several repetitions: the median and the range. */
export interface Repeated {
  median: number;
  min: number;
  max: number;
}

export function repeated(values: readonly number[]): Repeated {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length === 0 ? NaN : s.length % 2 === 1 ? (s[(s.length - 1) / 2] ?? NaN) : ((s[s.length / 2 - 1] ?? NaN) + (s[s.length / 2] ?? NaN)) / 2;
  return { median: round2(mid), min: round2(s[0] ?? NaN), max: round2(s.at(-1) ?? NaN) };
}

/** Peak resident set size of this process so far, MiB (`getrusage` maxrss). */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function rssMiB(): number {
  return Math.round(process.memoryUsage().rss / 2 ** 20);
}
