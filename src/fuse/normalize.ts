/**
 * Per-list score normalisation for weighted fusion. Channels score on their own scales (cosine in
 * [-1, 1], BM25 unbounded, graph coverage sums), so a weighted sum needs each list mapped to [0, 1]
 * first. Both functions return one value per input, in input order, every value in [0, 1], never NaN.
 */
import { InvalidInputError } from "../core/errors.js";

/** Normalisations a rank profile can ask for (`fusion.normalization`). */
export type Normalization = "minmax" | "zscore";

function assertFinite(operation: string, scores: readonly number[]): void {
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!Number.isFinite(s)) {
      throw new InvalidInputError(`${operation}: score at index ${i} is ${String(s)}; channels must return finite scores`);
    }
  }
}

function extremes(scores: readonly number[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  return { min, max };
}

/**
 * Min–max normalisation: (s − min) / (max − min), in [0, 1]; the best item of the list gets 1 and
 * the worst 0.
 *
 * Edge cases (decided, not accidental):
 * - empty list → `[]`;
 * - constant non-empty list (including a single item) → all `1`. Every item was retrieved equally
 *   well, and an item a channel did retrieve must not look like one it ranked last (0) or one it did
 *   not retrieve at all (contribution 0); 0/0 = NaN is never produced (Orama's pitfall).
 * - a non-finite score → INVALID_INPUT (a channel bug; fusing it would poison every sum).
 */
export function minMax(scores: readonly number[]): number[] {
  assertFinite("minMax", scores);
  if (scores.length === 0) return [];
  const { min, max } = extremes(scores);
  if (min === max) return scores.map(() => 1);
  const range = max - min;
  if (Number.isFinite(range)) return scores.map((s) => clamp01((s - min) / range));
  // max − min overflows for scores near ±1.8e308; halving is exact there and keeps the ratio.
  const halfRange = max / 2 - min / 2;
  return scores.map((s) => clamp01((s / 2 - min / 2) / halfRange));
}

/**
 * Z-score squashed to [0, 1]: z = (s − mean) / std (population std), then the logistic 1 / (1 + e^−z).
 * The list's mean maps to 0.5, one std above to ≈ 0.73; unlike min–max, one outlier does not squeeze
 * every other item towards 0.
 *
 * Edge cases:
 * - empty list → `[]`;
 * - constant non-empty list (including a single item) → all `0.5`. Every item sits exactly at the
 *   list's mean, which is what 0.5 means for every other list, so 0.5 is the value the formula tends
 *   to, not a special case that would rank a lone hit above the best item of a real list.
 * - a non-finite score → INVALID_INPUT.
 */
export function zScore(scores: readonly number[]): number[] {
  assertFinite("zScore", scores);
  if (scores.length === 0) return [];
  const { min, max } = extremes(scores);
  // Compare the scores themselves: a computed std of a constant list can be a tiny non-zero rounding error.
  if (min === max) return scores.map(() => 0.5);
  // z-scores are scale-invariant; dividing by the largest magnitude first keeps sums and squares
  // from overflowing (or underflowing) whatever the channel's scale.
  const scale = Math.max(Math.abs(min), Math.abs(max));
  const xs = scores.map((s) => s / scale);
  const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / xs.length;
  const std = Math.sqrt(variance);
  return xs.map((x) => clamp01(1 / (1 + Math.exp(-(x - mean) / std))));
}

/** Dispatches on a profile's normalisation name. */
export function normalize(scores: readonly number[], method: Normalization): number[] {
  return method === "minmax" ? minMax(scores) : zScore(scores);
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
