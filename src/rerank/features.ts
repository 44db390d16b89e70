/**
 * The reranker's features: one extractor shared by training (`train-reranker`, the evaluator) and
 * serving (the learned reranker), so the model sees at serve time exactly what it was trained on.
 *
 * A feature vector describes one (query, candidate) pair. The pair is always read as a job side
 * and a freelancer side, whatever is ranked:
 * - recommendFreelancers(job): job = the source job, freelancer = the candidate;
 * - recommendJobs(freelancer): job = the candidate, freelancer = the source;
 * - text search: the side being ranked is the candidate; the other side is absent, and the query's
 *   linked skills play the job's required skills (searchFreelancers) or the freelancer's skills
 *   (searchJobs).
 * A feature that cannot be computed (no budget, channel did not retrieve the pair, …) is NaN, which
 * both XGBoost and the tree evaluator route down each split's "missing" branch.
 *
 * Features never depend on the rank profile's fusion method (scores are each channel's raw score,
 * scaled by the best raw score of the channel in this query), except `fused_*`, which is why a model
 * records the profile it was trained under.
 */
import type { Freelancer, Interaction, Job } from "../core/records.js";
import type { FusedCandidate } from "../fuse/fused-candidate.js";
import type { GraphStore } from "../graph-store/graph-store.js";
import { CHANNELS, type ChannelName, type QueryContext } from "../retrieve/retriever.js";

export interface FeatureSpec {
  name: string;
  description: string;
}

const channelFeatures = (c: ChannelName): FeatureSpec[] => [
  { name: `${c}_raw`, description: `${c} channel's raw score (its own scale); missing when the channel did not retrieve the pair` },
  { name: `${c}_scaled`, description: `${c} raw score divided by the channel's best raw score in this query (0..1 for positive scores)` },
  { name: `${c}_rank`, description: `1-based rank in the ${c} channel; missing when not retrieved` },
];

/** Every feature, in the order of the vectors; a model's feature list must equal this list's names. */
export const FEATURES: readonly FeatureSpec[] = [
  ...CHANNELS.flatMap(channelFeatures),
  { name: "fused_score", description: "score after fusion under the profile the model was trained with" },
  { name: "fused_rank", description: "1-based rank after fusion" },
  { name: "channels_retrieved", description: "how many channels retrieved the pair" },
  { name: "required_skills", description: "number of required skills (job's required skills, or skills linked in a freelancer search)" },
  { name: "required_exact", description: "share of required skills the freelancer lists" },
  { name: "required_related", description: "share of required skills the freelancer lists or holds a direct neighbour of (RELATED_TO/BROADER_THAN)" },
  { name: "preferred_exact", description: "share of the job's preferred skills the freelancer lists; missing when the job has none" },
  { name: "preferred_related", description: "share of preferred skills listed or covered by a direct neighbour" },
  { name: "matched_level", description: "mean self-rated level (1..5) of the freelancer's skills that match required skills exactly" },
  { name: "graph_paths", description: "number of skill paths the graph channel found for the pair" },
  { name: "graph_best_path", description: "weight of the strongest graph path" },
  { name: "rate_to_budget", description: "freelancer's hourly rate / the job's hourly budget max; missing for fixed-price jobs or without a rate" },
  { name: "rate_over_budget", description: "1 when the rate exceeds the hourly budget max, 0 when within, missing when unknown" },
  { name: "budget_hourly", description: "1 for an hourly job, 0 for fixed price, missing when no budget" },
  { name: "rating", description: "freelancer's rating (0..5)" },
  { name: "job_success", description: "freelancer's job success score (0..1)" },
  { name: "log_hours", description: "ln(1 + freelancer's total hours)" },
  { name: "available", description: "1 when the freelancer says they are available, 0 when not" },
  { name: "country_match", description: "1 when the freelancer's country equals the job's (client's) country" },
  { name: "job_age_days", description: "days between the job's posting and the query time (the extractor's clock)" },
  { name: "client_interactions", description: "earlier interactions (apply/interview/hire) between the freelancer and the job's client on other jobs, before this job was posted (and before the query's asOf)" },
  { name: "client_hires", description: "earlier hires of the freelancer by the job's client" },
  { name: "freelancer_skills", description: "number of skills on the freelancer's profile" },
  { name: "job_skills", description: "number of skills on the job" },
  { name: "title_words", description: "words in the candidate's title" },
  { name: "text_words", description: "words in the candidate's overview/description" },
  { name: "query_words", description: "words in the query text (the query, or the source record's title and skills)" },
];

export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);
const INDEX = new Map(FEATURE_NAMES.map((n, i) => [n, i]));
const ENGAGED = ["apply", "interview", "hire"] as const;
const DAY_MS = 86_400_000;

