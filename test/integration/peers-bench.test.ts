/**
 * The peers benchmark (bench/peers) at ~2,000 documents with the tiny model, so that it cannot rot:
 * every system is measured in its own child process and the report has finite numbers for each,
 * exact search recalls itself perfectly, and the renderers name every system. A system stopped at
 * the time limit is reported as timed out, never dropped; a latency budget cuts the queries, and
 * says so.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../src/core/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { silentProgress } from "../../src/core/progress.js";
import { demoWorkspace, type DemoRecipe } from "../../src/eval/workspace.js";
import { SYSTEMS } from "../../bench/peers/job.js";
import { MIN_BUDGET_QUERIES, measureLatency } from "../../bench/peers/latency.js";
import { renderChartSvg, renderMarkdown } from "../../bench/peers/report.js";
import { runPeersBench, type PeersReport } from "../../bench/peers/run.js";

const RECIPE: DemoRecipe = { freelancers: 2000, jobs: 300, seed: 42 };

describe("bench:peers at small scale", () => {
  const work = mkdtempSync(path.join(os.tmpdir(), "tg-peers-"));
  let report: PeersReport;

  beforeAll(async () => {
    const config = loadConfig({
      env: {},
      overrides: { dataDir: path.join(work, "unused"), model: inject("tinyModelDir"), logLevel: "silent", sharedDataDir: path.join(work, "no-shared-data") },
    });
    const ws = await demoWorkspace({ config, logger: silentLogger, progress: () => silentProgress }, path.join(work, "eval"), RECIPE);
    report = await runPeersBench({
      config,
      scale: { dataDir: ws.config.dataDir, inputDir: ws.inputDir, buildSeconds: null },
      evalWorkDir: path.join(work, "eval"),
      demoRecipe: RECIPE,
      esco: false,
      queries: 40,
      reps: 2,
      warmup: 5,
      workDir: path.join(work, "peers"),
      logger: silentLogger,
    });
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("measures every system without errors, with finite build, memory and latency figures", () => {
    expect(report.systems.map((s) => s.system).sort()).toEqual([...SYSTEMS].sort());
    expect(report.data.scaleDocs).toBe(RECIPE.freelancers);
    for (const s of report.systems) {
      expect(s.errors, s.system).toEqual([]);
      expect(s.pending, s.system).toEqual([]);
      expect(s.timedOutAfterSeconds, s.system).toBeUndefined();
      expect(Number.isFinite(s.build.seconds), s.system).toBe(true);
      expect(s.memory.peakRssMiB, s.system).toBeGreaterThanOrEqual(s.memory.baselineRssMiB);
      expect(Object.keys(s.latency).length, s.system).toBeGreaterThan(0);
      for (const [mode, l] of Object.entries(s.latency)) {
        expect([l.n, l.offered], `${s.system} ${mode}`).toEqual([40, 40]);
        for (const p of [l.p50, l.p95, l.p99]) {
          expect(Number.isFinite(p.median) && p.min <= p.median && p.median <= p.max, `${s.system} ${mode}`).toBe(true);
        }
      }
    }
  });

  it("exact search has recall 1.0 and every other vector search a recall in [0, 1]", () => {
    for (const s of report.systems) {
      expect(s.recallAt10, s.system).not.toBeNull();
      expect(s.recallAt10, s.system).toBeGreaterThanOrEqual(0);
      expect(s.recallAt10, s.system).toBeLessThanOrEqual(1);
    }
    expect(report.systems.find((s) => s.system === "exact")?.recallAt10).toBe(1);
  });

  it("scores every system on the demo search task with finite metrics", () => {
    expect(report.tasks.map((t) => t.task)).toEqual(["demo-search-freelancers"]);
    const task = report.tasks[0]!;
    expect(task.queries).toBeGreaterThan(0);
    for (const s of report.systems) {
      const q = s.quality.find((x) => x.task === task.task);
      expect(q?.queries, s.system).toBe(task.queries);
      const runs = Object.values(q?.runs ?? {});
      expect(runs.length, s.system).toBeGreaterThan(0);
      for (const m of runs) for (const name of task.metrics) expect(m[name]! >= 0 && m[name]! <= 1, `${s.system} ${name}`).toBe(true);
    }
    // Exact search and talentgraph's vector profile rank the same stored vectors the same way.
    const exact = report.systems.find((s) => s.system === "exact")?.quality[0]?.runs.vector;
    const tgVector = report.systems.find((s) => s.system === "talentgraph")?.quality[0]?.runs.vector;
    expect(tgVector?.["recall@100"]).toBeCloseTo(exact?.["recall@100"] ?? NaN, 2);
  });

  it("renders a report and a chart naming every system", () => {
    const md = renderMarkdown(report);
    const svg = renderChartSvg(report);
    for (const s of SYSTEMS) {
      expect(md).toContain(`| ${s} ·`);
      expect(svg).toContain(`${s} ·`);
    }
    expect(svg.startsWith("<svg")).toBe(true);
    expect(md).not.toMatch(/NaN/);
    // Both of the targets are judged, met or not, from this run's figures.
    expect(md).toMatch(/- talentgraph hybrid at least as good as every peer on every quality metric: \*\*(met|not met)\*\*/);
    expect(md).toMatch(/- talentgraph vector p50 ≤ 0\.5 × LanceDB's and Orama's vector p50: \*\*(met|not met)\*\*/);
  });
});

describe("bench:peers limits", () => {
  it("reports a system stopped at the time limit as timed out, with its error, instead of dropping it", async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), "tg-peers-limit-"));
    try {
      const config = loadConfig({
        env: {},
        overrides: { dataDir: path.join(work, "unused"), model: inject("tinyModelDir"), logLevel: "silent", sharedDataDir: path.join(work, "no-shared-data") },
      });
      const recipe: DemoRecipe = { freelancers: 300, jobs: 60, seed: 7 };
      const ws = await demoWorkspace({ config, logger: silentLogger, progress: () => silentProgress }, path.join(work, "eval"), recipe);
      const report = await runPeersBench({
        config,
        scale: { dataDir: ws.config.dataDir, inputDir: ws.inputDir, buildSeconds: null },
        evalWorkDir: path.join(work, "eval"),
        demoRecipe: recipe,
        esco: false,
        queries: 10,
        reps: 1,
        systems: ["exact"],
        // No child process can start Node and tsx this fast, so the limit always strikes.
        timeLimitSeconds: 0.05,
        workDir: path.join(work, "peers"),
        logger: silentLogger,
      });
      const exact = report.systems.find((s) => s.system === "exact");
      expect(exact?.timedOutAfterSeconds).toBe(0.05);
      expect(exact?.errors.join(" ")).toMatch(/exact timed out after 0\.05 s/);
      const md = renderMarkdown(report);
      expect(md).toContain("timed out after 0.05 s");
      expect(md).not.toMatch(/NaN/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);

  it("cuts each repetition to the first n queries when the warm-up says the budget would be exceeded, and reports n", async () => {
    const seen = new Set<number>();
    const figures = await measureLatency(
      Array.from({ length: 200 }, (_, i) => `q${i}`),
      // 2 ms a query against a 1 ms budget: far over, so the floor applies.
      { reps: 2, warmup: 4, budgetSeconds: 0.001 },
      async (_q, record, i) => {
        if (record) seen.add(i);
        await new Promise((resolve) => setTimeout(resolve, 2));
      },
    );
    expect(figures.n).toBe(MIN_BUDGET_QUERIES);
    expect(figures.offered).toBe(200);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: MIN_BUDGET_QUERIES }, (_, i) => i));
  });
});
