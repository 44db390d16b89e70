/**
 * The result views: one ranked list per profile (side by side when two), each hit with its rank,
 * score bar and expandable explanation; with two profiles, the diff of the rankings; and the errors.
 */
import { scoreBar } from "./charts.js";
import { diffRankings } from "./diff.js";
import { h, num, replace } from "./dom.js";
import { explanationView } from "./explanation-view.js";
import { MODES, serializeState } from "./state.js";

/**
 * @typedef {{ profile: string, ranking: any }} ProfileRanking
 * @typedef {{ onToggle: (id: string) => void }} Handlers
 */

/** Explanation panels not drawn yet, with what draws them. */
const unbuilt = new WeakMap();

/**
 * Shows errors: code and message of each (the same error from both profiles once).
 * @param {HTMLElement} el
 * @param {Array<{ message: string, code: string, profile: string, path?: string }>} errors
 */
export function renderErrors(el, errors) {
  /** @type {Map<string, { message: string, code: string, profiles: string[], path?: string }>} */
  const unique = new Map();
  for (const e of errors) {
    const key = `${e.code}\u0000${e.message}`;
    const seen = unique.get(key);
    if (seen) {
      if (e.profile) seen.profiles.push(e.profile);
    } else unique.set(key, { message: e.message, code: e.code, profiles: e.profile ? [e.profile] : [], ...(e.path ? { path: e.path } : {}) });
  }
  replace(
    el,
    [...unique.values()].map((e) =>
      h(
        "div",
        { class: "error", dataset: { code: e.code } },
        h("span", { class: "code" }, e.code),
        h("span", { class: "message" }, e.message),
        e.profiles.length > 0 ? h("span", { class: "where muted" }, `profile ${e.profiles.join(", ")}`) : null,
      ),
    ),
  );
}

/**
 * Renders the rankings (and their diff when there are two).
 * @param {HTMLElement} el
 * @param {import("./state.js").State} state
 * @param {ProfileRanking[]} rankings
 * @param {Handlers} handlers
 */
export function renderResults(el, state, rankings, handlers) {
  const target = MODES[state.mode].target;
  const lists = rankings.map((r) =>
    r.ranking ? r.ranking.edges.map((/** @type {any} */ e) => ({ id: e.node.id, rank: e.rank, label: nodeTitle(target, e.node) })) : null,
  );
  const [listA, listB] = lists;
  const diff = rankings.length === 2 && listA && listB ? diffRankings(listA, listB) : null;
  /** @type {Map<string, import("./diff.js").DiffRow>} */
  const byId = new Map(diff ? diff.rows.map((r) => [r.id, r]) : []);
  const columns = rankings.map((r, i) =>
    rankingColumn(r, i === 0 ? "a" : "b", { state, target, n: state.first, diffById: diff ? byId : null, handlers }),
  );
  replace(
    el,
    diff ? diffSummary(diff, state.first, rankings) : null,
    h("div", { class: ["columns", rankings.length === 2 ? "compare" : "single"] }, columns),
    diff ? diffTable(diff, state.first, rankings, handlers) : null,
  );
  updateOpen(el, state.open);
}

/**
 * Shows the explanations of the open hits and hides the others (no refetch: explanations came with
 * the ranking).
 * @param {HTMLElement} el
 * @param {string[]} open
 */
export function updateOpen(el, open) {
  const want = new Set(open);
  for (const li of el.querySelectorAll("li.hit")) {
    const hit = /** @type {HTMLElement} */ (li);
    const isOpen = want.has(hit.dataset.id ?? "");
    hit.classList.toggle("open", isOpen);
    const button = hit.querySelector("button.toggle");
    button?.setAttribute("aria-expanded", String(isOpen));
    const panel = /** @type {HTMLElement | null} */ (hit.querySelector(".panel"));
    if (!panel) continue;
    // Built on first open: a page of 100 hits need not draw 100 explanations nobody looks at.
    const build = isOpen ? unbuilt.get(panel) : undefined;
    if (build) {
      unbuilt.delete(panel);
      replace(panel, build());
    }
    panel.hidden = !isOpen;
  }
  for (const tr of el.querySelectorAll(".diff tr[data-id]")) {
    const row = /** @type {HTMLElement} */ (tr);
    row.classList.toggle("open", want.has(row.dataset.id ?? ""));
  }
}

/**
 * @param {ProfileRanking} r
 * @param {"a" | "b"} slot
 * @param {{ state: import("./state.js").State, target: string, n: number, diffById: Map<string, import("./diff.js").DiffRow> | null, handlers: Handlers }} ctx
 */
