import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/core/rng.js";
import { fitPca, projectPca, symmetricEigen } from "../../../src/embed/pca.js";

/** Rows = mean + Σ_k sqrt(var_k)·z·dir_k + small noise, with known orthonormal dirs. */
function synthetic(rows: number, cols: number, dirs: number[][], variances: number[], seed: number): Float64Array {
  const rng = createRng(seed);
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = 3 + 0.01 * rng.normal();
    dirs.forEach((d, k) => {
      const z = Math.sqrt(variances[k] as number) * rng.normal();
      for (let c = 0; c < cols; c++) data[r * cols + c] = (data[r * cols + c] as number) + z * (d[c] as number);
    });
  }
  return data;
}

describe("symmetricEigen", () => {
  it("satisfies A·v = λ·v with orthonormal vectors, eigenvalues ascending", () => {
    const n = 40;
    const rng = createRng(7);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const v = rng.normal();
        a[i * n + j] = v;
        a[j * n + i] = v;
      }
    }
    const { values, vectors } = symmetricEigen(a, n);
    for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1] as number);
    for (let c = 0; c < n; c++) {
      for (let r = 0; r < n; r++) {
        let av = 0;
        for (let q = 0; q < n; q++) av += (a[r * n + q] as number) * (vectors[q * n + c] as number);
        expect(av).toBeCloseTo((values[c] as number) * (vectors[r * n + c] as number), 9);
      }
      for (let c2 = 0; c2 < n; c2++) {
        let dot = 0;
        for (let r = 0; r < n; r++) dot += (vectors[r * n + c] as number) * (vectors[r * n + c2] as number);
        expect(dot).toBeCloseTo(c === c2 ? 1 : 0, 9);
      }
    }
  });

  it("diagonalises a diagonal matrix to its entries", () => {
    const { values } = symmetricEigen(new Float64Array([3, 0, 0, 0, 1, 0, 0, 0, 2]), 3);
    expect(Array.from(values)).toEqual([1, 2, 3].map((x) => expect.closeTo(x, 12) as unknown as number));
  });
});

describe("fitPca", () => {
  const cols = 6;
  const s = Math.SQRT1_2;
  const dirs = [
    [s, s, 0, 0, 0, 0],
    [0, 0, 0.6, 0.8, 0, 0],
  ];

  it("recovers known principal directions and variances, strongest first", () => {
    const data = synthetic(4000, cols, dirs, [25, 4], 1);
    const pca = fitPca(data, 4000, cols, 2);
    for (let k = 0; k < 2; k++) {
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += (pca.components[k * cols + c] as number) * (dirs[k]?.[c] as number);
      expect(Math.abs(dot)).toBeGreaterThan(0.999);
    }
    expect(pca.eigenvalues[0]).toBeCloseTo(25, -0.3); // within ~1 (sampling error)
    expect(pca.eigenvalues[1]).toBeCloseTo(4, 0);
    expect(pca.explainedVarianceRatio).toBeGreaterThan(0.99);
    for (let c = 0; c < cols; c++) expect(pca.mean[c]).toBeCloseTo(3, 0);
  });

  it("projects centred data onto the components (mean maps to the origin)", () => {
    const data = synthetic(3000, cols, dirs, [9, 1], 2);
    const pca = fitPca(data, 3000, cols, 2);
    const projected = projectPca(pca, pca.mean, 1);
    expect(Math.abs(projected[0] as number)).toBeLessThan(1e-9);
    // A point one unit along the first direction from the mean projects to ±1 on component 0.
    const point = Float64Array.from(pca.mean, (m, c) => m + (dirs[0]?.[c] as number));
    const [p0, p1] = projectPca(pca, point, 1);
    expect(Math.abs(p0 as number)).toBeCloseTo(1, 2);
    expect(Math.abs(p1 as number)).toBeLessThan(0.05); // sampling error only
  });

  it("is deterministic, signs included", () => {
    const data = synthetic(300, cols, dirs, [9, 1], 3);
    expect(fitPca(data, 300, cols, 2).components).toEqual(fitPca(data, 300, cols, 2).components);
  });

  it("rejects a shape mismatch and k out of range", () => {
    expect(() => fitPca(new Float64Array(10), 3, 3, 1)).toThrow(/expected 3×3/);
    expect(() => fitPca(new Float64Array(9), 3, 3, 4)).toThrow(/k ≤ 3/);
  });
});
