/**
 * TEST DOUBLE for Neo4j's Lucene full-text index (`CREATE FULLTEXT INDEX` and
 * `db.index.fulltext.queryNodes`), used by the test Bolt server (bolt-server.ts) because the
 * embedded Cypher engine behind it has no such index. It is not Lucene and does not score like
 * Lucene: it scores exactly like the embedded keyword index (SQLite FTS5, BM25), so that parity
 * tests can expect the embedded and the Neo4j backends to rank keyword hits identically.
 *
 * How it works:
 * - One in-memory FTS5 table per index; its columns are the index's properties in order, with the
 *   tokenizer options of the embedded FTS tables (graph/sqlite/migrations/001-initial.sql).
 * - A table is filled from the engine (`MATCH (n:Label) RETURN n.id, n.p1, ...`, committed data
 *   only) and refilled lazily on the next query after the server reports a committed write.
 *   So, unlike Neo4j, a query inside a transaction does not see that transaction's own writes.
 * - Property values are indexed as stored: the double does not apply `normaliseFtsText` (Lucene
 *   would not either), so the store must write normalised text itself. A list of strings is
 *   indexed as its items joined by spaces; any other non-string value counts as absent.
 * - Score = `-bm25(table, w1, w2, ...)` with the per-index column weights given to the server
 *   (default 1 each); ties are ordered by id, like the embedded index.
 *
 * Assumption: every indexed node has a string `id` property that identifies it within its label
 * (true of our schema); hits are reported by id and the server matches them back to nodes by it.
 *
 * Query language: only what the Neo4j adapter sends, i.e. terms and quoted phrases, each optionally
 * on a field (`kwTitle:"react"`) and boosted (`^3`), joined by `OR` (or by whitespace, Lucene's
 * default OR), with Lucene's backslash escapes. A term must be asked either unfielded or on every
 * field of the index with boosts equal to the configured column weights (what FTS5's weighted
 * bm25 computes); the distinct terms become the FTS5 expression of `termsMatchExpression`
 * (src/keyword/fts-text.ts). Anything else (AND, NOT, `+`, `-`, wildcards, grouping, fuzzy, other
 * boosts) is refused with the error code Neo4j gives a query Lucene cannot parse, rather than
 * answered with different semantics.
 */
import Database from "better-sqlite3";
import type { GrafeoDB } from "@grafeo-db/js";
import { termsMatchExpression } from "../../../src/keyword/fts-text.js";

/** Tokenizer of the embedded FTS5 tables (graph/sqlite/migrations/001-initial.sql). */
export const FTS5_TOKENIZE = "unicode61 remove_diacritics 2";

/** Neo4j's code for a failed procedure call, e.g. a Lucene query that does not parse. */
export const PROCEDURE_CALL_FAILED = "Neo.ClientError.Procedure.ProcedureCallFailed";

/** A full-text index as created by `CREATE FULLTEXT INDEX name FOR (n:Label) ON EACH [n.p, ...]`. */
export interface FulltextIndexDefinition {
  readonly name: string;
  readonly label: string;
  readonly properties: readonly string[];
}

/** One hit: the node's `id` property and its score (higher is better). */
export interface FulltextHit {
  readonly id: string;
  readonly score: number;
}

/** A failure the server reports as a Bolt FAILURE with this Neo4j status code. */
export class FulltextProcedureError extends Error {
  override readonly name = "FulltextProcedureError";
  readonly code = PROCEDURE_CALL_FAILED;
}

/** Lucene's reserved characters, which the double refuses unescaped outside quotes. */
const LUCENE_SPECIAL = new Set(["+", "-", "!", "(", ")", "{", "}", "[", "]", "^", "~", "*", "?", ":", "/", "&", "|"]);

/** One clause of a supported Lucene query: a term or quoted phrase, optionally on one field and boosted. */
export interface LuceneClause {
  readonly text: string;
  readonly field?: string;
  readonly boost?: number;
}

/**
 * The clauses of a Lucene query of the supported form, unescaped, in order: terms or quoted
 * phrases, each optionally `field:` prefixed and `^boost` suffixed, joined by OR (or whitespace). A
 * phrase is returned whole ("react developer"): FTS5 reads it as a phrase too. Throws
 * {@link FulltextProcedureError} for a query the double cannot parse or does not support.
 */
