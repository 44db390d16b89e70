/**
 * Port: turns texts into unit-length vectors, locally.
 */
export interface Embedder {
  /** Stable identifier of the model (folder name or hub id plus a content fingerprint). Stored in index manifests. */
  readonly modelId: string;
  /** Length of every vector `embed` returns. */
  readonly dimensions: number;
  /**
   * Embeds texts in order. Each returned vector has `dimensions` entries and L2 norm 1
   * (or all zeros for a text with no known tokens). Empty input gives an empty array.
   * Callers batch; implementations may split further.
   */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Frees native resources. Idempotent. */
  close(): Promise<void>;
}

/** Cosine similarity of two vectors, in [-1, 1]; 0 when either is all zeros. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}

/** Scales a vector to unit L2 norm in place; leaves an all-zero vector as is. */
export function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  if (s === 0) return v;
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * inv;
  return v;
}