/** Position of a feature in the vectors; throws for an unknown name (a typo must not become a silent NaN). */
export function featureIndex(name: string): number {
  const i = INDEX.get(name);
  if (i === undefined) throw new Error(`featureIndex: unknown feature ${name}`);
  return i;
}

export interface FeatureExtractorOptions {
  store: GraphStore;
  /** Time the query is asked at, ms since epoch; job ages are measured from it. Default Date.now. */
  now?: () => number;
}

export interface FeatureExtractor {
  /**
   * Feature vectors for `candidates` (in the given order), one Float64Array of FEATURES.length each.
   * Hydrates the records and interaction history it needs from the store in bulk.
   */
  extract(ctx: QueryContext, candidates: readonly FusedCandidate[]): Promise<Float64Array[]>;
}

const words = (s: string | undefined): number => (s === undefined || s.trim() === "" ? 0 : s.trim().split(/\s+/).length);

/** Creates the feature extractor. Skill neighbourhoods are cached: the taxonomy changes rarely and is small. */
export function createFeatureExtractor(options: FeatureExtractorOptions): FeatureExtractor {
  const { store } = options;
  const now = options.now ?? (() => Date.now());
  const neighbourCache = new Map<string, ReadonlySet<string>>();

  async function neighbours(skillIds: Iterable<string>): Promise<Map<string, ReadonlySet<string>>> {
    const out = new Map<string, ReadonlySet<string>>();
    for (const id of skillIds) {
      let set = neighbourCache.get(id);
      if (set === undefined) {
        set = new Set((await store.skillNeighbours(id)).map((n) => n.skillId));
        neighbourCache.set(id, set);
      }
      out.set(id, set);
    }
    return out;
  }

  /** Earlier interactions of each freelancer, keyed by freelancer id, with each job's client. */
  async function historyOf(freelancerIds: readonly string[]): Promise<Map<string, Array<Interaction & { clientId?: string; postedAt?: string }>>> {
    const rows = new Map<string, Interaction[]>(freelancerIds.map((id) => [id, []]));
    for (const i of await store.interactions({ freelancerIds, types: ENGAGED })) rows.get(i.freelancerId)?.push(i);
    const jobIds = [...new Set([...rows.values()].flat().map((r) => r.jobId))];
    const jobs = new Map((await store.getJobs(jobIds)).map((j) => [j.id, j]));
    const out = new Map<string, Array<Interaction & { clientId?: string }>>();
    for (const [id, list] of rows) {
      out.set(
        id,
        list.map((r) => {
          const clientId = jobs.get(r.jobId)?.clientId;
          return clientId === undefined ? r : { ...r, clientId };
        }),
      );
    }
    return out;
  }

  return {
    async extract(ctx, candidates) {
      if (candidates.length === 0) return [];
      const ids = candidates.map((c) => c.id);
      const source = ctx.source;
      // Job side and freelancer side of each pair.
      let jobsOf: (id: string) => Job | undefined;
      let freelancersOf: (id: string) => Freelancer | undefined;
      if (ctx.target === "freelancers") {
        const records = new Map((await store.getFreelancers(ids)).map((f) => [f.id, f]));
        const job = source.kind === "job" ? source.job : undefined;
        jobsOf = () => job;
        freelancersOf = (id) => records.get(id);
      } else {
        const records = new Map((await store.getJobs(ids)).map((j) => [j.id, j]));
        const freelancer = source.kind === "freelancer" ? source.freelancer : undefined;
        jobsOf = (id) => records.get(id);
        freelancersOf = () => freelancer;
      }
      const freelancerIds = [...new Set(ids.map((id) => freelancersOf(id)?.id).filter((x): x is string => x !== undefined))];
      const history = await historyOf(freelancerIds);

      // Skill sets: "required/preferred" on the job side, "held" on the freelancer side.
      const textSkills = ctx.skills.map((s) => s.skillId);
      const requiredOf = (job: Job | undefined): string[] =>
        job ? job.skills.filter((s) => s.importance === "required").map((s) => s.skillId) : ctx.target === "freelancers" ? textSkills : [];
      const preferredOf = (job: Job | undefined): string[] => (job ? job.skills.filter((s) => s.importance === "preferred").map((s) => s.skillId) : []);
      const heldOf = (f: Freelancer | undefined): Map<string, number> =>
        f ? new Map(f.skills.map((s) => [s.skillId, s.level])) : new Map(ctx.target === "jobs" ? textSkills.map((id) => [id, Number.NaN]) : []);

      const allSkillIds = new Set<string>();
      for (const id of ids) {
        for (const s of requiredOf(jobsOf(id))) allSkillIds.add(s);
        for (const s of preferredOf(jobsOf(id))) allSkillIds.add(s);
      }
      const near = await neighbours(allSkillIds);

      // Channel scale: best raw score per channel among the candidates' channel lists.
      const best = new Map<ChannelName, number>();
      for (const c of candidates) {
        for (const ch of CHANNELS) {
          const s = c.channels[ch];
          if (s) best.set(ch, Math.max(best.get(ch) ?? Number.NEGATIVE_INFINITY, s.raw));
        }
      }
      const queryTime = now();
      const queryWords = words(ctx.text);

      return candidates.map((c) => {
        const x = new Float64Array(FEATURES.length).fill(Number.NaN);
        const set = (name: string, v: number | undefined): void => {
          if (v !== undefined && Number.isFinite(v)) x[featureIndex(name)] = v;
        };
        let retrieved = 0;
        for (const ch of CHANNELS) {
          const s = c.channels[ch];
          if (!s) continue;
          retrieved++;
          set(`${ch}_raw`, s.raw);
          const top = best.get(ch) ?? 0;
          set(`${ch}_scaled`, top > 0 ? s.raw / top : undefined);
          set(`${ch}_rank`, s.rank);
        }
        set("fused_score", c.score);
        set("fused_rank", c.rank);
        set("channels_retrieved", retrieved);

        const job = jobsOf(c.id);
        const freelancer = freelancersOf(c.id);
        const held = heldOf(freelancer);
        const required = requiredOf(job);
        const preferred = preferredOf(job);
        const covered = (list: string[], viaRelated: boolean): number =>
          list.filter((s) => held.has(s) || (viaRelated && [...(near.get(s) ?? [])].some((n) => held.has(n)))).length / list.length;
        set("required_skills", required.length);
        if (required.length > 0 && held.size > 0) {
          set("required_exact", covered(required, false));
          set("required_related", covered(required, true));
          const levels = required.map((s) => held.get(s)).filter((l): l is number => l !== undefined && Number.isFinite(l));
          if (levels.length > 0) set("matched_level", levels.reduce((a, b) => a + b, 0) / levels.length);
        }
        if (preferred.length > 0 && held.size > 0) {
          set("preferred_exact", covered(preferred, false));
          set("preferred_related", covered(preferred, true));
        }
        const graph = c.channels.graph?.candidate.trace;
        if (graph?.channel === "graph") {
          set("graph_paths", graph.matches.length);
          set("graph_best_path", Math.max(0, ...graph.matches.map((m) => m.weight)));
        } else if (c.channels.graph === null) {
          set("graph_paths", 0);
        }

        const budget = job?.budget;
        if (budget) set("budget_hourly", budget.type === "hourly" ? 1 : 0);
        if (budget?.type === "hourly" && budget.max !== undefined && budget.max > 0 && freelancer?.hourlyRate !== undefined) {
          set("rate_to_budget", freelancer.hourlyRate / budget.max);
          set("rate_over_budget", freelancer.hourlyRate > budget.max ? 1 : 0);
        }
        if (freelancer) {
          set("rating", freelancer.rating);
          set("job_success", freelancer.jobSuccess);
          if (freelancer.totalHours !== undefined) set("log_hours", Math.log1p(freelancer.totalHours));
          if (freelancer.available !== undefined) set("available", freelancer.available ? 1 : 0);
          set("freelancer_skills", freelancer.skills.length);
        }
        if (freelancer?.country !== undefined && job?.country !== undefined) {
          set("country_match", freelancer.country.trim().toLowerCase() === job.country.trim().toLowerCase() ? 1 : 0);
        }
        if (job) {
          set("job_skills", job.skills.length);
          if (job.postedAt !== undefined) set("job_age_days", (queryTime - Date.parse(job.postedAt)) / DAY_MS);
        }
        if (job?.clientId !== undefined && freelancer) {
          // Only other jobs of the same client, and only what happened before this job was posted.
          const before = [job.postedAt, ctx.asOf].filter((t): t is string => t !== undefined).sort()[0];
          const past = (history.get(freelancer.id) ?? []).filter(
            (r) => r.clientId === job.clientId && r.jobId !== job.id && (before === undefined || r.at < before),
          );
          set("client_interactions", past.length);
          set("client_hires", past.filter((r) => r.type === "hire").length);
        }
        const candidateRecord = ctx.target === "freelancers" ? freelancer : job;
        if (candidateRecord) {
          set("title_words", words(candidateRecord.title));
          set("text_words", words("overview" in candidateRecord ? candidateRecord.overview : candidateRecord.description));
        }
        set("query_words", queryWords);
        return x;
      });
    },
  };
}
