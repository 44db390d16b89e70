/**
 * Port: reorders the top of the fused list. The learned LambdaMART reranker plugs in here later;
 * until then the no-op reranker keeps fusion's order and says so in the explanation.
 */
import type { FusedCandidate } from "../fuse/fused-candidate.js";
import type { QueryContext } from "../retrieve/retriever.js";

export interface FeatureContribution {
  feature: string;
  value: number;
  /** Additive contribution to the reranker's score (e.g. the tree-path attribution of a GBDT). */
  contribution: number;
}

export interface RerankedCandidate extends FusedCandidate {
  /** The reranker's score (higher is better); equals the fused score for the no-op reranker. */
  rerankScore: number;
  /** Per-feature contributions; empty for the no-op reranker. */
  contributions: FeatureContribution[];
}

export interface Reranker {
  /** Model name and version, reported with every result. */
  readonly name: string;
  /**
   * Reorders `candidates` (already in fused order). Only the first `depth` are rescored; the rest
   * keep their fused order below them. Ties are broken by id.
   */
  rerank(ctx: QueryContext, candidates: FusedCandidate[], depth: number): Promise<RerankedCandidate[]>;
}

/** Keeps fusion's order. */
export const noopReranker: Reranker = {
  name: "none",
  rerank: (_ctx, candidates) =>
    Promise.resolve(candidates.map((c) => ({ ...c, rerankScore: c.score, contributions: [] }))),
};
