/**
 * One batch worker's ranking: opens its own services and ranking pipeline (read-only use of the
 * stores), then turns recipients into output lines through the same pipeline calls the API serves
 * (recommendJobs / recommendFreelancers under the chosen rank profile) and the batch rules
 * (select.ts). Runs inside a worker thread (batch-worker-thread.ts) or, with --workers 0, on the
 * calling thread.
 */
import type { Config } from "../core/config.js";
import { NotFoundError } from "../core/errors.js";
import type { JobFilter } from "../core/filters.js";
import type { Freelancer, InteractionType, Job, VectorKind } from "../core/records.js";
import type { CompiledFilter } from "../graph-store/graph-store.js";
import { createRankingPipeline } from "../pipeline/pipeline.js";
import { MAX_PAGE_SIZE, MAX_RESULT_WINDOW, type Hit, type RankedPage } from "../pipeline/types.js";
import { openServices, type Services } from "../services.js";
import type { VectorIndex } from "../vector/vector-index.js";
import type { BatchRules, OutputFormat } from "./batch-options.js";
import { serialiseLine, type BatchItem, type BatchLine, type Shortfall, type ShortfallCode } from "./batch-line.js";
import { createCandidateIndex, loadCandidateVectors } from "./candidate-index.js";
import { buildReason } from "./reason.js";
import { selectItems, type ExclusionCounts, type RankedCandidate, type Selection } from "./select.js";

/** What "already engaged with a job" means for exclusions (the pipeline's recommendJobs uses the same). */
export const ENGAGED_TYPES: readonly InteractionType[] = ["apply", "interview", "hire"];

/**
 * Largest candidate universe kept as an exact in-memory view (candidate-index.ts). Exact scoring
 * costs ~0.25 µs per candidate per search (256-d), so 10,000 candidates are ~2.5 ms a search, near
 * what a filtered HNSW walk costs; above it the jobs index is used as is.
 */
export const EXACT_UNIVERSE_MAX = 10_000;

export interface RecommenderSettings {
  config: Config;
  rules: BatchRules;
  /** The run's reference time (every line's generatedAt). */
  now: string;
  format: OutputFormat;
}

export interface RecipientTask {
  /** Freelancer id (freelancers mode) or job id (jobs mode). */
  key: string;
  /** Items sent to this recipient in its last N runs. */
  sent: string[];
}

export interface ChunkResult {
  /** The chunk's serialised lines, in task order. */
  text: string;
  /** (recipient key, item id) of every item written. */
  sent: Array<[string, string]>;
  lastKey: string;
  recipients: number;
  items: number;
  /** Recipients with fewer than `top` items, by reason. */
  short: Partial<Record<ShortfallCode, number>>;
}

export interface RecommenderInfo {
  profile: string;
  reranker: string;
  model: string;
  /** freelancers mode: open jobs posted since the cut-off (what every freelancer is ranked against). */
  universe: number;
  /** Whether the exact in-memory candidate view is in use. */
  exactCandidates: boolean;
}

export interface Recommender {
  readonly info: RecommenderInfo;
  recommend(task: RecipientTask): Promise<BatchLine>;
  runChunk(tasks: readonly RecipientTask[]): Promise<ChunkResult>;
  close(): Promise<void>;
}

type Item = RankedCandidate & { hit: Hit<Job> | Hit<Freelancer> };

export async function createRecommender(settings: RecommenderSettings): Promise<Recommender> {
  const { rules, now, format } = settings;
  // Nothing is embedded: the model is only needed to check the indexes, so skip the embedding thread.
  const config: Config = Object.freeze({ ...settings.config, embedWorker: false });
  const services = await openServices(config);
  try {
    return await build(services, rules, now, format);
  } catch (error) {
    await services.close();
    throw error;
  }
}

