/**
 * Port: reorders the top of the fused list. The learned LambdaMART reranker
 * (learned-reranker.ts) plugs in here; the no-op reranker keeps fusion's order and says so in the
 * explanation.
 */
import type { FusedCandidate } from "../fuse/fused-candidate.js";
import type { QueryContext } from "../retrieve/retriever.js";

export interface FeatureContribution {
  feature: string;
  /** The feature's value for this pair; NaN when missing (the model took the "missing" branch). */
  value: number;
  /** Additive contribution to the reranker's score (TreeSHAP value for the learned reranker). */
  contribution: number;
}

/** Additive breakdown of a reranker score: base + Σ contributions = score (up to float error). */
export interface ScoreAttribution {
  /** The model's expected output over its training data (TreeSHAP's base value). */
  base: number;
  /** Every feature's contribution, largest magnitude first, ties by feature name. */
  contributions: FeatureContribution[];
}

export interface RerankedCandidate extends FusedCandidate {
  /** The reranker's score (higher is better); the fused score when the candidate was not rescored. */
  rerankScore: number;
  /** Whether the reranker rescored this candidate (false beyond the rerank depth and for the no-op). */
  reranked: boolean;
  /** Per-feature attribution of `rerankScore`, computed on demand (it costs more than the score). */
  attribution?: () => ScoreAttribution;
}

export interface Reranker {
  /** Model name and version, reported with every result. */
  readonly name: string;
  /**
   * Reorders `candidates` (already in fused order). Only the first `depth` are rescored; the rest
   * keep their fused order below them. Ties are broken by fused rank (which breaks ties by id).
   * A reranker that cannot score this kind of query (e.g. a model trained for freelancer results
   * asked to rank jobs) returns the fused order with `reranked: false` and a note.
   */
  rerank(ctx: QueryContext, candidates: FusedCandidate[], depth: number): Promise<RerankResult>;
}

export interface RerankResult {
  candidates: RerankedCandidate[];
  /** Why the reranker did not rescore, when it did not. */
  note?: string;
}

/** Fusion's order, untouched. */
export function keepFusedOrder(candidates: readonly FusedCandidate[], note?: string): RerankResult {
  return {
    candidates: candidates.map((c) => ({ ...c, rerankScore: c.score, reranked: false })),
    ...(note === undefined ? {} : { note }),
  };
}

/** Keeps fusion's order. */
export const noopReranker: Reranker = {
  name: "none",
  rerank: (_ctx, candidates) => Promise.resolve(keepFusedOrder(candidates)),
};
