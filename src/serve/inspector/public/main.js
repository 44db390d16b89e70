/**
 * The inspector page: reads the state from the URL, builds the form, runs one ranking per chosen
 * profile (two run side by side and are diffed), and keeps the URL in step with every choice so any
 * view can be shared. Rendering is in views.js; nothing here writes HTML.
 */
/* global document, window, history, location, AbortController, URLSearchParams */

import { fetchProfiles, fetchRanking } from "./api.js";
import { h, replace } from "./dom.js";
import {
  DEFAULT_FIRST,
  FILTERS,
  MODES,
  parseState,
  RECOMMEND_JOBS_OPTIONS,
  serializeState,
} from "./state.js";
import { renderErrors, renderResults, updateOpen } from "./views.js";

/** @typedef {import("./state.js").State} State */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const els = {
  form: /** @type {HTMLFormElement} */ ($("controls")),
  mode: /** @type {HTMLSelectElement} */ ($("mode")),
  q: /** @type {HTMLInputElement} */ ($("q")),
  qLabel: $("q-label"),
  profileA: /** @type {HTMLSelectElement} */ ($("profile-a")),
  profileB: /** @type {HTMLSelectElement} */ ($("profile-b")),
  first: /** @type {HTMLInputElement} */ ($("first")),
  filtersBox: /** @type {HTMLDetailsElement} */ ($("filters-box")),
  filterCount: $("filter-count"),
  status: $("status"),
  share: /** @type {HTMLAnchorElement} */ ($("share-link")),
  errors: $("errors"),
  results: $("results"),
};

/** @type {Array<{ name: string, description: string, isDefault: boolean, reranker?: string | null }>} */
let profiles = [];
/** @type {State | null} the state of the results on screen */
let shown = null;
/** @type {AbortController | null} */
let inFlight = null;
let runSeq = 0;

// ---- form ---------------------------------------------------------------------------------------

function buildForm() {
  for (const [mode, m] of Object.entries(MODES)) els.mode.append(h("option", { value: mode }, m.label));
  for (const [target, defs] of Object.entries(FILTERS)) {
    const set = $(`filters-${target}`);
    for (const def of defs) set.append(filterControl(target, def));
  }
  const opts = $("options-recommendJobs");
  for (const o of RECOMMEND_JOBS_OPTIONS) {
    opts.append(h("label", { class: "check" }, h("input", { type: "checkbox", id: `opt-${o.key}`, dataset: { option: o.key } }), o.label));
  }
  els.mode.addEventListener("change", () => showModeFields(/** @type {any} */ (els.mode.value)));
  els.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const state = readForm();
    // A new request starts with every hit collapsed; re-ranking the same request keeps them open.
    if (shown && (shown.mode !== state.mode || shown.q !== state.q)) state.open = [];
    runSafely(state, { push: true });
  });
  els.form.addEventListener("input", updateFilterCount);
}

/**
 * @param {string} target
 * @param {import("./state.js").FilterDef} def
 */
function filterControl(target, def) {
  const id = `f-${target}-${def.key}`;
  const data = { filter: def.key };
  let control;
  switch (def.type) {
    case "number":
      control = h("input", { id, type: "number", min: def.min, max: def.max, step: def.step ?? "any", placeholder: def.hint, dataset: data });
      break;
    case "text":
    case "list":
      control = h("input", { id, type: "text", placeholder: def.placeholder, spellcheck: "false", dataset: data });
      break;
    case "bool":
      control = h("select", { id, dataset: data }, h("option", { value: "" }, "any"), h("option", { value: "true" }, "yes"), h("option", { value: "false" }, "no"));
      break;
    case "enum":
      control = h("select", { id, dataset: data }, h("option", { value: "" }, "any"), (def.options ?? []).map((o) => h("option", { value: o }, o.toLowerCase())));
      break;
    case "enums":
      return h(
        "fieldset",
        { class: "field enums", id, dataset: data },
        h("legend", {}, def.label),
        (def.options ?? []).map((o) => h("label", { class: "check" }, h("input", { type: "checkbox", value: o }), o.toLowerCase())),
      );
  }
  return h("label", { class: "field", for: id }, h("span", {}, def.label), control);
}

/** @param {import("./state.js").Mode} mode */
function showModeFields(mode) {
  const m = MODES[mode];
  els.qLabel.textContent = m.input === "query" ? "Query" : m.input === "job" ? "Job id" : "Freelancer id";
  els.q.placeholder = m.placeholder;
  for (const target of Object.keys(FILTERS)) $(`filters-${target}`).hidden = target !== m.target;
  $("options-recommendJobs").hidden = mode !== "recommendJobs";
  updateFilterCount();
}

