/**
 * Paired significance tests for comparing two systems over the same queries. `a` is the baseline,
 * `b` the system under test; both hold one per-query metric value per query, in the same query
 * order. Differences are always b − a, so positive means b is better. Seeded, so an eval report can
 * be reproduced bit for bit.
 */
import { InvalidInputError } from "../core/errors.js";
import { createRng } from "../core/rng.js";

/** Options for the resampling tests. */
export interface ResamplingOptions {
  /** Resampling rounds, a positive integer; default 10 000. */
  rounds?: number;
  /** Seed for {@link createRng}; default 1. */
  seed?: number;
}

/** Options for {@link pairedBootstrapCi}. */
export interface BootstrapOptions extends ResamplingOptions {
  /** Confidence level in (0, 1); default 0.95. */
  level?: number;
}

const DEFAULT_ROUNDS = 10_000;
const DEFAULT_SEED = 1;

function differences(operation: string, a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) {
    throw new InvalidInputError(`${operation}: ${a.length} baseline values but ${b.length} compared values; pair the same queries`);
  }
  if (a.length === 0) throw new InvalidInputError(`${operation}: no paired values; compare at least one query`);
  const d = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new InvalidInputError(`${operation}: value pair at index ${i} is (${String(x)}, ${String(y)}); metric values must be finite`);
    }
    d[i] = y - x;
  }
  return d;
}

function rounds(operation: string, opts: ResamplingOptions | undefined): number {
  const r = opts?.rounds ?? DEFAULT_ROUNDS;
  if (!Number.isSafeInteger(r) || r < 1) throw new InvalidInputError(`${operation}: rounds is ${r}; use a positive integer`);
  return r;
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/**
 * Two-sided paired randomization (sign-flip permutation) test of the mean difference b − a.
 *
 * Under the null hypothesis the two systems are exchangeable per query, so each difference is as
 * likely to have either sign. Each round flips every difference's sign with probability ½; p is the
 * share of rounds whose |mean| is at least the observed |mean|, with the (count + 1) / (rounds + 1)
 * correction so a sampled p is never 0. Identical inputs give `p = 1` exactly.
 *
 * @returns `meanDiff` = mean(b − a) and `p` in (0, 1].
 * @throws INVALID_INPUT when the arrays differ in length, are empty or hold non-finite values.
 */
export function pairedRandomizationTest(
  a: readonly number[],
  b: readonly number[],
  opts?: ResamplingOptions,
): { meanDiff: number; p: number } {
  const d = differences("pairedRandomizationTest", a, b);
  const n = rounds("pairedRandomizationTest", opts);
  const observed = Math.abs(sum(d));
  const meanDiff = sum(d) / d.length;
  if (d.every((x) => x === 0)) return { meanDiff, p: 1 };
  // Sums of the same values in another sign pattern can differ from the observed sum by rounding
  // alone; without slack, a flip pattern equal to the observed one could fail to count.
  const slack = 1e-12 * sum(d.map(Math.abs));
  const rng = createRng(opts?.seed ?? DEFAULT_SEED);
  let atLeastAsExtreme = 0;
  for (let round = 0; round < n; round++) {
    let s = 0;
    for (const x of d) s += rng.next() < 0.5 ? -x : x;
    if (Math.abs(s) >= observed - slack) atLeastAsExtreme++;
  }
  return { meanDiff, p: (atLeastAsExtreme + 1) / (n + 1) };
}

/**
 * Percentile bootstrap confidence interval for the mean difference b − a: resample query indices
 * with replacement, take the mean difference of each resample, and read the (1 − level)/2 and
 * (1 + level)/2 quantiles of those means (linear interpolation between order statistics).
 *
 * @throws INVALID_INPUT when the arrays differ in length, are empty or hold non-finite values, or
 *   when `level` is not in (0, 1).
 */
export function pairedBootstrapCi(
  a: readonly number[],
  b: readonly number[],
  opts?: BootstrapOptions,
): { lo: number; hi: number } {
  const d = differences("pairedBootstrapCi", a, b);
  const n = rounds("pairedBootstrapCi", opts);
  const level = opts?.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new InvalidInputError(`pairedBootstrapCi: level is ${level}; use a value in (0, 1), e.g. 0.95`);
  const rng = createRng(opts?.seed ?? DEFAULT_SEED);
  const means = new Float64Array(n);
  for (let round = 0; round < n; round++) {
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[rng.int(0, d.length - 1)]!;
    means[round] = s / d.length;
  }
  means.sort();
  const tail = (1 - level) / 2;
  return { lo: quantile(means, tail), hi: quantile(means, 1 - tail) };
}

/** Quantile of sorted values, linear interpolation between order statistics (R type 7). */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lower = Math.floor(h);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (h - lower) * (sorted[upper]! - sorted[lower]!);
}

/**
 * Per-query wins, losses and ties of b against a: a win when b − a > epsilon, a loss when
 * b − a < −epsilon, a tie otherwise (epsilon absorbs floating-point noise, default 1e-9).
 *
 * @throws INVALID_INPUT when the arrays differ in length, are empty or hold non-finite values.
 */
export function winsLosses(
  a: readonly number[],
  b: readonly number[],
  epsilon = 1e-9,
): { wins: number; losses: number; ties: number } {
  const d = differences("winsLosses", a, b);
  let wins = 0;
  let losses = 0;
  for (const x of d) {
    if (x > epsilon) wins++;
    else if (x < -epsilon) losses++;
  }
  return { wins, losses, ties: d.length - wins - losses };
}
