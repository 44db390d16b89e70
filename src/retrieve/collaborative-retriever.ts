/**
 * The collaborative channel (recommendations only): what happened on similar jobs.
 * - job → freelancers: the jobs most similar to the source job by stored vector, and the
 *   freelancers who were hired, interviewed or applied there. Score = Σ over those jobs of
 *   similarity × interaction weight.
 * - freelancer → jobs: the jobs the freelancer was hired or interviewed for, and the jobs most
 *   similar to them (excluding those source jobs). Score = Σ over source jobs of similarity × weight.
 * Per (job, freelancer) pair only the strongest interaction counts, so a hire that went through
 * apply and interview is not counted three times, and repeated applications do not inflate a score.
 * Views and clicks are ignored: they record browsing, not a hiring decision, and the demo data has
 * an order of magnitude more of them than of applications. Similarities ≤ 0 contribute nothing.
 */
import { performance } from "node:perf_hooks";
import type { Interaction, InteractionType, VectorKind } from "../core/records.js";
import type { GraphStore } from "../graph-store/graph-store.js";
import type { VectorIndex } from "../vector/vector-index.js";
import { rankCandidates, type ChannelResult, type ChannelTrace, type QueryContext, type Retriever } from "./retriever.js";
import { compareIds } from "../core/order.js";

/** Weight of each interaction type that counts, in (0, 1]; the others are ignored. */
export const INTERACTION_WEIGHTS: Readonly<Partial<Record<InteractionType, number>>> = { hire: 1, interview: 0.6, apply: 0.3 };

export interface CollaborativeRetrieverOptions {
  store: GraphStore;
  indexes: Record<VectorKind, VectorIndex>;
  /** Similar jobs consulted per source job, ≥ 1; default 30. */
  neighbours?: number;
  /** Most source jobs (a freelancer's hires/interviews) consulted, strongest then latest first; default 20. */
  maxSourceJobs?: number;
}

type Via = Extract<ChannelTrace, { channel: "collaborative" }>["via"][number];

/** Interactions strictly before `asOf` (all of them without one). */
const before = <T extends { at: string }>(rows: T[], asOf: string | undefined): T[] => (asOf === undefined ? rows : rows.filter((r) => r.at < asOf));

