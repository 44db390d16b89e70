/**
 * What earlier batch runs sent to whom, so a run can leave out items a recipient saw in its last
 * N runs. A small SQLite file of its own (default `<dataDir>/batch/sent-log.db`), so the batch
 * never writes the main store.
 *
 * Runs: one row per run (uuid, mode, shard, start/complete time). Only completed runs count for
 * dedupe, so a run that crashed and was never resumed is as if it never happened.
 * Sent: (recipient, run, item). The recipient key is the freelancer id (freelancers mode) or the job
 * id (jobs mode: what a client was sent for that job).
 *
 * "Last N runs" of a recipient are the N newest completed runs of the same mode whose shard covers
 * the recipient, so shards that run separately on one data dir each keep their own history.
 *
 * Bounded: when a run completes, runs of the same mode and shard beyond the newest `keepRuns` are
 * deleted with their rows, so the file holds at most keepRuns × recipients × top rows per mode and
 * shard layout.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { BackendUnavailableError, errorMessage } from "../core/errors.js";
import type { BatchMode } from "./batch-options.js";
import { shardOf, type Shard } from "./shard.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id       TEXT NOT NULL UNIQUE,
  mode         TEXT NOT NULL,
  shard_index  INTEGER NOT NULL,
  shard_count  INTEGER NOT NULL,
  started_at   TEXT NOT NULL,
  completed_at TEXT
);
CREATE TABLE IF NOT EXISTS sent (
  recipient_id TEXT NOT NULL,
  run_seq      INTEGER NOT NULL,
  item_id      TEXT NOT NULL,
  PRIMARY KEY (recipient_id, run_seq, item_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sent_by_run ON sent (run_seq, recipient_id);
`;

interface RunRow {
  seq: number;
  shardIndex: number;
  shardCount: number;
}

export interface SentLog {
  readonly file: string;
  /** Registers a run (idempotent for the same id). */
  beginRun(run: { runId: string; mode: BatchMode; shard: Shard; startedAt: string }): void;
  /**
   * A lookup of what each recipient was sent in its last `n` completed runs of `mode` (the current
   * run excluded), over the runs completed when this was called.
   */
  dedupeLookup(mode: BatchMode, n: number, currentRunId: string): (recipientId: string) => Set<string>;
  /** Records sent items of a run (one transaction; repeats are ignored). */
  record(runId: string, rows: ReadonlyArray<readonly [recipientId: string, itemId: string]>): void;
  /** Deletes the run's rows for recipients after `lastRecipientId` (all rows when null): undoing an unfinished chunk. */
  forgetAfter(runId: string, lastRecipientId: string | null): void;
  /** Marks a run complete, then deletes runs of the same mode and shard beyond the newest `keepRuns`. Returns the runs deleted. */
  completeRun(runId: string, completedAt: string, keepRuns: number): number;
  /** Deletes a run and its rows (an abandoned run replaced by a fresh one). */
  deleteRun(runId: string): void;
  close(): void;
}

/**
 * Opens (creating) the sent-log. `readOnly` (dry runs) opens an existing file for dedupe only: its
 * writing methods do nothing, and a missing file reads as empty.
 */
