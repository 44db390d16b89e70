/**
 * A dependency-free SVG bar chart of an evaluation report: one group of bars per task, one bar per
 * run, heights on a fixed 0..1 axis so charts from different reports compare by eye.
 */
import type { EvalReport, ProfileRun } from "./report.js";

/** Options for {@link renderBarChartSvg}. */
export interface BarChartOptions {
  /** Metric to plot for every task; default each task's own `mainMetric`. */
  metric?: string;
}

// Tableau 10: distinct, print-safe, readable on white.
const FIXED_COLOURS: Readonly<Record<string, string>> = {
  hybrid: "#4e79a7",
  "hybrid-rrf": "#76b7b2",
  vector: "#f28e2b",
  keyword: "#59a14f",
  graph: "#b07aa1",
};
const OTHER_COLOURS = ["#e15759", "#edc948", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#8c564b", "#17becf"] as const;

/**
 * Colour of a series, a pure function of its label: the built-in profiles get fixed, distinct
 * colours; any other label hashes (FNV-1a) into a second palette, so two custom labels can share a
 * colour, but a label never changes colour between reports.
 */
function seriesColour(label: string): string {
  const fixed = FIXED_COLOURS[label];
  if (fixed !== undefined) return fixed;
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return OTHER_COLOURS[h % OTHER_COLOURS.length]!;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .split("")
    .filter(isXmlChar)
    .join("");
}

/** XML 1.0 forbids control characters other than tab, newline and carriage return, even escaped. */
function isXmlChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Runs of one profile with different rerankers are different bars, so the label names both. */
function seriesLabel(run: ProfileRun): string {
  return run.reranker === undefined ? run.profile : `${run.profile} + ${run.reranker}`;
}

function n(x: number): string {
  return String(Math.round(x * 10) / 10);
}

const FONT = `font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"`;
const PLOT_HEIGHT = 260;
const BAR_WIDTH = 40;
const BAR_GAP = 6;
const GROUP_GAP = 36;
const MARGIN = { top: 48, right: 24, bottom: 48, left: 56 };
const LEGEND_ROW = 22;
// Rough width of a 13px sans-serif character, to keep task labels from running into each other.
const CHAR_WIDTH = 7.5;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * Renders one SVG (with `width`, `height` and `viewBox` set): per task a group of bars, one per run
 * in report order, each bar the run's value of the task's main metric (or `opts.metric`), labelled
 * with the value to 3 decimals and a hover `<title>`. The y axis runs 0..1 with gridlines; values
 * outside are clamped for drawing but labelled as they are. A run without a finite value for the
 * metric gets no bar and the label "n/a". A legend lists every series with its colour
 * (a pure function of the series label: the built-in profiles get fixed, distinct colours, others hash into a second palette). All text is XML-escaped.
 */
export function renderBarChartSvg(report: EvalReport, opts?: BarChartOptions): string {
  const groups = report.tasks.map((task) => {
    const metric = opts?.metric ?? task.mainMetric;
    const label = `${task.task} (${metric})`;
    const barsWidth = Math.max(0, task.runs.length * (BAR_WIDTH + BAR_GAP) - BAR_GAP);
    return { task, metric, label, width: Math.max(barsWidth, label.length * CHAR_WIDTH, BAR_WIDTH) };
  });

  const series: string[] = [];
  for (const task of report.tasks) {
    for (const run of task.runs) {
      const label = seriesLabel(run);
      if (!series.includes(label)) series.push(label);
    }
  }

  const plotWidth = Math.max(200, groups.reduce((w, g) => w + g.width, 0) + GROUP_GAP * (groups.length + 1));
  const legendHeight = series.length * LEGEND_ROW;
  // Swatch, gap, text: sized to the longest label so none is clipped.
  const legendWidth = 20 + Math.max(100, ...series.map((label) => label.length * CHAR_WIDTH)) + MARGIN.right;
  const width = MARGIN.left + plotWidth + MARGIN.right + legendWidth;
  const height = MARGIN.top + Math.max(PLOT_HEIGHT, legendHeight) + MARGIN.bottom;
  const x0 = MARGIN.left;
  const yBase = MARGIN.top + PLOT_HEIGHT;
  const y = (v: number): number => yBase - Math.min(1, Math.max(0, v)) * PLOT_HEIGHT;

  const title = opts?.metric === undefined ? "Main metric per task" : `${opts.metric} per task`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" ${FONT} font-size="13" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect class="background" x="0" y="0" width="${n(width)}" height="${n(height)}" fill="#ffffff"/>`,
    `<text x="${n(x0)}" y="${n(MARGIN.top / 2 + 6)}" font-size="16" font-weight="600" fill="#222222">${escapeXml(title)}</text>`,
  ];

  out.push(`<g class="axis">`);
  for (const t of TICKS) {
    out.push(
      `<line x1="${n(x0)}" y1="${n(y(t))}" x2="${n(x0 + plotWidth)}" y2="${n(y(t))}" stroke="${t === 0 ? "#444444" : "#dddddd"}" stroke-width="1"/>`,
      `<text x="${n(x0 - 8)}" y="${n(y(t) + 4)}" text-anchor="end" font-size="12" fill="#444444">${t.toFixed(2)}</text>`,
    );
  }
  out.push(`<line x1="${n(x0)}" y1="${n(y(1))}" x2="${n(x0)}" y2="${n(yBase)}" stroke="#444444" stroke-width="1"/>`, `</g>`);

  let gx = x0 + GROUP_GAP;
  for (const g of groups) {
    out.push(`<g class="task">`);
    const barsWidth = g.task.runs.length * (BAR_WIDTH + BAR_GAP) - BAR_GAP;
    let bx = gx + (g.width - barsWidth) / 2;
    for (const run of g.task.runs) {
      const label = seriesLabel(run);
      const value = run.metrics[g.metric];
      const cx = bx + BAR_WIDTH / 2;
      if (typeof value === "number" && Number.isFinite(value)) {
        const top = y(value);
        out.push(
          `<rect class="bar" x="${n(bx)}" y="${n(top)}" width="${BAR_WIDTH}" height="${n(yBase - top)}" fill="${seriesColour(label)}">` +
            `<title>${escapeXml(`${g.task.task} · ${label} · ${g.metric} = ${value.toFixed(3)}`)}</title></rect>`,
          `<text x="${n(cx)}" y="${n(top - 5)}" text-anchor="middle" font-size="11" fill="#222222">${value.toFixed(3)}</text>`,
        );
      } else {
        out.push(`<text x="${n(cx)}" y="${n(yBase - 5)}" text-anchor="middle" font-size="11" fill="#888888">n/a</text>`);
      }
      bx += BAR_WIDTH + BAR_GAP;
    }
    out.push(
      `<text x="${n(gx + g.width / 2)}" y="${n(yBase + 22)}" text-anchor="middle" font-size="13" fill="#222222">${escapeXml(g.label)}</text>`,
      `</g>`,
    );
    gx += g.width + GROUP_GAP;
  }

  const lx = x0 + plotWidth + MARGIN.right;
  out.push(`<g class="legend">`);
  series.forEach((label, i) => {
    const ly = MARGIN.top + i * LEGEND_ROW;
    out.push(
      `<rect class="swatch" x="${n(lx)}" y="${n(ly)}" width="14" height="14" fill="${seriesColour(label)}"/>`,
      `<text x="${n(lx + 20)}" y="${n(ly + 12)}" font-size="13" fill="#222222">${escapeXml(label)}</text>`,
    );
  });
  out.push(`</g>`, `</svg>`);
  return `${out.join("\n")}\n`;
}
