import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../../src/core/errors.js";
import { createRng } from "../../../src/core/rng.js";
import { pairedBootstrapCi, pairedRandomizationTest, winsLosses } from "../../../src/eval/significance.js";

function uniform(n: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
}

function plusNoise(xs: readonly number[], shift: number, sd: number, seed: number): number[] {
  const rng = createRng(seed);
  return xs.map((x) => x + shift + sd * rng.normal());
}

/** Exact two-sided sign-flip p over all 2^n patterns, for checking the sampled one. */
function exactP(a: readonly number[], b: readonly number[]): number {
  const d = a.map((x, i) => b[i]! - x);
  const observed = Math.abs(d.reduce((s, x) => s + x, 0));
  let count = 0;
  const patterns = 2 ** d.length;
  for (let mask = 0; mask < patterns; mask++) {
    let s = 0;
    for (let i = 0; i < d.length; i++) s += mask & (1 << i) ? -d[i]! : d[i]!;
    if (Math.abs(s) >= observed - 1e-12) count++;
  }
  return count / patterns;
}

describe("pairedRandomizationTest", () => {
  const a = uniform(50, 11);

  it("finds a clearly better system significant (p < 0.01)", () => {
    const b = plusNoise(a, 0.1, 0.05, 12);
    const { meanDiff, p } = pairedRandomizationTest(a, b);
    expect(meanDiff).toBeGreaterThan(0.08);
    expect(meanDiff).toBeLessThan(0.12);
    expect(p).toBeLessThan(0.01);
    // Nothing beats the observed sum, so p is the floor 1 / (rounds + 1).
    expect(p).toBe(1 / 10_001);
  });

  it("is symmetric: swapping the systems flips the sign, not p", () => {
    const b = plusNoise(a, 0.02, 0.1, 13);
    const ab = pairedRandomizationTest(a, b, { seed: 5 });
    const ba = pairedRandomizationTest(b, a, { seed: 5 });
    expect(ba.meanDiff).toBeCloseTo(-ab.meanDiff, 12);
    expect(ba.p).toBe(ab.p);
  });

  it("gives p = 1 and meanDiff 0 for identical systems", () => {
    expect(pairedRandomizationTest(a, a.slice())).toEqual({ meanDiff: 0, p: 1 });
    expect(pairedRandomizationTest([0.3], [0.3])).toEqual({ meanDiff: 0, p: 1 });
  });

  it("does not call small zero-mean noise significant (p > 0.05)", () => {
    const b = plusNoise(a, 0, 0.05, 14);
    expect(pairedRandomizationTest(a, b).p).toBeGreaterThan(0.05);
  });

  it("rejects about 5% of null comparisons at 0.05 (calibrated, not just conservative)", () => {
    let rejected = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const x = uniform(30, 1000 + t);
      const y = plusNoise(x, 0, 0.1, 5000 + t);
      if (pairedRandomizationTest(x, y, { rounds: 1000, seed: t }).p < 0.05) rejected++;
    }
    expect(rejected / trials).toBeGreaterThan(0.01);
    expect(rejected / trials).toBeLessThan(0.1);
  });

  it("agrees with the exact permutation p on a small case", () => {
    const x = uniform(10, 21);
    const y = plusNoise(x, 0.03, 0.06, 22);
    const exact = exactP(x, y);
    expect(exact).toBeGreaterThan(0.05);
    expect(exact).toBeLessThan(0.9);
    expect(pairedRandomizationTest(x, y, { rounds: 40_000 }).p).toBeCloseTo(exact, 2);
    // Three equal positive differences: only the 2 all-same-sign patterns of 8 are as extreme.
    expect(pairedRandomizationTest([0, 0, 0], [1, 1, 1], { rounds: 40_000 }).p).toBeCloseTo(0.25, 2);
  });

  it("is reproducible for a seed and varies only by sampling error across seeds", () => {
    const b = plusNoise(a, 0.01, 0.08, 15);
    const first = pairedRandomizationTest(a, b, { seed: 42 });
    expect(pairedRandomizationTest(a, b, { seed: 42 })).toEqual(first);
    const other = pairedRandomizationTest(a, b, { seed: 43 });
    expect(other.p).not.toBe(first.p);
    expect(Math.abs(other.p - first.p)).toBeLessThan(0.03);
    expect(other.meanDiff).toBe(first.meanDiff);
  });

  it("rejects mismatched, empty or non-finite input and bad rounds", () => {
    expect(() => pairedRandomizationTest([1, 2], [1])).toThrow(InvalidInputError);
    expect(() => pairedRandomizationTest([1, 2], [1])).toThrow(/2 baseline values but 1/);
    expect(() => pairedRandomizationTest([], [])).toThrow(/no paired values/);
    expect(() => pairedRandomizationTest([NaN], [1])).toThrow(/finite/);
    expect(() => pairedRandomizationTest([1], [2], { rounds: 0 })).toThrow(/rounds/);
    expect(() => pairedRandomizationTest([1], [2], { rounds: 1.5 })).toThrow(/rounds/);
  });
});

