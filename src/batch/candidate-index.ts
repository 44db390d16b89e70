/**
 * An exact, in-memory view of the batch's candidate universe over a stored vector index.
 *
 * Why: every freelancer's recommendJobs ranks the same few open jobs (those posted since the
 * cut-off, ~1k of 20k at 100k demo freelancers), and the pipeline asks the jobs index for them
 * through a filter callback. hnswlib then walks its graph calling back into JS for every node it
 * visits (~10–20 ms a search at ef 768), and `get()` copies a point out of hnswlib (~25 µs). Here
 * the universe's stored vectors are copied once into one Float32Array, so a filtered search is an
 * exact scan of ~1k dot products (~0.3 ms) and `get()` a slice.
 *
 * Same ranking, not a second one: the pipeline, its channels, fusion and profile are untouched;
 * the vector index they call answers exactly (recall 1) what HNSW approximates (recall ~0.97).
 * Precondition, which the batch guarantees: every filtered search made through this view uses a
 * filter that admits only universe ids (the pipeline's allow-list is the batch's own job filter
 * plus exclusions). Unfiltered searches, and `get()` of other ids, go to the underlying index.
 */
import { TalentgraphError } from "../core/errors.js";
import type { VectorHit, VectorIndex, VectorSearchOptions } from "../vector/vector-index.js";

export interface CandidateVectors {
  /** Universe ids, ascending by code unit (so index order is the id tiebreak order). */
  readonly ids: readonly string[];
  /** The unit-norm stored vector of a universe id (a copy), or undefined. */
  vector(id: string): Float32Array | undefined;
}

/**
 * Copies the stored vectors of `ids` (those the index has) out of `index`, normalised to unit length.
 * Ids must be sorted ascending by code unit (as `CompiledFilter.ids()` returns them).
 */
export function loadCandidateVectors(index: VectorIndex, ids: readonly string[]): CandidateVectors & { readonly matrix: Float32Array; position(id: string): number | undefined } {
  const d = index.dimensions;
  const kept: string[] = [];
  const rows: Float32Array[] = [];
  for (const id of ids) {
    const v = index.get(id);
    if (v === undefined) continue;
    kept.push(id);
    rows.push(v);
  }
  const matrix = new Float32Array(kept.length * d);
  rows.forEach((v, i) => {
    let s = 0;
    for (const x of v) s += x * x;
    const r = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < d; j++) matrix[i * d + j] = (v[j] ?? 0) * r;
  });
  const position = new Map(kept.map((id, i) => [id, i]));
  return {
    ids: kept,
    matrix,
    position: (id) => position.get(id),
    vector(id) {
      const i = position.get(id);
      return i === undefined ? undefined : matrix.slice(i * d, (i + 1) * d);
    },
  };
}

/** The view described in the module comment, over `base` with the universe `candidates`. */
export function createCandidateIndex(base: VectorIndex, candidates: ReturnType<typeof loadCandidateVectors>): VectorIndex {
  const d = base.dimensions;
  const { ids, matrix } = candidates;
  const n = ids.length;
  const scores = new Float64Array(n);
  const readOnly = (op: string): never => {
    throw new TalentgraphError("INTERNAL", `CandidateIndex.${op}: the batch's candidate view is read-only`);
  };

  /** Exact top-k over the universe ids passing `filter`: score desc, then id asc (= index asc). */
  const exactSearch = (query: Float32Array, k: number, filter: (id: string) => boolean): VectorHit[] => {
    let qq = 0;
    for (const x of query) qq += x * x;
    const scale = qq > 0 ? 1 / Math.sqrt(qq) : 0;
    const heap = new MinHeap(k, scores);
    const q = query;
    for (let i = 0; i < n; i++) {
      const off = i * d;
      // Four accumulators: shorter dependency chains, ~2× faster than one in V8.
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let j = 0;
      for (; j + 3 < d; j += 4) {
        a0 += (matrix[off + j] as number) * (q[j] as number);
        a1 += (matrix[off + j + 1] as number) * (q[j + 1] as number);
        a2 += (matrix[off + j + 2] as number) * (q[j + 2] as number);
        a3 += (matrix[off + j + 3] as number) * (q[j + 3] as number);
      }
      for (; j < d; j++) a0 += (matrix[off + j] as number) * (q[j] as number);
      const dot = a0 + a1 + a2 + a3;
      // Clamp like the HNSW adapter: rounding can push a perfect match a hair past 1.
      scores[i] = Math.min(1, Math.max(-1, dot * scale));
      // Score first: the filter is a closure over maps, the dominant cost per id.
      if (heap.wouldAccept(i) && filter(ids[i] as string)) heap.offer(i);
    }
    return heap.sorted().map((i) => ({ id: ids[i] as string, score: scores[i] as number }));
  };

  return {
    modelId: base.modelId,
    dimensions: d,
    size: () => base.size(),
    deletedCount: () => base.deletedCount(),
    has: (id) => base.has(id),
    get: (id) => candidates.vector(id) ?? base.get(id),
    search(query: Float32Array, k: number, options: VectorSearchOptions = {}): VectorHit[] {
      if (options.filter === undefined || k <= 0) return base.search(query, k, options);
      if (query.length !== d) return base.search(query, k, options); // let the adapter raise DIMENSION_MISMATCH
      return exactSearch(query, k, options.filter);
    },
    upsert: () => readOnly("upsert"),
    remove: () => readOnly("remove"),
    save: () => Promise.reject(new TalentgraphError("INTERNAL", "CandidateIndex.save: the batch's candidate view is read-only")),
    manifest: () => base.manifest(),
  };
}

/**
 * The best `k` indexes by `scores` (desc), ties by index (asc), as a binary heap whose root is the
 * worst kept. Indexes arrive in ascending order, so on a tie the newcomer is the worse one.
 */
class MinHeap {
  private readonly heap: number[] = [];
  constructor(
    private readonly k: number,
    private readonly scores: Float64Array,
  ) {}

  /** a is worse than b. */
  private worse(a: number, b: number): boolean {
    const sa = this.scores[a] as number;
    const sb = this.scores[b] as number;
    return sa < sb || (sa === sb && a > b);
  }

  wouldAccept(i: number): boolean {
    return this.heap.length < this.k || this.worse(this.heap[0] as number, i);
  }

  offer(i: number): void {
    const h = this.heap;
    if (h.length < this.k) {
      h.push(i);
      let c = h.length - 1;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!this.worse(h[c] as number, h[p] as number)) break;
        [h[c], h[p]] = [h[p] as number, h[c] as number];
        c = p;
      }
      return;
    }
    h[0] = i;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      const r = l + 1;
      let w = c;
      if (l < h.length && this.worse(h[l] as number, h[w] as number)) w = l;
      if (r < h.length && this.worse(h[r] as number, h[w] as number)) w = r;
      if (w === c) return;
      [h[c], h[w]] = [h[w] as number, h[c] as number];
      c = w;
    }
  }

  sorted(): number[] {
    return this.heap.slice().sort((a, b) => (this.worse(a, b) ? 1 : this.worse(b, a) ? -1 : 0));
  }
}
