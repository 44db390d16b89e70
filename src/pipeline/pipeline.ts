/**
 * The ranking pipeline: prepare the query once (validate, embed, link skills, compile the filter),
 * run the profile's channels, fuse, rerank, page, hydrate, and explain on demand from the stages'
 * own traces. The API, the CLI, the batch recommender and the evaluator all call this, so they
 * cannot rank differently.
 */
import { BackendUnavailableError, ConfigInvalidError, InvalidInputError, NotFoundError } from "../core/errors.js";
import {
  isEmptyFilter,
  parseFreelancerFilter,
  parseJobFilter,
  type FreelancerFilter,
  type JobFilter,
} from "../core/filters.js";
import type { Freelancer, Job } from "../core/records.js";
import { buildExplanation } from "../explain/build-explanation.js";
import type { FusedCandidate } from "../fuse/fused-candidate.js";
import { fuse } from "../fuse/fusion.js";
import type { WeightedSkill } from "../graph-store/graph-store.js";
import { keepFusedOrder, noopReranker, type RerankedCandidate, type Reranker } from "../rerank/reranker.js";
import { createCollaborativeRetriever } from "../retrieve/collaborative-retriever.js";
import { createGraphRetriever } from "../retrieve/graph-retriever.js";
import { createKeywordRetriever } from "../retrieve/keyword-retriever.js";
import type { ChannelName, ChannelResult, QueryContext, Retriever, TargetKind } from "../retrieve/retriever.js";
import { createVectorRetriever } from "../retrieve/vector-retriever.js";
import type { SkillLinker } from "../link/skill-linker.js";
import type { Services } from "../services.js";
import { decodeCursor, encodeCursor, requestFingerprint } from "./cursor.js";
import { profileChannels, RankProfiles, type RankProfile } from "./rank-profile.js";
import {
  MAX_PAGE_SIZE,
  MAX_QUERY_LENGTH,
  MAX_RESULT_WINDOW,
  type Explanation,
  type Hit,
  type LinkedSkillResult,
  type Operation,
  type OperationRequest,
  type RankedPage,
  type RankingPipeline,
  type RecommendFreelancersRequest,
  type RecommendJobsRequest,
  type SearchFreelancersRequest,
  type SearchJobsRequest,
  type StageTimings,
} from "./types.js";

export interface PipelineOptions {
  profiles?: RankProfiles;
  /** Loaded rerankers by name; a profile's `rerank.model` must name one of them (or "none"). */
  rerankers?: ReadonlyMap<string, Reranker>;
  /** Linked query skills below this link score do not seed the graph channel. */
  minQuerySkillScore?: number;
  now?: () => number;
  /**
   * Time budget of each channel, ms; none by default (offline runs such as eval must not depend on
   * machine load), the API passes `config.channelBudgetMs`. A channel still running when its budget
   * runs out is left out of that request's fusion (no candidates; explanations say "timed out after
   * N ms: left out of this ranking") and the ranking goes on with the others. It binds at await
   * points only: synchronous channel work cannot be interrupted, and a channel that finishes in one
   * synchronous stretch counts however long it took (the time is spent either way).
   */
  channelBudgetMs?: number;
  /** Replaces the retrievers of some channels (tests inject slow or failing ones). */
  retrievers?: Partial<Record<ChannelName, Retriever>>;
}

/** Interaction types that mean "already engaged with this job" for recommendJobs exclusions. */
const ENGAGED = ["apply", "interview", "hire"] as const;
/** Graph-channel seed weight of a job skill by importance. */
const IMPORTANCE_WEIGHT = { required: 1, preferred: 0.5 } as const;

/** Everything one ranking run needs after validation and preparation. */
interface Prepared {
  op: Operation;
  target: TargetKind;
  profile: RankProfile;
  ctx: QueryContext;
  offset: number;
  first: number;
  fingerprint: string;
  /** Skills the result should have (explanations: matched/missing). */
  requiredSkillIds: string[];
  timings: StageTimings;
  started: number;
  /** Preparation steps left out because their backend was unavailable (see RankedPage.degraded). */
  degraded?: string[];
}

/** What `RankingPipeline.profiles()` lists for a set of profiles. */
export function describeProfiles(profiles: RankProfiles): ReturnType<RankingPipeline["profiles"]> {
  return profiles.list().map((p) => ({ name: p.name, description: p.description, ...(p.rerank.enabled ? { reranker: p.rerank.model } : {}) }));
}