/** Creates the collaborative channel. Trace: `{channel: "collaborative", via}` (via sorted by contribution desc, job id asc). */
export function createCollaborativeRetriever(options: CollaborativeRetrieverOptions): Retriever {
  const neighbours = options.neighbours ?? 30;
  const maxSourceJobs = options.maxSourceJobs ?? 20;
  const jobs = options.indexes.jobs;

  /** Strongest counted interaction per key (a freelancer id or a job id). */
  const strongest = (rows: Array<{ key: string; type: InteractionType; at: string }>): Map<string, { type: InteractionType; weight: number; at: string }> => {
    const out = new Map<string, { type: InteractionType; weight: number; at: string }>();
    for (const r of rows) {
      const weight = INTERACTION_WEIGHTS[r.type];
      if (weight === undefined) continue;
      const seen = out.get(r.key);
      if (seen === undefined || weight > seen.weight || (weight === seen.weight && r.at > seen.at)) out.set(r.key, { type: r.type, weight, at: r.at });
    }
    return out;
  };

  /** Jobs most similar to `vector`, best first, skipping `exclude`; only positive similarities. */
  const similarJobs = (vector: Float32Array, k: number, exclude: ReadonlySet<string>, allow?: (id: string) => boolean): Array<{ id: string; score: number }> => {
    // Without an allow-list, over-fetch by the excluded count and drop them here: hnswlib's filter
    // path scans every id, which would cost more than the few extra neighbours.
    const hits =
      allow === undefined
        ? jobs.search(vector, k + exclude.size)
        : jobs.search(vector, k, { filter: (id) => !exclude.has(id) && allow(id) });
    return hits.filter((h) => !exclude.has(h.id) && h.score > 0).slice(0, k);
  };

  const forJob = async (jobId: string, ctx: QueryContext): Promise<{ items: Map<string, Via[]>; note?: string }> => {
    const vector = jobs.get(jobId) ?? ctx.vector;
    if (vector === undefined) return { items: new Map(), note: `job ${jobId} has no stored vector` };
    const similar = similarJobs(vector, neighbours, new Set([jobId]));
    const items = new Map<string, Via[]>();
    // One query for every similar job's history, then per job in similarity order.
    const history = new Map<string, Interaction[]>(similar.map((n) => [n.id, []]));
    if (similar.length > 0) {
      for (const i of await options.store.interactions({ jobIds: similar.map((n) => n.id), types: ["hire", "interview", "apply"] })) history.get(i.jobId)?.push(i);
    }
    for (const neighbour of similar) {
      const rows = before(history.get(neighbour.id) ?? [], ctx.asOf);
      for (const [freelancerId, best] of strongest(rows.map((r) => ({ key: r.freelancerId, type: r.type, at: r.at })))) {
        if (ctx.allow !== undefined && !ctx.allow(freelancerId)) continue;
        const via = items.get(freelancerId) ?? [];
        via.push({ jobId: neighbour.id, similarity: neighbour.score, interaction: best.type, weight: best.weight });
        items.set(freelancerId, via);
      }
    }
    return { items, ...(similar.length === 0 ? { note: "no similar jobs found" } : {}) };
  };

  const forFreelancer = async (freelancerId: string, depth: number, ctx: QueryContext): Promise<{ items: Map<string, Via[]>; note?: string }> => {
    const rows = before(await options.store.interactions({ freelancerId, types: ["hire", "interview"] }), ctx.asOf);
    const sources = [...strongest(rows.map((r) => ({ key: r.jobId, type: r.type, at: r.at })))]
      .sort(([a, x], [b, y]) => y.weight - x.weight || compareIds(y.at, x.at) || compareIds(a, b))
      .slice(0, maxSourceJobs);
    if (sources.length === 0) return { items: new Map(), note: `freelancer ${freelancerId} has no hires or interviews yet` };
    const exclude = new Set(sources.map(([jobId]) => jobId));
    const items = new Map<string, Via[]>();
    for (const [sourceId, best] of sources) {
      const vector = jobs.get(sourceId);
      if (vector === undefined) continue; // a deleted job keeps its history but has no vector
      for (const hit of similarJobs(vector, Math.max(neighbours, depth), exclude, ctx.allow)) {
        const via = items.get(hit.id) ?? [];
        via.push({ jobId: sourceId, similarity: hit.score, interaction: best.type, weight: best.weight });
        items.set(hit.id, via);
      }
    }
    return { items };
  };

  return {
    channel: "collaborative",
    async retrieve(ctx: QueryContext, depth: number): Promise<ChannelResult> {
      const started = performance.now();
      const result = (items: Map<string, Via[]>, note?: string): ChannelResult => ({
        channel: "collaborative",
        candidates: rankCandidates(
          [...items].map(([id, via]) => {
            via.sort((a, b) => b.similarity * b.weight - a.similarity * a.weight || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0));
            return { id, score: via.reduce((s, v) => s + v.similarity * v.weight, 0), trace: { channel: "collaborative", via } };
          }),
          depth,
        ),
        tookMs: performance.now() - started,
        ...(note === undefined ? {} : { note }),
      });
      const { source } = ctx;
      if (source.kind === "text") return result(new Map(), "collaborative signal needs a job or freelancer");
      if (depth <= 0) return result(new Map());
      if (ctx.allow !== undefined && ctx.allowedCount === 0) return result(new Map(), "no record passes the filter");
      if (source.kind === "job" && ctx.target === "freelancers") {
        const { items, note } = await forJob(source.job.id, ctx);
        return result(items, note ?? (items.size === 0 ? "no hires, interviews or applications on similar jobs" : undefined));
      }
      if (source.kind === "freelancer" && ctx.target === "jobs") {
        const { items, note } = await forFreelancer(source.freelancer.id, depth, ctx);
        return result(items, note ?? (items.size === 0 ? "no jobs similar to the freelancer's past jobs" : undefined));
      }
      return result(new Map(), `collaborative signal does not rank ${ctx.target} for a ${source.kind}`);
    },
  };
}