/** @returns {State} */
function readForm() {
  const mode = /** @type {import("./state.js").Mode} */ (els.mode.value);
  const target = MODES[mode].target;
  /** @type {Record<string, string>} */
  const filters = {};
  for (const def of FILTERS[target]) {
    const el = $(`f-${target}-${def.key}`);
    const value =
      def.type === "enums"
        ? [...el.querySelectorAll("input:checked")].map((i) => /** @type {HTMLInputElement} */ (i).value).join(",")
        : /** @type {HTMLInputElement} */ (el).value.trim();
    if (value !== "") filters[def.key] = value;
  }
  /** @type {Record<string, string>} */
  const options = {};
  if (mode === "recommendJobs") {
    for (const o of RECOMMEND_JOBS_OPTIONS) if (/** @type {HTMLInputElement} */ ($(`opt-${o.key}`)).checked) options[o.key] = "true";
  }
  const n = Number(els.first.value);
  return {
    mode,
    q: els.q.value.trim(),
    profiles: [...new Set([els.profileA.value, els.profileB.value].filter((p) => p !== ""))],
    first: els.first.value.trim() === "" ? DEFAULT_FIRST : n,
    filters,
    options,
    open: shown ? [...shown.open] : [],
  };
}

/** @param {State} state */
function writeForm(state) {
  els.mode.value = state.mode;
  els.q.value = state.q;
  els.first.value = String(state.first);
  for (const [target, defs] of Object.entries(FILTERS)) {
    for (const def of defs) {
      const el = $(`f-${target}-${def.key}`);
      const value = target === MODES[state.mode].target ? (state.filters[def.key] ?? "") : "";
      if (def.type === "enums") {
        const on = new Set(value.split(","));
        for (const i of el.querySelectorAll("input")) /** @type {HTMLInputElement} */ (i).checked = on.has(/** @type {HTMLInputElement} */ (i).value);
      } else {
        ensureOption(el, value);
        /** @type {HTMLInputElement} */ (el).value = value;
      }
    }
  }
  for (const o of RECOMMEND_JOBS_OPTIONS) /** @type {HTMLInputElement} */ ($(`opt-${o.key}`)).checked = state.options[o.key] === "true";
  const [a, b] = state.profiles;
  const fallback = profiles.find((p) => p.isDefault)?.name ?? profiles[0]?.name ?? "";
  ensureOption(els.profileA, a ?? fallback);
  els.profileA.value = a ?? fallback;
  ensureOption(els.profileB, b ?? "");
  els.profileB.value = b ?? "";
  showModeFields(state.mode);
  if (Object.keys(state.filters).length > 0 || Object.keys(state.options).length > 0) els.filtersBox.open = true;
}

/**
 * A value from a URL that a select does not offer (an unknown profile, a bad enum) is added, marked,
 * so the request goes out as shared and the API's error says what is wrong with it.
 * @param {HTMLElement} el
 * @param {string} value
 */
function ensureOption(el, value) {
  if (!(el instanceof window.HTMLSelectElement) || value === "") return;
  if (![...el.options].some((o) => o.value === value)) el.append(h("option", { value }, `${value} (unknown)`));
}

function updateFilterCount() {
  const target = MODES[/** @type {import("./state.js").Mode} */ (els.mode.value)].target;
  const n = countFilters(target);
  els.filterCount.textContent = n > 0 ? `(${n} set)` : "";
}

/** @param {import("./state.js").Target} target */
function countFilters(target) {
  let n = 0;
  for (const def of FILTERS[target]) {
    const el = $(`f-${target}-${def.key}`);
    if (def.type === "enums" ? el.querySelector("input:checked") : /** @type {HTMLInputElement} */ (el).value.trim() !== "") n += 1;
  }
  return n;
}

function populateProfiles() {
  const option = (/** @type {typeof profiles[number]} */ p, /** @type {boolean} */ markDefault) =>
    h(
      "option",
      { value: p.name, title: p.description },
      p.name,
      markDefault && p.isDefault ? " (default)" : "",
      p.reranker ? ` · reranker ${p.reranker}` : "",
    );
  replace(els.profileA, profiles.map((p) => option(p, true)));
  replace(els.profileB, h("option", { value: "" }, "— none —"), profiles.map((p) => option(p, false)));
}

// ---- running ------------------------------------------------------------------------------------

