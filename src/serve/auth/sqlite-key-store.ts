/**
 * The KeyStore over its own SQLite file (`<dataDir>/keys.db`, WAL), separate from the graph store so
 * keys survive re-ingesting and the graph schema stays untouched. The server and the `keys` CLI may
 * have it open at once: a revocation is seen by the server's next request.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import {
  BackendUnavailableError,
  ConfigInvalidError,
  IndexCorruptError,
  InvalidInputError,
  NotFoundError,
  TalentgraphError,
  errorMessage,
} from "../../core/errors.js";
import { generateKey, hashSecret, parseKey, secretMatches } from "./api-key.js";
import type { ApiKeyInfo, CreatedKey, CreateKeyOptions, KeyStore, KeyVerification } from "./key-store.js";
import { isScope, type Scope } from "./scope.js";

export interface SqliteKeyStoreOptions {
  /** Database file (created with its directory if missing), or ":memory:". */
  path: string;
  /** Wall clock for creation, revocation and last-use times. Default `() => new Date()`. */
  now?: () => Date;
}

/** Schema versions, applied in order; `PRAGMA user_version` records the last one applied. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE api_keys (
     id              TEXT PRIMARY KEY,
     name            TEXT,
     scope           TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
     salt            BLOB NOT NULL,
     hash            BLOB NOT NULL,
     rate_per_second REAL,
     burst           INTEGER,
     created_at      TEXT NOT NULL,
     revoked_at      TEXT,
     last_used_at    TEXT
   ) STRICT`,
];

/** Last-use times are written at most this often per key, so verification rarely writes. */
const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_NAME_LENGTH = 100;
const MAX_RATE = 1_000_000;

interface Row {
  id: string;
  name: string | null;
  scope: string;
  salt: Buffer;
  hash: Buffer;
  rate_per_second: number | null;
  burst: number | null;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** Opens (creating and migrating if needed) a key store. */
export function openSqliteKeyStore(options: SqliteKeyStoreOptions): SqliteKeyStore {
  return new SqliteKeyStore(options);
}

export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly where: string;
  private readonly now: () => Date;
  /** Compared against when the id is unknown, so an unknown key costs what a known one does. */
  private readonly decoy = { salt: randomBytes(16), hash: hashSecret("decoy", randomBytes(16)) };
  private readonly statements: {
    insert: Database.Statement;
    byId: Database.Statement;
    all: Database.Statement;
    revoke: Database.Statement;
    touch: Database.Statement;
  };
  private closed = false;

  constructor(options: SqliteKeyStoreOptions) {
    this.where = options.path === ":memory:" ? "an in-memory key store" : `key store ${options.path}`;
    this.now = options.now ?? (() => new Date());
    const isNew = options.path !== ":memory:" && !existsSync(options.path);
    try {
      if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
      this.db = new Database(options.path);
    } catch (error) {
      throw new BackendUnavailableError(`SqliteKeyStore.open: cannot open ${this.where}: ${errorMessage(error)}; check the data dir's permissions`, { cause: error });
    }
    try {
      // Only hashes are stored, but nobody else needs to read them either.
      if (isNew) chmodSync(options.path, 0o600);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      // The CLI and the server share the file; wait for the other's write instead of failing.
      this.db.pragma("busy_timeout = 5000");
      this.migrate();
      this.statements = {
        insert: this.db.prepare(
          `INSERT INTO api_keys (id, name, scope, salt, hash, rate_per_second, burst, created_at)
           VALUES (@id, @name, @scope, @salt, @hash, @rate_per_second, @burst, @created_at)`,
        ),
        byId: this.db.prepare("SELECT * FROM api_keys WHERE id = ?"),
        all: this.db.prepare("SELECT * FROM api_keys ORDER BY created_at, rowid"),
        revoke: this.db.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"),
        touch: this.db.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?"),
      };
    } catch (error) {
      this.db.close();
      if (error instanceof TalentgraphError) throw error;
      if ((error as { code?: unknown }).code === "SQLITE_NOTADB") {
        throw new IndexCorruptError(`SqliteKeyStore.open: ${this.where} is not a SQLite database; move it away and create keys again`, { cause: error });
      }
      throw new BackendUnavailableError(`SqliteKeyStore.open: ${this.where}: ${errorMessage(error)}`, { cause: error });
    }
  }

