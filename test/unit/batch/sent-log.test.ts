import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openSentLog, type SentLog } from "../../../src/batch/sent-log.js";
import { shardOf } from "../../../src/batch/shard.js";

const file = (): string => path.join(mkdtempSync(path.join(os.tmpdir(), "tg-sentlog-")), "batch", "sent-log.db");
const WHOLE = { index: 0, count: 1 };

/** Records a complete run that sent `items` to each recipient. */
function run(log: SentLog, runId: string, sent: Record<string, string[]>, options: { complete?: boolean; keep?: number; shard?: { index: number; count: number }; mode?: "freelancers" | "jobs" } = {}): void {
  log.beginRun({ runId, mode: options.mode ?? "freelancers", shard: options.shard ?? WHOLE, startedAt: "2026-11-01T00:00:00.000Z" });
  log.record(runId, Object.entries(sent).flatMap(([r, items]) => items.map((i) => [r, i] as const)));
  if (options.complete !== false) log.completeRun(runId, "2026-11-01T01:00:00.000Z", options.keep ?? 20);
}

const sorted = (s: Set<string>): string[] => [...s].sort();

describe("sent-log", () => {
  it("returns what a recipient was sent in its last N completed runs", () => {
    const log = openSentLog(file());
    run(log, "r1", { f1: ["j1", "j2"], f2: ["j9"] });
    run(log, "r2", { f1: ["j3"] });
    run(log, "r3", { f1: ["j4"] });
    expect(sorted(log.dedupeLookup("freelancers", 2, "now")("f1"))).toEqual(["j3", "j4"]);
    expect(sorted(log.dedupeLookup("freelancers", 3, "now")("f1"))).toEqual(["j1", "j2", "j3", "j4"]);
    expect(sorted(log.dedupeLookup("freelancers", 3, "now")("f2"))).toEqual(["j9"]);
    expect(log.dedupeLookup("freelancers", 0, "now")("f1").size).toBe(0);
    expect(log.dedupeLookup("jobs", 3, "now")("f1").size).toBe(0);
    log.close();
  });

  it("ignores unfinished runs and the current run", () => {
    const log = openSentLog(file());
    run(log, "done", { f1: ["j1"] });
    run(log, "crashed", { f1: ["j2"] }, { complete: false });
    expect(sorted(log.dedupeLookup("freelancers", 5, "now")("f1"))).toEqual(["j1"]);
    expect(log.dedupeLookup("freelancers", 5, "done")("f1").size).toBe(0);
    log.close();
  });

  it("counts only runs whose shard covered the recipient", () => {
    const log = openSentLog(file());
    const mine = shardOf("f1", 2);
    run(log, "whole", { f1: ["j1"] });
    run(log, "mine", { f1: ["j2"] }, { shard: { index: mine, count: 2 } });
    // The other shard's run did not cover f1, so it is not one of f1's last runs.
    run(log, "other", {}, { shard: { index: 1 - mine, count: 2 } });
    expect(sorted(log.dedupeLookup("freelancers", 2, "now")("f1"))).toEqual(["j1", "j2"]);
    log.close();
  });

  it("forgets rows after a checkpoint's last recipient, and whole runs", () => {
    const log = openSentLog(file());
    run(log, "r", { a: ["1"], b: ["2"], c: ["3"] }, { complete: false });
    log.forgetAfter("r", "a");
    log.completeRun("r", "2026-11-01T02:00:00.000Z", 20);
    const lookup = log.dedupeLookup("freelancers", 1, "now");
    expect([lookup("a").size, lookup("b").size, lookup("c").size]).toEqual([1, 0, 0]);
    log.deleteRun("r");
    expect(log.dedupeLookup("freelancers", 1, "now")("a").size).toBe(0);
    log.close();
  });

  it("stays bounded: keeps the newest keepRuns runs per mode and shard", () => {
    const log = openSentLog(file());
    for (let i = 1; i <= 6; i++) run(log, `r${i}`, { f: [`j${i}`] }, { keep: 3 });
    run(log, "jobs-run", { job: ["f1"] }, { mode: "jobs", keep: 3 });
    expect(sorted(log.dedupeLookup("freelancers", 100, "now")("f"))).toEqual(["j4", "j5", "j6"]);
    expect(sorted(log.dedupeLookup("jobs", 100, "now")("job"))).toEqual(["f1"]);
    log.close();
  });

  it("read-only (dry runs): a missing file reads as empty and is not created; writes do nothing", () => {
    const missing = file();
    const ro = openSentLog(missing, { readOnly: true });
    expect(ro.dedupeLookup("freelancers", 3, "x")("f").size).toBe(0);
    ro.close();
    expect(existsSync(missing)).toBe(false);

    const f = file();
    const log = openSentLog(f);
    run(log, "r1", { f: ["j1"] });
    log.close();
    const dry = openSentLog(f, { readOnly: true });
    run(dry, "dry", { f: ["j2"] });
    expect(sorted(dry.dedupeLookup("freelancers", 5, "x")("f"))).toEqual(["j1"]);
    dry.close();
  });
});
