/**
 * The ranking pipeline's request and response shapes: what the GraphQL API, the CLI, the batch
 * recommender and the evaluator all call, so none of them can rank differently.
 */
import type { FreelancerFilter, JobFilter } from "../core/filters.js";
import type { Freelancer, Job } from "../core/records.js";
import type { PathStep } from "../graph-store/graph-store.js";
import type { FeatureContribution } from "../rerank/reranker.js";
import type { FusedCandidate } from "../fuse/fused-candidate.js";
import type { ChannelName, QueryContext, TargetKind } from "../retrieve/retriever.js";

export type Operation = "searchFreelancers" | "searchJobs" | "recommendFreelancers" | "recommendJobs";

export interface PageRequest {
  /** Page size, 1..100 (MAX_PAGE_SIZE). */
  first: number;
  /** Opaque cursor from a previous page's `endCursor`/edge `cursor`. */
  after?: string;
  /** Rank profile name; default profile when absent. */
  profile?: string;
}

export interface SearchFreelancersRequest extends PageRequest {
  query: string;
  filter?: FreelancerFilter;
}
export interface SearchJobsRequest extends PageRequest {
  query: string;
  filter?: JobFilter;
}
/**
 * Point-in-time ranking for offline evaluation and training: only interactions before `asOf` (ISO
 * time) feed the collaborative channel and the reranker's history features, so a query about the
 * past cannot see its own future. Absent (the API's case): every stored interaction counts.
 */
interface PointInTime {
  asOf?: string;
}

export interface RecommendFreelancersRequest extends PageRequest, PointInTime {
  jobId: string;
  filter?: FreelancerFilter;
}
export interface RecommendJobsRequest extends PageRequest, PointInTime {
  freelancerId: string;
  filter?: JobFilter;
  /** Include jobs the freelancer already applied to, interviewed for or was hired for (default false). */
  includeApplied?: boolean;
  /** Include closed jobs (default false: recommendations are for open jobs). */
  includeClosed?: boolean;
}

/** One channel in an explanation: every channel of the profile appears, retrieved or not. */
export interface ChannelExplanation {
  channel: ChannelName;
  retrieved: boolean;
  rawScore: number | null;
  normalizedScore: number | null;
  rank: number | null;
  /** What the channel added to the fused score (0 when not retrieved). */
  contribution: number;
  /** Why the channel did not retrieve this item, or what it saw (e.g. "no skills linked in the query"). */
  note?: string;
  /** True when the channel's backend was unavailable for this request and the ranking went on without it. */
  degraded: boolean;
}

export interface GraphPath {
  /** The query/job skill the path starts from. */
  fromSkillId: string;
  /** The candidate's (or job's) skill it ends at. */
  toSkillId: string;
  weight: number;
  steps: PathStep[];
  /** "React → RELATED_TO → Next.js" with skill names. */
  text: string;
}

export interface Explanation {
  profile: string;
  finalScore: number;
  channels: ChannelExplanation[];
  fusion: { method: "rrf" | "weighted"; normalization?: "minmax" | "zscore"; k?: number; weights: Partial<Record<ChannelName, number>> };
  reranker: {
    model: string;
    applied: boolean;
    score: number | null;
    /** TreeSHAP base value: base + Σ contributions = score. Null when not applied. */
    base: number | null;
    /** Every feature's additive part, largest magnitude first; `value` is null for a missing feature. */
    contributions: Array<Omit<FeatureContribution, "value"> & { value: number | null }>;
    /** Why the reranker did not rescore this result, when it did not. */
    note?: string;
  };
  graphPaths: GraphPath[];
  matchedSkills: Array<{ skillId: string; name: string; via: "exact" | "related" }>;
  missingSkills: Array<{ skillId: string; name: string }>;
  /** One line for people: "Knows React and TypeScript; related: Next.js via React". */
  summary: string;
}

export interface Hit<T> {
  node: T;
  score: number;
  /** 1-based position in the whole ranking (not the page). */
  rank: number;
  cursor: string;
  /** Built on demand from the candidate's traces (never recomputed from scratch). */
  explanation: () => Promise<Explanation>;
}

export interface StageTimings {
  /** Milliseconds per stage: embed, link, filter, vector, keyword, graph, collaborative, fuse, rerank, hydrate. */
  [stage: string]: number;
}

export interface RankedPage<T> {
  target: TargetKind;
  profile: string;
  hits: Array<Hit<T>>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  tookMs: number;
  timings: StageTimings;
  /**
   * Stages that failed on an unavailable backend and were left out, so the ranking is partial:
   * channel names, "rerank" when the reranker could not read its features, "exclude-applied" when a
   * freelancer's applied jobs could not be excluded. Empty normally.
   */
  degraded: string[];
}

export interface LinkedSkillResult {
  skillId: string;
  name: string;
  score: number;
  method: "exact" | "alias" | "vector";
  spans: Array<{ start: number; end: number; text: string }>;
}

/** Any ranking request, tagged with its operation. */
export type OperationRequest =
  | ({ op: "searchFreelancers" } & SearchFreelancersRequest)
  | ({ op: "searchJobs" } & SearchJobsRequest)
  | ({ op: "recommendFreelancers" } & RecommendFreelancersRequest)
  | ({ op: "recommendJobs" } & RecommendJobsRequest);

/** The ranking pipeline. Every driver goes through this. */
export interface RankingPipeline {
  searchFreelancers(req: SearchFreelancersRequest): Promise<RankedPage<Freelancer>>;
  searchJobs(req: SearchJobsRequest): Promise<RankedPage<Job>>;
  recommendFreelancers(req: RecommendFreelancersRequest): Promise<RankedPage<Freelancer>>;
  recommendJobs(req: RecommendJobsRequest): Promise<RankedPage<Job>>;
  /** Explanation of how a freelancer ranks for a job under a profile (even if outside the top results). */
  explainMatch(jobId: string, freelancerId: string, profile?: string): Promise<{ score: number; rank: number | null; explanation: Explanation }>;
  linkSkills(text: string, first: number): Promise<LinkedSkillResult[]>;
  /** Profiles by name, with the reranker model each one runs (absent when it keeps fusion's order). */
  profiles(): Array<{ name: string; description: string; reranker?: string }>;
  /**
   * The request's profile's fused candidates (top `depth`, before reranking) and its prepared query
   * context: what the reranker would see. For training the reranker on the exact serving path.
   */
  fusedCandidates(req: OperationRequest, depth: number): Promise<{ ctx: QueryContext; candidates: FusedCandidate[] }>;
}

export const MAX_PAGE_SIZE = 100;
export const MAX_QUERY_LENGTH = 1000;
/** The deepest result a cursor may reach (offset + first); deeper pages are refused. */
export const MAX_RESULT_WINDOW = 1000;