function rankingColumn(r, slot, ctx) {
  const head = h(
    "header",
    { class: "ranking-head" },
    h("h2", {}, h("span", { class: "slot" }, slot.toUpperCase()), " ", r.profile || "default profile"),
    r.ranking ? rankingMeta(r.ranking) : null,
  );
  if (!r.ranking) {
    return h("section", { class: "ranking failed", dataset: { profile: r.profile, slot } }, head, h("p", { class: "empty" }, "No ranking: the request failed (see the error above)."));
  }
  const edges = r.ranking.edges;
  if (edges.length === 0) {
    return h(
      "section",
      { class: "ranking", dataset: { profile: r.profile, slot, count: 0 } },
      head,
      h("p", { class: "empty" }, "No results: nothing matches this request and filter under this profile."),
    );
  }
  const scores = edges.map((/** @type {any} */ e) => e.score);
  const lo = Math.min(0, ...scores);
  const hi = Math.max(...scores);
  return h(
    "section",
    { class: "ranking", dataset: { profile: r.profile, slot, count: edges.length } },
    head,
    h(
      "ol",
      { class: "hits" },
      edges.map((/** @type {any} */ e) => hitItem(e, slot, lo, hi, ctx)),
    ),
  );
}

/** @param {any} ranking */
function rankingMeta(ranking) {
  const timings = ranking.timings.map((/** @type {any} */ t) => `${t.stage} ${num(t.ms)}`).join(" · ");
  return h(
    "p",
    { class: "meta muted", title: `stage timings (ms): ${timings}` },
    `${ranking.edges.length} results · ${num(ranking.tookMs)} ms`,
    ranking.pageInfo.hasNextPage ? " · more follow" : " · end of results",
  );
}

/**
 * @param {any} e
 * @param {"a" | "b"} slot
 * @param {number} lo
 * @param {number} hi
 * @param {{ state: import("./state.js").State, target: string, n: number, diffById: Map<string, import("./diff.js").DiffRow> | null, handlers: Handlers }} ctx
 */
function hitItem(e, slot, lo, hi, ctx) {
  const id = e.node.id;
  const panelId = `x-${slot}-${e.rank}`;
  const move = ctx.diffById?.get(id);
  const panel = h("div", { class: "panel", id: panelId, hidden: true });
  unbuilt.set(panel, () => [crossLink(ctx, e.node), explanationView(e.explanation)]);
  return h(
    "li",
    { class: ["hit", move ? `change-${move.change}` : null], dataset: { id, rank: e.rank, score: e.score, change: move?.change } },
    h(
      "div",
      { class: "hit-row" },
      h(
        "button",
        { type: "button", class: "toggle", "aria-expanded": "false", "aria-controls": panelId, title: "show or hide the explanation", onclick: () => ctx.handlers.onToggle(id) },
        h("span", { class: "rank" }, `#${e.rank}`),
        h("span", { class: "who" }, h("span", { class: "title" }, nodeTitle(ctx.target, e.node)), h("span", { class: "sub muted" }, nodeFacts(ctx.target, e.node))),
      ),
      move ? moveBadge(move, slot, ctx.n) : null,
      h("span", { class: "score-cell" }, h("span", { class: "score", title: String(e.score) }, num(e.score)), scoreBar(e.score, lo, hi)),
    ),
    panel,
  );
}

/**
 * A link that turns a hit into the next request: freelancers for a job hit, jobs for a freelancer hit.
 * @param {{ state: import("./state.js").State, target: string }} ctx
 * @param {any} node
 */
function crossLink(ctx, node) {
  const mode = ctx.target === "jobs" ? "recommendFreelancers" : "recommendJobs";
  const href = serializeState({ mode, q: node.id, profiles: ctx.state.profiles, first: ctx.state.first, filters: {}, options: {}, open: [] });
  return h("p", { class: "cross-link" }, h("a", { href }, ctx.target === "jobs" ? `Recommend freelancers for ${node.id} →` : `Recommend jobs for ${node.id} →`));
}

/**
 * @param {import("./diff.js").DiffRow} move
 * @param {"a" | "b"} slot
 * @param {number} n
 */
