/**
 * Principal component analysis for the static-model distillation: covariance (cols × cols) of the
 * centred rows, then a full symmetric eigendecomposition (Householder tridiagonalisation + implicit
 * QL, the JAMA/EISPACK tred2/tql2 pair). With cols = 512 that is ~0.2 s and exact, so no need for
 * randomized or iterative methods, and the result is deterministic (no rng).
 */
import { InvalidInputError, TalentgraphError } from "../core/errors.js";

/** A fitted PCA. */
export interface PcaModel {
  /** Input dimensionality. */
  cols: number;
  /** Number of components kept. */
  k: number;
  /** Column means that were subtracted (length cols). */
  mean: Float64Array;
  /** Principal directions, row-major k × cols, unit length, by decreasing variance. */
  components: Float64Array;
  /** Variance along each kept direction (length k, decreasing). */
  eigenvalues: Float64Array;
  /** Share of total variance the kept components explain, in [0, 1]. */
  explainedVarianceRatio: number;
}

/**
 * Fits PCA to `rows` × `cols` row-major data, keeping `k` components (1 ≤ k ≤ cols).
 * Each component's sign is fixed so its largest-magnitude entry is positive (deterministic output).
 */
export function fitPca(data: Float32Array | Float64Array, rows: number, cols: number, k: number): PcaModel {
  if (data.length !== rows * cols) {
    throw new InvalidInputError(`fitPca: data has ${data.length} values, expected ${rows}×${cols}`);
  }
  if (!(k >= 1 && k <= cols) || rows < 2) {
    throw new InvalidInputError(`fitPca: need 2+ rows and 1 ≤ k ≤ ${cols} (got rows=${rows}, k=${k})`);
  }
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let c = 0; c < cols; c++) mean[c] = (mean[c] as number) + (data[off + c] as number);
  }
  for (let c = 0; c < cols; c++) mean[c] = (mean[c] as number) / rows;

  // Upper triangle of XᵀX, four centred rows at a time: a quarter of the loads/stores on `cov`,
  // which is what bounds this loop (30k × 512 rows takes a few seconds instead of ~10).
  const cov = new Float64Array(cols * cols);
  const x0 = new Float64Array(cols);
  const x1 = new Float64Array(cols);
  const x2 = new Float64Array(cols);
  const x3 = new Float64Array(cols);
  const centre = (r: number, x: Float64Array): void => {
    if (r >= rows) {
      x.fill(0);
      return;
    }
    const off = r * cols;
    for (let c = 0; c < cols; c++) x[c] = (data[off + c] as number) - (mean[c] as number);
  };
  for (let r = 0; r < rows; r += 4) {
    centre(r, x0);
    centre(r + 1, x1);
    centre(r + 2, x2);
    centre(r + 3, x3);
    for (let i = 0; i < cols; i++) {
      const a0 = x0[i] as number;
      const a1 = x1[i] as number;
      const a2 = x2[i] as number;
      const a3 = x3[i] as number;
      const base = i * cols;
      for (let j = i; j < cols; j++) {
        cov[base + j] =
          (cov[base + j] as number) +
          a0 * (x0[j] as number) +
          a1 * (x1[j] as number) +
          a2 * (x2[j] as number) +
          a3 * (x3[j] as number);
      }
    }
  }
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      const v = (cov[i * cols + j] as number) / (rows - 1);
      cov[i * cols + j] = v;
      cov[j * cols + i] = v;
    }
  }

  const { values, vectors } = symmetricEigen(cov, cols);
  const components = new Float64Array(k * cols);
  const eigenvalues = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < cols; i++) total += Math.max(0, values[i] as number);
  let kept = 0;
  for (let t = 0; t < k; t++) {
    const col = cols - 1 - t; // ascending order from tql2, so take from the end
    eigenvalues[t] = values[col] as number;
    kept += Math.max(0, values[col] as number);
    let maxAbs = 0;
    let sign = 1;
    for (let r = 0; r < cols; r++) {
      const v = vectors[r * cols + col] as number;
      if (Math.abs(v) > maxAbs) {
        maxAbs = Math.abs(v);
        sign = v < 0 ? -1 : 1;
      }
    }
    for (let r = 0; r < cols; r++) components[t * cols + r] = sign * (vectors[r * cols + col] as number);
  }
  return { cols, k, mean, components, eigenvalues, explainedVarianceRatio: total > 0 ? kept / total : 0 };
}

