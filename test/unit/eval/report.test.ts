import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../../src/core/errors.js";
import { renderBarChartSvg } from "../../../src/eval/chart.js";
import {
  baselineFromReport,
  checkRegression,
  compareRuns,
  renderMarkdown,
  summariseRun,
  type EvalReport,
  type ProfileRun,
  type QueryResult,
  type TaskReport,
} from "../../../src/eval/report.js";

const METRICS = ["ndcg@10", "mrr"];

/** Per-query results with ndcg@10 = values[i] and mrr = values[i] / 2. */
function results(values: number[], qidOrder?: number[]): QueryResult[] {
  const order = qidOrder ?? values.map((_, i) => i);
  return order.map((i) => ({ qid: `q${i}`, metrics: { "ndcg@10": values[i]!, mrr: values[i]! / 2 } }));
}

describe("summariseRun", () => {
  it("averages each metric over queries", () => {
    const run = summariseRun("hybrid", results([0.2, 0.4, 0.9]), [5]);
    expect(run.profile).toBe("hybrid");
    expect(run.queries).toBe(3);
    expect(run.metrics["ndcg@10"]).toBeCloseTo(0.5, 12);
    expect(run.metrics.mrr).toBeCloseTo(0.25, 12);
    expect(run.perQuery.map((q) => q.qid)).toEqual(["q0", "q1", "q2"]);
  });

  it("takes nearest-rank latency percentiles", () => {
    // 1..20 ms: p50 is the 10th value, p95 the 19th (ceil(0.95 × 20) = 19).
    const latencies = Array.from({ length: 20 }, (_, i) => 20 - i);
    const run = summariseRun("hybrid", results([1]), latencies);
    expect(run.latencyMs).toEqual({ p50: 10, p95: 19, mean: 10.5 });
    expect(summariseRun("hybrid", results([1]), [7]).latencyMs).toEqual({ p50: 7, p95: 7, mean: 7 });
    // 3 values: p50 = 2nd (ceil 1.5), p95 = 3rd (ceil 2.85).
    expect(summariseRun("hybrid", results([1]), [30, 10, 20]).latencyMs).toMatchObject({ p50: 20, p95: 30 });
  });

  it("sets reranker only when given", () => {
    expect("reranker" in summariseRun("hybrid", results([1]), [1])).toBe(false);
    expect(summariseRun("hybrid", results([1]), [1], "minilm").reranker).toBe("minilm");
  });

  it("rejects empty input and queries with different metrics", () => {
    expect(() => summariseRun("hybrid", [], [1])).toThrow(InvalidInputError);
    expect(() => summariseRun("hybrid", results([1]), [])).toThrow(/no latencies/);
    const uneven: QueryResult[] = [
      { qid: "q0", metrics: { mrr: 1, "ndcg@10": 1 } },
      { qid: "q1", metrics: { mrr: 1 } },
    ];
    expect(() => summariseRun("hybrid", uneven, [1])).toThrow(/query "q1"/);
  });
});

describe("compareRuns", () => {
  const base = summariseRun("keyword", results([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]), [1]);

  it("pairs queries by qid, whatever their order", () => {
    const values = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.8];
    const shuffled = summariseRun("hybrid", results(values, [7, 3, 0, 5, 1, 6, 2, 4]), [1]);
    const [ndcg, mrr] = compareRuns(base, shuffled, METRICS, { rounds: 2000 });
    expect(ndcg).toMatchObject({ profile: "hybrid", metric: "ndcg@10", wins: 7, losses: 0, ties: 1 });
    expect(ndcg!.baselineValue).toBeCloseTo(0.45, 12);
    expect(ndcg!.value).toBeCloseTo(0.625, 12);
    expect(ndcg!.delta).toBeCloseTo(0.175, 12);
    // 7 positive differences and one 0: only the all-positive and all-negative flips are as extreme.
    expect(ndcg!.p).toBeCloseTo(2 / 128, 2);
    expect(ndcg!.ciLo).toBeGreaterThan(0);
    expect(ndcg!.ciHi).toBeLessThanOrEqual(0.2 + 1e-12);
    expect(mrr).toMatchObject({ metric: "mrr", wins: 7 });
    expect(mrr!.delta).toBeCloseTo(0.0875, 12);
  });

  it("is deterministic for a seed", () => {
    const other = summariseRun("hybrid", results([0.2, 0.1, 0.5, 0.3, 0.6, 0.6, 0.9, 0.7]), [1]);
    expect(compareRuns(base, other, METRICS, { seed: 3 })).toEqual(compareRuns(base, other, METRICS, { seed: 3 }));
  });

  it("throws when the qid sets differ or a metric is missing", () => {
    const fewer = summariseRun("hybrid", results([0.1, 0.2]), [1]);
    expect(() => compareRuns(base, fewer, METRICS)).toThrow(InvalidInputError);
    expect(() => compareRuns(base, fewer, METRICS)).toThrow(/different queries/);
    const renamed = summariseRun("hybrid", results([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]).map((q, i) => (i === 0 ? { ...q, qid: "other" } : q)), [1]);
    expect(() => compareRuns(base, renamed, METRICS)).toThrow(/"q0"/);
    expect(() => compareRuns(base, base, ["recall@10"])).toThrow(/has no "recall@10"/);
  });
});

