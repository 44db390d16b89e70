/**
 * Resolvers for schema.graphql. Ranked lists map straight onto the pipeline's RankedPage/Hit
 * (edges are hits); explanations are computed only when selected (`hit.explanation()`); every skill,
 * job and freelancer reference goes through the request's batching loaders.
 */
import { InvalidInputError, NotFoundError } from "../core/errors.js";
import { parseFreelancerFilter, parseJobFilter } from "../core/filters.js";
import type { Freelancer, FreelancerSkill, Interaction, Job, JobSkill, RelationType, Skill } from "../core/records.js";
import type { LiveWriter } from "../ingest/live-writer.js";
import type { PathStep, SkillNeighbour } from "../graph-store/graph-store.js";
import { DEFAULT_PROFILE } from "../pipeline/rank-profile.js";
import {
  MAX_PAGE_SIZE,
  type Explanation,
  type GraphPath,
  type Hit,
  type LinkedSkillResult,
  type Operation,
  type RankedPage,
  type RankingPipeline,
} from "../pipeline/types.js";
import type { ChannelName } from "../retrieve/retriever.js";
import type { Loaders } from "./loaders.js";
import type { Metrics } from "./metrics.js";

/** The part of the GraphQL context resolvers use (yoga adds its own fields beside it). */
export interface GraphQLContext {
  /** This request's id (also in the `x-request-id` response header). */
  requestId: string;
  loaders: Loaders;
}

/** GraphQL passes `null` for explicit nulls and omits absent arguments. */
type Maybe<T> = T | null | undefined;

/** A write input with GraphQL's explicit nulls dropped at every level (the record schemas use absent, not null). */
function writeInput(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(writeInput);
  if (input === null || typeof input !== "object") return input;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, writeInput(v)]));
}

/** A filter input as GraphQL coerced it (enum values already mapped to their internal strings). */
type FilterInput = Readonly<Record<string, unknown>>;

interface PageArgs {
  first?: Maybe<number>;
  after?: Maybe<string>;
  profile?: Maybe<string>;
}
interface SearchArgs extends PageArgs {
  query: string;
  filter?: Maybe<FilterInput>;
}
interface RecommendFreelancersArgs extends PageArgs {
  jobId: string;
  filter?: Maybe<FilterInput>;
}
interface RecommendJobsArgs extends PageArgs {
  freelancerId: string;
  filter?: Maybe<FilterInput>;
  includeApplied?: Maybe<boolean>;
  includeClosed?: Maybe<boolean>;
}
interface ExplainMatchArgs {
  jobId: string;
  freelancerId: string;
  profile?: Maybe<string>;
}
interface IdArgs {
  id: string;
}
interface RelatedArgs {
  first?: Maybe<number>;
  type?: Maybe<RelationType>;
}

/** What `explainMatch` resolves to before its fields are selected. */
interface MatchExplanationSource {
  jobId: string;
  freelancerId: string;
  score: number;
  rank: number | null;
  explanation: Explanation;
}

const DEFAULT_FIRST = 10;

/**
 * `first` as a page size: the schema default when omitted or null, else an integer in 1..MAX_PAGE_SIZE.
 * The pipeline checks it too; checking here gives every operation (also the non-ranked ones) the same
 * message before any work is done.
 */
export function pageSize(operation: string, first: Maybe<number>): number {
  const n = first ?? DEFAULT_FIRST;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`${operation}: first must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${n}`);
  }
  return n;
}

/** Drops null fields (GraphQL's "explicitly null") so the filter schema sees them as absent. */
function withoutNulls(input: Maybe<FilterInput>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input ?? {})) if (value !== null && value !== undefined) out[key] = value;
  return out;
}

/** The optional paging fields of a request, leaving absent ones out. */
function paging(operation: string, args: PageArgs): { first: number; after?: string; profile?: string } {
  return {
    first: pageSize(operation, args.first),
    ...(args.after === null || args.after === undefined ? {} : { after: args.after }),
    ...(args.profile === null || args.profile === undefined ? {} : { profile: args.profile }),
  };
}

/** Maps GraphQL enum names to the internal values the records and pipeline use. */
const ENUMS = {
  Channel: { VECTOR: "vector", KEYWORD: "keyword", GRAPH: "graph", COLLABORATIVE: "collaborative" },
  FusionMethod: { RRF: "rrf", WEIGHTED: "weighted" },
  Normalization: { MINMAX: "minmax", ZSCORE: "zscore" },
  BudgetType: { HOURLY: "hourly", FIXED: "fixed" },
  ExperienceLevel: { ENTRY: "entry", INTERMEDIATE: "intermediate", EXPERT: "expert" },
  JobStatus: { OPEN: "open", CLOSED: "closed" },
  SkillImportance: { REQUIRED: "required", PREFERRED: "preferred" },
  SkillSource: { ID: "id", NAME: "name", TEXT: "text" },
  RelationType: { RELATED_TO: "RELATED_TO", BROADER_THAN: "BROADER_THAN" },
  Direction: { OUT: "out", IN: "in" },
  MatchVia: { EXACT: "exact", RELATED: "related" },
  LinkMethod: { EXACT: "exact", ALIAS: "alias", VECTOR: "vector" },
  InteractionType: { VIEW: "view", CLICK: "click", APPLY: "apply", INTERVIEW: "interview", HIRE: "hire" },
  WriteStatus: { INSERTED: "inserted", UPDATED: "updated", UNCHANGED: "unchanged", DELETED: "deleted", NOT_FOUND: "not_found" },
} as const;

