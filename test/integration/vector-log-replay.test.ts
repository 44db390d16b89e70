/**
 * Startup after writes that no snapshot saw: openServices replays the store's vector log onto the
 * HNSW snapshot (real SQLite file, real hnswlib, the tiny model for the dimensions), and falls back
 * to a full rebuild only when the log no longer reaches back to the snapshot. Also `stats` reports
 * the backlog and a pre-log store migrates to a log that starts at its current generation.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, inject, it } from "vitest";
import { collectStats } from "../../src/cli/commands/stats.js";
import { loadConfig } from "../../src/core/config.js";
import type { Logger } from "../../src/core/logger.js";
import { silentProgress } from "../../src/core/progress.js";
import { createRng } from "../../src/core/rng.js";
import { openSqliteGraphStore } from "../../src/graph-store/sqlite-graph-store.js";
import { loadMigrations, migrate } from "../../src/graph-store/sqlite-migrations.js";
import { openServices, STORE_FILE, type Services } from "../../src/services.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tmp(prefix: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}

interface Logged {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}
function recordingLogger(into: Logged[]): Logger {
  const at =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}): void => {
      into.push({ level, msg, fields });
    };
  const logger: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: () => logger };
  return logger;
}

function configFor(dataDir: string) {
  return loadConfig({ env: {}, overrides: { dataDir, model: inject("tinyModelDir"), logLevel: "silent" } });
}

async function open(dataDir: string, log: Logged[] = []): Promise<Services> {
  return openServices(configFor(dataDir), { logger: recordingLogger(log) });
}

/** Commits skills with vectors (and deletes) to the store and mirrors them into the index, as a live writer does. */
async function writeSkills(services: Services, upserts: Array<[string, Float32Array]>, deletes: string[] = []): Promise<void> {
  const ix = await services.indexes();
  await services.consistency.write(async () => {
    await services.store.write({
      skills: upserts.map(([id, vector]) => ({ record: { id, name: `Skill ${id}`, aliases: [] }, hash: `h-${id}`, vector })),
      deletes: deletes.map((id) => ({ kind: "skills" as const, id })),
    });
    for (const id of deletes) ix.skills.remove(id);
    for (const [id, vector] of upserts) ix.skills.upsert(id, vector);
  });
}

function randomVectors(seed: number, ids: string[], dims: number): Array<[string, Float32Array]> {
  const rng = createRng(seed);
  return ids.map((id) => [id, Float32Array.from({ length: dims }, () => rng.next() * 2 - 1)]);
}

function unit(v: Float32Array): number[] {
  const norm = Math.hypot(...v);
  return Array.from(v, (x) => x / norm);
}

/** The index holds exactly the store's vectors (as unit vectors: the cosine space normalises). */
async function expectIndexEqualsStore(services: Services): Promise<void> {
  const ix = await services.indexes();
  let n = 0;
  for await (const { id, vector } of services.store.vectors("skills")) {
    n++;
    const got = ix.skills.get(id);
    expect(got, id).toBeDefined();
    const want = unit(vector);
    Array.from(got!).forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 5));
  }
  expect(ix.skills.size()).toBe(n);
}

const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);

