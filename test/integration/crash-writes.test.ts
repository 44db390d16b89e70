/**
 * Durability of live writes: a child process applies a stream of writes through the write API's
 * path and is SIGKILLed at a random moment, 20 times. After each kill the stores are reopened (the
 * HNSW indexes replay the vector log or rebuild from the store) and every acknowledged write must be
 * present in every store, with the stores agreeing with each other:
 * - an acknowledged upsert (not deleted later) is in the SQLite store, in the freelancer HNSW index
 *   and found by its unique keyword;
 * - an acknowledged delete is in none of them;
 * - an acknowledged interaction is stored;
 * - the HNSW index holds exactly the store's vectors.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig, PACKAGE_ROOT, type Config } from "../../src/core/config.js";
import { createRng } from "../../src/core/rng.js";
import { generateDemo } from "../../src/ingest/demo/generate-demo.js";
import { ingestDirectory } from "../../src/ingest/run-ingest.js";
import { silentLogger } from "../../src/core/logger.js";
import { silentProgress } from "../../src/core/progress.js";
import { openServices } from "../../src/services.js";
import { crashOp, isDeletedLater } from "../helpers/crash-ops.js";

const ROUNDS = 20;
// Far more writes than a child can apply before its kill (150–1,050 ms after READY), so every kill
// lands mid-stream however fast the machine is.
const PER_ROUND = 5000;
const work = mkdtempSync(path.join(os.tmpdir(), "tg-crash-writes-"));
const dataDir = path.join(work, "data");
let config: Config;

beforeAll(async () => {
  config = loadConfig({ overrides: { dataDir, model: inject("tinyModelDir"), embedWorker: false, logLevel: "silent" } });
  await generateDemo({ outDir: path.join(work, "input"), freelancers: 200, jobs: 100, seed: 9 });
  const services = await openServices(config);
  try {
    await ingestDirectory(services, path.join(work, "input"), { logger: silentLogger, progress: () => silentProgress });
  } finally {
    await services.close();
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the writer child until killed after `killAfterMs` (from its READY); returns the acknowledged seqs. */
function runAndKill(first: number, killAfterMs: number): Promise<{ acked: number[]; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(PACKAGE_ROOT, "test", "helpers", "crash-writer.ts"), dataDir, config.model, String(first), String(PER_ROUND)], {
      cwd: PACKAGE_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const acked: number[] = [];
    let finished = false;
    let buffer = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line === "READY") setTimeout(() => child.kill("SIGKILL"), killAfterMs);
        else if (line === "DONE") finished = true;
        else if (line.startsWith("ACK ")) acked.push(Number(line.slice(4)));
      }
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL" && code !== 0) reject(new Error(`crash writer exited ${code}: ${stderr}`));
      else resolve({ acked, finished });
    });
  });
}

describe("live writes survive SIGKILL", () => {
  it(`keeps every acknowledged write in every store across ${ROUNDS} kills`, async () => {
    const rng = createRng(2026);
    const acked: number[] = [];
    let killedMidStream = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const run = await runAndKill(round * PER_ROUND, 150 + rng.int(0, 900));
      acked.push(...run.acked);
      if (!run.finished) killedMidStream++;
      // This round's writes every round; everything acknowledged so far in the last round (a later
      // crash must not lose an earlier write either).
      const toCheck = round === ROUNDS - 1 ? acked : run.acked;

      const services = await openServices(config);
      try {
        const index = (await services.indexes()).freelancers;
        const stats = await services.store.stats();
        expect(index.size(), `round ${round}: index and store vectors`).toBe(stats.vectors.freelancers);
        for (const seq of toCheck) {
          const op = crashOp(seq);
          if (op.kind === "upsert" && !isDeletedLater(seq)) {
            const [stored] = await services.store.getFreelancers([op.id]);
            expect(stored?.title, `round ${round}: upsert ${seq} in the store`).toContain(op.token);
            expect(index.has(op.id), `round ${round}: upsert ${seq} in the index`).toBe(true);
            const hits = await services.keyword.search("freelancers", op.token, 5);
            expect(hits.map((h) => h.id), `round ${round}: upsert ${seq} in the keyword index`).toContain(op.id);
          } else if (op.kind === "delete") {
            expect(await services.store.getFreelancers([op.id]), `round ${round}: delete ${seq}`).toEqual([]);
            expect(index.has(op.id), `round ${round}: delete ${seq} in the index`).toBe(false);
          } else if (op.kind === "interaction") {
            const rows = await services.store.interactions({ freelancerId: op.interaction.freelancerId, types: ["apply"] });
            expect(rows.some((r) => Date.parse(r.at) === Date.parse(op.interaction.at)), `round ${round}: interaction ${seq}`).toBe(true);
          }
        }
      } finally {
        await services.close();
      }
    }
    // The kills must land mid-stream for the test to mean anything.
    expect(killedMidStream).toBeGreaterThanOrEqual(ROUNDS / 2);
    expect(acked.length).toBeGreaterThan(ROUNDS * 5);
  }, 600_000);
});
