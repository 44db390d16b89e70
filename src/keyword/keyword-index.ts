/**
 * Port: BM25 keyword search. The index is derived from the records in the GraphStore
 * (the embedded adapter keeps FTS5 tables in the same SQLite transaction; Neo4j's full-text
 * index follows its nodes), so it is read-only here.
 */
export type KeywordKind = "freelancers" | "jobs" | "skills";

export interface KeywordHit {
  id: string;
  /** BM25 relevance, > 0; higher is better. Not comparable across queries. */
  score: number;
}

export interface KeywordSearchOptions {
  filter?: (id: string) => boolean;
  /** Include ESCO archetype profiles among freelancers; default false. */
  includeArchetypes?: boolean;
}

/** Which query terms a search uses, and which it leaves out as too common to be worth their cost. */
export interface KeywordPlan {
  /** Terms matched and scored, in query order. */
  terms: string[];
  /** Terms left out: held by so many documents that their BM25 weight is small and their cost large. */
  dropped: string[];
}

export interface KeywordIndex {
  /** The terms `search` would use for this text (same normalisation and pruning). */
  plan(kind: KeywordKind, text: string): Promise<KeywordPlan>;
  /**
   * Top-k documents for free text, best first, ties by id. User text is never interpreted as query
   * syntax: any string is safe, and a query with no indexable terms returns [].
   */
  search(kind: KeywordKind, text: string, k: number, options?: KeywordSearchOptions): Promise<KeywordHit[]>;
}

/** Rows fetched beyond k so that equal scores at the cut can be ordered by id. */
const TIE_SLACK = 16;
/** Growth factor of the fetch when archetypes or the filter reject rows. */
const GROWTH = 4;

/** A BM25 match as an adapter's index returns it, before archetypes and the filter are applied. */
export interface KeywordRow {
  id: string;
  score: number;
  archetype: boolean;
}

/**
 * The top k hits passing `options`, best first, ties by id: fetches the index's best rows (sorted
 * by score desc then id, `limit` of them) and fetches more, growing geometrically, until k rows pass
 * or the matches run out. Shared by every KeywordIndex adapter.
 */
export async function topKeywordHits(fetch: (limit: number) => Promise<KeywordRow[]> | KeywordRow[], k: number, options: KeywordSearchOptions): Promise<KeywordHit[]> {
  const excludeArchetypes = options.includeArchetypes !== true;
  const { filter } = options;
  for (let limit = (filter === undefined ? k : k * GROWTH) + TIE_SLACK; ; limit *= GROWTH) {
    const rows = await fetch(limit);
    const hits: KeywordHit[] = [];
    for (const row of rows) {
      if (excludeArchetypes && row.archetype) continue;
      if (filter !== undefined && !filter(row.id)) continue;
      hits.push({ id: row.id, score: row.score });
      if (hits.length === k) return hits;
    }
    if (rows.length < limit) return hits;
  }
}