function sampleReport(): EvalReport {
  const keyword = summariseRun("keyword", results([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.3, 0.4]), [2, 4, 6]);
  const hybrid = summariseRun("hybrid", results([0.5, 0.6, 0.7, 0.8, 0.9, 0.9, 0.9, 0.9, 0.8, 0.7]), [10, 20, 30]);
  const vector = summariseRun("vector", results([0.1, 0.26, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.3, 0.4]), [3, 3, 3], "mini|lm");
  const runs: ProfileRun[] = [keyword, hybrid, vector];
  const search: TaskReport = {
    task: "search-title",
    description: "Title queries against candidate profiles.",
    operation: "search",
    split: "test",
    queries: 10,
    skippedQueries: 2,
    metrics: METRICS,
    mainMetric: "ndcg@10",
    baseline: "keyword",
    runs,
    comparisons: [...compareRuns(keyword, hybrid, METRICS), ...compareRuns(keyword, vector, METRICS)],
    notes: ["Qrels from hires | interviews.", "Second note."],
  };
  const recommend: TaskReport = {
    task: "recommend<jobs>",
    description: "",
    operation: "recommend",
    queries: 10,
    metrics: ["ndcg@10"],
    mainMetric: "ndcg@10",
    baseline: "hybrid",
    runs: [{ ...hybrid, metrics: { "ndcg@10": 0.25 } }, { ...keyword, metrics: { "ndcg@10": NaN } }],
    comparisons: [],
  };
  return { generatedAt: "2025-01-02T03:04:05.000Z", environment: { node: "v20.19.0", cpu: "2 cores" }, tasks: [search, recommend] };
}

