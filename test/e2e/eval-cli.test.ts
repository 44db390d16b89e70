/**
 * `talentgraph eval` and `talentgraph train-reranker` as a user runs them (a separate process, the
 * tiny model, a small demo marketplace): the report files, regression mode failing and passing,
 * and a model trained by the real XGBoost CLI evaluated through `--reranker`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/core/config.js";
import type { Baseline, EvalReport } from "../../src/eval/report.js";
import { FEATURE_NAMES } from "../../src/rerank/features.js";

const BIN = path.join(PACKAGE_ROOT, "bin", "talentgraph.js");
const work = mkdtempSync(path.join(os.tmpdir(), "tg-eval-cli-"));
const WORKSPACE = ["--work-dir", path.join(work, "ws"), "--demo-freelancers", "400", "--demo-jobs", "240"];
const SMALL = [...WORKSPACE, "--resamples", "300"];

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, TALENTGRAPH_DATA_DIR: path.join(work, "data"), TALENTGRAPH_MODEL: inject("tinyModelDir"), LOG_LEVEL: "warn" },
    encoding: "utf8",
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const hasXgboost = spawnSync("xgboost", ["--help"], { encoding: "utf8" }).error === undefined;
if (!hasXgboost) console.warn("train-reranker e2e skipped: the xgboost CLI is not installed (apt-get install -y xgboost; CI installs it)");

describe("talentgraph eval", () => {
  const out = path.join(work, "report");

  it("runs the demo tasks under the chosen profiles and writes markdown, JSON and an SVG chart", () => {
    const r = cli("eval", "--tasks", "demo", "--profiles", "hybrid-fused,vector,graph", "--out", out, ...SMALL);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8")) as EvalReport;
    expect(report.tasks.map((t) => t.task)).toEqual(["demo-recommend-freelancers", "demo-search-freelancers", "demo-recommend-jobs"]);
    for (const t of report.tasks) {
      expect(t.split).toBe("test");
      expect(t.runs.map((x) => x.profile)).toEqual(["hybrid-fused", "vector", "graph"]);
      expect(t.queries).toBeGreaterThan(5);
      for (const run of t.runs) {
        expect(run.perQuery).toHaveLength(t.queries);
        for (const v of Object.values(run.metrics)) expect(v).toBeGreaterThanOrEqual(0);
      }
      // Every non-baseline profile is compared on every metric.
      expect(t.comparisons).toHaveLength(2 * t.metrics.length);
    }
    const md = readFileSync(path.join(out, "report.md"), "utf8");
    expect(md).toMatch(/\| hybrid-fused \(baseline\)/);
    expect(r.stdout).toContain("demo-recommend-jobs");
    const svg = readFileSync(path.join(out, "chart.svg"), "utf8");
    expect(svg.startsWith("<svg") || svg.startsWith("<?xml")).toBe(true);
  });

  it("regression mode fails on a metric below baseline − tolerance and passes against its own baseline", () => {
    const baselineFile = path.join(work, "baseline.json");
    const write = cli("eval", "--tasks", "demo-recommend-freelancers", "--profiles", "hybrid-fused", "--out", out, "--write-baseline", baselineFile, "--tolerance", "0.01", ...SMALL);
    expect(write.code, write.stderr).toBe(0);
    const same = cli("eval", "--tasks", "demo-recommend-freelancers", "--profiles", "hybrid-fused", "--out", out, "--check", baselineFile, ...SMALL);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).toMatch(/no regression/);
    const baseline = JSON.parse(readFileSync(baselineFile, "utf8")) as Baseline;
    baseline.tasks["demo-recommend-freelancers"]!["hybrid-fused"]!["ndcg@10"] = 0.99;
    writeFileSync(baselineFile, JSON.stringify(baseline));
    const worse = cli("eval", "--tasks", "demo-recommend-freelancers", "--profiles", "hybrid-fused", "--out", out, "--check", baselineFile, ...SMALL);
    expect(worse.code).toBe(1);
    expect(worse.stderr).toMatch(/REGRESSION demo-recommend-freelancers · hybrid-fused · ndcg@10/);
  });

  it("refuses unknown tasks and profiles with a clear error", () => {
    const task = cli("eval", "--tasks", "demo,nope", ...SMALL);
    expect(task.code).toBe(1);
    expect(task.stderr).toMatch(/unknown task\(s\) nope/);
    const profile = cli("eval", "--tasks", "demo-recommend-jobs", "--profiles", "nope", ...SMALL);
    expect(profile.code).toBe(1);
    expect(profile.stderr).toMatch(/unknown profile\(s\) nope/);
  });

  it.skipIf(!hasXgboost)("trains a reranker with XGBoost and evaluates it on top of its base profile", () => {
    const model = path.join(work, "models", "reranker-e2e-v1.json");
    const r = cli("train-reranker", "--out", model, "--rounds", "30", ...WORKSPACE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/trained e2e-v1: \d+ train queries/);
    const meta = JSON.parse(readFileSync(model.replace(/\.json$/, ".meta.json"), "utf8")) as { features: string[]; targets: string[]; training: { validation?: Record<string, unknown> } };
    expect(meta.features).toEqual(FEATURE_NAMES);
    expect(meta.targets).toEqual(["freelancers"]);
    expect(Object.keys(meta.training.validation ?? {})).toContain("demo-recommend-freelancers/hybrid-fused-e2e-v1");
    const evalOut = path.join(work, "report-ltr");
    const e = cli("eval", "--tasks", "demo-recommend-freelancers", "--profiles", "hybrid-fused,hybrid-fused-e2e-v1", "--reranker", model, "--out", evalOut, ...SMALL);
    expect(e.code, e.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(evalOut, "report.json"), "utf8")) as EvalReport;
    expect(report.tasks[0]?.runs.map((x) => x.reranker ?? "none")).toEqual(["none", "e2e-v1"]);
    expect(existsSync(path.join(evalOut, "report.md"))).toBe(true);
  });
});
