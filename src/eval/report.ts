/**
 * Evaluation report: the shapes the runner fills, per-run summaries, paired comparisons against a
 * task's baseline profile, the markdown renderer and the regression check against a stored baseline.
 * Pure functions over plain data, so a report read back from JSON renders the same.
 */
import { InvalidInputError } from "../core/errors.js";
import { pairedBootstrapCi, pairedRandomizationTest, winsLosses, type ResamplingOptions } from "./significance.js";

/** One query's metric values. */
export interface QueryResult {
  qid: string;
  metrics: Record<string, number>;
}

/** One rank profile evaluated on one task. */
export interface ProfileRun {
  /** Rank profile name, e.g. "hybrid". */
  profile: string;
  /** Reranker model name when the profile uses one. */
  reranker?: string;
  queries: number;
  /** Means over queries. */
  metrics: Record<string, number>;
  /** Same qid order for every run of a task. */
  perQuery: QueryResult[];
  /** Per-query latency in milliseconds. */
  latencyMs: { p50: number; p95: number; mean: number };
}

/** One profile against the task's baseline on one metric. `delta` = value − baselineValue. */
export interface Comparison {
  profile: string;
  metric: string;
  baselineValue: number;
  value: number;
  delta: number;
  /** Two-sided paired randomization test. */
  p: number;
  /** 95% paired bootstrap interval of the delta. */
  ciLo: number;
  ciHi: number;
  /** Queries where the profile beat / lost to / tied the baseline. */
  wins: number;
  losses: number;
  ties: number;
}

/** All runs of one evaluation task. */
export interface TaskReport {
  task: string;
  description: string;
  operation: string;
  split?: string;
  queries: number;
  /** e.g. queries with no relevant items. */
  skippedQueries?: number;
  metrics: string[];
  mainMetric: string;
  /** Profile name of the baseline run. */
  baseline: string;
  runs: ProfileRun[];
  comparisons: Comparison[];
  notes?: string[];
}

/** A whole evaluation. */
export interface EvalReport {
  /** ISO timestamp. */
  generatedAt: string;
  environment: Record<string, string>;
  tasks: TaskReport[];
}

/** Stored reference values for the regression check: task → profile → metric → value. */
export interface Baseline {
  /** Absolute drop allowed before a metric counts as regressed (same units as the metric). */
  tolerance: number;
  tasks: Record<string, Record<string, Record<string, number>>>;
}

/** A metric below its allowed minimum. `value` is NaN when the report lacks the task, profile or metric. */
export interface Regression {
  task: string;
  profile: string;
  metric: string;
  baseline: number;
  value: number;
  allowedMin: number;
}

/**
 * Nearest-rank percentile: the smallest value with at least q% of the values ≤ it, i.e. sorted
 * value number ceil(q/100 × n) (1-based). Always one of the measured values.
 */