describe("renderMarkdown", () => {
  const report = sampleReport();
  const md = renderMarkdown(report);
  const lines = md.split("\n");
  const row = (label: string): string => lines.find((l) => l.startsWith(`| ${label}`)) ?? "";

  it("starts with a legend and the environment", () => {
    expect(lines[0]).toBe("# Evaluation report");
    expect(md).toMatch(/`\*` p < 0\.05, `\*\*` p < 0\.01/);
    expect(md).toContain("- node: v20.19.0");
    expect(md.indexOf("`**` p < 0.01")).toBeLessThan(md.indexOf("## search-title"));
    expect(md.indexOf("- node: v20.19.0")).toBeLessThan(md.indexOf("## search-title"));
  });

  it("writes a heading and an operation / split / queries line per task", () => {
    expect(lines).toContain("## search-title");
    expect(md).toContain("Operation: `search` · split: `test` · queries: 10 (2 skipped) · main metric: ndcg@10");
    expect(md).toContain("Operation: `recommend` · queries: 10 · main metric: ndcg@10");
  });

  it("tabulates profiles × metrics with latency columns and the baseline marked", () => {
    expect(md).toContain("| Profile | ndcg@10 | mrr | p50 ms | p95 ms |");
    expect(row("keyword (baseline)")).toBe("| keyword (baseline) | 0.430 | 0.215 | 4.0 | 6.0 |");
  });

  it("shows deltas with significance stars and bolds the best value per column", () => {
    // hybrid: mean ndcg 0.77, +0.34 and a win on every query → p ≈ 2 / 1024 < 0.01.
    expect(row("hybrid")).toBe("| hybrid | **0.770** (+0.340**) | **0.385** (+0.170**) | 20.0 | 30.0 |");
    // vector: one query +0.06, the rest equal → not significant, no star.
    expect(row("vector + mini\\|lm")).toBe("| vector + mini\\|lm | 0.436 (+0.006) | 0.218 (+0.003) | 3.0 | 3.0 |");
  });

  it("lists wins / losses / ties on the main metric and the notes", () => {
    expect(md).toContain("Wins / losses / ties on ndcg@10 against keyword, per query:");
    expect(md).toMatch(/- hybrid: 10 \/ 0 \/ 0; Δ \+0\.340, 95% CI \[\+0\.\d{3}, \+0\.\d{3}\], p = 0\.002/);
    expect(md).toMatch(/- vector: 1 \/ 0 \/ 9; Δ \+0\.006/);
    expect(md).toContain("Notes:\n\n- Qrels from hires \\| interviews.\n- Second note.");
  });

  it("renders values that are missing or not finite as n/a and bolds none of them", () => {
    expect(row("hybrid (baseline)")).toBe("| hybrid (baseline) | **0.250** | 20.0 | 30.0 |");
    expect(row("keyword |")).toBe("| keyword | n/a | 4.0 | 6.0 |");
    // NaN comes back from JSON as null.
    const roundTripped = JSON.parse(JSON.stringify(report)) as EvalReport;
    expect(renderMarkdown(roundTripped)).toContain("| keyword | n/a | 4.0 | 6.0 |");
  });

  it("bolds every value that ties for best once rounded", () => {
    const base = summariseRun("a", results([0.5]), [1]);
    const tied: EvalReport = {
      generatedAt: "t",
      environment: {},
      tasks: [
        {
          task: "t",
          description: "d",
          operation: "search",
          queries: 1,
          metrics: ["ndcg@10"],
          mainMetric: "ndcg@10",
          baseline: "a",
          runs: [base, { ...base, profile: "b", metrics: { "ndcg@10": 0.5001 } }, { ...base, profile: "c", metrics: { "ndcg@10": 0.4 } }],
          comparisons: [],
        },
      ],
    };
    const out = renderMarkdown(tied);
    expect(out).toContain("| a (baseline) | **0.500** |");
    expect(out).toContain("| b | **0.500** |");
    expect(out).toContain("| c | 0.400 |");
  });
});

describe("baselineFromReport / checkRegression", () => {
  const report = sampleReport();
  const baseline = baselineFromReport(report, 0.02);

  it("records every finite declared metric per task and profile", () => {
    expect(baseline.tolerance).toBe(0.02);
    expect(baseline.tasks["search-title"]!.hybrid!["ndcg@10"]).toBeCloseTo(0.77, 12);
    expect(Object.keys(baseline.tasks["search-title"]!)).toEqual(["keyword", "hybrid", "vector"]);
    // NaN is not a reference value.
    expect(baseline.tasks["recommend<jobs>"]!.keyword).toEqual({});
    expect(() => baselineFromReport(report, -0.1)).toThrow(InvalidInputError);
  });

  it("passes the report it came from and drops within tolerance", () => {
    expect(checkRegression(report, baseline)).toEqual([]);
    const slightlyWorse = sampleReport();
    const hybrid = slightlyWorse.tasks[0]!.runs[1]!;
    hybrid.metrics = { ...hybrid.metrics, "ndcg@10": 0.77 - 0.019 };
    expect(checkRegression(slightlyWorse, baseline)).toEqual([]);
  });

  it("lists a metric that dropped below baseline − tolerance", () => {
    const worse = sampleReport();
    const hybrid = worse.tasks[0]!.runs[1]!;
    hybrid.metrics = { ...hybrid.metrics, "ndcg@10": 0.7 };
    const regressions = checkRegression(worse, baseline);
    expect(regressions).toHaveLength(1);
    expect(regressions[0]).toMatchObject({ task: "search-title", profile: "hybrid", metric: "ndcg@10", value: 0.7 });
    expect(regressions[0]!.baseline).toBeCloseTo(0.77, 12);
    expect(regressions[0]!.allowedMin).toBeCloseTo(0.75, 12);
  });

  it("counts a missing task, profile or metric as a regression with value NaN", () => {
    const partial = sampleReport();
    partial.tasks[0]!.runs = partial.tasks[0]!.runs.filter((r) => r.profile !== "vector");
    partial.tasks[0]!.runs[0]!.metrics = { "ndcg@10": 0.45 };
    partial.tasks.pop();
    const regressions = checkRegression(partial, baseline);
    const keys = regressions.map((r) => `${r.task}/${r.profile}/${r.metric}`);
    expect(keys).toEqual([
      "search-title/keyword/mrr",
      "search-title/vector/ndcg@10",
      "search-title/vector/mrr",
      "recommend<jobs>/hybrid/ndcg@10",
    ]);
    for (const r of regressions) expect(r.value).toBeNaN();
  });
});

