/**
 * Versioned schema migrations for the embedded store: `graph/sqlite/migrations/NNN-name.sql`,
 * applied in order, each in its own transaction, recorded in `schema_migrations`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type Database from "better-sqlite3";
import { ConfigInvalidError, IndexCorruptError } from "../core/errors.js";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../graph/sqlite/migrations/", import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations shipped with this build, ascending by version. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const match = /^(\d{3})-([a-z0-9-]+)\.sql$/.exec(file);
    if (match === null) continue;
    out.push({ version: Number(match[1]), name: match[2] as string, sql: readFileSync(join(dir, file), "utf8") });
  }
  out.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new ConfigInvalidError(`SqliteGraphStore.migrate: migration files in ${dir} must be numbered 001, 002, … without gaps; found ${m.version} at position ${i + 1}`);
    }
  });
  return out;
}

/** Current schema version of a database (0 when never migrated). */
export function schemaVersion(db: Database.Database): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (table === undefined) return 0;
  const row = db.prepare("SELECT max(version) AS version FROM schema_migrations").get() as { version: number | null };
  return row.version ?? 0;
}

/**
 * Brings the database to the newest known version. Idempotent. Refuses a database written by a
 * newer build (its schema may mean things this code does not know).
 */
export function migrate(db: Database.Database, where: string, migrations = loadMigrations()): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new ConfigInvalidError(
      `SqliteGraphStore.migrate: ${where} has schema version ${current}, this build knows up to ${latest}; ` +
        "upgrade talentgraph or point the store at another file",
    );
  }
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  for (const m of migrations) {
    if (m.version <= current) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        record.run(m.version, m.name, new Date().toISOString());
      })();
    } catch (error) {
      throw new IndexCorruptError(`SqliteGraphStore.migrate: migration ${m.version}-${m.name} failed on ${where}; restore a backup or re-run ingest into a new store`, { cause: error });
    }
  }
}