  private migrate(): void {
    const version = this.db.pragma("user_version", { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new ConfigInvalidError(
        `SqliteKeyStore.migrate: ${this.where} has schema version ${version}, this build knows up to ${MIGRATIONS.length}; upgrade talentgraph`,
      );
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  create(options: CreateKeyOptions): CreatedKey {
    this.assertOpen("create");
    if (!isScope(options.scope)) throw new InvalidInputError(`SqliteKeyStore.create: scope must be read, write or admin, got "${String(options.scope)}"`);
    const name = options.name === undefined ? null : options.name.trim();
    if (name !== null && (name.length === 0 || name.length > MAX_NAME_LENGTH || /\p{Cc}/u.test(name))) {
      throw new InvalidInputError(`SqliteKeyStore.create: name must be 1..${MAX_NAME_LENGTH} printable characters`);
    }
    const rate = options.ratePerSecond;
    if (rate !== undefined && !(Number.isFinite(rate) && rate >= 0 && rate <= MAX_RATE)) {
      throw new InvalidInputError(`SqliteKeyStore.create: rate must be 0..${MAX_RATE} requests per second (0 = no limit), got ${rate}`);
    }
    const burst = options.burst;
    if (burst !== undefined && !(Number.isInteger(burst) && burst >= 1 && burst <= MAX_RATE)) {
      throw new InvalidInputError(`SqliteKeyStore.create: burst must be an integer 1..${MAX_RATE}, got ${burst}`);
    }
    const createdAt = this.now().toISOString();
    // 48-bit random ids: a collision is unlikely, and retried.
    for (let attempt = 0; ; attempt++) {
      const material = generateKey();
      try {
        this.statements.insert.run({
          id: material.id,
          name,
          scope: options.scope,
          salt: material.salt,
          hash: material.hash,
          rate_per_second: rate ?? null,
          burst: burst ?? null,
          created_at: createdAt,
        });
        return { key: material.key, info: this.info(this.row(material.id)!) };
      } catch (error) {
        if ((error as { code?: unknown }).code !== "SQLITE_CONSTRAINT_PRIMARYKEY" || attempt >= 3) {
          throw new BackendUnavailableError(`SqliteKeyStore.create: cannot write to ${this.where}: ${errorMessage(error)}`, { cause: error });
        }
      }
    }
  }

  list(): ApiKeyInfo[] {
    this.assertOpen("list");
    return (this.statements.all.all() as Row[]).map((r) => this.info(r));
  }

  revoke(id: string): { key: ApiKeyInfo; alreadyRevoked: boolean } {
    this.assertOpen("revoke");
    const changed = this.statements.revoke.run(this.now().toISOString(), id).changes > 0;
    const row = this.row(id);
    if (row === undefined) throw new NotFoundError(`SqliteKeyStore.revoke: no API key with id "${id}"; \`talentgraph keys list\` shows the ids`);
    return { key: this.info(row), alreadyRevoked: !changed };
  }

  verify(presented: string): KeyVerification {
    this.assertOpen("verify");
    const parsed = parseKey(presented);
    if (parsed === undefined) return { ok: false, reason: "malformed" };
    const row = this.row(parsed.id);
    // Always hash and compare (against a decoy when the id is unknown): every failure takes as long.
    const matches = secretMatches(parsed.secret, row?.salt ?? this.decoy.salt, row?.hash ?? this.decoy.hash);
    if (row === undefined) return { ok: false, reason: "unknown", keyId: parsed.id };
    if (!matches) return { ok: false, reason: "mismatch", keyId: parsed.id };
    if (row.revoked_at !== null) return { ok: false, reason: "revoked", keyId: parsed.id };
    const now = this.now();
    if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= LAST_USED_RESOLUTION_MS) {
      row.last_used_at = now.toISOString();
      this.statements.touch.run(row.last_used_at, row.id);
    }
    return { ok: true, key: this.info(row) };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private row(id: string): Row | undefined {
    return this.statements.byId.get(id) as Row | undefined;
  }

  private info(r: Row): ApiKeyInfo {
    if (!isScope(r.scope)) throw new IndexCorruptError(`SqliteKeyStore: key ${r.id} in ${this.where} has unknown scope "${r.scope}"`);
    const scope: Scope = r.scope;
    return {
      id: r.id,
      name: r.name,
      scope,
      ratePerSecond: r.rate_per_second,
      burst: r.burst,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
      lastUsedAt: r.last_used_at,
    };
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new TalentgraphError("INTERNAL", `SqliteKeyStore.${operation}: ${this.where} is closed`);
  }
}