/** Minimal well-formedness check: balanced tags, one root, no raw "<" or stray "&" in text or attributes. */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    const between = xml.slice(last, m.index);
    expect(between, `text before ${m[0]}`).not.toMatch(/[<>]/);
    last = tag.lastIndex;
    const [, closing, name, attrs, selfClosing] = m;
    expect(attrs!.replace(/&(amp|lt|gt|quot|apos);/g, "")).not.toContain("&");
    if (closing) {
      expect(stack.pop(), `closing </${name}>`).toBe(name);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) {
      roots++;
    }
  }
  expect(xml.slice(last).trim()).toBe("");
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
  expect(xml.replace(/&(amp|lt|gt|quot|apos);/g, "")).not.toContain("&");
}

describe("renderBarChartSvg", () => {
  const report = sampleReport();
  const svg = renderBarChartSvg(report);

  it("is one well-formed SVG with width and height set", () => {
    assertWellFormedXml(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+(\.\d)?" height="\d+(\.\d)?"/);
  });

  it("draws one bar per run with a finite value, labelled to 3 decimals", () => {
    // search-title: 3 runs; recommend<jobs>: hybrid only (keyword is NaN → n/a, no bar).
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(4);
    expect(svg).toContain(">0.770</text>");
    expect(svg).toContain(">0.436</text>");
    expect(svg).toContain(">0.250</text>");
    expect(svg).toContain(">n/a</text>");
  });

  it("escapes text and labels groups, axis and legend", () => {
    expect(svg).toContain("recommend&lt;jobs&gt; (ndcg@10)");
    expect(svg).not.toContain("recommend<jobs>");
    expect(svg).toContain(">1.00</text>");
    expect(svg).toContain(">0.00</text>");
    expect(svg.match(/<rect class="swatch"/g)).toHaveLength(3);
    expect(svg).toContain(">vector + mini|lm</text>");
  });

  it("scales bars on a 0..1 axis", () => {
    const heights = [...svg.matchAll(/<rect class="bar" x="[\d.]+" y="[\d.]+" width="\d+" height="([\d.]+)"/g)].map((m) => Number(m[1]));
    // 0.77 vs 0.25 of the same plot height.
    expect(heights[1]! / heights[3]!).toBeCloseTo(0.77 / 0.25, 1);
  });

  it("gives a profile the same colour in every chart and plots opts.metric when asked", () => {
    const colourOf = (doc: string, label: string): string | undefined =>
      new RegExp(`fill="(#[0-9a-f]{6})"/>\\s*<text[^>]*>${label}</text>`).exec(doc)?.[1];
    const hybridOnly: EvalReport = { ...report, tasks: [{ ...report.tasks[1]!, runs: [report.tasks[1]!.runs[0]!] }] };
    const small = renderBarChartSvg(hybridOnly);
    expect(colourOf(svg, "hybrid")).toBeDefined();
    expect(colourOf(small, "hybrid")).toBe(colourOf(svg, "hybrid"));
    expect(colourOf(svg, "keyword")).not.toBe(colourOf(svg, "hybrid"));

    const mrr = renderBarChartSvg(report, { metric: "mrr" });
    assertWellFormedXml(mrr);
    expect(mrr).toContain("search-title (mrr)");
    expect(mrr).toContain(">0.385</text>");
    // recommend<jobs> has no mrr at all: every run is n/a.
    expect(mrr.match(/<rect class="bar"/g)).toHaveLength(3);
  });

  it("renders an empty report as a valid, empty chart", () => {
    const empty = renderBarChartSvg({ generatedAt: "t", environment: {}, tasks: [] });
    assertWellFormedXml(empty);
    expect(empty).not.toContain('class="bar"');
  });
});
