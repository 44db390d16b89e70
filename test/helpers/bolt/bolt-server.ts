/**
 * A small Bolt 5 server for tests: the real `neo4j-driver` connects to it over TCP on 127.0.0.1 and
 * it runs the Cypher on the embedded engine `@grafeo-db/js` (in memory). No Neo4j server can run on
 * our machines, so this is how the Neo4j adapter of the GraphStore port is tested end to end:
 * real driver, real sockets, real PackStream, parameterised Cypher, transactions, error codes,
 * retries and outages (stop/start). It is test code, not a Neo4j emulator: see the limits below.
 *
 * Protocol: the handshake picks Bolt 5.4 (or the highest of 5.0–5.4 the client offers; the
 * manifest-style proposal 255.1 is ignored). Messages: HELLO, LOGON, LOGOFF (any credentials are
 * accepted), BEGIN, RUN, PULL (honouring `n` and `qid`), DISCARD, COMMIT, ROLLBACK, RESET, GOODBYE,
 * TELEMETRY, ROUTE (a routing table naming this server for every role, so `neo4j://` works too).
 * After a FAILURE every message but RESET is IGNORED, as a real server does; a failure inside an
 * explicit transaction rolls it back (Neo4j terminates the transaction too), and so does a
 * connection that drops mid-transaction.
 *
 * Execution: an auto-commit RUN runs on the engine directly, a RUN inside BEGIN…COMMIT in an engine
 * transaction. All rows are computed at RUN; PULL streams them. Parameters are always handed to the
 * engine as parameters, never spliced into query text.
 *
 * What the engine cannot run is answered here ("scripted"):
 * - `CALL dbms.components()` (name "Neo4j Kernel", the configured version and edition);
 * - `CREATE FULLTEXT INDEX`, `db.index.fulltext.queryNodes` (fulltext-double.ts, a stand-in for
 *   Lucene that scores like the embedded FTS5 index), `db.awaitIndexes()`, `db.awaitIndex(name)`;
 * - `CREATE INDEX` / `CREATE CONSTRAINT` forms the engine rejects (relationship, vector, …):
 *   recorded and otherwise no-ops; the forms it accepts run on it too (so uniqueness is enforced);
 * - `SHOW [type] INDEXES`, `SHOW CONSTRAINTS` (Neo4j's columns, from what was created);
 * - `DROP INDEX|CONSTRAINT name [IF EXISTS]`.
 * A scripted procedure yields rows that are unwound from a parameter ahead of the rest of the
 * statement (`UNWIND $__bolt_rows AS __r WITH __r.name AS name … <YIELD/WHERE/RETURN part>`), so
 * the Cypher after its YIELD runs on the engine like any other.
 *
 * Values: parameters are decoded to plain JS (integers to `number`, or `bigint` past 2^53;
 * `DateTime` structures to `Date`; other temporal or spatial structures are refused). Results are
 * encoded with PackStream's rules (packstream.ts): a JS integer goes out as INT, any other number as
 * FLOAT, so a float property holding 3.0 comes back as the INT 3 (the engine itself does not keep
 * them apart in JS). Engine nodes, relationships and paths become Bolt Node, Relationship and Path
 * structures (element ids "n:<id>" / "e:<id>", the engine's own `elementId()` form). A `Date`
 * becomes its ISO-8601 string rather than a Bolt temporal: the adapter stores times as strings.
 */
import { createServer, type Server, type Socket } from "node:net";
import grafeo from "@grafeo-db/js";
import type { GrafeoDB, GrafeoError, QueryResult, Transaction } from "@grafeo-db/js";
import { FulltextDouble, FulltextProcedureError, PROCEDURE_CALL_FAILED, type FulltextIndexDefinition } from "./fulltext-double.js";
import { MessageReader, PackStreamError, Structure, frameMessage, pack, unpack } from "./packstream.js";

export interface BoltTestServerOptions {
  /** Version reported by HELLO's `server` ("Neo4j/<version>") and by CALL dbms.components(); default "5.26.0". */
  neo4jVersion?: string;
  /** Edition reported by dbms.components; default "community". */
  edition?: string;
  /** Full-text scoring per index name (see fulltext-double.ts): column weights in the order of the index's properties. Default weight 1 per property. */
  fulltextWeights?: Record<string, readonly number[]>;
}

export interface BoltTestServer {
  /** "bolt://127.0.0.1:<port>" */
  readonly uri: string;
  readonly port: number;
  /** The engine behind it (tests may inspect it). */
  readonly db: GrafeoDB;
  /** Every RUN received, in order: the query text and its decoded parameters. */
  readonly runs: Array<{ query: string; params: Record<string, unknown> }>;
  /** The next `count` (default 1) RUN messages get a FAILURE with this code and message instead of running (e.g. "Neo.TransientError.Transaction.DeadlockDetected"). */
  failNext(code: string, message?: string, count?: number): void;
  /** Stops listening and destroys every open connection (the data survives): "Neo4j went down". */
  stop(): Promise<void>;
  /** Listens again on the same port: "Neo4j is back". */
  start(): Promise<void>;
  /** stop() and close the engine. */
  close(): Promise<void>;
}

/** Starts a server on a random free port of 127.0.0.1 with an empty in-memory engine. */
export async function startBoltServer(options: BoltTestServerOptions = {}): Promise<BoltTestServer> {
  const server = new GrafeoBoltServer(options);
  await server.start();
  return server;
}

// ---- protocol constants ---------------------------------------------------------------------

const MAGIC = 0x6060b017;
/** Bolt minor versions of major 5 this server speaks, best first. */
const MINOR_VERSIONS = [4, 3, 2, 1, 0];

const MSG = {
  HELLO: 0x01,
  GOODBYE: 0x02,
  RESET: 0x0f,
  RUN: 0x10,
  BEGIN: 0x11,
  COMMIT: 0x12,
  ROLLBACK: 0x13,
  DISCARD: 0x2f,
  PULL: 0x3f,
  TELEMETRY: 0x54,
  ROUTE: 0x66,
  LOGON: 0x6a,
  LOGOFF: 0x6b,
  SUCCESS: 0x70,
  RECORD: 0x71,
  IGNORED: 0x7e,
  FAILURE: 0x7f,
} as const;

const STRUCT = { NODE: 0x4e, RELATIONSHIP: 0x52, UNBOUND_RELATIONSHIP: 0x72, PATH: 0x50, DATE_TIME: 0x49, DATE_TIME_ZONE_ID: 0x69 } as const;

const DEFAULT_DB = "neo4j";
/** Parameter the scripted statements unwind their rows from. */
const ROWS_PARAM = "__bolt_rows";

