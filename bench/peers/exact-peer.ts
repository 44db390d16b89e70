/**
 * Exact brute-force cosine search over every stored vector: the recall ceiling (1.0 by definition)
 * and the speed floor any index has to beat. Vectors are L2-normalised once, so a query is one dot
 * product per document; ties are broken by id.
 */
import { compareIds } from "../../src/core/order.js";
import type { RankedItem } from "../../src/eval/metrics.js";
import type { Corpus } from "./corpus.js";
import { timed, type PeerSystem } from "./peer-index.js";

export const exactPeer: PeerSystem = {
  name: "exact",
  modes: ["vector"],
  setup: "brute-force cosine over a normalised Float32Array, single thread, ties by id",
  cannot: ["no keyword search, no hybrid, no filters: a yardstick, not a search engine"],
  async build(corpus: Corpus) {
    const phases: Record<string, number> = {};
    const { dims, ids } = corpus;
    const matrix = await timed(phases, "normalise", () => Promise.resolve(normalised(corpus.vectors, dims)));
    return {
      phases,
      index: {
        search(_mode, _text, vector, k) {
          return Promise.resolve(exactTopK(matrix, ids, dims, vector, k));
        },
        close: () => Promise.resolve(),
      },
    };
  },
};

function normalised(vectors: Float32Array, dims: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let off = 0; off < vectors.length; off += dims) {
    let s = 0;
    for (let d = 0; d < dims; d++) s += (vectors[off + d] ?? 0) ** 2;
    const inv = s === 0 ? 0 : 1 / Math.sqrt(s);
    for (let d = 0; d < dims; d++) out[off + d] = (vectors[off + d] ?? 0) * inv;
  }
  return out;
}

/** Exact top-k by cosine (a bounded min-heap would be faster; an insertion list is plenty for k ≤ 100). */
export function exactTopK(matrix: Float32Array, ids: readonly string[], dims: number, query: Float32Array, k: number): RankedItem[] {
  let qn = 0;
  for (let d = 0; d < dims; d++) qn += (query[d] ?? 0) ** 2;
  const q = new Float32Array(dims);
  const inv = qn === 0 ? 0 : 1 / Math.sqrt(qn);
  for (let d = 0; d < dims; d++) q[d] = (query[d] ?? 0) * inv;
  const best: Array<{ i: number; s: number }> = [];
  let floor = -Infinity;
  const n = ids.length;
  for (let i = 0; i < n; i++) {
    let dot = 0;
    const off = i * dims;
    for (let d = 0; d < dims; d++) dot += matrix[off + d]! * q[d]!;
    if (best.length === k && dot < floor) continue;
    best.push({ i, s: dot });
    best.sort((a, b) => b.s - a.s || compareIds(ids[a.i]!, ids[b.i]!));
    if (best.length > k) best.pop();
    if (best.length === k) floor = best[k - 1]!.s;
  }
  return best.map((b) => ({ id: ids[b.i]!, score: b.s }));
}
