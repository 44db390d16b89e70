/**
 * What fusion produces and the reranker and explanations consume.
 */
import type { ChannelCandidate, ChannelName } from "../retrieve/retriever.js";

/** One channel's part in a fused score. */
export interface ChannelScore {
  /** The channel's raw score (cosine, BM25, skill weight…). */
  raw: number;
  /** The normalised score fusion used, in [0, 1] (weighted fusion), or the RRF term 1/(k+rank) for RRF. */
  normalized: number;
  /** 1-based rank within the channel. */
  rank: number;
  /** What this channel added to the fused score: weight × normalized (weighted) or weight / (k + rank) (RRF). */
  contribution: number;
  candidate: ChannelCandidate;
}

export interface FusedCandidate {
  id: string;
  /** Fused score, higher is better; Σ contributions. */
  score: number;
  /** 1-based rank after fusion (ties broken by id). */
  rank: number;
  /** Every channel that ran, with its score for this id, or null when it did not retrieve the id. */
  channels: Partial<Record<ChannelName, ChannelScore | null>>;
}