/**
 * The version to answer a handshake's four proposals with: the first proposal (the client's
 * preference order) that covers a 5.x this server speaks, at the highest such minor.
 */
export function chooseBoltVersion(proposals: Buffer): { major: number; minor: number } | undefined {
  for (let at = 0; at + 4 <= proposals.length; at += 4) {
    const range = proposals.readUInt8(at + 1);
    const minor = proposals.readUInt8(at + 2);
    const major = proposals.readUInt8(at + 3);
    if (major !== 5) continue; // includes the manifest proposal (major 255), which we do not negotiate
    const best = MINOR_VERSIONS.find((m) => m <= minor && m >= minor - range);
    if (best !== undefined) return { major, minor: best };
  }
  return undefined;
}

// ---- failures -------------------------------------------------------------------------------

/** A Bolt FAILURE: a Neo4j status code and a message. */
class BoltFailure extends Error {
  override readonly name = "BoltFailure";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const REQUEST_INVALID = "Neo.ClientError.Request.Invalid";
const SYNTAX_ERROR = "Neo.ClientError.Statement.SyntaxError";

/** Translates an engine error (GQLSTATUS in `gqlStatus`) into the Neo4j status code a server gives. */
function engineFailure(error: unknown): BoltFailure {
  if (error instanceof BoltFailure) return error;
  if (error instanceof FulltextProcedureError) return new BoltFailure(error.code, error.message);
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as GrafeoError | undefined)?.gqlStatus ?? "";
  if (/unknown procedure/i.test(message)) return new BoltFailure("Neo.ClientError.Procedure.ProcedureNotFound", message);
  if (status.startsWith("42")) return new BoltFailure(SYNTAX_ERROR, message); // syntax and semantic errors
  if (status.startsWith("23") || /constraint violation/i.test(message)) {
    return new BoltFailure("Neo.ClientError.Schema.ConstraintValidationFailed", message);
  }
  // A write-write conflict between transactions: Neo4j would wait on the lock and might detect a
  // deadlock; either way the client gets a transient error that its retry loop handles.
  if (status.startsWith("40")) return new BoltFailure("Neo.TransientError.Transaction.DeadlockDetected", message);
  if (status === "22012" || status === "22003") return new BoltFailure("Neo.ClientError.Statement.ArithmeticError", message);
  return new BoltFailure("Neo.DatabaseError.General.UnknownError", message);
}

// ---- values ---------------------------------------------------------------------------------

type Params = Record<string, unknown>;

/** A decoded Bolt parameter value as plain JS for the engine (see the module comment). */
function toEngineValue(value: unknown): unknown {
  if (value instanceof Structure) {
    // Bolt 5 sends DateTime as UTC epoch seconds + nanoseconds (+ offset or zone id, not needed for the instant).
    if (value.tag === STRUCT.DATE_TIME || value.tag === STRUCT.DATE_TIME_ZONE_ID) {
      const [seconds, nanos] = value.fields;
      if (typeof seconds === "number" && typeof nanos === "number") return new Date(seconds * 1000 + Math.floor(nanos / 1e6));
    }
    throw new BoltFailure(
      REQUEST_INVALID,
      `The Bolt test server does not take parameters of structure type 0x${value.tag.toString(16)} (only DateTime); send ISO strings`,
    );
  }
  if (Array.isArray(value)) return value.map(toEngineValue);
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    const out = Object.create(null) as Params; // no prototype: a "__proto__" key stays a key
    for (const [k, v] of Object.entries(value)) out[k] = toEngineValue(v);
    return out;
  }
  return value;
}

function toEngineParams(value: unknown): Params {
  if (value === null || value === undefined) return Object.create(null) as Params;
  if (typeof value !== "object" || Array.isArray(value) || value instanceof Structure || value instanceof Uint8Array) {
    throw new BoltFailure(REQUEST_INVALID, "RUN parameters must be a map");
  }
  return toEngineValue(value) as Params;
}

interface EngineNode {
  _id: number;
  _labels: string[];
  [key: string]: unknown;
}
interface EngineEdge {
  _id: number;
  _source: number;
  _target: number;
  _type: string;
  [key: string]: unknown;
}

// The engine returns entities as maps with these reserved keys; a user map shaped the same way
// would be taken for an entity, which our schema never produces.
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isEngineNode = (v: unknown): v is EngineNode => isRecord(v) && typeof v._id === "number" && Array.isArray(v._labels);
const isEngineEdge = (v: unknown): v is EngineEdge =>
  isRecord(v) && typeof v._id === "number" && typeof v._source === "number" && typeof v._target === "number" && typeof v._type === "string";
const isEnginePath = (v: unknown): v is { nodes: EngineNode[]; edges: EngineEdge[] } =>
  isRecord(v) &&
  Object.keys(v).length === 2 &&
  Array.isArray(v.nodes) &&
  Array.isArray(v.edges) &&
  v.nodes.every(isEngineNode) &&
  v.edges.every(isEngineEdge);

function properties(entity: Record<string, unknown>, reserved: readonly string[]): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(entity)) if (!reserved.includes(k)) out[k] = toBoltValue(v);
  return out;
}

const NODE_KEYS = ["_id", "_labels"];
const EDGE_KEYS = ["_id", "_source", "_target", "_type"];

const nodeStructure = (n: EngineNode): Structure =>
  new Structure(STRUCT.NODE, [n._id, n._labels, properties(n, NODE_KEYS), `n:${n._id}`]);

/** An engine path as a Bolt Path: distinct nodes, distinct unbound relationships, and the walk as indices. */
function pathStructure(path: { nodes: EngineNode[]; edges: EngineEdge[] }): Structure {
  const nodes: EngineNode[] = [];
  const rels: EngineEdge[] = [];
  const nodeIndex = (n: EngineNode): number => {
    let i = nodes.findIndex((m) => m._id === n._id);
    if (i < 0) i = nodes.push(n) - 1;
    return i;
  };
  const relIndex = (e: EngineEdge): number => {
    let i = rels.findIndex((r) => r._id === e._id);
    if (i < 0) i = rels.push(e) - 1;
    return i;
  };
  const first = path.nodes[0];
  if (first) nodeIndex(first);
  const indices: number[] = [];
  path.edges.forEach((edge, i) => {
    const from = path.nodes[i];
    const to = path.nodes[i + 1];
    if (!from || !to) return;
    // 1-based relationship index, negative when the walk goes against the relationship's direction.
    const r = relIndex(edge) + 1;
    indices.push(edge._source === from._id ? r : -r, nodeIndex(to));
  });
  return new Structure(STRUCT.PATH, [
    nodes.map(nodeStructure),
    rels.map((e) => new Structure(STRUCT.UNBOUND_RELATIONSHIP, [e._id, e._type, properties(e, EDGE_KEYS), `e:${e._id}`])),
    indices,
  ]);
}