export async function createRankingPipeline(services: Services, options: PipelineOptions = {}): Promise<RankingPipeline> {
  const profiles = options.profiles ?? new RankProfiles();
  const rerankers = new Map(options.rerankers ?? (await services.rerankers()));
  rerankers.set(noopReranker.name, noopReranker);
  for (const p of profiles.list()) {
    if (p.rerank.enabled && !rerankers.has(p.rerank.model)) {
      throw new ConfigInvalidError(
        `createRankingPipeline: profile ${p.name} reranks with model "${p.rerank.model}", which is not loaded; loaded: ${[...rerankers.keys()].join(", ")}`,
      );
    }
  }
  const rerankerOf = (p: RankProfile): Reranker => (p.rerank.enabled ? (rerankers.get(p.rerank.model) ?? noopReranker) : noopReranker);
  const minSkillScore = options.minQuerySkillScore ?? 0.3;
  const now = options.now ?? (() => performance.now());
  const [embedder, indexes] = await Promise.all([services.embedder(), services.indexes(), services.linker()]);
  const { store } = services;
  const retrievers: Record<ChannelName, Retriever> = {
    vector: createVectorRetriever({ indexes }),
    keyword: createKeywordRetriever({ keyword: services.keyword }),
    graph: createGraphRetriever({ store }),
    collaborative: createCollaborativeRetriever({ store, indexes }),
    ...options.retrievers,
  };
  // The linker and skill names follow the taxonomy: a skill written through the API invalidates the
  // services' linker, and the names are re-read with the next one.
  let skillNames = new Map<string, string>();
  let namesOf_: SkillLinker | undefined;
  const currentLinker = async (): Promise<SkillLinker> => {
    const linker = await services.linker();
    if (linker !== namesOf_) {
      skillNames = new Map((await store.allSkills()).map((s) => [s.id, s.name]));
      namesOf_ = linker;
    }
    return linker;
  };
  await currentLinker();
  // Snapshot at startup: live writes of archetypes (not supported yet) would need to refresh it.
  const hasArchetypes = (await store.stats()).nodes.archetypes > 0;
  // Build the store's in-memory filter columns and posting lists now, not on the first request.
  await Promise.all([store.compileFilter("freelancers", {}), store.compileFilter("jobs", {})]);
  const skillName = (id: string): string | undefined => skillNames.get(id);

  const time = async <T>(timings: StageTimings, stage: string, work: () => Promise<T> | T): Promise<T> => {
    const t0 = now();
    try {
      return await work();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + (now() - t0);
    }
  };

  function validatePage(op: Operation, first: number, after: string | undefined, fingerprint: string): number {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new InvalidInputError(`${op}: first must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${first}`);
    }
    const offset = after === undefined || after === null ? 0 : decodeCursor(after, fingerprint);
    if (offset + first > MAX_RESULT_WINDOW) {
      throw new InvalidInputError(
        `${op}: results deeper than ${MAX_RESULT_WINDOW} are not served (offset ${offset} + first ${first}); refine the query or filter instead`,
      );
    }
    return offset;
  }

  function validateQuery(op: Operation, query: string): string {
    const text = typeof query === "string" ? query.trim() : "";
    if (text === "") throw new InvalidInputError(`${op}: query is empty; pass some words to search for`);
    if (text.length > MAX_QUERY_LENGTH) {
      throw new InvalidInputError(`${op}: query is ${text.length} characters; the maximum is ${MAX_QUERY_LENGTH}`);
    }
    return text;
  }

  async function compileAllow(
    target: TargetKind,
    filter: FreelancerFilter | JobFilter,
    exclude: ReadonlySet<string>,
  ): Promise<Pick<QueryContext, "allow" | "allowedCount" | "allowedIds">> {
    // An empty filter restricts nothing, except that freelancer results leave out ESCO archetypes.
    if (isEmptyFilter(filter) && exclude.size === 0 && (target === "jobs" || !hasArchetypes)) return {};
    const compiled =
      target === "freelancers"
        ? await store.compileFilter("freelancers", filter)
        : await store.compileFilter("jobs", filter);
    if (exclude.size === 0) return { allow: compiled.allow, allowedCount: compiled.count, allowedIds: () => compiled.ids() };
    let excludedAllowed = 0;
    for (const id of exclude) if (compiled.allow(id)) excludedAllowed++;
    return {
      allow: (id) => !exclude.has(id) && compiled.allow(id),
      allowedCount: compiled.count - excludedAllowed,
      allowedIds: () => compiled.ids().filter((id) => !exclude.has(id)),
    };
  }

  /**
   * Skills in a query: all confident links seed the graph channel (vector links reach paraphrases),
   * but only phrase matches count as skills the user asked for (matched/missing in explanations).
   */
  async function linkQuerySkills(text: string): Promise<{ seeds: WeightedSkill[]; asked: string[] }> {
    const links = (await (await currentLinker()).link(text, { limit: 10, useVectors: true })).filter((l) => l.score >= minSkillScore);
    return {
      seeds: links.map((l) => ({ skillId: l.skillId, weight: l.score })),
      asked: links.filter((l) => l.method !== "vector").map((l) => l.skillId),
    };
  }

  async function prepareSearch(op: "searchFreelancers" | "searchJobs", req: SearchFreelancersRequest | SearchJobsRequest): Promise<Prepared> {
    const started = now();
    const timings: StageTimings = {};
    const target: TargetKind = op === "searchFreelancers" ? "freelancers" : "jobs";
    const text = validateQuery(op, req.query);
    const profile = profiles.get(req.profile);
    const filter = target === "freelancers" ? parseFreelancerFilter(req.filter) : parseJobFilter(req.filter);
    const fingerprint = requestFingerprint({ op, text, filter, profile: profile.name });
    const offset = validatePage(op, req.first, req.after, fingerprint);
    const channels = profileChannels(profile);
    const [vector, skills, allow] = await Promise.all([
      channels.includes("vector") ? time(timings, "embed", async () => (await embedder.embed([text]))[0]) : undefined,
      time(timings, "link", () => linkQuerySkills(text)),
      time(timings, "filter", () => compileAllow(target, filter, new Set())),
    ]);
    return {
      op,
      target,
      profile,
      offset,
      first: req.first,
      fingerprint,
      requiredSkillIds: skills.asked,
      timings,
      started,
      ctx: { target, source: { kind: "text", text }, text, ...(vector ? { vector } : {}), skills: skills.seeds, ...allow },
    };
  }

  async function getJob(op: Operation, id: string): Promise<Job> {
    const [job] = await store.getJobs([id]);
    if (!job) throw new NotFoundError(`${op}: job ${JSON.stringify(id)} does not exist`);
    return job;
  }

  async function getFreelancer(op: Operation, id: string): Promise<Freelancer> {
    const [f] = await store.getFreelancers([id]);
    if (!f) throw new NotFoundError(`${op}: freelancer ${JSON.stringify(id)} does not exist`);
    return f;
  }

  const namesOf = (ids: string[]): string => ids.map(skillName).filter((n): n is string => n !== undefined).join(", ");

  async function prepareRecommendFreelancers(req: RecommendFreelancersRequest): Promise<Prepared> {
    const op: Operation = "recommendFreelancers";
    const started = now();
    const timings: StageTimings = {};
    const profile = profiles.get(req.profile);
    const filter = parseFreelancerFilter(req.filter);
    const fingerprint = requestFingerprint({ op, jobId: req.jobId, filter, profile: profile.name, asOf: req.asOf ?? null });
    const offset = validatePage(op, req.first, req.after, fingerprint);
    const job = await getJob(op, req.jobId);
    const allow = await time(timings, "filter", () => compileAllow("freelancers", filter, new Set()));
    const vector = indexes.jobs.get(job.id);
    return {
      op,
      target: "freelancers",
      profile,
      offset,
      first: req.first,
      fingerprint,
      requiredSkillIds: job.skills.filter((s) => s.importance === "required").map((s) => s.skillId),
      timings,
      started,
      ctx: {
        target: "freelancers",
        source: { kind: "job", job },
        text: `${job.title}. ${namesOf(job.skills.map((s) => s.skillId))}`,
        ...(vector ? { vector } : {}),
        skills: job.skills.map((s) => ({ skillId: s.skillId, weight: IMPORTANCE_WEIGHT[s.importance] })),
        ...(req.asOf === undefined ? {} : { asOf: req.asOf }),
        ...allow,
      },
    };
  }

  async function prepareRecommendJobs(req: RecommendJobsRequest): Promise<Prepared> {
    const op: Operation = "recommendJobs";
    const started = now();
    const timings: StageTimings = {};
    const profile = profiles.get(req.profile);
    const parsed = parseJobFilter(req.filter);
    // Recommendations are for open jobs unless asked otherwise (an explicit status filter wins).
    const filter: JobFilter = req.includeClosed === true || parsed.statuses !== undefined ? parsed : { ...parsed, statuses: ["open"] };
    const fingerprint = requestFingerprint({
      op,
      freelancerId: req.freelancerId,
      filter,
      profile: profile.name,
      includeApplied: req.includeApplied === true,
      asOf: req.asOf ?? null,
    });
    const offset = validatePage(op, req.first, req.after, fingerprint);
    const freelancer = await getFreelancer(op, req.freelancerId);
    const degraded: string[] = [];
    let engaged = new Set<string>();
    if (req.includeApplied !== true) {
      try {
        engaged = new Set((await store.interactions({ freelancerId: freelancer.id, types: ENGAGED })).map((i) => i.jobId));
      } catch (error) {
        // Without the history, jobs the freelancer already applied to may show up: say so rather than fail.
        if (!(error instanceof BackendUnavailableError)) throw error;
        services.logger.warn(`applied-jobs exclusion left out: ${error.message}`, { code: error.code });
        degraded.push("exclude-applied");
      }
    }
    const allow = await time(timings, "filter", () => compileAllow("jobs", filter, engaged));
    const vector = indexes.freelancers.get(freelancer.id);
    return {
      op,
      target: "jobs",
      profile,
      offset,
      first: req.first,
      fingerprint,
      // For a job result, what "should match" is the job's own required skills; see explain().
      degraded,
      requiredSkillIds: [],
      timings,
      started,
      ctx: {
        target: "jobs",
        source: { kind: "freelancer", freelancer },
        text: `${freelancer.title}. ${namesOf(freelancer.skills.map((s) => s.skillId))}`,
        ...(vector ? { vector } : {}),
        skills: freelancer.skills.map((s) => ({ skillId: s.skillId, weight: s.level / 5 })),
        ...(req.asOf === undefined ? {} : { asOf: req.asOf }),
        ...allow,
      },
    };
  }

  const channelBudgetMs = options.channelBudgetMs !== undefined && options.channelBudgetMs > 0 ? options.channelBudgetMs : undefined;
  /** A channel's result, or an empty one saying it timed out when its budget runs out first. */
  function withinBudget(channel: ChannelName, running: Promise<ChannelResult>): Promise<ChannelResult> {
    if (channelBudgetMs === undefined) return running;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<ChannelResult>((resolve) => {
      const note = `timed out after ${channelBudgetMs} ms: left out of this ranking`;
      timer = setTimeout(() => resolve({ channel, candidates: [], tookMs: channelBudgetMs, note }), channelBudgetMs);
    });
    // The race subscribes to the channel, so its late result or failure is handled (and dropped) there.
    return Promise.race([running, timedOut]).finally(() => clearTimeout(timer));
  }

  /**
   * A channel whose backend is unavailable (Neo4j down, say) is left out of this ranking instead of
   * failing the request: an empty result marked degraded, which the explanation and the page report.
   * Any other error still fails the request.
   */
  async function degradeOnOutage(channel: ChannelName, running: Promise<ChannelResult>): Promise<ChannelResult> {
    const started = now();
    try {
      return await running;
    } catch (error) {
      if (!(error instanceof BackendUnavailableError)) throw error;
      services.logger.warn(`${channel} channel left out: ${error.message}`, { channel, code: error.code });
      return { channel, candidates: [], tookMs: now() - started, note: `backend unavailable (${error.code}): left out of this ranking`, degraded: error.code };
    }
  }

  /** Runs the profile's channels and fusion; returns the fused list up to `depth` and the channel results. */
  async function retrieveAndFuse(p: Prepared, depth: number): Promise<{ fused: FusedCandidate[]; results: ChannelResult[] }> {
    const channels = profileChannels(p.profile).filter((c) => c !== "collaborative" || p.ctx.source.kind !== "text");
    // Sequential on purpose: the channels are CPU-bound on this thread, so running them "in
    // parallel" gains nothing and would blur each stage's timing.
    const results: ChannelResult[] = [];
    for (const c of channels) {
      const cfg = p.profile.channels[c];
      const channelDepth = Math.min(MAX_RESULT_WINDOW, Math.max(cfg?.depth ?? 0, depth));
      const graph = p.profile.channels.graph;
      const ctx: QueryContext =
        c === "graph" && graph ? { ...p.ctx, graph: { maxHops: graph.maxHops, decay: graph.decay, degreeCap: graph.degreeCap } } : p.ctx;
      results.push(await time(p.timings, c, () => withinBudget(c, degradeOnOutage(c, retrievers[c].retrieve(ctx, channelDepth)))));
    }
    const fused = await time(p.timings, "fuse", () => fuse(results, p.profile));
    return { fused, results };
  }

  /** Runs the profile's channels, fusion and reranking; returns the whole ranked list up to `depth`. */
  async function rank(
    p: Prepared,
    depth: number,
  ): Promise<{ ranked: RerankedCandidate[]; results: ChannelResult[]; rerankNote?: string; degraded: string[] }> {
    const { fused, results } = await retrieveAndFuse(p, depth);
    const degraded = results.filter((r) => r.degraded !== undefined).map((r) => r.channel as string);
    let reranked = keepFusedOrder(fused);
    if (p.profile.rerank.enabled) {
      try {
        reranked = await time(p.timings, "rerank", () => rerankerOf(p.profile).rerank(p.ctx, fused, p.profile.rerank.depth));
      } catch (error) {
        // The reranker reads records and interactions from the store; without it, fused order stands.
        if (!(error instanceof BackendUnavailableError)) throw error;
        services.logger.warn(`reranker left out: ${error.message}`, { code: error.code });
        reranked = keepFusedOrder(fused, `backend unavailable (${error.code}): fused order kept`);
        degraded.push("rerank");
      }
    }
    return { ranked: reranked.candidates, results, degraded, ...(reranked.note === undefined ? {} : { rerankNote: reranked.note }) };
  }

  function explainer(
    p: Prepared,
    candidate: RerankedCandidate,
    results: ChannelResult[],
    node: Freelancer | Job,
    rerankNote: string | undefined,
  ): () => Promise<Explanation> {
    let memo: Explanation | undefined;
    return () => {
      memo ??= buildExplanation({
        profile: p.profile,
        candidate,
        reranker: {
          name: rerankerOf(p.profile).name,
          applied: p.profile.rerank.enabled,
          ...(rerankNote === undefined ? {} : { note: rerankNote }),
        },
        channelsRun: results,
        querySkills: p.ctx.skills,
        requiredSkillIds:
          p.target === "jobs" ? (node as Job).skills.filter((s) => s.importance === "required").map((s) => s.skillId) : p.requiredSkillIds,
        candidateSkillIds:
          p.target === "jobs"
            ? p.ctx.source.kind === "freelancer"
              ? p.ctx.source.freelancer.skills.map((s) => s.skillId)
              : p.ctx.skills.map((s) => s.skillId)
            : (node as Freelancer).skills.map((s) => s.skillId),
        skillName,
      });
      return Promise.resolve(memo);
    };
  }

  async function page<T extends Freelancer | Job>(p: Prepared): Promise<RankedPage<T>> {
    const { ranked, results, rerankNote, degraded: rankDegraded } = await rank(p, p.offset + p.first + 1);
    const degraded = [...(p.degraded ?? []), ...rankDegraded];
    const slice = ranked.slice(p.offset, p.offset + p.first);
    const ids = slice.map((c) => c.id);
    const nodes = await time(p.timings, "hydrate", async () => {
      const records = p.target === "freelancers" ? await store.getFreelancers(ids) : await store.getJobs(ids);
      return new Map<string, Freelancer | Job>(records.map((r) => [r.id, r]));
    });
    const hits: Array<Hit<T>> = [];
    slice.forEach((c, i) => {
      const node = nodes.get(c.id);
      // A record deleted between retrieval and hydration is skipped rather than served half-present.
      if (!node) return;
      const rankInAll = p.offset + i + 1;
      hits.push({
        node: node as T,
        score: c.rerankScore,
        rank: rankInAll,
        cursor: encodeCursor(rankInAll, p.fingerprint),
        explanation: explainer(p, c, results, node, rerankNote),
      });
    });
    const end = p.offset + slice.length;
    const hasNextPage = ranked.length > end && end < MAX_RESULT_WINDOW;
    return {
      target: p.target,
      profile: p.profile.name,
      hits,
      pageInfo: { hasNextPage, endCursor: slice.length > 0 ? encodeCursor(end, p.fingerprint) : null },
      tookMs: now() - p.started,
      timings: p.timings,
      degraded,
    };
  }

  async function explainMatch(jobId: string, freelancerId: string, profileName: string | undefined): Promise<{ score: number; rank: number | null; explanation: Explanation }> {
    const p = await prepareRecommendFreelancers({ jobId, first: 1, ...(profileName === undefined ? {} : { profile: profileName }) });
    const freelancer = await getFreelancer("recommendFreelancers", freelancerId);
    const full = await rank(p, MAX_RESULT_WINDOW);
    let candidate = full.ranked.find((c) => c.id === freelancerId);
    let results = full.results;
    let rankOf: number | null = candidate ? full.ranked.indexOf(candidate) + 1 : null;
    if (!candidate) {
      // Outside the served window: score the pair alone so every channel can still say what it sees.
      const alone = await rank({ ...p, ctx: { ...p.ctx, allow: (id) => id === freelancerId, allowedCount: 1 } }, 1);
      candidate = alone.ranked[0];
      results = alone.results;
      rankOf = null;
    }
    if (!candidate) {
      const explanation = buildExplanation({
        profile: p.profile,
        candidate: { id: freelancerId, score: 0, rank: 0, channels: {}, rerankScore: 0, reranked: false },
        reranker: { name: noopReranker.name, applied: false },
        channelsRun: results,
        querySkills: p.ctx.skills,
        requiredSkillIds: p.requiredSkillIds,
        candidateSkillIds: freelancer.skills.map((s) => s.skillId),
        skillName,
      });
      return { score: 0, rank: null, explanation };
    }
    return { score: candidate.rerankScore, rank: rankOf, explanation: await explainer(p, candidate, results, freelancer, full.rerankNote)() };
  }

  async function linkSkills(text: string, first: number): Promise<LinkedSkillResult[]> {
    const t = typeof text === "string" ? text.trim() : "";
    if (t === "") throw new InvalidInputError("linkSkills: text is empty; pass the text to link");
    if (t.length > MAX_QUERY_LENGTH * 10) {
      throw new InvalidInputError(`linkSkills: text is ${t.length} characters; the maximum is ${MAX_QUERY_LENGTH * 10}`);
    }
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new InvalidInputError(`linkSkills: first must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${first}`);
    }
    const links = await (await currentLinker()).link(t, { limit: first, useVectors: true });
    return links.map(
      (l): LinkedSkillResult => ({ skillId: l.skillId, name: l.name, score: l.score, method: l.method, spans: l.spans }),
    );
  }

  async function fusedCandidates(req: OperationRequest, depth: number): Promise<{ ctx: QueryContext; candidates: FusedCandidate[] }> {
    const p =
      req.op === "searchFreelancers" || req.op === "searchJobs"
        ? await prepareSearch(req.op, req)
        : req.op === "recommendFreelancers"
          ? await prepareRecommendFreelancers(req)
          : await prepareRecommendJobs(req);
    const { fused } = await retrieveAndFuse(p, Math.min(depth, MAX_RESULT_WINDOW));
    return { ctx: p.ctx, candidates: fused.slice(0, depth) };
  }

  const reading = <T>(work: () => Promise<T>): Promise<T> => services.consistency.read(work);

  return {
    // Each request reads under the shared lock: a write commits between requests, never inside one.
    searchFreelancers: (req) => reading(async () => page<Freelancer>(await prepareSearch("searchFreelancers", req))),
    searchJobs: (req) => reading(async () => page<Job>(await prepareSearch("searchJobs", req))),
    recommendFreelancers: (req) => reading(async () => page<Freelancer>(await prepareRecommendFreelancers(req))),
    recommendJobs: (req) => reading(async () => page<Job>(await prepareRecommendJobs(req))),
    explainMatch: (jobId, freelancerId, profileName) => reading(() => explainMatch(jobId, freelancerId, profileName)),
    linkSkills: (text, first) => reading(() => linkSkills(text, first)),
    fusedCandidates: (req, depth) => reading(() => fusedCandidates(req, depth)),
    profiles: () => describeProfiles(profiles),
  };
}
