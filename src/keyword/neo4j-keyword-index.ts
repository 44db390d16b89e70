/**
 * KeywordIndex over Neo4j's full-text (Lucene BM25) indexes, which Neo4j keeps up to date with the
 * nodes the Neo4jGraphStore writes (migration 002 creates them over the kw* properties, normalised
 * like the embedded FTS5 columns). User text is reduced to its terms (fts-text.ts), each sent as a
 * quoted Lucene term per field, boosted by the embedded index's column weights (a title match
 * weighs 3× an overview match on both backends), all OR-ed: nothing a user types is ever Lucene
 * syntax.
 *
 * Differences from the embedded index: scores are Lucene's BM25 (its own IDF and length
 * normalisation, so values differ from FTS5's), and `plan` drops no common terms (Cypher has no
 * document-frequency call to decide with).
 */
import { InvalidInputError } from "../core/errors.js";
import type { Neo4jGraphStore } from "../graph-store/neo4j/neo4j-graph-store.js";
import { queryTerms } from "./fts-text.js";
import { COLUMN_WEIGHTS } from "./sqlite-keyword-index.js";
import { topKeywordHits, type KeywordHit, type KeywordIndex, type KeywordKind, type KeywordPlan, type KeywordSearchOptions } from "./keyword-index.js";

const KINDS: readonly KeywordKind[] = ["freelancers", "jobs", "skills"];

/** The full-text index's properties of each kind, in the order of COLUMN_WEIGHTS (see graph/neo4j/migrations/002). */
const FIELDS: Readonly<Record<KeywordKind, readonly [string, string, string]>> = {
  freelancers: ["kwTitle", "kwOverview", "kwSkills"],
  jobs: ["kwTitle", "kwDescription", "kwSkills"],
  skills: ["kwName", "kwAliases", "kwDescription"],
};

/**
 * A Lucene query matching any of the terms in any field: `field:"term"^weight` clauses OR-ed, each
 * term quoted with `\` and `"` escaped (terms from queryTerms hold neither, but the quoting never
 * relies on that).
 */
export function luceneQuery(kind: KeywordKind, terms: readonly string[]): string {
  const quoted = terms.map((t) => `"${t.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
  return quoted.flatMap((q) => FIELDS[kind].map((field, i) => `${field}:${q}^${COLUMN_WEIGHTS[kind][i]}`)).join(" OR ");
}

export class Neo4jKeywordIndex implements KeywordIndex {
  constructor(private readonly store: Neo4jGraphStore) {}

  plan(kind: KeywordKind, text: string): Promise<KeywordPlan> {
    if (!KINDS.includes(kind)) return Promise.reject(new InvalidInputError(`Neo4jKeywordIndex.plan: unknown kind "${String(kind)}"`));
    return Promise.resolve({ terms: queryTerms(text), dropped: [] });
  }

  async search(kind: KeywordKind, text: string, k: number, options: KeywordSearchOptions = {}): Promise<KeywordHit[]> {
    if (!Number.isInteger(k) || k < 0) throw new InvalidInputError(`Neo4jKeywordIndex.search: k must be a non-negative integer, got ${k}`);
    if (!KINDS.includes(kind)) throw new InvalidInputError(`Neo4jKeywordIndex.search: unknown kind "${String(kind)}"`);
    const terms = queryTerms(text);
    if (terms.length === 0 || k === 0) return [];
    const query = luceneQuery(kind, terms);
    return topKeywordHits((limit) => this.store.fulltext(kind, query, limit), k, options);
  }
}