export function parseLuceneQuery(query: string): LuceneClause[] {
  const fail = (why: string): never => {
    throw new FulltextProcedureError(
      `Failed to invoke procedure \`db.index.fulltext.queryNodes\`: Caused by: org.apache.lucene.queryparser.classic.ParseException: Cannot parse '${query}': ${why} (the test double understands only [field:]term[^boost] and quoted phrases joined by OR)`,
    );
  };
  const clauses: LuceneClause[] = [];
  let expectTerm = true; // at the start and after OR, a term must come next
  let i = 0;
  /** An optional `^number` right after a term or phrase. */
  const readBoost = (): number | undefined => {
    if (query.charAt(i) !== "^") return undefined;
    const m = /^\^(\d+(?:\.\d+)?)/.exec(query.slice(i));
    if (m === null) return fail(`malformed boost at ${i}`);
    i += m[0].length;
    return Number(m[1]);
  };
  /** An optional `field:` prefix (a plain identifier followed by a colon). */
  const readField = (): string | undefined => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*):/.exec(query.slice(i));
    if (m === null) return undefined;
    i += m[0].length;
    return m[1];
  };
  const push = (text: string, field: string | undefined): void => {
    const boost = readBoost();
    clauses.push({ text, ...(field === undefined ? {} : { field }), ...(boost === undefined ? {} : { boost }) });
    expectTerm = false;
  };
  while (i < query.length) {
    const ch = query.charAt(i);
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    const field = readField();
    if (query.charAt(i) === '"') {
      let phrase = "";
      i++;
      for (;;) {
        if (i >= query.length) fail("unterminated quoted phrase");
        const c = query.charAt(i);
        if (c === "\\") {
          if (i + 1 >= query.length) fail("escape character at the end");
          phrase += query.charAt(i + 1);
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          phrase += c;
          i++;
        }
      }
      push(phrase, field);
      continue;
    }
    let word = "";
    while (i < query.length) {
      const c = query.charAt(i);
      if (/\s/u.test(c) || c === '"' || c === "^") break;
      if (c === "\\") {
        if (i + 1 >= query.length) fail("escape character at the end");
        word += query.charAt(i + 1);
        i += 2;
        continue;
      }
      if (LUCENE_SPECIAL.has(c)) fail(`unsupported operator '${c}' at ${i}`);
      word += c;
      i++;
    }
    if (word === "" && field !== undefined) fail(`field ${field} without a term`);
    if (field === undefined && word === "OR") {
      if (expectTerm) fail("OR without a term before it");
      expectTerm = true;
    } else if (field === undefined && (word === "AND" || word === "NOT")) {
      fail(`unsupported operator ${word}`);
    } else {
      push(word, field);
    }
  }
  if (clauses.length === 0) fail("no terms");
  if (expectTerm) fail("OR without a term after it");
  return clauses;
}

/**
 * The terms of `clauses` for an index whose columns the double scores with `weights`: a term either
 * has an unfielded clause (all columns) or one clause per property, boosted by exactly that column's
 * weight. Anything else would ask for a scoring the double does not do, so it is refused.
 */
export function termsForIndex(clauses: readonly LuceneClause[], definition: FulltextIndexDefinition, weights: readonly number[]): string[] {
  const byText = new Map<string, LuceneClause[]>();
  for (const c of clauses) byText.set(c.text, [...(byText.get(c.text) ?? []), c]);
  for (const [text, cs] of byText) {
    if (cs.some((c) => c.field === undefined && (c.boost ?? 1) === 1)) continue;
    const fields = new Map(cs.map((c) => [c.field, c.boost ?? 1]));
    const covers = definition.properties.every((p, i) => fields.get(p) === weights[i]) && fields.size === definition.properties.length;
    if (!covers) {
      throw new FulltextProcedureError(
        `Fulltext test double: term "${text}" must be queried on every field of ${definition.name} (${definition.properties.join(", ")}) boosted by the configured weights (${weights.join(", ")}), or unfielded; got ${cs.map((c) => `${c.field ?? "*"}^${c.boost ?? 1}`).join(", ")}`,
      );
    }
  }
  return [...byText.keys()];
}

/** Text of one property value as the double indexes it (see the module comment). */
function indexedText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string").join(" ");
  return "";
}

const quoteIdentifier = (name: string): string => `\`${name.replaceAll("`", "``")}\``;

interface IndexState {
  readonly definition: FulltextIndexDefinition;
  /** SQLite table holding the documents; `<table>_ids` maps rowid → node id. */
  readonly table: string;
  /** Write generation the table was filled at; -1 before the first fill. */
  filledAt: number;
  filling?: Promise<void>;
}

export interface FulltextQueryOptions {
  /** Most hits returned (Neo4j's `limit` option); all when absent. */
  readonly limit?: number;
  /** Best hits skipped first (Neo4j's `skip` option). */
  readonly skip?: number;
}

/** The full-text indexes of one test server (see the module comment). */
export class FulltextDouble {
  private readonly sqlite = new Database(":memory:");
  private readonly indexes = new Map<string, IndexState>();
  private generation = 0;
  private tables = 0;

  /**
   * @param engine the database the documents are read from.
   * @param weights BM25 column weights per index name, in the order of its properties (default 1).
   */
  constructor(
    private readonly engine: GrafeoDB,
    private readonly weights: Readonly<Record<string, readonly number[]>> = {},
  ) {}