/** An engine result value as a value PackStream encodes (see the module comment). */
function toBoltValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array || value instanceof Float32Array || value instanceof Float64Array) return value;
  if (Array.isArray(value)) return value.map(toBoltValue);
  if (isEngineNode(value)) return nodeStructure(value);
  if (isEngineEdge(value)) {
    return new Structure(STRUCT.RELATIONSHIP, [
      value._id,
      value._source,
      value._target,
      value._type,
      properties(value, EDGE_KEYS),
      `e:${value._id}`,
      `n:${value._source}`,
      `n:${value._target}`,
    ]);
  }
  if (isEnginePath(value)) return pathStructure(value);
  if (isRecord(value)) return properties(value, []);
  return value;
}

// ---- Cypher text ----------------------------------------------------------------------------

/** Index just past the whitespace and comments starting at `i`. */
function skipBlank(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/u.test(text.charAt(i))) i++;
    if (text.startsWith("//", i)) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end + 1;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      return i;
    }
  }
}

/** Index just past the quoted string or backticked name that starts at `i`. */
function skipQuoted(text: string, i: number): number {
  const quote = text.charAt(i);
  i++;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === "\\" && quote !== "`") i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return i;
}

/** Index of the bracket closing the one at `open`, skipping strings and nested brackets; -1 if none. */
function closingBracket(text: string, open: number): number {
  const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
  const stack: string[] = [];
  let i = open;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === "'" || c === '"' || c === "`") {
      i = skipQuoted(text, i);
      continue;
    }
    const close = pairs[c];
    if (close) stack.push(close);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
    i++;
  }
  return -1;
}