/** Centres and projects `rows` row-major vectors onto the model's components: rows × k float32. */
export function projectPca(model: PcaModel, data: Float32Array | Float64Array, rows: number): Float32Array {
  const { cols, k, mean, components } = model;
  const out = new Float32Array(rows * k);
  // Four rows per pass over the components: each component entry loaded once serves four dot products.
  const xs = [0, 1, 2, 3].map(() => new Float64Array(cols));
  const [x0, x1, x2, x3] = xs as [Float64Array, Float64Array, Float64Array, Float64Array];
  for (let r = 0; r < rows; r += 4) {
    xs.forEach((x, q) => {
      if (r + q >= rows) return x.fill(0);
      const off = (r + q) * cols;
      for (let c = 0; c < cols; c++) x[c] = (data[off + c] as number) - (mean[c] as number);
      return x;
    });
    for (let t = 0; t < k; t++) {
      const base = t * cols;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let c = 0; c < cols; c++) {
        const w = components[base + c] as number;
        s0 += (x0[c] as number) * w;
        s1 += (x1[c] as number) * w;
        s2 += (x2[c] as number) * w;
        s3 += (x3[c] as number) * w;
      }
      out[r * k + t] = s0;
      if (r + 1 < rows) out[(r + 1) * k + t] = s1;
      if (r + 2 < rows) out[(r + 2) * k + t] = s2;
      if (r + 3 < rows) out[(r + 3) * k + t] = s3;
    }
  }
  return out;
}

/**
 * Eigendecomposition of a symmetric n × n matrix (row-major): eigenvalues ascending, eigenvectors
 * as the columns of `vectors` (row-major n × n). The input is not modified.
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const V = Float64Array.from(matrix);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(V, d, e, n);
  tql2(V, d, e, n);
  return { values: d, vectors: V };
}

// Householder reduction to tridiagonal form (JAMA, public domain). `a` holds V[i][j] at i*n+j.
function tred2(a: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = (a[(n - 1) * n + j] as number);
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs((d[k] as number));
    if (scale === 0) {
      e[i] = (d[i - 1] as number);
      for (let j = 0; j < i; j++) {
        d[j] = (a[(i - 1) * n + j] as number);
        a[i * n + j] = 0;
        a[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] = (d[k] as number) / scale;
        h += (d[k] as number) * (d[k] as number);
      }
      let f = (d[i - 1] as number);
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = (d[j] as number);
        a[j * n + i] = f;
        g = (e[j] as number) + (a[j * n + j] as number) * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += (a[k * n + j] as number) * (d[k] as number);
          e[k] = (e[k] as number) + (a[k * n + j] as number) * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] = (e[j] as number) / h;
        f += (e[j] as number) * (d[j] as number);
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = (e[j] as number) - hh * (d[j] as number);
      for (let j = 0; j < i; j++) {
        f = (d[j] as number);
        g = (e[j] as number);
        for (let k = j; k <= i - 1; k++) a[k * n + j] = (a[k * n + j] as number) - (f * (e[k] as number) + g * (d[k] as number));
        d[j] = (a[(i - 1) * n + j] as number);
        a[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    a[(n - 1) * n + i] = (a[i * n + i] as number);
    a[i * n + i] = 1;
    const h = (d[i + 1] as number);
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = (a[k * n + i + 1] as number) / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += (a[k * n + i + 1] as number) * (a[k * n + j] as number);
        for (let k = 0; k <= i; k++) a[k * n + j] = (a[k * n + j] as number) - g * (d[k] as number);
      }
    }
    for (let k = 0; k <= i; k++) a[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = (a[(n - 1) * n + j] as number);
    a[(n - 1) * n + j] = 0;
  }
  a[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

// Symmetric tridiagonal QL with implicit shifts (JAMA); sorts eigenpairs ascending.
function tql2(a: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  const D = (i: number): number => d[i] as number;
  const E = (i: number): number => e[i] as number;
  for (let i = 1; i < n; i++) e[i - 1] = E(i);
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(D(l)) + Math.abs(E(l)));
    let m = l;
    while (m < n - 1 && Math.abs(E(m)) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 100) throw new TalentgraphError("INTERNAL", "symmetricEigen: QL iteration did not converge");
        let g = D(l);
        let p = (D(l + 1) - g) / (2 * E(l));
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = E(l) / (p + r);
        d[l + 1] = E(l) * (p + r);
        const dl1 = D(l + 1);
        let h = g - D(l);
        for (let i = l + 2; i < n; i++) d[i] = D(i) - h;
        f += h;
        p = D(m);
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = E(l + 1);
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * E(i);
          h = c * p;
          r = Math.hypot(p, E(i));
          e[i + 1] = s * r;
          s = E(i) / r;
          c = p / r;
          p = c * D(i) - s * g;
          d[i + 1] = h + s * (c * g + s * D(i));
          for (let k = 0; k < n; k++) {
            const row = k * n;
            const hk = a[row + i + 1] as number;
            const vi = a[row + i] as number;
            a[row + i + 1] = s * vi + c * hk;
            a[row + i] = c * vi - s * hk;
          }
        }
        p = (-s * s2 * c3 * el1 * E(l)) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(E(l)) > eps * tst1);
    }
    d[l] = D(l) + f;
    e[l] = 0;
  }
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = D(i);
    for (let j = i + 1; j < n; j++) {
      if (D(j) < p) {
        k = j;
        p = D(j);
      }
    }
    if (k !== i) {
      d[k] = D(i);
      d[i] = p;
      for (let j = 0; j < n; j++) {
        const row = j * n;
        const t = a[row + i] as number;
        a[row + i] = a[row + k] as number;
        a[row + k] = t;
      }
    }
  }
}
