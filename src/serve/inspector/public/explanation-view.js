/**
 * One hit's explanation, as the API returns it (nothing recomputed but the display arithmetic):
 * every channel of the profile with its score, rank and contribution or its "not retrieved" note,
 * fusion, the reranker (a waterfall of feature contributions, or plainly "not applied"), matched and
 * missing skills, and the skills-graph paths drawn as a graph.
 */
import { fusionBar, waterfall } from "./charts.js";
import { h, num, signed } from "./dom.js";
import { graphPathsSvg } from "./graph-svg.js";

/**
 * @param {any} ex the `explanation` of an edge
 * @returns {HTMLElement}
 */
export function explanationView(ex) {
  return h(
    "div",
    { class: "explanation", dataset: { profile: ex.profile } },
    h("p", { class: "summary" }, ex.summary),
    channelsSection(ex),
    rerankerSection(ex.reranker, ex.finalScore),
    skillsSection(ex.matchedSkills, ex.missingSkills),
    pathsSection(ex.graphPaths),
  );
}

/** @param {any} ex */
function channelsSection(ex) {
  /** @type {Map<string, number>} */
  const weights = new Map(ex.fusion.weights.map((/** @type {any} */ w) => [w.channel, w.weight]));
  const rows = ex.channels.flatMap((/** @type {any} */ c) => {
    const row = h(
      "tr",
      { class: ["channel", c.retrieved ? "retrieved" : "not-retrieved"], dataset: { channel: c.channel, retrieved: c.retrieved } },
      h("th", { scope: "row" }, h("span", { class: ["swatch", `ch-${c.channel}`] }), c.channel),
      h("td", { class: "status" }, c.retrieved ? "retrieved" : "not retrieved"),
      h("td", { class: "num rank" }, c.rank === null ? "–" : `#${c.rank}`),
      h("td", { class: "num raw" }, num(c.rawScore)),
      h("td", { class: "num normalized" }, num(c.normalizedScore)),
      h("td", { class: "num weight" }, num(weights.get(c.channel) ?? null)),
      h("td", { class: "num contribution" }, signed(c.contribution)),
    );
    const note = c.note ? h("tr", { class: "channel-note", dataset: { channel: c.channel } }, h("td", { colspan: 7 }, c.note)) : null;
    return note ? [row, note] : [row];
  });
  const f = ex.fusion;
  const method = f.method === "RRF" ? `reciprocal rank fusion, k = ${num(f.k)}: Σ weight / (k + rank)` : `weighted sum of ${(f.normalization ?? "MINMAX").toLowerCase()}-normalised scores`;
  const fused = ex.channels.reduce((/** @type {number} */ acc, /** @type {any} */ c) => acc + c.contribution, 0);
  return h(
    "section",
    { class: "channels" },
    h("h4", {}, "Channels and fusion"),
    h(
      "table",
      { class: "channel-table" },
      h("thead", {}, h("tr", {}, ["channel", "", "rank", "raw", "normalised", "weight", "contribution"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, rows),
    ),
    h("p", { class: "fusion-method" }, `Fusion: ${method}. Σ contributions = ${num(fused)}`, ex.reranker.applied ? "" : ` = final score ${num(ex.finalScore)}`, "."),
    fusionBar(ex.channels),
  );
}

/**
 * @param {any} r the reranker explanation
 * @param {number} finalScore
 */
function rerankerSection(r, finalScore) {
  let body;
  if (!r.applied) {
    body = h(
      "p",
      { class: "reranker-none" },
      r.model === "none"
        ? "Not applied: this profile has no reranker (model “none”), so the final score is the fused score and the order is fusion's."
        : `Not applied: the reranker “${r.model}” did not rescore this result, so its final score is the fused score.`,
      r.note ? ` ${r.note}` : "",
    );
  } else if (r.contributions.length === 0) {
    body = h("p", { class: "reranker-empty" }, `Applied (${r.model}): score ${num(r.score)}; the model reported no feature contributions.`, r.note ? ` ${r.note}` : "");
  } else {
    body = [
      h("p", {}, `${r.model}: score ${num(r.score)} (final score ${num(finalScore)}); contributions largest first.`, r.note ? ` ${r.note}` : ""),
      waterfall(r.score ?? finalScore, r.contributions, typeof r.base === "number" ? r.base : undefined),
    ];
  }
  return h("section", { class: "reranker", dataset: { applied: r.applied, model: r.model } }, h("h4", {}, "Reranker"), body);
}

/**
 * @param {Array<{ skillId: string, name: string, via: string }>} matched
 * @param {Array<{ skillId: string, name: string }>} missing
 */
function skillsSection(matched, missing) {
  const chip = (/** @type {string} */ cls, /** @type {string} */ id, /** @type {string} */ text, /** @type {string} */ title) =>
    h("li", { class: ["chip", cls], title, dataset: { skill: id } }, text);
  return h(
    "section",
    { class: "skills" },
    h("h4", {}, "Skills"),
    h(
      "div",
      { class: "skill-lists" },
      h("span", { class: "list-label" }, "matched"),
      matched.length > 0
        ? h("ul", { class: "chips matched" }, matched.map((m) => chip(`via-${m.via}`, m.skillId, m.via === "RELATED" ? `${m.name} (related)` : m.name, `${m.skillId} · ${m.via.toLowerCase()}`)))
        : h("span", { class: "none" }, "none"),
      h("span", { class: "list-label" }, "missing"),
      missing.length > 0 ? h("ul", { class: "chips missing" }, missing.map((m) => chip("missing", m.skillId, m.name, m.skillId))) : h("span", { class: "none" }, "none"),
    ),
  );
}

/** @param {import("./graph-svg.js").Path[]} paths */
function pathsSection(paths) {
  const svg = graphPathsSvg(paths);
  return h(
    "section",
    { class: "paths" },
    h("h4", {}, `Graph paths (${paths.length})`),
    svg
      ? [
          h("div", { class: "graph-wrap" }, svg),
          h("ul", { class: "path-list" }, paths.map((p) => h("li", {}, p.text, h("span", { class: "muted" }, ` · weight ${num(p.weight)}`)))),
          h("p", { class: "legend-line muted" }, "left: wanted skills (query or job) · right: the result's skills · green: wanted and held · arrows follow the graph's relationships"),
        ]
      : h("p", { class: "none" }, "No skills-graph paths link the wanted skills to this result."),
  );
}
