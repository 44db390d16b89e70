/**
 * KeywordIndex over the FTS5 tables that SqliteGraphStore maintains in its write transactions
 * (so keyword hits are always consistent with the stored records). BM25 with column weights;
 * user text is reduced to quoted terms OR-ed together (see fts-text.ts), never parsed as FTS5
 * query syntax.
 */
import type Database from "better-sqlite3";
import { InvalidInputError, TalentgraphError } from "../core/errors.js";
import type { SqliteGraphStore } from "../graph-store/sqlite-graph-store.js";
import { queryTerms, termsMatchExpression } from "./fts-text.js";
import { topKeywordHits, type KeywordHit, type KeywordIndex, type KeywordKind, type KeywordPlan, type KeywordSearchOptions } from "./keyword-index.js";
import { compareIds } from "../core/order.js";

/**
 * BM25 column weights (relative). A title or skill name says more about a profile or job than a
 * word somewhere in a long overview; for skills the preferred name outranks aliases and prose.
 */
export const COLUMN_WEIGHTS: Readonly<Record<KeywordKind, readonly [number, number, number]>> = {
  freelancers: [3, 1, 2], // title, overview, skill names
  jobs: [3, 1, 2], // title, description, skill names
  skills: [4, 2, 1], // name, aliases, description
};

/**
 * Postings (documents holding a term, summed over the terms kept) one query may walk. An OR query
 * costs time in proportion to its terms' postings, and BM25 weighs a term by its rarity, so when a
 * query mixes rare and common terms ("senior react developer"), the most common ones are left out
 * once the rarer ones have used this budget: they would cost most and move the ranking least. The
 * rarest term is always kept. At 100k demo freelancers a term held by 60k documents has IDF ≈ 0.5
 * against 4–7 for the skill words users type; leaving such terms (stop words, "developer") out
 * roughly halved keyword latency (median of 10 queries ≈ 45 → 27 ms, depth 200).
 */
export const POSTINGS_BUDGET = 60_000;

interface Row {
  id: string;
  score: number;
  archetype: number;
}

/**
 * Top `@limit` matches by BM25, then their ids. Ranking in the FTS table alone and joining only the
 * survivors keeps a common term (tens of thousands of matches) from costing a record lookup each.
 */
function searchSql(kind: KeywordKind): string {
  const fts = `${kind}_fts`;
  const [a, b, c] = COLUMN_WEIGHTS[kind];
  // bm25() is lower-is-better (negative); negate so higher is better.
  return `
    SELECT r.id AS id, m.score AS score, ${kind === "freelancers" ? "r.archetype" : "0"} AS archetype
    FROM (
      SELECT rowid, -bm25(${fts}, ${a}, ${b}, ${c}) AS score FROM ${fts}
      WHERE ${fts} MATCH @match ORDER BY score DESC LIMIT @limit
    ) AS m
    JOIN ${kind} AS r ON r.rowid = m.rowid
    ORDER BY m.score DESC, r.id ASC`;
}

export class SqliteKeywordIndex implements KeywordIndex {
  private readonly db: Database.Database;
  private readonly statements = new Map<KeywordKind, Database.Statement>();
  private readonly vocabStatements = new Map<KeywordKind, Database.Statement>();

  private readonly postingsBudget: number;

  /** Reads the FTS5 tables of `store` through its connection. */
  constructor(store: SqliteGraphStore, options: { postingsBudget?: number } = {}) {
    this.db = store.sqliteDatabase();
    this.postingsBudget = options.postingsBudget ?? POSTINGS_BUDGET;
  }

  async search(kind: KeywordKind, text: string, k: number, options: KeywordSearchOptions = {}): Promise<KeywordHit[]> {
    try {
      if (!Number.isInteger(k) || k < 0) throw new InvalidInputError(`SqliteKeywordIndex.search: k must be a non-negative integer, got ${k}`);
      if (!(kind in COLUMN_WEIGHTS)) throw new InvalidInputError(`SqliteKeywordIndex.search: unknown kind "${String(kind)}"`);
      const match = termsMatchExpression(this.planSync(kind, text).terms);
      if (match === undefined || k === 0) return [];
      const statement = this.statement(kind);
      return await topKeywordHits((limit) => (statement.all({ match, limit }) as Row[]).map((r) => ({ id: r.id, score: r.score, archetype: r.archetype === 1 })), k, options);
    } catch (error) {
      throw translateError(error);
    }
  }

  plan(kind: KeywordKind, text: string): Promise<KeywordPlan> {
    try {
      return Promise.resolve(this.planSync(kind, text));
    } catch (error) {
      return Promise.reject(translateError(error));
    }
  }

  private planSync(kind: KeywordKind, text: string): KeywordPlan {
    if (!(kind in COLUMN_WEIGHTS)) throw new InvalidInputError(`SqliteKeywordIndex.plan: unknown kind "${String(kind)}"`);
    const terms = queryTerms(text);
    if (terms.length <= 1) return { terms, dropped: [] };
    const vocab = this.vocabStatement(kind);
    const byRarity = terms
      .map((term) => ({ term, docs: (vocab.get(term) as { doc: number } | undefined)?.doc ?? 0 }))
      .sort((a, b) => a.docs - b.docs || compareIds(a.term, b.term));
    const keep = new Set<string>();
    let postings = 0;
    for (const { term, docs } of byRarity) {
      if (keep.size > 0 && postings + docs > this.postingsBudget) break;
      keep.add(term);
      postings += docs;
    }
    return { terms: terms.filter((t) => keep.has(t)), dropped: terms.filter((t) => !keep.has(t)) };
  }

  private vocabStatement(kind: KeywordKind): Database.Statement {
    let statement = this.vocabStatements.get(kind);
    if (statement === undefined) {
      statement = this.db.prepare(`SELECT doc FROM ${kind}_fts_vocab WHERE term = ?`);
      this.vocabStatements.set(kind, statement);
    }
    return statement;
  }

  private statement(kind: KeywordKind): Database.Statement {
    let statement = this.statements.get(kind);
    if (statement === undefined) {
      statement = this.db.prepare(searchSql(kind));
      this.statements.set(kind, statement);
    }
    return statement;
  }
}

/** Foreign errors become catalogue errors here, keeping the original as `cause`. */
function translateError(error: unknown): Error {
  if (error instanceof TalentgraphError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/not open/i.test(message)) {
    return new TalentgraphError("BACKEND_UNAVAILABLE", "SqliteKeywordIndex.search: the store is closed; open a new one", { cause: error });
  }
  return new TalentgraphError("INTERNAL", `SqliteKeywordIndex.search: ${message}`, { cause: error });
}
