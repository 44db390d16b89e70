/**
 * Versioned schema migrations for the Neo4j store: `graph/neo4j/migrations/NNN-name.cypher`, applied
 * in order and recorded as (:TalentgraphMigration {version}). Schema statements cannot share a
 * transaction with data in Neo4j, so each statement runs on its own; all of them are `IF NOT EXISTS`,
 * so re-running a half-applied migration is safe. Before anything, the server's version is checked.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigInvalidError } from "../../core/errors.js";
import { CYPHER, splitStatements } from "./cypher.js";

export const NEO4J_MIGRATIONS_DIR = fileURLToPath(new URL("../../../graph/neo4j/migrations/", import.meta.url));

export interface Neo4jMigration {
  version: number;
  name: string;
  statements: string[];
}

/** The migrations shipped with this build, ascending by version. */
export function loadNeo4jMigrations(dir = NEO4J_MIGRATIONS_DIR): Neo4jMigration[] {
  const out: Neo4jMigration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const match = /^(\d{3})-([a-z0-9-]+)\.cypher$/.exec(file);
    if (match === null) continue;
    out.push({ version: Number(match[1]), name: match[2] as string, statements: splitStatements(readFileSync(join(dir, file), "utf8")) });
  }
  out.forEach((m, i) => {
    if (m.version !== i + 1) throw new ConfigInvalidError(`Neo4j migrations in ${dir} must be numbered 001, 002, … without gaps; found ${m.version} at position ${i + 1}`);
  });
  return out;
}

/** The oldest Neo4j major version supported (5.x, and the calendar versions 2025.x after it). */
export const MIN_NEO4J_MAJOR = 5;

/** Parses "5.26.0" or "2025.01.0"; throws CONFIG_INVALID for an older or unreadable version. */
export function checkNeo4jVersion(version: string, uri: string): void {
  const major = Number(/^(\d+)\./.exec(version)?.[1] ?? NaN);
  if (!Number.isInteger(major)) throw new ConfigInvalidError(`Neo4j at ${uri} reports version "${version}", which talentgraph cannot read; it needs Neo4j ${MIN_NEO4J_MAJOR}.x or later`);
  if (major < MIN_NEO4J_MAJOR) {
    throw new ConfigInvalidError(`Neo4j ${version} at ${uri} is not supported: talentgraph needs Neo4j ${MIN_NEO4J_MAJOR}.x or later (also 2025.x and Aura); upgrade the server or use GRAPH_BACKEND=sqlite`);
  }
}

/** How migrations reach the server (the store's session helpers; each call one transaction). */
export interface MigrationRunner {
  read<T>(query: string, params?: Record<string, unknown>): Promise<T[]>;
  /** One statement in its own auto-commit transaction (schema statements need that). */
  schema(query: string): Promise<void>;
  write(query: string, params?: Record<string, unknown>): Promise<void>;
}

export interface MigrationResult {
  applied: Array<{ version: number; name: string }>;
  version: number;
}

/** Applies the pending migrations; refuses a database migrated by a newer build. */
export async function runNeo4jMigrations(runner: MigrationRunner, uri: string, migrations = loadNeo4jMigrations()): Promise<MigrationResult> {
  const rows = await runner.read<{ version: number }>(CYPHER.appliedMigrations);
  const done = new Set(rows.map((r) => r.version));
  const latest = migrations.at(-1)?.version ?? 0;
  const newest = Math.max(0, ...done);
  if (newest > latest) {
    throw new ConfigInvalidError(`Neo4j at ${uri} has schema version ${newest}, newer than this build knows (${latest}); upgrade talentgraph`);
  }
  const applied: MigrationResult["applied"] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    for (const statement of m.statements) await runner.schema(statement);
    await runner.write(CYPHER.recordMigration, { version: m.version, name: m.name, appliedAt: new Date().toISOString() });
    applied.push({ version: m.version, name: m.name });
  }
  return { applied, version: latest };
}
