/**
 * The vector channel: cosine similarity between the query's vector (its embedding, or the source
 * record's stored vector) and the target kind's vectors. Unfiltered and broadly filtered queries
 * walk the HNSW graph (with the allow-list as hnswlib's filter callback); a selective filter is
 * scored exactly over the allowed ids instead, because a filtered graph walk loses recall and time
 * when few nodes pass (DESIGN.md anchors; numbers in `EXACT_SCAN_THRESHOLD`).
 */
import { performance } from "node:perf_hooks";
import type { VectorKind } from "../core/records.js";
import type { VectorIndex } from "../vector/vector-index.js";
import { rankCandidates, type ChannelResult, type QueryContext, type Retriever } from "./retriever.js";

/**
 * Allowed-set size at or below which the channel scores the allowed ids exactly (when the context
 * lists them, `ctx.allowedIds`). Measured at 100k × 256-d, depth 10, 2 loaded cores
 * (bench/filters-scratch.ts; p50 exact vs filtered HNSW): 112 ids 6 vs 206 ms, 506 ids 26 vs 117 ms,
 * 1,020 ids 94 vs 92 ms, 2,025 ids 139 vs 33 ms. Exact costs ~50–90 µs per id there (hnswlib getPoint
 * dominates), so the crossover is ~1,000 ids (1% of 100k); below it exact is faster and recall is 1.
 */
export const EXACT_SCAN_THRESHOLD = 1000;

export interface VectorRetrieverOptions {
  /** One index per entity kind; the channel searches `indexes[ctx.target]`. */
  indexes: Record<VectorKind, VectorIndex>;
  /** Allowed-set size at or below which scoring is exact; ≥ 0, default EXACT_SCAN_THRESHOLD. */
  exactThreshold?: number;
  /** HNSW search breadth; default the index's own (raised to the depth). */
  ef?: number;
}

/** Creates the vector channel. Trace: `{channel: "vector", cosine}` with cosine in [-1, 1]. */
export function createVectorRetriever(options: VectorRetrieverOptions): Retriever {
  const threshold = options.exactThreshold ?? EXACT_SCAN_THRESHOLD;
  return {
    channel: "vector",
    retrieve(ctx: QueryContext, depth: number): Promise<ChannelResult> {
      const started = performance.now();
      const done = (hits: Array<{ id: string; score: number }>, note?: string): Promise<ChannelResult> =>
        Promise.resolve({
          channel: "vector",
          candidates: rankCandidates(
            hits.map((h) => ({ id: h.id, score: h.score, trace: { channel: "vector", cosine: h.score } })),
            depth,
          ),
          tookMs: performance.now() - started,
          ...(note === undefined ? {} : { note }),
        });
      try {
        const query = ctx.vector;
        if (query === undefined) return done([], "no query vector (nothing to embed, or the source record has no stored vector)");
        if (depth <= 0) return done([]);
        if (ctx.allow !== undefined && ctx.allowedCount === 0) return done([], "no record passes the filter");
        const index = options.indexes[ctx.target];
        const { allow, allowedIds } = ctx;
        if (allow !== undefined && allowedIds !== undefined && ctx.allowedCount !== undefined && ctx.allowedCount <= threshold) {
          return done(exactScores(index, query, allowedIds(), allow));
        }
        const hits = index.search(query, depth, {
          ...(allow === undefined ? {} : { filter: allow }),
          ...(options.ef === undefined ? {} : { ef: options.ef }),
        });
        return done(hits);
      } catch (error) {
        // A dimension mismatch or a closed index is a real failure, not an empty result.
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}

/** Exact cosine of `query` against each allowed id that has a vector. */
function exactScores(index: VectorIndex, query: Float32Array, ids: readonly string[], allow: (id: string) => boolean): Array<{ id: string; score: number }> {
  let qq = 0;
  for (const x of query) qq += x * x;
  const qNorm = Math.sqrt(qq);
  const out: Array<{ id: string; score: number }> = [];
  for (const id of ids) {
    if (!allow(id)) continue;
    const v = index.get(id);
    if (v === undefined) continue;
    let dot = 0;
    let vv = 0;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      dot += x * (query[i] ?? 0);
      vv += x * x;
    }
    const denominator = qNorm * Math.sqrt(vv);
    // Clamp: rounding can push a perfect match a hair past 1.
    out.push({ id, score: denominator > 0 ? Math.min(1, Math.max(-1, dot / denominator)) : 0 });
  }
  return out;
}