/** `text` with string literals, names in backticks and comments blanked (for keyword tests). */
function codeOnly(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === "'" || c === '"' || c === "`") {
      const end = skipQuoted(text, i);
      out += " ".repeat(end - i);
      i = end;
    } else if (text.startsWith("//", i) || text.startsWith("/*", i)) {
      const end = skipBlank(text, i);
      out += " ".repeat(end - i);
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const quoteName = (name: string): string => `\`${name.replaceAll("`", "``")}\``;
const unquoteName = (name: string): string => (name.startsWith("`") && name.endsWith("`") ? name.slice(1, -1).replaceAll("``", "`") : name);

const NAME = "(?:`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)";

/**
 * Evaluates the argument list of a procedure call: literals (strings, numbers, booleans, null),
 * parameters, lists and maps of those. Enough for the procedures scripted here.
 */
class ArgumentParser {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly params: Params,
  ) {}

  list(): unknown[] {
    const out: unknown[] = [];
    this.blank();
    if (this.i >= this.text.length) return out;
    for (;;) {
      out.push(this.value());
      this.blank();
      if (this.i >= this.text.length) return out;
      this.expect(",");
    }
  }

  private fail(what: string): never {
    throw new BoltFailure(SYNTAX_ERROR, `Bolt test server: cannot read procedure arguments (${what}) in: ${this.text}`);
  }

  private blank(): void {
    this.i = skipBlank(this.text, this.i);
  }

  private expect(c: string): void {
    this.blank();
    if (this.text.charAt(this.i) !== c) this.fail(`expected '${c}' at ${this.i}`);
    this.i++;
  }

  private value(): unknown {
    this.blank();
    const rest = this.text.slice(this.i);
    const c = rest.charAt(0);
    if (c === "'" || c === '"') return this.string();
    if (c === "$") {
      const m = new RegExp(`^\\$(${NAME}|[0-9]+)`).exec(rest);
      if (!m?.[1]) this.fail("bad parameter");
      this.i += m[0].length;
      const name = unquoteName(m[1]);
      if (!(name in this.params)) throw new BoltFailure("Neo.ClientError.Statement.ParameterMissing", `Expected parameter(s): ${name}`);
      return this.params[name];
    }
    if (c === "[") {
      this.i++;
      const out: unknown[] = [];
      this.blank();
      if (this.text.charAt(this.i) === "]") {
        this.i++;
        return out;
      }
      for (;;) {
        out.push(this.value());
        this.blank();
        if (this.text.charAt(this.i) === "]") {
          this.i++;
          return out;
        }
        this.expect(",");
      }
    }
    if (c === "{") {
      this.i++;
      const out: Params = {};
      this.blank();
      if (this.text.charAt(this.i) === "}") {
        this.i++;
        return out;
      }
      for (;;) {
        this.blank();
        const key = new RegExp(`^${NAME}`).exec(this.text.slice(this.i));
        if (!key) this.fail("bad map key");
        this.i += key[0].length;
        this.expect(":");
        out[unquoteName(key[0])] = this.value();
        this.blank();
        if (this.text.charAt(this.i) === "}") {
          this.i++;
          return out;
        }
        this.expect(",");
      }
    }
    const number = /^-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?/.exec(rest);
    if (number) {
      this.i += number[0].length;
      return Number(number[0]);
    }
    const word = /^(true|false|null)\b/i.exec(rest);
    if (word?.[1]) {
      this.i += word[0].length;
      const w = word[1].toLowerCase();
      return w === "null" ? null : w === "true";
    }
    return this.fail(`unsupported expression at ${this.i}`);
  }

  private string(): string {
    const quote = this.text.charAt(this.i);
    const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", "\\": "\\", "'": "'", '"': '"' };
    let out = "";
    this.i++;
    while (this.i < this.text.length) {
      const c = this.text.charAt(this.i);
      if (c === quote) {
        this.i++;
        return out;
      }
      if (c === "\\") {
        const e = this.text.charAt(this.i + 1);
        if (e === "u") {
          out += String.fromCharCode(parseInt(this.text.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else {
          out += escapes[e] ?? e;
          this.i += 2;
        }
        continue;
      }
      out += c;
      this.i++;
    }
    return this.fail("unterminated string");
  }
}

/**
 * Rows a scripted statement produces, to be unwound ahead of the rest of the statement.
 * `prelude` (default: unwind and bind every column) reads the rows from `$__bolt_rows` and must
 * bind a variable per column.
 */
interface ScriptedRows {
  readonly columns: readonly string[];
  /** Columns returned when the statement has no YIELD (SHOW's default columns); default all. */
  readonly defaultColumns?: readonly string[];
  readonly rows: ReadonlyArray<Record<string, unknown>>;
  readonly prelude?: string;
}

/**
 * The engine statement that runs `tail` (the text after a CALL's closing parenthesis or after
 * SHOW … INDEXES) over the scripted rows: its YIELD becomes a WITH, and a RETURN of the yielded
 * columns is added when the tail neither returns nor writes.
 */
function composeScripted(source: ScriptedRows, tail: string): string {
  const prelude =
    source.prelude ??
    `UNWIND $${ROWS_PARAM} AS __r WITH ${source.columns.map((c) => `__r.${quoteName(c)} AS ${quoteName(c)}`).join(", ")}`;
  let rest = tail.trim();
  let outputs: readonly string[] = source.defaultColumns ?? source.columns;
  let projection = "";
  const yieldMatch = /^YIELD\s+/i.exec(rest);
  if (yieldMatch) {
    rest = rest.slice(yieldMatch[0].length);
    if (rest.startsWith("*")) {
      rest = rest.slice(1);
      outputs = source.columns;
    } else {
      const items: string[] = [];
      const names: string[] = [];
      const item = new RegExp(`^\\s*(${NAME})(?:\\s+AS\\s+(${NAME}))?\\s*`, "i");
      for (;;) {
        const m = item.exec(rest);
        if (!m?.[1]) throw new BoltFailure(SYNTAX_ERROR, `Bolt test server: cannot read the YIELD items of: ${tail}`);
        const column = unquoteName(m[1]);
        if (!source.columns.includes(column)) throw new BoltFailure(SYNTAX_ERROR, `Unknown procedure output: \`${column}\``);
        const alias = m[2] ? unquoteName(m[2]) : column;
        items.push(alias === column ? quoteName(column) : `${quoteName(column)} AS ${quoteName(alias)}`);
        names.push(alias);
        rest = rest.slice(m[0].length);
        if (!rest.startsWith(",")) break;
        rest = rest.slice(1);
      }
      projection = ` WITH ${items.join(", ")}`;
      outputs = names;
    }
  } else if (rest !== "" && !/^WHERE\b/i.test(rest)) {
    throw new BoltFailure(SYNTAX_ERROR, "Procedure call inside a query does not support naming results implicitly (name explicitly using `YIELD` instead)");
  }
  const code = codeOnly(rest);
  const needsReturn = !/\bRETURN\b/i.test(code) && !/\b(CREATE|MERGE|SET|DELETE|REMOVE|FOREACH)\b/i.test(code);
  return `${prelude}${projection} ${rest}${needsReturn ? ` RETURN ${outputs.map(quoteName).join(", ")}` : ""}`;
}

// ---- schema bookkeeping ---------------------------------------------------------------------

interface SchemaRule {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly entityType: "NODE" | "RELATIONSHIP";
  readonly labelsOrTypes: string[];
  readonly properties: string[];
  readonly statement: string;
}

const INDEX_COLUMNS = ["id", "name", "state", "populationPercent", "type", "entityType", "labelsOrTypes", "properties", "indexProvider", "owningConstraint", "lastRead", "readCount", "createStatement"];
const CONSTRAINT_COLUMNS = ["id", "name", "type", "entityType", "labelsOrTypes", "properties", "ownedIndex", "propertyType", "createStatement"];
const INDEX_PROVIDERS: Record<string, string> = { RANGE: "range-1.0", TEXT: "text-2.0", POINT: "point-1.0", VECTOR: "vector-2.0", LOOKUP: "token-lookup-1.0", FULLTEXT: "fulltext-1.0" };

/** Reads what a CREATE INDEX / CREATE CONSTRAINT statement defines (for SHOW); best effort. */
function parseSchemaRule(text: string, id: number, kind: "INDEX" | "CONSTRAINT"): SchemaRule {
  const head = new RegExp(`^CREATE\\s+(?:(\\w+)\\s+)?${kind}\\s+(?!IF\\b|FOR\\b|ON\\b)(${NAME})?`, "i").exec(text);
  const name = head?.[2] ? unquoteName(head[2]) : `${kind.toLowerCase()}_${id}`;
  const node = new RegExp(`FOR\\s*\\(\\s*(${NAME})?\\s*:\\s*(${NAME})\\s*\\)`, "i").exec(text);
  const rel = new RegExp(`FOR\\s*\\(\\s*\\)\\s*<?-\\s*\\[\\s*(${NAME})?\\s*:\\s*(${NAME})\\s*\\]\\s*->?\\s*\\(\\s*\\)`, "i").exec(text);
  const entity = node ?? rel;
  const propertyList = (kind === "INDEX" ? /\bON\s*\(([^)]*)\)/i : /\bREQUIRE\s*\(?([^)]*?)\)?\s+IS\b/i).exec(text)?.[1] ?? "";
  const props = propertyList
    .split(",")
    .map((p) => unquoteName(p.trim().replace(new RegExp(`^${NAME}\\s*\\.\\s*`), "")))
    .filter((p) => p !== "");
  let type: string;
  if (kind === "INDEX") {
    const keyword = head?.[1]?.toUpperCase();
    type = keyword === undefined || keyword === "BTREE" ? "RANGE" : keyword;
  } else {
    const rule = /\bIS\s+(UNIQUE|NODE\s+KEY|RELATIONSHIP\s+KEY|KEY|NOT\s+NULL|TYPED|::)/i.exec(text)?.[1]?.toUpperCase().replace(/\s+/, " ");
    const prefix = rel ? "RELATIONSHIP_" : "";
    if (rule === "UNIQUE") type = rel ? "RELATIONSHIP_UNIQUENESS" : "UNIQUENESS";
    else if (rule?.endsWith("KEY")) type = rel ? "RELATIONSHIP_KEY" : "NODE_KEY";
    else if (rule === "NOT NULL") type = rel ? "RELATIONSHIP_PROPERTY_EXISTENCE" : "NODE_PROPERTY_EXISTENCE";
    else type = `${prefix || "NODE_"}PROPERTY_TYPE`;
  }
  return {
    id,
    name,
    type,
    entityType: rel && !node ? "RELATIONSHIP" : "NODE",
    labelsOrTypes: entity?.[2] ? [unquoteName(entity[2])] : [],
    properties: props,
    statement: text,
  };
}

// ---- the server -----------------------------------------------------------------------------

type QueryType = "r" | "w" | "rw" | "s";

/** What one RUN produced: its columns, its rows (already Bolt values) and its summary. */
interface Outcome {
  readonly fields: string[];
  readonly rows: unknown[][];
  readonly type: QueryType;
  readonly stats: Record<string, number>;
  readonly wrote: boolean;
}

type Runner = (query: string, params: Params) => Promise<QueryResult>;

interface ProcedureContext {
  readonly server: GrafeoBoltServer;
}

/** A procedure the engine lacks, answered by the server (see ScriptedRows). */
interface ScriptedProcedure {
  readonly columns: readonly string[];
  call(args: readonly unknown[], ctx: ProcedureContext): Promise<Omit<ScriptedRows, "columns">>;
}

const SCRIPTED_PROCEDURES: Record<string, ScriptedProcedure> = {
  "dbms.components": {
    columns: ["name", "versions", "edition"],
    call: (_args, { server }) => Promise.resolve({ rows: [{ name: "Neo4j Kernel", versions: [server.neo4jVersion], edition: server.edition }] }),
  },
  "db.awaitindexes": { columns: [], call: () => Promise.resolve({ rows: [] }) }, // indexes here are always online
  "db.awaitindex": { columns: [], call: () => Promise.resolve({ rows: [] }) },
  "db.index.fulltext.queryNodes": {
    columns: ["node", "score"],
    async call(args, { server }) {
      const [index, query, options] = args;
      if (typeof index !== "string" || typeof query !== "string" || (options != null && !isRecord(options))) {
        throw new BoltFailure(PROCEDURE_CALL_FAILED, "db.index.fulltext.queryNodes(indexName :: STRING, queryString :: STRING, options = {} :: MAP)");
      }
      const count = (v: unknown): number | undefined => (typeof v === "number" || typeof v === "bigint" ? Number(v) : undefined);
      const limit = count(options?.limit);
      const skip = count(options?.skip);
      const hits = await server.fulltext.queryNodes(index, query, { ...(limit !== undefined && { limit }), ...(skip !== undefined && { skip }) });
      const label = server.fulltext.get(index)?.label ?? "";
      return {
        rows: hits.map((h) => ({ id: h.id, score: h.score })),
        // Hits arrive best first and the unwind keeps that order, like the real procedure.
        prelude: `UNWIND $${ROWS_PARAM} AS __r MATCH (node:${quoteName(label)} {id: __r.id}) WITH node, __r.score AS score`,
      };
    },
  },
};
// Procedure names are matched without regard to case.
const PROCEDURES = new Map(Object.entries(SCRIPTED_PROCEDURES).map(([name, p]) => [name.toLowerCase(), p]));

class GrafeoBoltServer implements BoltTestServer {
  readonly db: GrafeoDB = grafeo.GrafeoDB.create();
  readonly runs: Array<{ query: string; params: Record<string, unknown> }> = [];
  readonly neo4jVersion: string;
  readonly edition: string;
  readonly fulltext: FulltextDouble;
  private readonly injected: Array<{ code: string; message: string }> = [];
  private readonly connections = new Set<Connection>();
  private readonly indexes = new Map<string, SchemaRule>();
  private readonly constraints = new Map<string, SchemaRule>();
  private listener: Server | undefined;
  private portNumber = 0;
  private nextConnectionId = 0;
  private nextRuleId = 1;
  private bookmarks = 0;

  constructor(options: BoltTestServerOptions) {
    this.neo4jVersion = options.neo4jVersion ?? "5.26.0";
    this.edition = options.edition ?? "community";
    this.fulltext = new FulltextDouble(this.db, options.fulltextWeights ?? {});
  }

  get port(): number {
    return this.portNumber;
  }

  get uri(): string {
    return `bolt://127.0.0.1:${this.portNumber}`;
  }

  failNext(code: string, message = `Injected failure (${code})`, count = 1): void {
    for (let i = 0; i < count; i++) this.injected.push({ code, message });
  }

  async start(): Promise<void> {
    if (this.listener) return;
    const listener = createServer((socket) => {
      const connection = new Connection(this, socket, `bolt-${++this.nextConnectionId}`);
      this.connections.add(connection);
      void connection.finished.then(() => this.connections.delete(connection));
    });
    await new Promise<void>((resolve, reject) => {
      listener.once("error", reject);
      listener.listen(this.portNumber, "127.0.0.1", () => {
        listener.off("error", reject);
        resolve();
      });
    });
    const address = listener.address();
    if (address === null || typeof address === "string") throw new Error("BoltTestServer.start: no TCP address");
    this.portNumber = address.port;
    this.listener = listener;
  }

  async stop(): Promise<void> {
    const listener = this.listener;
    if (!listener) return;
    this.listener = undefined;
    const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
    const connections = [...this.connections];
    for (const c of connections) c.destroy();
    await Promise.all(connections.map((c) => c.finished));
    await closed;
  }

  async close(): Promise<void> {
    await this.stop();
    this.fulltext.close();
    this.db.close();
  }

  /** The injected failure the next RUN gets, if any (see failNext). */
  takeInjectedFailure(): BoltFailure | undefined {
    const next = this.injected.shift();
    return next && new BoltFailure(next.code, next.message);
  }

  newBookmark(): string {
    return `talentgraph-bolt-test:${++this.bookmarks}`;
  }

  /** Runs one RUN's statement, scripted or on the engine through `run` (auto-commit or transaction). */
  async execute(query: string, params: Params, run: Runner): Promise<Outcome> {
    const text = query.slice(skipBlank(query, 0)).replace(/[\s;]+$/u, "");
    try {
      const call = new RegExp(`^CALL\\s+([A-Za-z_][\\w.]*)\\s*\\(`, "i").exec(text);
      const procedure = call?.[1] ? PROCEDURES.get(call[1].toLowerCase()) : undefined;
      if (call && procedure) return await this.callProcedure(text, call[0].length - 1, procedure, params, run);
      const show = /^SHOW\s+(?:(\w+)\s+)?(INDEX(?:ES)?|CONSTRAINTS?)\b/i.exec(text);
      if (show) return await this.show(show[2]?.toUpperCase().startsWith("INDEX") ? "INDEX" : "CONSTRAINT", show[1], text.slice(show[0].length), params, run);
      if (/^CREATE\s+FULLTEXT\s+INDEX\b/i.test(text)) return this.createFulltextIndex(text);
      const create = /^CREATE\s+(?:\w+\s+)?(INDEX|CONSTRAINT)\b/i.exec(text);
      if (create?.[1]) return await this.createSchemaRule(text, create[1].toUpperCase() as "INDEX" | "CONSTRAINT", run);
      const drop = new RegExp(`^DROP\\s+(INDEX|CONSTRAINT)\\s+(${NAME})(\\s+IF\\s+EXISTS)?$`, "i").exec(text);
      if (drop?.[1] && drop[2]) return await this.dropSchemaRule(drop[1].toUpperCase() as "INDEX" | "CONSTRAINT", unquoteName(drop[2]), drop[3] !== undefined, run);
      return outcome(await run(query, params));
    } catch (error) {
      throw engineFailure(error);
    }
  }

  private async callProcedure(text: string, open: number, procedure: ScriptedProcedure, params: Params, run: Runner): Promise<Outcome> {
    const close = closingBracket(text, open);
    if (close < 0) throw new BoltFailure(SYNTAX_ERROR, `Unbalanced parentheses in: ${text}`);
    const args = new ArgumentParser(text.slice(open + 1, close), params).list();
    const produced = await procedure.call(args, { server: this });
    const tail = text.slice(close + 1);
    if (procedure.columns.length === 0) {
      if (tail.trim() !== "") throw new BoltFailure(SYNTAX_ERROR, "Bolt test server: a void procedure must be called on its own");
      return { fields: [], rows: [], type: "r", stats: {}, wrote: false };
    }
    return this.runScripted({ columns: procedure.columns, ...produced }, tail, params, run);
  }

  private async runScripted(source: ScriptedRows, tail: string, params: Params, run: Runner): Promise<Outcome> {
    const statement = composeScripted(source, tail);
    return outcome(await run(statement, { ...params, [ROWS_PARAM]: source.rows.map((r) => toEngineValue(r)) }));
  }

  /** SHOW [type] INDEXES (type filters: ALL, RANGE, FULLTEXT, VECTOR, …) or SHOW CONSTRAINTS (filter ignored). */
  private async show(kind: "INDEX" | "CONSTRAINT", filter: string | undefined, tail: string, params: Params, run: Runner): Promise<Outcome> {
    const wanted = filter?.toUpperCase();
    if (kind === "CONSTRAINT") {
      const rows = [...this.constraints.values()].map((c) => ({
        id: c.id,
        name: c.name,
        type: c.type,
        entityType: c.entityType,
        labelsOrTypes: c.labelsOrTypes,
        properties: c.properties,
        ownedIndex: /UNIQUENESS|KEY/.test(c.type) ? c.name : null,
        propertyType: null,
        createStatement: c.statement,
      }));
      const source = { columns: CONSTRAINT_COLUMNS, defaultColumns: CONSTRAINT_COLUMNS.slice(0, -1), rows };
      return { ...(await this.runScripted(source, tail, params, run)), type: "r" };
    }
    const fulltext: SchemaRule[] = this.fulltext.list().map((f: FulltextIndexDefinition, i) => ({
      id: 10_000 + i,
      name: f.name,
      type: "FULLTEXT",
      entityType: "NODE",
      labelsOrTypes: [f.label],
      properties: [...f.properties],
      statement: `CREATE FULLTEXT INDEX ${quoteName(f.name)} FOR (n:${quoteName(f.label)}) ON EACH [${f.properties.map((p) => `n.${quoteName(p)}`).join(", ")}]`,
    }));
    // Neo4j backs each uniqueness or key constraint with a RANGE index of the same name.
    const owned = [...this.constraints.values()].filter((c) => /UNIQUENESS|KEY/.test(c.type)).map((c) => ({ ...c, type: "RANGE", owner: c.name }));
    const all = [...this.indexes.values(), ...owned, ...fulltext].filter((i) => wanted === undefined || wanted === "ALL" || i.type === wanted);
    const rows = all.map((i) => ({
      id: i.id,
      name: i.name,
      state: "ONLINE",
      populationPercent: 100,
      type: i.type,
      entityType: i.entityType,
      labelsOrTypes: i.labelsOrTypes,
      properties: i.properties,
      indexProvider: INDEX_PROVIDERS[i.type] ?? null,
      owningConstraint: "owner" in i ? i.owner : null,
      lastRead: null,
      readCount: 0,
      createStatement: i.statement,
    }));
    const source = { columns: INDEX_COLUMNS, defaultColumns: INDEX_COLUMNS.slice(0, -1), rows };
    return { ...(await this.runScripted(source, tail, params, run)), type: "r" };
  }

  private createFulltextIndex(text: string): Outcome {
    const m = new RegExp(
      `^CREATE\\s+FULLTEXT\\s+INDEX\\s+(?!IF\\b|FOR\\b)(${NAME})\\s*(IF\\s+NOT\\s+EXISTS\\s+)?FOR\\s*\\(\\s*(${NAME})\\s*:\\s*([^)]*?)\\s*\\)\\s*ON\\s+EACH\\s*\\[([^\\]]*)\\]\\s*(?:OPTIONS\\s*\\{[\\s\\S]*\\})?$`,
      "i",
    ).exec(text);
    if (!m?.[1] || !m[3] || m[4] === undefined || m[5] === undefined) {
      throw new BoltFailure(SYNTAX_ERROR, `Bolt test server: cannot read this full-text index definition (a name, one label, ON EACH [n.p, ...]): ${text}`);
    }
    const variable = unquoteName(m[3]);
    const labels = m[4].split("|").map((l) => unquoteName(l.trim()));
    const label = labels[0];
    if (labels.length !== 1 || label === undefined || !new RegExp(`^${NAME}$`).test(m[4].trim())) {
      throw new BoltFailure(SYNTAX_ERROR, `Bolt test server: the full-text double supports one label per index: ${text}`);
    }
    const properties = m[5].split(",").map((p) => {
      const prop = new RegExp(`^(${NAME})\\s*\\.\\s*(${NAME})$`).exec(p.trim());
      if (!prop?.[1] || !prop[2] || unquoteName(prop[1]) !== variable) throw new BoltFailure(SYNTAX_ERROR, `Bolt test server: bad full-text property '${p.trim()}'`);
      return unquoteName(prop[2]);
    });
    const definition = { name: unquoteName(m[1]), label, properties };
    const existing = this.fulltext.get(definition.name);
    if (existing) {
      if (m[2]) return schemaOutcome(false, "indexes-added");
      const same = existing.label === label && existing.properties.join("\u0000") === properties.join("\u0000");
      throw new BoltFailure(
        same ? "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists" : "Neo.ClientError.Schema.IndexWithNameAlreadyExists",
        `An index with the name '${definition.name}' already exists.`,
      );
    }
    this.fulltext.define(definition);
    return schemaOutcome(true, "indexes-added");
  }

  /** Runs CREATE INDEX/CONSTRAINT on the engine when it can, and records it for SHOW either way. */
  private async createSchemaRule(text: string, kind: "INDEX" | "CONSTRAINT", run: Runner): Promise<Outcome> {
    const rules = kind === "INDEX" ? this.indexes : this.constraints;
    const rule = parseSchemaRule(text, this.nextRuleId, kind);
    const ifNotExists = /\bIF\s+NOT\s+EXISTS\b/i.test(codeOnly(text));
    const statKey = kind === "INDEX" ? "indexes-added" : "constraints-added";
    if (rules.has(rule.name) || this.fulltext.get(rule.name)) {
      if (ifNotExists) return schemaOutcome(false, statKey);
      throw new BoltFailure("Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists", `An ${kind.toLowerCase()} with the name '${rule.name}' already exists.`);
    }
    try {
      await run(text, {});
    } catch (error) {
      // A form the engine's parser lacks (relationship, vector, text, point indexes, ...): record only.
      if ((error as GrafeoError).gqlStatus !== "42001") throw error;
    }
    this.nextRuleId++;
    rules.set(rule.name, rule);
    return schemaOutcome(true, statKey);
  }

  private async dropSchemaRule(kind: "INDEX" | "CONSTRAINT", name: string, ifExists: boolean, run: Runner): Promise<Outcome> {
    const rules = kind === "INDEX" ? this.indexes : this.constraints;
    const known = rules.delete(name) || (kind === "INDEX" && this.fulltext.drop(name));
    try {
      await run(`DROP ${kind} ${quoteName(name)} IF EXISTS`, {});
    } catch (error) {
      if ((error as GrafeoError).gqlStatus !== "42001") throw error;
    }
    if (!known && !ifExists) {
      throw new BoltFailure(
        kind === "INDEX" ? "Neo.ClientError.Schema.IndexDropFailed" : "Neo.ClientError.Schema.ConstraintDropFailed",
        `Unable to drop ${kind.toLowerCase()} called \`${name}\`. There is no such ${kind.toLowerCase()}.`,
      );
    }
    return schemaOutcome(known, kind === "INDEX" ? "indexes-removed" : "constraints-removed");
  }
}

function schemaOutcome(changed: boolean, statKey: string): Outcome {
  return { fields: [], rows: [], type: "s", stats: changed ? { [statKey]: 1 } : {}, wrote: false };
}

/** Neo4j's `stats` keys for the engine's write counters. */
const STAT_KEYS = {
  nodesCreated: "nodes-created",
  nodesDeleted: "nodes-deleted",
  edgesCreated: "relationships-created",
  edgesDeleted: "relationships-deleted",
  propertiesSet: "properties-set",
  labelsAdded: "labels-added",
  labelsRemoved: "labels-removed",
} as const;

function outcome(result: QueryResult): Outcome {
  const counters = result.counters;
  const stats: Record<string, number> = {};
  for (const [key, statKey] of Object.entries(STAT_KEYS)) {
    const n = counters[key as keyof typeof STAT_KEYS];
    if (n > 0) stats[statKey] = n;
  }
  const wrote = Object.keys(stats).length > 0;
  const fields = [...result.columns];
  const rows = result.rows().map((row) => row.map(toBoltValue));
  return { fields, rows, type: wrote ? (fields.length > 0 ? "rw" : "w") : "r", stats, wrote };
}

// ---- one connection -------------------------------------------------------------------------

/** Rows of a RUN waiting to be pulled. */
interface ResultStream {
  readonly outcome: Outcome;
  /** Index of the next row to send. */
  next: number;
  readonly startedAt: number;
}

interface OpenTransaction {
  readonly engine: Transaction;
  readonly db: string;
  wrote: boolean;
  readonly streams: Map<number, ResultStream>;
  nextQid: number;
  lastQid: number;
}

const HANDSHAKE_LENGTH = 20;

class Connection {
  /** Settles once the socket is gone and any open transaction has been rolled back. */
  readonly finished: Promise<void>;
  private markFinished!: () => void;
  private handshake: Buffer | undefined = Buffer.alloc(0);
  private minor = 4;
  private readonly reader = new MessageReader();
  private readonly queue: Structure[] = [];
  private readonly out: Buffer[] = [];
  private processing = false;
  private closed = false;
  private helloDone = false;
  private authenticated = false;
  private failed = false;
  private tx: OpenTransaction | undefined;
  private autoStream: ResultStream | undefined;
  private autoDb = DEFAULT_DB;

  constructor(
    private readonly server: GrafeoBoltServer,
    private readonly socket: Socket,
    private readonly id: string,
  ) {
    this.finished = new Promise((resolve) => (this.markFinished = resolve));
    socket.setNoDelay(true);
    socket.on("data", (data: Buffer) => this.receive(data));
    socket.on("error", () => socket.destroy()); // a client that vanishes is not an error of ours
    socket.on("close", () => {
      this.closed = true;
      if (!this.processing) this.cleanUp();
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(data: Buffer): void {
    if (this.closed) return;
    if (this.handshake !== undefined) {
      const bytes = Buffer.concat([this.handshake, data]);
      if (bytes.length < HANDSHAKE_LENGTH) {
        this.handshake = bytes;
        return;
      }
      this.handshake = undefined;
      if (bytes.readUInt32BE(0) !== MAGIC) return this.destroy();
      const version = chooseBoltVersion(bytes.subarray(4, HANDSHAKE_LENGTH));
      if (!version) {
        this.socket.end(Buffer.alloc(4)); // "none of those": the client gives up
        return;
      }
      this.minor = version.minor;
      this.socket.write(Buffer.from([0, 0, version.minor, version.major]));
      data = bytes.subarray(HANDSHAKE_LENGTH);
      if (data.length === 0) return;
    }
    try {
      for (const message of this.reader.push(data)) {
        const decoded = unpack(message);
        if (!(decoded instanceof Structure)) throw new PackStreamError("a Bolt message must be a structure");
        this.queue.push(decoded);
      }
    } catch {
      // Bytes that are not Bolt: a real server drops such a connection too.
      return this.destroy();
    }
    void this.drain();
  }

  /** Handles queued messages one at a time, in order (the driver pipelines them). */
  private async drain(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let message = this.queue.shift(); message && !this.closed; message = this.queue.shift()) {
        try {
          await this.handle(message);
        } catch (error) {
          try {
            this.fail(engineFailure(error));
          } catch {
            // Not even a FAILURE could be encoded: hang up rather than leave the client waiting.
            this.out.length = 0;
            this.destroy();
          }
        }
        this.flush();
      }
    } finally {
      this.processing = false;
      if (this.closed) this.cleanUp();
    }
  }

  private cleanUp(): void {
    if (this.tx) {
      this.rollbackQuietly(this.tx);
      this.tx = undefined;
    }
    this.markFinished();
  }

  private rollbackQuietly(tx: OpenTransaction): void {
    try {
      if (tx.engine.isActive) tx.engine.rollback();
    } catch {
      // The engine already ended it (a failed commit); nothing is left to undo.
    }
  }

  private send(tag: number, fields: readonly unknown[]): void {
    this.out.push(frameMessage(pack(new Structure(tag, fields))));
  }

  private success(metadata: Record<string, unknown> = {}): void {
    this.send(MSG.SUCCESS, [metadata]);
  }

  private flush(): void {
    if (this.out.length === 0) return;
    const bytes = Buffer.concat(this.out);
    this.out.length = 0;
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** FAILURE, then IGNORED until RESET; a failed explicit transaction is rolled back at once. */
  private fail(failure: BoltFailure): void {
    this.send(MSG.FAILURE, [{ code: failure.code, message: failure.message }]);
    this.failed = true;
    this.autoStream = undefined;
    if (this.tx) {
      this.rollbackQuietly(this.tx);
      this.tx = undefined;
    }
  }

  /** A message the protocol does not allow here: FAILURE and hang up, as a real server does. */
  private violation(message: string): void {
    this.send(MSG.FAILURE, [{ code: REQUEST_INVALID, message }]);
    this.flush();
    this.socket.end();
  }

  private async handle(message: Structure): Promise<void> {
    const { tag, fields } = message;
    if (!this.helloDone && tag !== MSG.HELLO) return this.violation(`Message 0x${tag.toString(16)} before HELLO`);
    switch (tag) {
      case MSG.HELLO:
        if (this.helloDone) return this.violation("HELLO sent twice");
        this.helloDone = true;
        this.authenticated = this.minor === 0; // 5.0 authenticates in HELLO, 5.1+ with LOGON
        return this.success({
          server: `Neo4j/${this.server.neo4jVersion}`,
          connection_id: this.id,
          hints: { "telemetry.enabled": true },
        });
      case MSG.GOODBYE:
        this.socket.end();
        return;
      case MSG.RESET:
        this.failed = false;
        this.autoStream = undefined;
        if (this.tx) this.rollbackQuietly(this.tx);
        this.tx = undefined;
        return this.success();
    }
    if (this.failed) return this.send(MSG.IGNORED, []);
    switch (tag) {
      case MSG.LOGON:
        this.authenticated = true; // any credentials will do
        return this.success();
      case MSG.LOGOFF:
        this.authenticated = false;
        return this.success();
      case MSG.TELEMETRY:
        return this.success();
      case MSG.ROUTE:
        return this.route(fields);
      case MSG.BEGIN:
        return this.begin(fields);
      case MSG.RUN:
        return this.run(fields);
      case MSG.PULL:
        return this.pull(fields, false);
      case MSG.DISCARD:
        return this.pull(fields, true);
      case MSG.COMMIT:
        return this.commit();
      case MSG.ROLLBACK:
        if (!this.tx) throw new BoltFailure(REQUEST_INVALID, "ROLLBACK without a transaction");
        this.tx.engine.rollback();
        this.tx = undefined;
        return this.success();
      default:
        return this.violation(`Unknown message 0x${tag.toString(16)}`);
    }
  }

  private requireAuthentication(): void {
    if (!this.authenticated) throw new BoltFailure("Neo.ClientError.Security.Unauthorized", "LOGON first");
  }

  private route(fields: readonly unknown[]): void {
    this.requireAuthentication();
    const context = fields[2];
    const db = isRecord(context) && typeof context.db === "string" ? context.db : DEFAULT_DB;
    const addresses = [`127.0.0.1:${this.server.port}`];
    this.success({
      rt: {
        ttl: 300,
        db,
        servers: [
          { addresses, role: "WRITE" },
          { addresses, role: "READ" },
          { addresses, role: "ROUTE" },
        ],
      },
    });
  }

  private begin(fields: readonly unknown[]): void {
    this.requireAuthentication();
    if (this.tx) throw new BoltFailure(REQUEST_INVALID, "BEGIN inside a transaction");
    const extra = fields[0];
    const db = isRecord(extra) && typeof extra.db === "string" ? extra.db : DEFAULT_DB;
    this.tx = { engine: this.server.db.beginTransaction(), db, wrote: false, streams: new Map(), nextQid: 0, lastQid: -1 };
    this.success();
  }

  private async run(fields: readonly unknown[]): Promise<void> {
    this.requireAuthentication();
    const [query, rawParams, extra] = fields;
    if (typeof query !== "string") throw new BoltFailure(REQUEST_INVALID, "RUN needs a query string");
    const params = toEngineParams(rawParams);
    this.server.runs.push({ query, params });
    const injected = this.server.takeInjectedFailure();
    if (injected) throw injected;
    const startedAt = Date.now();
    const tx = this.tx;
    if (tx) {
      const result = await this.server.execute(query, params, (q, p) => tx.engine.executeCypher(q, p));
      tx.wrote ||= result.wrote;
      const qid = tx.nextQid++;
      tx.streams.set(qid, { outcome: result, next: 0, startedAt });
      tx.lastQid = qid;
      return this.success({ fields: result.fields, t_first: Date.now() - startedAt, qid });
    }
    const result = await this.server.execute(query, params, (q, p) => this.server.db.executeCypher(q, p));
    if (result.wrote) this.server.fulltext.noteCommittedWrite();
    this.autoDb = isRecord(extra) && typeof extra.db === "string" ? extra.db : DEFAULT_DB;
    this.autoStream = { outcome: result, next: 0, startedAt };
    this.success({ fields: result.fields, t_first: Date.now() - startedAt });
  }

  /** PULL (or DISCARD): up to `n` records (-1: all), then has_more or the summary. */
  private pull(fields: readonly unknown[], discard: boolean): void {
    const extra = isRecord(fields[0]) ? fields[0] : {};
    const n = typeof extra.n === "number" ? extra.n : -1;
    const qid = typeof extra.qid === "number" ? extra.qid : -1;
    const tx = this.tx;
    const stream = tx ? tx.streams.get(qid === -1 ? tx.lastQid : qid) : this.autoStream;
    if (!stream) throw new BoltFailure(REQUEST_INVALID, `${discard ? "DISCARD" : "PULL"} without an open result`);
    const { rows } = stream.outcome;
    const end = n < 0 ? rows.length : Math.min(rows.length, stream.next + n);
    if (!discard) for (let i = stream.next; i < end; i++) this.send(MSG.RECORD, [rows[i]]);
    stream.next = end;
    if (stream.next < rows.length) return this.success({ has_more: true });
    const summary: Record<string, unknown> = {
      type: stream.outcome.type,
      t_last: Date.now() - stream.startedAt,
      db: tx ? tx.db : this.autoDb,
    };
    if (Object.keys(stream.outcome.stats).length > 0) summary.stats = stream.outcome.stats;
    if (tx) {
      tx.streams.delete(qid === -1 ? tx.lastQid : qid);
    } else {
      this.autoStream = undefined;
      summary.bookmark = this.server.newBookmark();
    }
    this.success(summary);
  }

  private commit(): void {
    const tx = this.tx;
    if (!tx) throw new BoltFailure(REQUEST_INVALID, "COMMIT without a transaction");
    this.tx = undefined;
    try {
      tx.engine.commit();
    } catch (error) {
      this.rollbackQuietly(tx);
      throw error;
    }
    if (tx.wrote) this.server.fulltext.noteCommittedWrite();
    this.success({ bookmark: this.server.newBookmark() });
  }
}