describe("replaying the vector log at startup", () => {
  it("applies only the changes made after the snapshot, then saves and trims", async () => {
    const dataDir = tmp("tg-replay-");
    let services = await open(dataDir);
    const dims = (await services.embedder()).dimensions;
    await writeSkills(services, randomVectors(1, ids("s", 120), dims));
    const snapshotAt = await services.store.vectorGeneration("skills");
    await (await services.indexes()).skills.save({ generation: snapshotAt });
    await services.store.trimVectorLog("skills", snapshotAt);

    // After the snapshot: 10 new, 3 replaced, 5 deleted — then the process stops without saving.
    await writeSkills(services, randomVectors(2, ids("n", 10), dims));
    await writeSkills(services, randomVectors(3, ids("s", 3), dims), ids("s", 120).slice(100, 105));
    const expectedSize = 120 + 10 - 5;
    await services.close();

    const log: Logged[] = [];
    services = await open(dataDir, log);
    try {
      const ix = await services.indexes();
      const opened = log.find((l) => l.fields.kind === "skills" && (l.fields.action === "replayed" || l.fields.action === "rebuilt"));
      expect(opened?.fields).toMatchObject({ action: "replayed", changes: 18, snapshot: snapshotAt });
      expect(ix.skills.size()).toBe(expectedSize);
      await expectIndexEqualsStore(services);
      // Saved at the store's generation and the replayed log trimmed: nothing left to replay.
      const generation = await services.store.vectorGeneration("skills");
      expect(ix.skills.manifest().generation).toBe(generation);
      expect((await services.store.vectorChanges("skills", snapshotAt)).complete).toBe(false);
      expect(await services.store.vectorChanges("skills", generation)).toEqual({ complete: true, changes: [] });
    } finally {
      await services.close();
    }
  });

  it("rebuilds from stored vectors when the log was trimmed past the snapshot, and stats says which will happen", async () => {
    const dataDir = tmp("tg-replay-trimmed-");
    let services = await open(dataDir);
    const dims = (await services.embedder()).dimensions;
    await writeSkills(services, randomVectors(4, ids("s", 40), dims));
    const snapshotAt = await services.store.vectorGeneration("skills");
    await (await services.indexes()).skills.save({ generation: snapshotAt });
    await writeSkills(services, randomVectors(5, ids("t", 7), dims), ids("s", 40).slice(0, 2));
    await services.close();

    const config = configFor(dataDir);
    const ctx = { config, logger: recordingLogger([]), quiet: true, progress: () => silentProgress };
    const before = (await collectStats(ctx)).indexes.find((i) => i.kind === "skills");
    expect(before).toMatchObject({ generation: snapshotAt, logBacklog: 9, count: 40, deleted: 0 });

    const store = openSqliteGraphStore({ path: path.join(dataDir, STORE_FILE) });
    await store.trimVectorLog("skills", snapshotAt + 1);
    await store.close();
    const trimmed = (await collectStats(ctx)).indexes.find((i) => i.kind === "skills");
    expect(trimmed?.logBacklog).toBeUndefined();

    const log: Logged[] = [];
    services = await open(dataDir, log);
    try {
      await services.indexes();
      const opened = log.find((l) => l.fields.kind === "skills" && (l.fields.action === "replayed" || l.fields.action === "rebuilt"));
      expect(opened?.fields).toMatchObject({ action: "rebuilt", vectors: 45 });
      await expectIndexEqualsStore(services);
    } finally {
      await services.close();
    }
    const after = (await collectStats(ctx)).indexes.find((i) => i.kind === "skills");
    expect(after).toMatchObject({ count: 45, deletedShare: 0, logBacklog: 0 });
    expect(after?.generation).toBe(after?.storeGeneration);
  });

  it("starts the log of a store created before it at the store's current generation", async () => {
    const file = path.join(tmp("tg-log-migrate-"), "old.db");
    const db = new Database(file);
    migrate(db, file, loadMigrations().slice(0, 2));
    db.close();
    // Write through a v2 store: no log table yet, so only the generation moves.
    const v2 = new Database(file);
    v2.prepare("UPDATE meta SET value = '7' WHERE key = 'vector_generation:jobs'").run();
    v2.close();

    const store = openSqliteGraphStore({ path: file });
    try {
      expect(await store.vectorGeneration("jobs")).toBe(7);
      expect((await store.vectorChanges("jobs", 6)).complete).toBe(false);
      expect(await store.vectorChanges("jobs", 7)).toEqual({ complete: true, changes: [] });
      expect(await store.vectorChanges("freelancers", 0)).toEqual({ complete: true, changes: [] });
    } finally {
      await store.close();
    }
  });
});