describe("pairedBootstrapCi", () => {
  const a = uniform(60, 31);

  it("contains the true mean difference and excludes 0 for a clear shift", () => {
    // Noise ±0.04 alternating: the true (and observed) mean difference is exactly 0.05.
    const b = a.map((x, i) => x + 0.05 + (i % 2 === 0 ? 0.04 : -0.04));
    const { lo, hi } = pairedBootstrapCi(a, b);
    expect(lo).toBeLessThan(0.05);
    expect(hi).toBeGreaterThan(0.05);
    expect(lo).toBeGreaterThan(0);
    // Standard error = 0.04 / sqrt(60) ≈ 0.0052, so a 95% interval is about ±0.010 wide.
    expect(hi - lo).toBeGreaterThan(0.015);
    expect(hi - lo).toBeLessThan(0.026);
  });

  it("collapses to the difference when every query differs by the same amount", () => {
    const b = a.map((x) => x + 0.25);
    const { lo, hi } = pairedBootstrapCi(a, b);
    expect(lo).toBeCloseTo(0.25, 12);
    expect(hi).toBeCloseTo(0.25, 12);
    expect(pairedBootstrapCi(a, a)).toEqual({ lo: 0, hi: 0 });
  });

  it("widens with the level and is reproducible by seed", () => {
    const b = plusNoise(a, 0.02, 0.1, 32);
    const narrow = pairedBootstrapCi(a, b, { level: 0.5 });
    const wide = pairedBootstrapCi(a, b, { level: 0.99 });
    expect(wide.lo).toBeLessThan(narrow.lo);
    expect(wide.hi).toBeGreaterThan(narrow.hi);
    expect(pairedBootstrapCi(a, b, { seed: 9 })).toEqual(pairedBootstrapCi(a, b, { seed: 9 }));
  });

  it("rejects bad input and levels outside (0, 1)", () => {
    expect(() => pairedBootstrapCi([1], [1, 2])).toThrow(InvalidInputError);
    expect(() => pairedBootstrapCi([], [])).toThrow(InvalidInputError);
    expect(() => pairedBootstrapCi([1], [2], { level: 1 })).toThrow(/level/);
    expect(() => pairedBootstrapCi([1], [2], { level: 0 })).toThrow(/level/);
    expect(() => pairedBootstrapCi([1], [2], { level: NaN })).toThrow(/level/);
  });
});

describe("winsLosses", () => {
  it("counts b better as a win, worse as a loss, within epsilon as a tie", () => {
    expect(winsLosses([0.5, 0.5, 0.5, 0.5], [0.7, 0.3, 0.5, 0.5 + 1e-12])).toEqual({ wins: 1, losses: 1, ties: 2 });
    expect(winsLosses([0, 0], [0.05, -0.05], 0.1)).toEqual({ wins: 0, losses: 0, ties: 2 });
  });

  it("rejects mismatched or empty input", () => {
    expect(() => winsLosses([1], [])).toThrow(InvalidInputError);
    expect(() => winsLosses([], [])).toThrow(InvalidInputError);
  });
});