export function openSentLog(file: string, options: { readOnly?: boolean } = {}): SentLog {
  if (options.readOnly && !existsSync(file)) return emptySentLog(file);
  let db: Database.Database;
  try {
    if (options.readOnly) {
      db = new Database(file, { readonly: true, fileMustExist: true });
    } else {
      mkdirSync(path.dirname(file), { recursive: true });
      db = new Database(file);
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.exec(SCHEMA);
    }
    // Several shards may share one data dir and write at the same time.
    db.pragma("busy_timeout = 10000");
  } catch (error) {
    throw new BackendUnavailableError(`SentLog.open: cannot open ${file} (${errorMessage(error)}); check the path and permissions, or pass --sent-log`, { cause: error });
  }

  const writable = options.readOnly !== true;
  const seqOf = (runId: string): number | undefined => (db.prepare("SELECT seq FROM runs WHERE run_id = ?").pluck().get(runId) as number | undefined) ?? undefined;
  const insertSent = !writable ? undefined : db.prepare("INSERT OR IGNORE INTO sent (recipient_id, run_seq, item_id) VALUES (?, ?, ?)");
  const sentFor = db.prepare("SELECT run_seq AS seq, item_id AS item FROM sent WHERE recipient_id = ?");
  const deleteRunSeq = (seq: number): void => {
    db.prepare("DELETE FROM sent WHERE run_seq = ?").run(seq);
    db.prepare("DELETE FROM runs WHERE seq = ?").run(seq);
  };

  return {
    file,
    beginRun({ runId, mode, shard, startedAt }) {
      if (!writable) return;
      db.prepare("INSERT OR IGNORE INTO runs (run_id, mode, shard_index, shard_count, started_at) VALUES (?, ?, ?, ?, ?)").run(runId, mode, shard.index, shard.count, startedAt);
    },
    dedupeLookup(mode, n, currentRunId) {
      if (n <= 0) return () => new Set();
      const runs = db
        .prepare(
          "SELECT seq, shard_index AS shardIndex, shard_count AS shardCount FROM runs WHERE mode = ? AND completed_at IS NOT NULL AND run_id <> ? ORDER BY seq DESC",
        )
        .all(mode, currentRunId) as RunRow[];
      if (runs.length === 0) return () => new Set();
      return (recipientId) => {
        const covering = new Set<number>();
        for (const r of runs) {
          if (covering.size >= n) break;
          if (r.shardCount <= 1 || shardOf(recipientId, r.shardCount) === r.shardIndex) covering.add(r.seq);
        }
        const out = new Set<string>();
        for (const row of sentFor.all(recipientId) as Array<{ seq: number; item: string }>) if (covering.has(row.seq)) out.add(row.item);
        return out;
      };
    },
    record(runId, rows) {
      if (insertSent === undefined || rows.length === 0) return;
      const seq = seqOf(runId);
      if (seq === undefined) throw new BackendUnavailableError(`SentLog.record: run ${runId} is not registered in ${file}`);
      db.transaction(() => {
        for (const [recipient, item] of rows) insertSent.run(recipient, seq, item);
      })();
    },
    forgetAfter(runId, lastRecipientId) {
      if (!writable) return;
      const seq = seqOf(runId);
      if (seq === undefined) return;
      if (lastRecipientId === null) db.prepare("DELETE FROM sent WHERE run_seq = ?").run(seq);
      else db.prepare("DELETE FROM sent WHERE run_seq = ? AND recipient_id > ?").run(seq, lastRecipientId);
    },
    completeRun(runId, completedAt, keepRuns) {
      if (!writable) return 0;
      return db.transaction(() => {
        db.prepare("UPDATE runs SET completed_at = ? WHERE run_id = ?").run(completedAt, runId);
        const run = db.prepare("SELECT mode, shard_index AS shardIndex, shard_count AS shardCount FROM runs WHERE run_id = ?").get(runId) as
          | { mode: string; shardIndex: number; shardCount: number }
          | undefined;
        if (run === undefined) return 0;
        const old = db
          .prepare("SELECT seq FROM runs WHERE mode = ? AND shard_index = ? AND shard_count = ? ORDER BY seq DESC LIMIT -1 OFFSET ?")
          .pluck()
          .all(run.mode, run.shardIndex, run.shardCount, Math.max(1, keepRuns)) as number[];
        for (const seq of old) deleteRunSeq(seq);
        return old.length;
      })();
    },
    deleteRun(runId) {
      if (!writable) return;
      const seq = seqOf(runId);
      if (seq !== undefined) db.transaction(() => deleteRunSeq(seq))();
    },
    close() {
      db.close();
    },
  };
}

function emptySentLog(file: string): SentLog {
  return {
    file,
    beginRun() {},
    dedupeLookup: () => () => new Set(),
    record() {},
    forgetAfter() {},
    completeRun: () => 0,
    deleteRun() {},
    close() {},
  };
}