/**
 * Runs the state's request under each profile, renders, and records the state in the URL.
 * @param {State} state
 * @param {{ push: boolean }} how push a history entry (a new request) or replace (restoring one)
 */
async function run(state, how) {
  renderErrors(els.errors, []);
  if (state.q === "") {
    setStatus("error", MODES[state.mode].input === "query" ? "Type a query first." : "Type an id first.");
    return;
  }
  if (state.profiles.length === 0 && profiles.length > 0) state.profiles = [profiles.find((p) => p.isDefault)?.name ?? profiles[0].name];
  setUrl(state, how.push);
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const seq = ++runSeq;
  // No profile known (the profile list failed to load): ask for the server's default.
  const names = state.profiles.length > 0 ? state.profiles : [""];
  setStatus("loading", `Ranking under ${names.map((p) => p || "the default profile").join(" and ")}…`);
  els.results.setAttribute("aria-busy", "true");
  els.results.classList.add("stale");
  let outcomes;
  try {
    outcomes = await Promise.all(names.map((p) => fetchRanking(state, p, controller.signal)));
  } catch (error) {
    if (controller.signal.aborted) return;
    throw error;
  }
  if (seq !== runSeq) return;
  inFlight = null;
  els.results.setAttribute("aria-busy", "false");
  els.results.classList.remove("stale");

  /** @type {Array<{ profile: string, message: string, code: string }>} */
  const errors = outcomes.flatMap((o, i) => o.errors.map((e) => ({ ...e, profile: names[i] ?? "" })));
  renderErrors(els.errors, errors);
  const rankings = outcomes.map((o, i) => ({ profile: o.ranking?.profile ?? names[i] ?? "", ranking: o.ranking }));
  shown = state;
  renderResults(els.results, state, rankings, { onToggle: toggle });
  const got = rankings.filter((r) => r.ranking !== null);
  if (got.length === 0) setStatus("error", errors.length > 0 ? "The request failed; see the error below." : "No answer.");
  else if (got.every((r) => r.ranking.edges.length === 0)) setStatus("empty", "No results for this request and filter.");
  else setStatus("done", `${got.map((r) => `${r.profile}: ${r.ranking.edges.length} results in ${Math.round(r.ranking.tookMs)} ms`).join(" · ")}`);
}

/**
 * `run`, with a bug in the page itself shown on the page rather than lost in the console.
 * @param {State} state
 * @param {{ push: boolean }} how
 */
function runSafely(state, how) {
  run(state, how).catch((/** @type {unknown} */ error) => {
    els.results.setAttribute("aria-busy", "false");
    setStatus("error", "The inspector failed; see the error below.");
    renderErrors(els.errors, [{ message: `The inspector page failed: ${String(error)}`, code: "INSPECTOR_ERROR", profile: "" }]);
  });
}

/**
 * @param {string} state idle | loading | done | empty | error
 * @param {string} text
 */
function setStatus(state, text) {
  els.status.dataset.state = state;
  els.status.textContent = text;
}

/**
 * @param {State} state
 * @param {boolean} push
 */
function setUrl(state, push) {
  const search = serializeState(state);
  els.share.href = search;
  els.share.hidden = false;
  if (search === location.search) return;
  if (push) history.pushState(null, "", search);
  else history.replaceState(null, "", search);
}

/** Expands or collapses one hit (in every column) and records it in the URL. @param {string} id */
function toggle(id) {
  if (!shown) return;
  shown.open = shown.open.includes(id) ? shown.open.filter((x) => x !== id) : [...shown.open, id];
  setUrl(shown, false);
  updateOpen(els.results, shown.open);
}

// ---- start --------------------------------------------------------------------------------------

/** Restores the state in the URL and runs it when it names a request. */
function restore() {
  const state = parseState(location.search);
  writeForm(state);
  if (new URLSearchParams(location.search).has("q") && state.q.trim() !== "") runSafely(state, { push: false });
}

async function start() {
  buildForm();
  setStatus("loading", "Loading rank profiles…");
  const r = await fetchProfiles();
  profiles = r.profiles;
  populateProfiles();
  if (r.errors.length > 0) renderErrors(els.errors, r.errors.map((e) => ({ ...e, profile: "" })));
  setStatus("idle", "Type a query, or pick a job or freelancer by id, then Rank.");
  window.addEventListener("popstate", restore);
  restore();
  document.body.dataset.ready = "true";
}

start().catch((/** @type {unknown} */ error) => {
  renderErrors(els.errors, [{ message: `The inspector page failed to start: ${String(error)}`, code: "INSPECTOR_ERROR", profile: "" }]);
});
