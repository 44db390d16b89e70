/**
 * The graph channel: the query's weighted skills expanded over RELATED_TO / BROADER_THAN (decayed
 * per hop, degree-capped), then candidates by weighted skill coverage, each keeping the paths that
 * produced its score. Traversal settings come per call from the rank profile (`ctx.graph`).
 */
import { performance } from "node:perf_hooks";
import type { ExpandOptions, GraphStore } from "../graph-store/graph-store.js";
import { rankCandidates, type ChannelResult, type QueryContext, type Retriever } from "./retriever.js";

export interface GraphRetrieverOptions {
  store: GraphStore;
}

/**
 * Creates the graph channel. Trace: `{channel: "graph", matches}` (per matched skill: the query seed
 * it came from, its contribution and the path). Score: Σ expanded skill weight × the candidate's
 * edge weight, ≥ 0, unbounded above (grows with the number of matched skills).
 */
export function createGraphRetriever(options: GraphRetrieverOptions): Retriever {
  return {
    channel: "graph",
    async retrieve(ctx: QueryContext, depth: number): Promise<ChannelResult> {
      const started = performance.now();
      const result = (items: Awaited<ReturnType<GraphStore["candidatesBySkills"]>>, note?: string): ChannelResult => ({
        channel: "graph",
        candidates: rankCandidates(
          items.map((c) => ({ id: c.id, score: c.score, trace: { channel: "graph", matches: c.matches } })),
          depth,
        ),
        tookMs: performance.now() - started,
        ...(note === undefined ? {} : { note }),
      });
      if (ctx.skills.length === 0) return result([], "no skills linked in the query");
      if (depth <= 0) return result([]);
      if (ctx.allow !== undefined && ctx.allowedCount === 0) return result([], "no record passes the filter");
      const expand: ExpandOptions = {};
      if (ctx.graph?.maxHops !== undefined) expand.maxHops = ctx.graph.maxHops;
      if (ctx.graph?.decay !== undefined) expand.decay = ctx.graph.decay;
      if (ctx.graph?.degreeCap !== undefined) expand.degreeCap = ctx.graph.degreeCap;
      const items = await options.store.candidatesBySkills(ctx.target, ctx.skills, {
        limit: depth,
        expand,
        // The allow-list already encodes archetype exclusion (compileFilter); let it alone decide.
        ...(ctx.allow === undefined ? {} : { filter: ctx.allow, includeArchetypes: true }),
      });
      return result(items, items.length === 0 ? "no record holds the query skills or skills related to them" : undefined);
    },
  };
}