function moveBadge(move, slot, n) {
  let text;
  let title;
  if (slot === "a") {
    text = move.rankB === null ? "left" : `→ #${move.rankB}`;
    title = move.rankB === null ? `not in B's top ${n}` : `rank ${move.rankB} under B`;
  } else if (move.change === "entered") {
    text = "new";
    title = `entered the top ${n} (not in A's)`;
  } else if (move.change === "same") {
    text = "=";
    title = "same rank as under A";
  } else {
    const d = Math.abs(move.delta ?? 0);
    text = move.change === "up" ? `▲${d}` : `▼${d}`;
    title = `${move.change === "up" ? "up" : "down"} ${d} from #${move.rankA} under A`;
  }
  return h("span", { class: ["move", `move-${slot === "a" && move.rankB === null ? "left" : slot === "a" ? "moved" : move.change}`], title }, text);
}

/**
 * @param {import("./diff.js").RankingDiff} diff
 * @param {number} n
 * @param {ProfileRanking[]} rankings
 */
function diffSummary(diff, n, rankings) {
  const c = diff.counts;
  return h(
    "p",
    { class: "diff-summary", dataset: { up: c.up, down: c.down, same: c.same, entered: c.entered, left: c.left } },
    `B (${rankings[1]?.profile}) against A (${rankings[0]?.profile}), top ${n}: `,
    h("span", { class: "c-entered" }, `${c.entered} entered`), " · ",
    h("span", { class: "c-left" }, `${c.left} left`), " · ",
    h("span", { class: "c-up" }, `${c.up} moved up`), " · ",
    h("span", { class: "c-down" }, `${c.down} moved down`), " · ",
    h("span", { class: "c-same" }, `${c.same} unchanged`),
  );
}

/**
 * @param {import("./diff.js").RankingDiff} diff
 * @param {number} n
 * @param {ProfileRanking[]} rankings
 * @param {Handlers} handlers
 */
function diffTable(diff, n, rankings, handlers) {
  const changeText = (/** @type {import("./diff.js").DiffRow} */ r) => {
    switch (r.change) {
      case "entered":
        return `entered the top ${n}`;
      case "left":
        return `left the top ${n}`;
      case "same":
        return "unchanged";
      default:
        return `${r.change === "up" ? "▲ up" : "▼ down"} ${Math.abs(r.delta ?? 0)}`;
    }
  };
  return h(
    "section",
    { class: "diff" },
    h("h2", {}, `Ranking diff: B (${rankings[1]?.profile}) against A (${rankings[0]?.profile})`),
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "result"), h("th", { scope: "col" }, "rank A"), h("th", { scope: "col" }, "rank B"), h("th", { scope: "col" }, "change"))),
      h(
        "tbody",
        {},
        diff.rows.map((r) =>
          h(
            "tr",
            { class: `change-${r.change}`, dataset: { id: r.id, change: r.change, rankA: r.rankA ?? "", rankB: r.rankB ?? "", delta: r.delta ?? "" } },
            h("td", {}, h("button", { type: "button", class: "link", title: "show or hide the explanations", onclick: () => handlers.onToggle(r.id) }, r.label), h("span", { class: "muted" }, ` ${r.id}`)),
            h("td", { class: "num" }, r.rankA === null ? "–" : `#${r.rankA}`),
            h("td", { class: "num" }, r.rankB === null ? "–" : `#${r.rankB}`),
            h("td", { class: "change" }, changeText(r)),
          ),
        ),
      ),
    ),
  );
}

/**
 * @param {string} target
 * @param {any} node
 */
function nodeTitle(target, node) {
  return target === "freelancers" ? `${node.name} — ${node.title}` : node.title;
}

/**
 * One line of facts that filters act on.
 * @param {string} target
 * @param {any} n
 */
function nodeFacts(target, n) {
  const parts = [n.id];
  if (target === "freelancers") {
    if (n.archetype) parts.push("ESCO archetype");
    if (n.country) parts.push(n.country);
    if (n.hourlyRate !== null) parts.push(`${num(n.hourlyRate)}/h`);
    if (n.rating !== null) parts.push(`★ ${num(n.rating)}`);
    if (n.jobSuccess !== null) parts.push(`${Math.round(n.jobSuccess * 100)}% success`);
    if (n.available !== null) parts.push(n.available ? "available" : "not available");
  } else {
    parts.push(n.status.toLowerCase());
    if (n.budget) parts.push(`${n.budget.type.toLowerCase()} ${num(n.budget.min)}–${num(n.budget.max)}`);
    if (n.experienceLevel) parts.push(n.experienceLevel.toLowerCase());
    if (n.country) parts.push(n.country);
  }
  return parts.join(" · ");
}
