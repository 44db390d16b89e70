/**
 * The keyword channel: BM25 over titles, overviews/descriptions and skill names through the
 * KeywordIndex port. User text is never query syntax (the index guarantees it); the trace lists the
 * query terms searched so explanations can say which words counted.
 */
import { performance } from "node:perf_hooks";
import type { KeywordIndex } from "../keyword/keyword-index.js";
import { rankCandidates, type ChannelResult, type QueryContext, type Retriever } from "./retriever.js";

export interface KeywordRetrieverOptions {
  keyword: KeywordIndex;
}

/**
 * Creates the keyword channel. Trace: `{channel: "keyword", bm25, terms}`; bm25 > 0, higher is
 * better, comparable only within one query. With `ctx.allow` set, the allow-list alone decides which
 * records are eligible (it already encodes archetype exclusion); without it the index's default
 * (archetypes excluded) applies.
 */
export function createKeywordRetriever(options: KeywordRetrieverOptions): Retriever {
  return {
    channel: "keyword",
    async retrieve(ctx: QueryContext, depth: number): Promise<ChannelResult> {
      const started = performance.now();
      // The terms the index will search (same normalisation and pruning of very common terms).
      const { terms, dropped } = await options.keyword.plan(ctx.target, ctx.text);
      const result = (hits: Array<{ id: string; score: number }>, note?: string): ChannelResult => ({
        channel: "keyword",
        candidates: rankCandidates(
          hits.map((h) => ({ id: h.id, score: h.score, trace: { channel: "keyword", bm25: h.score, terms } })),
          depth,
        ),
        tookMs: performance.now() - started,
        ...(note === undefined ? {} : { note }),
      });
      if (terms.length === 0) return result([], "no searchable terms in the query text");
      if (depth <= 0) return result([]);
      if (ctx.allow !== undefined && ctx.allowedCount === 0) return result([], "no record passes the filter");
      const hits = await options.keyword.search(ctx.target, ctx.text, depth, {
        ...(ctx.allow === undefined ? {} : { filter: ctx.allow, includeArchetypes: true }),
      });
      const droppedNote = dropped.length > 0 ? `left out as too common: ${dropped.join(", ")}` : undefined;
      return result(hits, hits.length === 0 ? "no record matches any query term" : droppedNote);
    },
  };
}
