/**
 * KeywordIndex over the FTS5 tables that SqliteGraphStore maintains in its write transactions
 * (so keyword hits are always consistent with the stored records). BM25 with column weights;
 * user text is reduced to quoted terms OR-ed together (see fts-text.ts), never parsed as FTS5
 * query syntax.
 */
import type Database from "better-sqlite3";
import { InvalidInputError, TalentgraphError } from "../core/errors.js";
import type { SqliteGraphStore } from "../graph-store/sqlite-graph-store.js";
import { ftsMatchExpression } from "./fts-text.js";
import type { KeywordHit, KeywordIndex, KeywordKind, KeywordSearchOptions } from "./keyword-index.js";

/**
 * BM25 column weights (relative). A title or skill name says more about a profile or job than a
 * word somewhere in a long overview; for skills the preferred name outranks aliases and prose.
 */
export const COLUMN_WEIGHTS: Readonly<Record<KeywordKind, readonly [number, number, number]>> = {
  freelancers: [3, 1, 2], // title, overview, skill names
  jobs: [3, 1, 2], // title, description, skill names
  skills: [4, 2, 1], // name, aliases, description
};

/** Rows fetched beyond k so that equal scores at the cut can be ordered by id. */
const TIE_SLACK = 16;
/** Growth factor of the fetch when archetypes or the filter reject rows. */
const GROWTH = 4;

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

  /** Reads the FTS5 tables of `store` through its connection. */
  constructor(store: SqliteGraphStore) {
    this.db = store.sqliteDatabase();
  }

  search(kind: KeywordKind, text: string, k: number, options: KeywordSearchOptions = {}): Promise<KeywordHit[]> {
    try {
      return Promise.resolve(this.searchSync(kind, text, k, options));
    } catch (error) {
      return Promise.reject(translateError(error));
    }
  }

  private searchSync(kind: KeywordKind, text: string, k: number, options: KeywordSearchOptions): KeywordHit[] {
    if (!Number.isInteger(k) || k < 0) throw new InvalidInputError(`SqliteKeywordIndex.search: k must be a non-negative integer, got ${k}`);
    if (!(kind in COLUMN_WEIGHTS)) throw new InvalidInputError(`SqliteKeywordIndex.search: unknown kind "${String(kind)}"`);
    const match = ftsMatchExpression(text);
    if (match === undefined || k === 0) return [];
    const statement = this.statement(kind);
    const excludeArchetypes = options.includeArchetypes !== true;
    const { filter } = options;
    // Grow the fetch until k rows pass (archetypes, filter) or the matches run out.
    for (let fetch = (filter === undefined ? k : k * GROWTH) + TIE_SLACK; ; fetch *= GROWTH) {
      const rows = statement.all({ match, limit: fetch }) as Row[];
      const hits: KeywordHit[] = [];
      for (const row of rows) {
        if (excludeArchetypes && row.archetype === 1) continue;
        if (filter !== undefined && !filter(row.id)) continue;
        hits.push({ id: row.id, score: row.score });
        if (hits.length === k) return hits;
      }
      if (rows.length < fetch) return hits;
    }
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
