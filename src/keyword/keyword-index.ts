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
