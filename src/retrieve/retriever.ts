/**
 * Port: one retrieval channel. Given a prepared query context it returns up to `depth` scored
 * candidates, best first, each with a channel-specific trace that explanations are built from.
 */
import type { Freelancer, InteractionType, Job } from "../core/records.js";
import type { PathStep, SkillMatch, WeightedSkill } from "../graph-store/graph-store.js";
import { compareIds } from "../core/order.js";

export const CHANNELS = ["vector", "keyword", "graph", "collaborative"] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** What is being ranked. */
export type TargetKind = "freelancers" | "jobs";

/** Where the query came from: free text, or a record to recommend for. */
export type QuerySource =
  | { kind: "text"; text: string }
  | { kind: "job"; job: Job }
  | { kind: "freelancer"; freelancer: Freelancer };

/**
 * Everything the channels need, prepared once per request by the pipeline (the query is embedded
 * and skill-linked once, the filter compiled once).
 */
export interface QueryContext {
  target: TargetKind;
  source: QuerySource;
  /** Text for the keyword channel (the query, or a record's title and skill names). */
  text: string;
  /** Vector for the vector channel: the query's embedding or the source record's stored vector. */
  vector?: Float32Array;
  /** Weighted skills for the graph channel: linked from the text, or the source record's skills. */
  skills: WeightedSkill[];
  /**
   * Allowed target ids; undefined means every id is allowed. Every channel applies it, so a filter
   * holds across vector, keyword and graph alike. Includes exclusions (e.g. jobs already applied to).
   */
  allow?: (id: string) => boolean;
  /** Number of allowed ids when `allow` is set (lets channels switch to exact scoring when small). */
  allowedCount?: number;
  /**
   * Optional: the allowed ids (e.g. `CompiledFilter.ids`, minus exclusions), called only when a
   * channel wants to enumerate a small allowed set (the vector channel's exact scoring below
   * EXACT_SCAN_THRESHOLD). Without it a selective filter falls back to the vector index's own exact
   * path, which first runs `allow` over every indexed id (~ms at 100k).
   */
  allowedIds?: () => readonly string[];
  /** Only interactions strictly before this ISO time count (point-in-time evaluation); all when absent. */
  asOf?: string;
  /** Graph-channel traversal settings from the rank profile; the channel's defaults when absent. */
  graph?: { maxHops: number; decay: number; degreeCap: number };
}

/** Channel-specific evidence. */
export type ChannelTrace =
  | { channel: "vector"; cosine: number }
  | { channel: "keyword"; bm25: number; terms: string[] }
  | { channel: "graph"; matches: SkillMatch[] }
  | {
      channel: "collaborative";
      /** The neighbours (similar jobs, or the freelancer's past jobs) this candidate was reached through. */
      via: Array<{ jobId: string; similarity: number; interaction: InteractionType; weight: number }>;
    };

export interface ChannelCandidate {
  id: string;
  /** Raw channel score, higher is better; its scale is the channel's own (cosine, BM25, skill weight…). */
  score: number;
  /** 1-based rank within the channel after ties are broken by id. */
  rank: number;
  trace: ChannelTrace;
}

export interface ChannelResult {
  channel: ChannelName;
  /** Sorted by score desc, then id asc; ranks 1..n. */
  candidates: ChannelCandidate[];
  tookMs: number;
  /** Why the channel returned nothing or less than asked, when it knows (e.g. "no skills linked in the query"). */
  note?: string;
  /** Set when the channel's backend failed and the ranking went on without it: the error code (BACKEND_UNAVAILABLE). */
  degraded?: string;
}

export interface Retriever {
  readonly channel: ChannelName;
  /** Up to `depth` candidates passing `ctx.allow`. Never throws for an empty query: returns [] with a note. */
  retrieve(ctx: QueryContext, depth: number): Promise<ChannelResult>;
}

/** Sorts by score desc then id asc, truncates to depth and assigns ranks. Every retriever ends with this. */
export function rankCandidates(
  items: Array<{ id: string; score: number; trace: ChannelTrace }>,
  depth: number,
): ChannelCandidate[] {
  return items
    .slice()
    .sort((a, b) => b.score - a.score || compareIds(a.id, b.id))
    .slice(0, Math.max(0, depth))
    .map((c, i) => ({ ...c, rank: i + 1 }));
}

export type { PathStep };