const skillOf = (id: string, _args: unknown, ctx: GraphQLContext): Promise<Skill | undefined> => ctx.loaders.skills.load(id);

const connection = {
  edges: <T>(page: RankedPage<T>): Array<Hit<T>> => page.hits,
  timings: <T>(page: RankedPage<T>): Array<{ stage: string; ms: number }> =>
    Object.entries(page.timings)
      .map(([stage, ms]) => ({ stage, ms }))
      .sort((a, b) => (a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : 0)),
};

const edge = {
  explanation: <T>(hit: Hit<T>): Promise<Explanation> => hit.explanation(),
};

/** The resolver map for `createSchema`, bound to one pipeline and one metrics registry. */
export function createResolvers(pipeline: RankingPipeline, metrics: Metrics, writer: LiveWriter) {
  /** Runs a ranked operation and records its stage timings. */
  const ranked = async <T>(operation: Operation, run: () => Promise<RankedPage<T>>): Promise<RankedPage<T>> => {
    const page = await run();
    metrics.observePipeline(operation, page.timings, page.tookMs);
    return page;
  };

  return {
    ...ENUMS,
    Mutation: {
      recordInteraction: (_: unknown, args: { input: FilterInput }) => writer.recordInteraction(withoutNulls(args.input)),
      upsertFreelancer: async (_: unknown, args: { input: FilterInput }) => {
        const r = await writer.upsertFreelancer(writeInput(args.input));
        return { status: r.status, freelancer: r.record, unlinkedSkillNames: r.unlinkedSkillNames };
      },
      upsertJob: async (_: unknown, args: { input: FilterInput }) => {
        const r = await writer.upsertJob(writeInput(args.input));
        return { status: r.status, job: r.record, unlinkedSkillNames: r.unlinkedSkillNames };
      },
      upsertSkill: async (_: unknown, args: { input: FilterInput }) => {
        const r = await writer.upsertSkill(writeInput(args.input));
        return { status: r.status, skill: r.record };
      },
      deleteFreelancer: (_: unknown, args: IdArgs) => writer.deleteFreelancer(args.id),
      deleteJob: (_: unknown, args: IdArgs) => writer.deleteJob(args.id),
    },
    Interaction: {
      job: async (i: Interaction, _: unknown, ctx: GraphQLContext): Promise<Job> => (await ctx.loaders.jobs.load(i.jobId)) ?? notFound("job", i.jobId),
      freelancer: async (i: Interaction, _: unknown, ctx: GraphQLContext): Promise<Freelancer> =>
        (await ctx.loaders.freelancers.load(i.freelancerId)) ?? notFound("freelancer", i.freelancerId),
    },
    Query: {
      searchFreelancers: (_: unknown, args: SearchArgs) =>
        ranked("searchFreelancers", () =>
          pipeline.searchFreelancers({
            query: args.query,
            ...paging("searchFreelancers", args),
            filter: parseFreelancerFilter(withoutNulls(args.filter)),
          }),
        ),
      searchJobs: (_: unknown, args: SearchArgs) =>
        ranked("searchJobs", () =>
          pipeline.searchJobs({ query: args.query, ...paging("searchJobs", args), filter: parseJobFilter(withoutNulls(args.filter)) }),
        ),
      recommendFreelancers: (_: unknown, args: RecommendFreelancersArgs) =>
        ranked("recommendFreelancers", () =>
          pipeline.recommendFreelancers({
            jobId: args.jobId,
            ...paging("recommendFreelancers", args),
            filter: parseFreelancerFilter(withoutNulls(args.filter)),
          }),
        ),
      recommendJobs: (_: unknown, args: RecommendJobsArgs) =>
        ranked("recommendJobs", () =>
          pipeline.recommendJobs({
            freelancerId: args.freelancerId,
            ...paging("recommendJobs", args),
            filter: parseJobFilter(withoutNulls(args.filter)),
            includeApplied: args.includeApplied === true,
            includeClosed: args.includeClosed === true,
          }),
        ),
      explainMatch: async (_: unknown, args: ExplainMatchArgs): Promise<MatchExplanationSource> => {
        const result = await pipeline.explainMatch(args.jobId, args.freelancerId, args.profile ?? undefined);
        return { jobId: args.jobId, freelancerId: args.freelancerId, ...result };
      },
      linkSkills: (_: unknown, args: { text: string; first?: Maybe<number> }): Promise<LinkedSkillResult[]> =>
        pipeline.linkSkills(args.text, pageSize("linkSkills", args.first)),
      freelancer: async (_: unknown, args: IdArgs, ctx: GraphQLContext): Promise<Freelancer> =>
        (await ctx.loaders.freelancers.load(args.id)) ?? notFound("freelancer", args.id),
      job: async (_: unknown, args: IdArgs, ctx: GraphQLContext): Promise<Job> =>
        (await ctx.loaders.jobs.load(args.id)) ?? notFound("job", args.id),
      skill: async (_: unknown, args: IdArgs, ctx: GraphQLContext): Promise<Skill> =>
        (await ctx.loaders.skills.load(args.id)) ?? notFound("skill", args.id),
      rankProfiles: (): Array<{ name: string; description: string; reranker?: string; isDefault: boolean }> =>
        pipeline
          .profiles()
          .map((p) => ({ ...p, isDefault: p.name === DEFAULT_PROFILE }))
          // Default first, then as the pipeline lists them (a stable sort keeps that order).
          .sort((a, b) => Number(b.isDefault) - Number(a.isDefault)),
    },

    FreelancerConnection: connection,
    JobConnection: connection,
    FreelancerEdge: edge,
    JobEdge: edge,

    Freelancer: {
      languages: (f: Freelancer): string[] => f.languages ?? [],
      archetype: (f: Freelancer): boolean => f.archetype === true,
    },
    FreelancerSkill: { skill: (s: FreelancerSkill, a: unknown, ctx: GraphQLContext) => skillOf(s.skillId, a, ctx) },
    JobSkill: { skill: (s: JobSkill, a: unknown, ctx: GraphQLContext) => skillOf(s.skillId, a, ctx) },

    Skill: {
      aliases: (s: Skill): string[] => s.aliases ?? [],
      related: async (s: Skill, args: RelatedArgs, ctx: GraphQLContext): Promise<Array<SkillNeighbour & { skill: Skill }>> => {
        const first = pageSize("Skill.related", args.first);
        const neighbours = (await ctx.loaders.neighbours(s.id)).filter((n) => !args.type || n.type === args.type).slice(0, first);
        const skills = await Promise.all(neighbours.map((n) => ctx.loaders.skills.load(n.skillId)));
        // A neighbour missing from the store would be a dangling edge; leave it out rather than fail the list.
        return neighbours.flatMap((n, i) => {
          const skill = skills[i];
          return skill ? [{ ...n, skill }] : [];
        });
      },
    },

    MatchExplanation: {
      job: async (m: MatchExplanationSource, _: unknown, ctx: GraphQLContext): Promise<Job> =>
        (await ctx.loaders.jobs.load(m.jobId)) ?? notFound("job", m.jobId),
      freelancer: async (m: MatchExplanationSource, _: unknown, ctx: GraphQLContext): Promise<Freelancer> =>
        (await ctx.loaders.freelancers.load(m.freelancerId)) ?? notFound("freelancer", m.freelancerId),
      profile: (m: MatchExplanationSource): string => m.explanation.profile,
    },

    LinkedSkill: { skill: (l: LinkedSkillResult, a: unknown, ctx: GraphQLContext) => skillOf(l.skillId, a, ctx) },

    FusionExplanation: {
      weights: (f: Explanation["fusion"]): Array<{ channel: ChannelName; weight: number }> =>
        Object.entries(f.weights)
          .filter((e): e is [ChannelName, number] => typeof e[1] === "number")
          .map(([channel, weight]) => ({ channel, weight })),
    },
    GraphPath: {
      fromSkill: (p: GraphPath, a: unknown, ctx: GraphQLContext) => skillOf(p.fromSkillId, a, ctx),
      toSkill: (p: GraphPath, a: unknown, ctx: GraphQLContext) => skillOf(p.toSkillId, a, ctx),
    },
    PathStep: {
      fromSkillId: (s: PathStep): string => s.from,
      toSkillId: (s: PathStep): string => s.to,
      from: (s: PathStep, a: unknown, ctx: GraphQLContext) => skillOf(s.from, a, ctx),
      to: (s: PathStep, a: unknown, ctx: GraphQLContext) => skillOf(s.to, a, ctx),
    },
    MatchedSkill: { skill: (m: { skillId: string }, a: unknown, ctx: GraphQLContext) => skillOf(m.skillId, a, ctx) },
    MissingSkill: { skill: (m: { skillId: string }, a: unknown, ctx: GraphQLContext) => skillOf(m.skillId, a, ctx) },
  };
}

function notFound(kind: "freelancer" | "job" | "skill", id: string): never {
  throw new NotFoundError(`${kind}: ${kind} ${JSON.stringify(id)} does not exist; check the id`);
}