  /** Records an index; false when one of that name exists already (nothing changes then). */
  define(definition: FulltextIndexDefinition): boolean {
    if (this.indexes.has(definition.name)) return false;
    const table = `fts_${++this.tables}`;
    const columns = definition.properties.map((_, i) => `c${i}`).join(", ");
    this.sqlite.exec(`CREATE VIRTUAL TABLE ${table} USING fts5 (${columns}, content = '', tokenize = '${FTS5_TOKENIZE}')`);
    this.sqlite.exec(`CREATE TABLE ${table}_ids (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL)`);
    this.indexes.set(definition.name, { definition: { ...definition, properties: [...definition.properties] }, table, filledAt: -1 });
    return true;
  }

  /** The definition of index `name`, if there is one. */
  get(name: string): FulltextIndexDefinition | undefined {
    return this.indexes.get(name)?.definition;
  }

  /** Every index, in creation order. */
  list(): FulltextIndexDefinition[] {
    return [...this.indexes.values()].map((s) => s.definition);
  }

  /** Drops index `name`; false when there is none. */
  drop(name: string): boolean {
    const state = this.indexes.get(name);
    if (!state) return false;
    this.indexes.delete(name);
    this.sqlite.exec(`DROP TABLE ${state.table}; DROP TABLE ${state.table}_ids`);
    return true;
  }

  /** Told by the server after every committed write: the next query refills its table. */
  noteCommittedWrite(): void {
    this.generation++;
  }

  /**
   * Hits of a Lucene `query` on index `name`, best first. Throws {@link FulltextProcedureError}
   * for an unknown index or a query the double does not parse.
   */
  async queryNodes(name: string, query: string, options: FulltextQueryOptions = {}): Promise<FulltextHit[]> {
    const state = this.indexes.get(name);
    if (!state) {
      throw new FulltextProcedureError(
        `Failed to invoke procedure \`db.index.fulltext.queryNodes\`: Caused by: java.lang.IllegalArgumentException: There is no such fulltext schema index: ${name}`,
      );
    }
    const weights = state.definition.properties.map((_, i) => this.weights[name]?.[i] ?? 1);
    const match = termsMatchExpression(termsForIndex(parseLuceneQuery(query), state.definition, weights));
    await this.fresh(state);
    if (match === undefined) return [];
    const rows = this.sqlite
      .prepare(
        `SELECT d.id AS id, m.score AS score
         FROM (SELECT rowid, -bm25(${state.table}, ${weights.join(", ")}) AS score FROM ${state.table} WHERE ${state.table} MATCH ?) AS m
         JOIN ${state.table}_ids AS d ON d.rowid = m.rowid
         ORDER BY m.score DESC, d.id ASC LIMIT ? OFFSET ?`,
      )
      .all(match, options.limit ?? -1, options.skip ?? 0) as FulltextHit[];
    return rows;
  }

  /** Refills the table of `state` when a write has committed since it was filled. */
  private async fresh(state: IndexState): Promise<void> {
    while (state.filledAt !== this.generation) {
      // One fill at a time per index; a query arriving meanwhile waits for it, then re-checks.
      if (state.filling) {
        await state.filling;
        continue;
      }
      const generation = this.generation;
      state.filling = this.fill(state).finally(() => {
        state.filling = undefined;
      });
      await state.filling;
      state.filledAt = generation;
    }
  }

  private async fill(state: IndexState): Promise<void> {
    const { label, properties, name } = state.definition;
    const columns = properties.map((p, i) => `n.${quoteIdentifier(p)} AS c${i}`).join(", ");
    const result = await this.engine.executeCypher(`MATCH (n:${quoteIdentifier(label)}) RETURN n.id AS id, ${columns}`);
    const documents: Array<{ id: string; texts: string[] }> = [];
    for (const [id, ...values] of result.rows()) {
      const texts = values.map(indexedText);
      if (texts.every((t) => t === "")) continue; // Lucene indexes nothing for such a node either
      if (typeof id !== "string") {
        throw new FulltextProcedureError(`Fulltext test double: a :${label} node indexed by ${name} has no string id property (the double's assumption)`);
      }
      documents.push({ id, texts });
    }
    const { table } = state;
    const placeholders = properties.map(() => "?").join(", ");
    const insertText = this.sqlite.prepare(`INSERT INTO ${table} (rowid, ${properties.map((_, i) => `c${i}`).join(", ")}) VALUES (?, ${placeholders})`);
    const insertId = this.sqlite.prepare(`INSERT INTO ${table}_ids (rowid, id) VALUES (?, ?)`);
    this.sqlite.transaction(() => {
      // A contentless table cannot delete rows one by one, but 'delete-all' empties it.
      this.sqlite.exec(`INSERT INTO ${table} (${table}) VALUES ('delete-all'); DELETE FROM ${table}_ids`);
      documents.forEach((doc, i) => {
        insertText.run(i + 1, ...doc.texts);
        insertId.run(i + 1, doc.id);
      });
    })();
  }

  /** Closes the SQLite database. */
  close(): void {
    this.sqlite.close();
  }
}
