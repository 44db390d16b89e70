import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../../src/core/errors.js";
import { minMax, normalize, zScore } from "../../../src/fuse/normalize.js";

const logistic = (z: number): number => 1 / (1 + Math.exp(-z));

describe("minMax", () => {
  it("maps the best to 1, the worst to 0 and the rest linearly, in input order", () => {
    expect(minMax([0.9, 0.5, 0.1])).toEqual([1, 0.5, 0]);
    expect(minMax([2, 10, 4])).toEqual([0, 1, 0.25]);
    expect(minMax([-1, 1, 0])).toEqual([0, 1, 0.5]);
  });

  it("returns [] for an empty list and 1 for every item of a constant list", () => {
    expect(minMax([])).toEqual([]);
    expect(minMax([7])).toEqual([1]);
    expect(minMax([0, 0, 0])).toEqual([1, 1, 1]);
    expect(minMax([-3.5, -3.5])).toEqual([1, 1]);
  });

  it("stays finite when max − min overflows", () => {
    expect(minMax([-Number.MAX_VALUE, 0, Number.MAX_VALUE])).toEqual([0, 0.5, 1]);
  });

  it("refuses non-finite scores with INVALID_INPUT", () => {
    expect(() => minMax([1, Number.NaN])).toThrow(InvalidInputError);
    expect(() => minMax([Infinity])).toThrow(/index 0 is Infinity/);
  });
});

describe("zScore", () => {
  it("squashes (s − mean) / std with a logistic (hand-checked)", () => {
    // mean 2, population std √(2/3) ≈ 0.8165 → z ≈ −1.2247, 0, 1.2247
    const z = 1 / Math.sqrt(2 / 3);
    const out = zScore([1, 2, 3]);
    expect(out[0]).toBeCloseTo(logistic(-z), 12);
    expect(out[1]).toBeCloseTo(0.5, 12);
    expect(out[2]).toBeCloseTo(logistic(z), 12);
    expect(out[0]).toBeCloseTo(0.2271, 4);
    expect(out[2]).toBeCloseTo(0.7729, 4);
  });

  it("is scale- and shift-invariant", () => {
    const a = zScore([1, 2, 3, 10]);
    const b = zScore([1000, 2000, 3000, 10000].map((x) => x - 5));
    a.forEach((x, i) => expect(b[i]).toBeCloseTo(x, 10));
  });

  it("returns [] for an empty list and 0.5 (the mean) for a constant list", () => {
    expect(zScore([])).toEqual([]);
    expect(zScore([4])).toEqual([0.5]);
    expect(zScore([0.1, 0.1, 0.1])).toEqual([0.5, 0.5, 0.5]);
  });

  it("stays in [0, 1] at the extremes of the double range", () => {
    for (const x of zScore([-Number.MAX_VALUE, Number.MAX_VALUE, 5e-324, 0])) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
  });

  it("refuses non-finite scores", () => {
    expect(() => zScore([1, -Infinity])).toThrow(InvalidInputError);
  });
});

describe("normalize", () => {
  it("dispatches on the profile's normalisation name", () => {
    expect(normalize([1, 3], "minmax")).toEqual([0, 1]);
    const [lo, hi] = normalize([1, 3], "zscore");
    expect(lo).toBeCloseTo(logistic(-1), 12);
    expect(hi).toBeCloseTo(logistic(1), 12);
  });
});