async function build(services: Services, rules: BatchRules, now: string, format: OutputFormat): Promise<Recommender> {
  const { store } = services;
  const jobFilter: JobFilter = { statuses: ["open"], postedSince: rules.postedSince };
  const [indexes, skills, universe] = await Promise.all([services.indexes(), store.allSkills(), store.compileFilter("jobs", jobFilter)]);
  const skillNames = new Map(skills.map((s) => [s.id, s.name]));
  const skillName = (id: string): string | undefined => skillNames.get(id);

  let view: Record<VectorKind, VectorIndex> = indexes;
  let candidateVector: ((id: string) => Float32Array | undefined) | undefined;
  if (rules.mode === "freelancers" && universe.count > 0 && universe.count <= EXACT_UNIVERSE_MAX) {
    const candidates = loadCandidateVectors(indexes.jobs, universe.ids());
    view = { ...indexes, jobs: createCandidateIndex(indexes.jobs, candidates) };
    candidateVector = (id) => candidates.vector(id);
  }
  const pipeline = await createRankingPipeline({ ...services, indexes: () => Promise.resolve(view) });
  const profile = pipeline.profiles().find((p) => p.name === rules.profile);
  if (profile === undefined) {
    throw new NotFoundError(`recommend-batch: rank profile "${rules.profile}" does not exist; known profiles: ${pipeline.profiles().map((p) => p.name).join(", ")}`);
  }
  const info: RecommenderInfo = {
    profile: profile.name,
    reranker: profile.reranker ?? "none",
    model: indexes.jobs.modelId,
    universe: universe.count,
    exactCandidates: candidateVector !== undefined,
  };
  const vectorOf = rules.mode === "freelancers" ? (id: string) => candidateVector?.(id) ?? indexes.jobs.get(id) : (id: string) => indexes.freelancers.get(id);
  const selectionRules = {
    top: rules.top,
    minScore: rules.minScore,
    ...(rules.mode === "freelancers" && rules.maxPerClient !== undefined ? { maxPerClient: rules.maxPerClient } : {}),
    ...(rules.mmrLambda === undefined ? {} : { mmr: { lambda: rules.mmrLambda, vector: vectorOf } }),
  };
  /** Page size: the list plus room for what the rules may leave out, so one pipeline call usually suffices. */
  const pageSize = (excludable: number): number => {
    const slack = rules.mmrLambda !== undefined ? 2 * rules.top : selectionRules.maxPerClient !== undefined ? rules.top : 0;
    return Math.min(MAX_PAGE_SIZE, rules.top + excludable + slack);
  };

  const line = (recipientId: string | null, jobId: string | undefined, items: BatchItem[], shortfall: Shortfall | null): BatchLine => ({
    recipientType: rules.mode === "freelancers" ? "freelancer" : "client",
    recipientId,
    ...(jobId === undefined ? {} : { jobId }),
    generatedAt: now,
    profile: info.profile,
    reranker: info.reranker,
    model: info.model,
    items,
    shortfall,
  });

  /**
   * Pages through the pipeline's ranking until the rules leave `top` items, the ranking ends, the
   * scores fall below the minimum, or the result window (MAX_RESULT_WINDOW) is reached.
   */
  async function rankAndSelect<T extends Job | Freelancer>(
    fetch: (first: number, after: string | undefined) => Promise<RankedPage<T>>,
    toItem: (hit: Hit<T>) => Item,
    exclude: { engaged: ReadonlySet<string>; sent: ReadonlySet<string> },
  ): Promise<{ ranked: number; selection: Selection<Item> }> {
    const first = pageSize(exclude.engaged.size + exclude.sent.size);
    const items: Item[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await fetch(first, after);
      items.push(...page.hits.map(toItem));
      const selection = selectItems(items, selectionRules, exclude);
      const last = items.at(-1);
      const more =
        selection.items.length < rules.top &&
        page.pageInfo.hasNextPage &&
        page.pageInfo.endCursor !== null &&
        last !== undefined &&
        last.score >= rules.minScore &&
        items.length + first <= MAX_RESULT_WINDOW;
      if (!more) return { ranked: items.length, selection };
      after = page.pageInfo.endCursor ?? undefined;
    }
  }

  async function toBatchItems(selected: readonly Item[], money: (item: Item) => { freelancer: Freelancer | undefined; job: Job | undefined }): Promise<BatchItem[]> {
    const explanations = await Promise.all(selected.map((s) => s.hit.explanation()));
    return selected.map((s, i) => {
      const node = s.hit.node;
      const reason = buildReason({ mode: rules.mode, explanation: explanations[i]!, ...money(s), skillName });
      return {
        rank: i + 1,
        id: s.id,
        score: s.score,
        pipelineRank: s.pipelineRank,
        reason,
        title: "name" in node ? `${node.name} — ${node.title}` : node.title,
        ...(s.clientId === undefined ? {} : { clientId: s.clientId }),
      };
    });
  }

  function shortfall(code: ShortfallCode, message: string, excluded: ExclusionCounts): Shortfall {
    return { code, message, excluded };
  }

  /** The rule that left out the most candidates (ties: engaged, sent, min score, client cap), or few_matches. */
  function dominant(excluded: ExclusionCounts, ranked: number, kind: string): Shortfall {
    const rulesInOrder: Array<[ShortfallCode, number, string]> = [
      ["already_engaged", excluded.engaged, `${excluded.engaged} ${kind} left out: already applied to, interviewed for or hired for`],
      ["already_sent", excluded.sent, `${excluded.sent} ${kind} left out: sent in the last ${rules.dedupeRuns} run(s)`],
      ["below_min_score", excluded.belowMinScore, `${excluded.belowMinScore} ${kind} scored below --min-score ${rules.minScore}`],
      ["client_cap", excluded.clientCap, `${excluded.clientCap} ${kind} left out: at most ${rules.maxPerClient ?? "∞"} per client`],
    ];
    let best: [ShortfallCode, number, string] | undefined;
    for (const r of rulesInOrder) if (r[1] > 0 && (best === undefined || r[1] > best[1])) best = r;
    return best === undefined ? shortfall("few_matches", `only ${ranked} matching ${kind} found`, excluded) : shortfall(best[0], best[2], excluded);
  }

  async function forFreelancer(task: RecipientTask): Promise<BatchLine> {
    const none = new Set<string>();
    const sent = new Set(task.sent);
    if (universe.count === 0) {
      if ((await store.getFreelancers([task.key])).length === 0) return notFound(task.key, undefined);
      return line(task.key, undefined, [], shortfall("no_open_jobs_since", `no open jobs posted since ${rules.postedSince}`, zero()));
    }
    let result: Awaited<ReturnType<typeof rankAndSelect<Job>>>;
    try {
      result = await rankAndSelect<Job>(
        (first, after) =>
          pipeline.recommendJobs({ freelancerId: task.key, first, ...(after === undefined ? {} : { after }), profile: rules.profile, filter: jobFilter }),
        (hit) => ({ id: hit.node.id, score: hit.score, pipelineRank: hit.rank, ...(hit.node.clientId === undefined ? {} : { clientId: hit.node.clientId }), hit }),
        { engaged: none, sent },
      );
    } catch (error) {
      if (error instanceof NotFoundError) return notFound(task.key, undefined);
      throw error;
    }
    const { selection, ranked } = result;
    let freelancer: Freelancer | undefined;
    if (selection.items.some((s) => (s.hit.node as Job).budget !== undefined)) [freelancer] = await store.getFreelancers([task.key]);
    const items = await toBatchItems(selection.items, (s) => ({ freelancer, job: s.hit.node as Job }));
    if (items.length >= rules.top) return line(task.key, undefined, items, null);
    // Short: the pipeline left out engaged jobs before ranking, so count them here for the reason.
    const engaged = await engagedIn(universe, task.key);
    const excluded = { ...selection.excluded, engaged };
    if (ranked === 0) {
      const sf =
        engaged >= universe.count
          ? shortfall("already_engaged", `all ${universe.count} open jobs posted since ${rules.postedSince} were already applied to, interviewed for or hired for`, excluded)
          : shortfall("no_matches", "no open job matched (the profile has no skills, stored vector or job history to match on)", excluded);
      return line(task.key, undefined, items, sf);
    }
    return line(task.key, undefined, items, dominant(excluded, ranked, "jobs"));
  }

  async function forJob(task: RecipientTask): Promise<BatchLine> {
    const [job] = await store.getJobs([task.key]);
    if (job === undefined) return notFound(null, task.key);
    const engaged = new Set((await store.interactions({ jobId: job.id, types: ENGAGED_TYPES })).map((i) => i.freelancerId));
    const sent = new Set(task.sent);
    const { selection, ranked } = await rankAndSelect<Freelancer>(
      (first, after) => pipeline.recommendFreelancers({ jobId: job.id, first, ...(after === undefined ? {} : { after }), profile: rules.profile }),
      (hit) => ({ id: hit.node.id, score: hit.score, pipelineRank: hit.rank, hit }),
      { engaged, sent },
    );
    const items = await toBatchItems(selection.items, (s) => ({ freelancer: s.hit.node as Freelancer, job }));
    const recipient = job.clientId ?? null;
    if (items.length >= rules.top) return line(recipient, job.id, items, null);
    if (ranked === 0) return line(recipient, job.id, items, shortfall("no_matches", "no freelancer matched (the job has no skills or stored vector to match on)", selection.excluded));
    if (selection.eligible === 0 && selection.excluded.engaged === ranked) {
      return line(recipient, job.id, items, shortfall("already_engaged", `all ${ranked} matching freelancers already applied, interviewed or were hired`, selection.excluded));
    }
    return line(recipient, job.id, items, dominant(selection.excluded, ranked, "freelancers"));
  }

  function notFound(recipientId: string | null, jobId: string | undefined): BatchLine {
    const what = jobId === undefined ? `freelancer ${recipientId ?? ""}` : `job ${jobId}`;
    return line(recipientId, jobId, [], shortfall("recipient_not_found", `${what} no longer exists`, zero()));
  }

  async function engagedIn(allowed: CompiledFilter, freelancerId: string): Promise<number> {
    const jobs = new Set((await store.interactions({ freelancerId, types: ENGAGED_TYPES })).map((i) => i.jobId));
    let n = 0;
    for (const id of jobs) if (allowed.allow(id)) n++;
    return n;
  }

  const recommend = (task: RecipientTask): Promise<BatchLine> => (rules.mode === "freelancers" ? forFreelancer(task) : forJob(task));

  return {
    info,
    recommend,
    async runChunk(tasks) {
      const out: ChunkResult = { text: "", sent: [], lastKey: "", recipients: 0, items: 0, short: {} };
      const parts: string[] = [];
      for (const task of tasks) {
        const l = await recommend(task);
        parts.push(serialiseLine(l, format));
        for (const item of l.items) out.sent.push([task.key, item.id]);
        out.items += l.items.length;
        out.recipients++;
        out.lastKey = task.key;
        if (l.shortfall !== null) out.short[l.shortfall.code] = (out.short[l.shortfall.code] ?? 0) + 1;
      }
      out.text = parts.join("");
      return out;
    },
    close: () => services.close(),
  };
}

const zero = (): ExclusionCounts => ({ engaged: 0, sent: 0, belowMinScore: 0, clientCap: 0 });
