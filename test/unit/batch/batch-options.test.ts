import { describe, expect, it } from "vitest";
import { parseDuration, parseInstant, resolveOptions, runFingerprint, type BatchRequest } from "../../../src/batch/batch-options.js";

const request: BatchRequest = {
  mode: "freelancers",
  top: 10,
  profile: "batch",
  since: "30d",
  sinceMs: parseDuration("30d"),
  dedupeRuns: 3,
  minScore: 0,
  maxPerClient: 2,
  out: "/tmp/out.jsonl",
  format: "jsonl",
  shard: { index: 0, count: 1 },
  workers: 2,
  chunkSize: 200,
  resume: false,
  sentLog: "/tmp/sent-log.db",
  keepRuns: 20,
  dryRun: false,
};

describe("batch options", () => {
  it("parses durations in minutes, hours, days and weeks", () => {
    expect(parseDuration("45m")).toBe(45 * 60_000);
    expect(parseDuration("12h")).toBe(12 * 3_600_000);
    expect(parseDuration("7d")).toBe(7 * 86_400_000);
    expect(parseDuration("2w")).toBe(14 * 86_400_000);
    expect(parseDuration("1.5d")).toBe(1.5 * 86_400_000);
    for (const bad of ["7", "0d", "-1d", "7y", "d", ""]) expect(() => parseDuration(bad), bad).toThrow(/--since must be a positive duration/);
  });

  it("parses instants with a time zone into canonical ISO form", () => {
    expect(parseInstant("--now", "2026-11-01T00:00:00Z")).toBe("2026-11-01T00:00:00.000Z");
    expect(parseInstant("--now", "2026-11-01T02:00:00+02:00")).toBe("2026-11-01T00:00:00.000Z");
    for (const bad of ["2026-11-01", "yesterday", "2026-11-01T00:00:00"]) expect(() => parseInstant("--now", bad), bad).toThrow(/--now must be an ISO-8601/);
  });

  it("derives the posting cut-off from the reference time", () => {
    const o = resolveOptions(request, "2026-11-01T00:00:00.000Z");
    expect(o.postedSince).toBe("2026-10-02T00:00:00.000Z");
  });

  it("validates rule ranges", () => {
    expect(() => resolveOptions({ ...request, top: 0 }, "2026-11-01T00:00:00.000Z")).toThrow(/--top must be an integer from 1 to 100/);
    expect(() => resolveOptions({ ...request, top: 101 }, "2026-11-01T00:00:00.000Z")).toThrow(/--top/);
    expect(() => resolveOptions({ ...request, mmrLambda: 1.5 }, "2026-11-01T00:00:00.000Z")).toThrow(/--mmr must be a λ between 0 and 1/);
    expect(() => resolveOptions({ ...request, maxPerClient: 0 }, "2026-11-01T00:00:00.000Z")).toThrow(/--max-per-client/);
  });

  it("fingerprints what changes the output, not how the work is spread", () => {
    const now = "2026-11-01T00:00:00.000Z";
    const base = runFingerprint(resolveOptions(request, now));
    expect(runFingerprint(resolveOptions({ ...request, workers: 7, chunkSize: 13, resume: true }, now))).toBe(base);
    expect(runFingerprint(resolveOptions({ ...request, top: 5 }, now))).not.toBe(base);
    expect(runFingerprint(resolveOptions({ ...request, minScore: 0.2 }, now))).not.toBe(base);
    expect(runFingerprint(resolveOptions({ ...request, shard: { index: 1, count: 2 } }, now))).not.toBe(base);
    expect(runFingerprint(resolveOptions(request, "2026-11-02T00:00:00.000Z"))).not.toBe(base);
    // A dry run records nothing, so it cannot continue a recording run (or the reverse).
    expect(runFingerprint(resolveOptions({ ...request, dryRun: true }, now))).not.toBe(base);
  });
});