function nearestRank(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil((q / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Summarises one profile's per-query results: the mean of each metric over queries, and latency
 * p50 / p95 (nearest-rank percentiles) and mean in milliseconds.
 *
 * @throws INVALID_INPUT when there are no queries or no latencies, or when queries disagree on
 *   which metrics they carry (a mean over a subset would silently compare different query sets).
 */
export function summariseRun(
  profile: string,
  perQuery: readonly QueryResult[],
  latenciesMs: readonly number[],
  reranker?: string,
): ProfileRun {
  const first = perQuery[0];
  if (first === undefined) throw new InvalidInputError(`summariseRun: profile "${profile}" has no query results; evaluate at least one query`);
  if (latenciesMs.length === 0) throw new InvalidInputError(`summariseRun: profile "${profile}" has no latencies; record one per query`);
  const names = Object.keys(first.metrics);
  const sums = new Map(names.map((m) => [m, 0]));
  for (const q of perQuery) {
    const keys = Object.keys(q.metrics);
    if (keys.length !== names.length || keys.some((m) => !sums.has(m))) {
      throw new InvalidInputError(
        `summariseRun: query "${q.qid}" of profile "${profile}" has metrics [${keys.join(", ")}], expected [${names.join(", ")}]`,
      );
    }
    for (const m of names) sums.set(m, sums.get(m)! + q.metrics[m]!);
  }
  const metrics: Record<string, number> = {};
  for (const m of names) metrics[m] = sums.get(m)! / perQuery.length;
  const sorted = latenciesMs.slice().sort((x, y) => x - y);
  const run: ProfileRun = {
    profile,
    queries: perQuery.length,
    metrics,
    perQuery: perQuery.slice(),
    latencyMs: { p50: nearestRank(sorted, 50), p95: nearestRank(sorted, 95), mean: mean(sorted) },
  };
  if (reranker !== undefined) run.reranker = reranker;
  return run;
}

function metricColumn(run: ProfileRun, byQid: ReadonlyMap<string, QueryResult>, order: readonly string[], metric: string): number[] {
  return order.map((qid) => {
    const v = byQid.get(qid)?.metrics[metric];
    if (v === undefined) throw new InvalidInputError(`compareRuns: query "${qid}" of profile "${run.profile}" has no "${metric}"`);
    return v;
  });
}

function indexByQid(run: ProfileRun): Map<string, QueryResult> {
  const byQid = new Map<string, QueryResult>();
  for (const q of run.perQuery) {
    if (byQid.has(q.qid)) throw new InvalidInputError(`compareRuns: profile "${run.profile}" has query "${q.qid}" twice`);
    byQid.set(q.qid, q);
  }
  return byQid;
}

/**
 * Compares `other` with `baseline` on each metric, pairing queries by qid: means of both, delta
 * (other − baseline), two-sided paired randomization test p, 95% paired bootstrap CI of the delta,
 * and per-query wins / losses / ties. `rounds` and `seed` go to both resampling tests.
 *
 * @throws INVALID_INPUT when the two runs' qid sets differ, a qid repeats, or a query lacks a metric.
 */
export function compareRuns(
  baseline: ProfileRun,
  other: ProfileRun,
  metrics: readonly string[],
  opts?: ResamplingOptions,
): Comparison[] {
  const baseByQid = indexByQid(baseline);
  const otherByQid = indexByQid(other);
  const missing = [...baseByQid.keys()].filter((qid) => !otherByQid.has(qid));
  const extra = [...otherByQid.keys()].filter((qid) => !baseByQid.has(qid));
  if (missing.length > 0 || extra.length > 0) {
    throw new InvalidInputError(
      `compareRuns: profiles "${baseline.profile}" and "${other.profile}" were run on different queries ` +
        `(${missing.length} only in the baseline, e.g. ${JSON.stringify(missing.slice(0, 3))}; ` +
        `${extra.length} only in "${other.profile}", e.g. ${JSON.stringify(extra.slice(0, 3))}); evaluate both on the same query set`,
    );
  }
  if (baseByQid.size === 0) throw new InvalidInputError(`compareRuns: no queries to compare`);
  const order = [...baseByQid.keys()];
  return metrics.map((metric) => {
    const a = metricColumn(baseline, baseByQid, order, metric);
    const b = metricColumn(other, otherByQid, order, metric);
    const { meanDiff, p } = pairedRandomizationTest(a, b, opts);
    const { lo, hi } = pairedBootstrapCi(a, b, opts);
    const baselineValue = mean(a);
    const value = mean(b);
    return {
      profile: other.profile,
      metric,
      baselineValue,
      value,
      delta: meanDiff,
      p,
      ciLo: lo,
      ciHi: hi,
      ...winsLosses(a, b),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Markdown

const DECIMALS = 3;

function isNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/** Fixed 3 decimals; non-finite (or null, as NaN comes back from JSON) renders as "n/a". */
function fmt(x: number | null | undefined): string {
  return isNumber(x) ? x.toFixed(DECIMALS) : "n/a";
}

function fmtSigned(x: number | null | undefined): string {
  if (!isNumber(x)) return "n/a";
  const s = x.toFixed(DECIMALS);
  // "-0.000" would claim a drop that rounds to nothing.
  if (Number(s) === 0) return `+${(0).toFixed(DECIMALS)}`;
  return x > 0 ? `+${s}` : s;
}

function fmtMs(x: number | null | undefined): string {
  return isNumber(x) ? x.toFixed(1) : "n/a";
}

function stars(p: number): string {
  return p < 0.01 ? "**" : p < 0.05 ? "*" : "";
}

/** Keeps user text from breaking a table row or line structure. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function runLabel(run: ProfileRun, baseline: string): string {
  const reranker = run.reranker === undefined ? "" : ` + ${run.reranker}`;
  const mark = run.profile === baseline ? " (baseline)" : "";
  return `${cell(run.profile)}${cell(reranker)}${mark}`;
}

function findComparison(task: TaskReport, profile: string, metric: string): Comparison | undefined {
  return task.comparisons.find((c) => c.profile === profile && c.metric === metric);
}

function renderTask(task: TaskReport): string[] {
  const lines: string[] = [`## ${cell(task.task)}`, ""];
  if (task.description.trim() !== "") lines.push(cell(task.description), "");

  const facts = [`Operation: \`${cell(task.operation)}\``];
  if (task.split !== undefined) facts.push(`split: \`${cell(task.split)}\``);
  const skipped = task.skippedQueries === undefined || task.skippedQueries === 0 ? "" : ` (${task.skippedQueries} skipped)`;
  facts.push(`queries: ${task.queries}${skipped}`);
  facts.push(`main metric: ${cell(task.mainMetric)}`);
  lines.push(facts.join(" · "), "");

  if (task.runs.length === 0) {
    lines.push("_No runs._", "");
  } else {
    // Bold every value that ties for the best once rounded: what the reader sees decides "best".
    const best = new Map<string, string>();
    for (const m of task.metrics) {
      const shown = task.runs.map((r) => r.metrics[m]).filter(isNumber);
      if (shown.length > 0) best.set(m, fmt(Math.max(...shown)));
    }
    lines.push(`| Profile | ${task.metrics.map(cell).join(" | ")} | p50 ms | p95 ms |`);
    lines.push(`|---|${task.metrics.map(() => "---:|").join("")}---:|---:|`);
    for (const run of task.runs) {
      const cells = task.metrics.map((m) => {
        const value = run.metrics[m];
        let text = fmt(value);
        if (isNumber(value) && best.get(m) === text) text = `**${text}**`;
        const c = run.profile === task.baseline ? undefined : findComparison(task, run.profile, m);
        if (c !== undefined && isNumber(c.delta)) text += ` (${fmtSigned(c.delta)}${isNumber(c.p) ? stars(c.p) : ""})`;
        return text;
      });
      lines.push(`| ${runLabel(run, task.baseline)} | ${cells.join(" | ")} | ${fmtMs(run.latencyMs.p50)} | ${fmtMs(run.latencyMs.p95)} |`);
    }
    lines.push("");
  }

  const mainComparisons = task.runs
    .filter((r) => r.profile !== task.baseline)
    .map((r) => findComparison(task, r.profile, task.mainMetric))
    .filter((c): c is Comparison => c !== undefined);
  if (mainComparisons.length > 0) {
    lines.push(`Wins / losses / ties on ${cell(task.mainMetric)} against ${cell(task.baseline)}, per query:`, "");
    for (const c of mainComparisons) {
      lines.push(
        `- ${cell(c.profile)}: ${c.wins} / ${c.losses} / ${c.ties}; Δ ${fmtSigned(c.delta)}, ` +
          `95% CI [${fmtSigned(c.ciLo)}, ${fmtSigned(c.ciHi)}], p = ${fmt(c.p)}`,
      );
    }
    lines.push("");
  }

  if (task.notes !== undefined && task.notes.length > 0) {
    lines.push("Notes:", "");
    for (const note of task.notes) lines.push(`- ${cell(note)}`);
    lines.push("");
  }
  return lines;
}

const LEGEND = [
  "Cells show the mean over queries (3 decimals). On non-baseline rows, the value in brackets is the",
  "difference from the task's baseline profile: `*` p < 0.05, `**` p < 0.01 (two-sided paired",
  "randomization test over queries). **Bold**: the best value in the column. Latency columns are",
  "per-query p50 / p95 in milliseconds. Wins / losses / ties count queries where a profile beat,",
  "lost to or tied the baseline on the task's main metric.",
];

/**
 * Renders the report as markdown: a legend, the environment, then per task a heading, the
 * description, a line with operation / split / number of queries, a table (rows = profiles, the
 * baseline marked; columns = metrics, then latency p50 / p95), wins / losses on the main metric and
 * the notes. Values that are missing or not finite (e.g. NaN read back from JSON as null) show as "n/a".
 */
export function renderMarkdown(report: EvalReport): string {
  const lines: string[] = ["# Evaluation report", "", ...LEGEND, ""];
  lines.push(`Generated ${cell(report.generatedAt)}.`, "");
  const env = Object.entries(report.environment);
  if (env.length > 0) {
    for (const [key, value] of env) lines.push(`- ${cell(key)}: ${cell(value)}`);
    lines.push("");
  }
  for (const task of report.tasks) lines.push(...renderTask(task));
  return `${lines.join("\n").trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------
// Regression check

/**
 * Records every metric of every run in `report` as the reference for {@link checkRegression}, with
 * an absolute `tolerance` (≥ 0). Only the task's declared metrics with finite values are kept. Runs
 * are keyed by profile name, so a task should not hold two runs of the same profile.
 *
 * @throws INVALID_INPUT when tolerance is negative or not finite.
 */
export function baselineFromReport(report: EvalReport, tolerance: number): Baseline {
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new InvalidInputError(`baselineFromReport: tolerance is ${tolerance}; use a finite value ≥ 0, e.g. 0.01`);
  }
  const tasks: Baseline["tasks"] = {};
  for (const task of report.tasks) {
    const profiles: Record<string, Record<string, number>> = {};
    for (const run of task.runs) {
      const metrics: Record<string, number> = {};
      for (const m of task.metrics) {
        const v = run.metrics[m];
        if (isNumber(v)) metrics[m] = v;
      }
      profiles[run.profile] = metrics;
    }
    tasks[task.task] = profiles;
  }
  return { tolerance, tasks };
}

/**
 * Lists every baseline metric whose value in `report` is below baseline − tolerance (strictly). A
 * task, profile or metric present in the baseline but missing from the report (or not a finite
 * number there) counts as a regression with `value` NaN: a silently dropped profile must not pass.
 * Entries in the report but not in the baseline are ignored. Order follows the baseline.
 */
export function checkRegression(report: EvalReport, baseline: Baseline): Regression[] {
  const out: Regression[] = [];
  for (const [taskName, profiles] of Object.entries(baseline.tasks)) {
    const task = report.tasks.find((t) => t.task === taskName);
    for (const [profile, metrics] of Object.entries(profiles)) {
      const run = task?.runs.find((r) => r.profile === profile);
      for (const [metric, reference] of Object.entries(metrics)) {
        const allowedMin = reference - baseline.tolerance;
        const found = run?.metrics[metric];
        const value = isNumber(found) ? found : NaN;
        if (Number.isNaN(value) || value < allowedMin) {
          out.push({ task: taskName, profile, metric, baseline: reference, value, allowedMin });
        }
      }
    }
  }
  return out;
}
