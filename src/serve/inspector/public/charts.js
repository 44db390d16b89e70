/**
 * Small charts drawn with SVG and DOM calls: score bars, the fusion breakdown and the reranker's
 * waterfall (base value → each feature's contribution → final score).
 */
import { h, num, s, signed } from "./dom.js";

/**
 * A horizontal bar for a score within [lo, hi].
 * @param {number} score
 * @param {number} lo
 * @param {number} hi
 */
export function scoreBar(score, lo, hi) {
  const share = hi > lo ? (score - lo) / (hi - lo) : 1;
  const fill = h("span", { class: "fill" });
  // CSSOM, not a style attribute: allowed by the page's CSP (style-src 'self').
  fill.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
  return h("span", { class: "bar", "aria-hidden": "true" }, fill);
}

/**
 * The fused score as a stacked bar of each channel's contribution (weight × normalised score), with
 * a legend. Channels that added nothing are listed with +0.
 * @param {Array<{ channel: string, contribution: number }>} channels
 */
export function fusionBar(channels) {
  const total = channels.reduce((acc, c) => acc + Math.max(0, c.contribution), 0);
  const width = 360;
  const height = 16;
  const segments = [];
  let x = 0;
  for (const c of channels) {
    if (c.contribution <= 0 || total <= 0) continue;
    const w = (c.contribution / total) * width;
    segments.push(
      s("rect", { class: ["segment", `ch-${c.channel}`], x: x.toFixed(2), y: 0, width: w.toFixed(2), height, dataset: { channel: c.channel } },
        s("title", {}, `${c.channel}: ${signed(c.contribution)} (${num((c.contribution / total) * 100)}% of the fused score)`)),
    );
    x += w;
  }
  const svg = s(
    "svg",
    { class: "fusion-bar", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": `fused score ${num(total)} by channel` },
    s("rect", { class: "track", x: 0, y: 0, width, height }),
    segments,
  );
  const legend = h(
    "ul",
    { class: "legend" },
    channels.map((c) => h("li", { dataset: { channel: c.channel } }, h("span", { class: ["swatch", `ch-${c.channel}`] }), `${c.channel} ${signed(c.contribution)}`)),
  );
  return h("div", { class: "fusion-chart" }, svg, legend);
}

/** Features drawn one by one; the rest are summed into one row. */
const WATERFALL_FEATURES = 12;

/**
 * The reranker's score as a waterfall: the base value (the model's average output; when the API
 * does not give it, score − Σ contributions), each feature's signed contribution in the order given
 * (largest magnitude first), and the final score.
 * @param {number} score the reranker's score
 * @param {Array<{ feature: string, value: number | null, contribution: number }>} contributions
 * @param {number} [givenBase]
 */
export function waterfall(score, contributions, givenBase) {
  const sum = contributions.reduce((acc, c) => acc + c.contribution, 0);
  const base = givenBase ?? score - sum;
  const shown = contributions.slice(0, WATERFALL_FEATURES);
  const rest = contributions.slice(WATERFALL_FEATURES);
  /** @type {Array<{ label: string, title: string, start: number, end: number, kind: string, text: string, feature?: string }>} */
  const rows = [{ label: "base value", title: `base value ${num(base)}${givenBase === undefined ? " (reranker score − Σ contributions)" : " (the model's average output)"}`, start: 0, end: base, kind: "base", text: num(base) }];
  let run = base;
  for (const c of shown) {
    rows.push({
      label: `${c.feature} = ${c.value === null ? "missing" : num(c.value)}`,
      title: `${c.feature}: value ${c.value === null ? "missing" : num(c.value)}, contribution ${signed(c.contribution)}`,
      start: run,
      end: run + c.contribution,
      kind: c.contribution >= 0 ? "pos" : "neg",
      text: signed(c.contribution),
      feature: c.feature,
    });
    run += c.contribution;
  }
  if (rest.length > 0) {
    const r = rest.reduce((acc, c) => acc + c.contribution, 0);
    rows.push({ label: `${rest.length} other features`, title: `${rest.map((c) => c.feature).join(", ")}: ${signed(r)} together`, start: run, end: run + r, kind: r >= 0 ? "pos" : "neg", text: signed(r) });
    run += r;
  }
  rows.push({ label: "final score", title: `reranker score ${num(score)}`, start: 0, end: score, kind: "total", text: num(score) });

  const labelW = 230;
  const valueW = 70;
  const plotW = 300;
  const rowH = 20;
  const width = labelW + plotW + valueW;
  const height = rows.length * rowH + 6;
  const values = rows.flatMap((r) => [r.start, r.end]);
  const lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi === lo) hi = lo + 1;
  const x = (/** @type {number} */ v) => labelW + ((v - lo) / (hi - lo)) * plotW;

  const parts = [s("line", { class: "zero", x1: x(0), x2: x(0), y1: 0, y2: height })];
  rows.forEach((r, i) => {
    const y = i * rowH + 3;
    const x0 = Math.min(x(r.start), x(r.end));
    const w = Math.max(1, Math.abs(x(r.end) - x(r.start)));
    parts.push(
      s(
        "g",
        { class: ["step", r.kind], dataset: { feature: r.feature, kind: r.kind } },
        s("title", {}, r.title),
        s("text", { class: "label", x: labelW - 6, y: y + rowH / 2 + 1, "text-anchor": "end", "dominant-baseline": "middle" }, truncate(r.label, 34)),
        s("rect", { x: x0.toFixed(2), y, width: w.toFixed(2), height: rowH - 6 }),
        s("text", { class: "value", x: labelW + plotW + 6, y: y + rowH / 2 + 1, "dominant-baseline": "middle" }, r.text),
      ),
    );
    // Connector to the next step, at the running total.
    if (i < rows.length - 2) parts.push(s("line", { class: "connector", x1: x(r.end), x2: x(r.end), y1: y + rowH - 6, y2: y + rowH }));
  });
  return s("svg", { class: "waterfall", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": `reranker waterfall from base ${num(base)} to ${num(score)}` }, parts);
}

/**
 * @param {string} text
 * @param {number} max
 */
export function truncate(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
