/**
 * The inspector's state and its shareable form: every choice on the page (mode, query or id,
 * filters, profiles, page size, expanded hits) round-trips through the URL's query string, so a
 * copied URL reopens the same view and reruns the same query.
 *
 *   ?mode=searchFreelancers&q=react+developer&p=hybrid&p=keyword&n=10&available=true&open=fl-0042
 */
/* global URLSearchParams */

/**
 * @typedef {"searchFreelancers" | "searchJobs" | "recommendFreelancers" | "recommendJobs"} Mode
 * @typedef {"freelancers" | "jobs"} Target
 * @typedef {{ key: string, label: string, type: "number" | "text" | "list" | "bool" | "enum" | "enums", options?: string[], min?: number, max?: number, step?: number, placeholder?: string, hint?: string }} FilterDef
 * @typedef {{ mode: Mode, q: string, profiles: string[], first: number, filters: Record<string, string>, options: Record<string, string>, open: string[] }} State
 */

/** @type {Record<Mode, { label: string, target: Target, input: "query" | "job" | "freelancer", placeholder: string }>} */
export const MODES = {
  searchFreelancers: { label: "Search freelancers", target: "freelancers", input: "query", placeholder: "senior react developer with node.js" },
  searchJobs: { label: "Search jobs", target: "jobs", input: "query", placeholder: "python django backend" },
  recommendFreelancers: { label: "Recommend freelancers for a job", target: "freelancers", input: "job", placeholder: "job id, e.g. job-0001" },
  recommendJobs: { label: "Recommend jobs for a freelancer", target: "jobs", input: "freelancer", placeholder: "freelancer id, e.g. fl-0001" },
};

export const DEFAULT_MODE = "searchFreelancers";
export const DEFAULT_FIRST = 10;
export const MAX_PROFILES = 2;

/** Filters per target; `key` is both the GraphQL input field and the URL parameter. */
/** @type {Record<Target, FilterDef[]>} */
export const FILTERS = {
  freelancers: [
    { key: "available", label: "Available", type: "bool" },
    { key: "countries", label: "Countries", type: "list", placeholder: "DE, US" },
    { key: "minRating", label: "Min rating", type: "number", min: 0, max: 5, step: 0.1, hint: "0..5" },
    { key: "minJobSuccess", label: "Min job success", type: "number", min: 0, max: 1, step: 0.01, hint: "0..1" },
    { key: "minHourlyRate", label: "Min rate", type: "number", min: 0, step: 1, hint: "per hour" },
    { key: "maxHourlyRate", label: "Max rate", type: "number", min: 0, step: 1, hint: "per hour" },
    { key: "skillIds", label: "Has skills", type: "list", placeholder: "react, typescript" },
    { key: "includeArchetypes", label: "ESCO archetypes", type: "bool" },
  ],
  jobs: [
    { key: "statuses", label: "Statuses", type: "enums", options: ["OPEN", "CLOSED"] },
    { key: "budgetType", label: "Budget type", type: "enum", options: ["HOURLY", "FIXED"] },
    { key: "minBudget", label: "Min budget", type: "number", min: 0, step: 1 },
    { key: "maxBudget", label: "Max budget", type: "number", min: 0, step: 1 },
    { key: "experienceLevels", label: "Experience", type: "enums", options: ["ENTRY", "INTERMEDIATE", "EXPERT"] },
    { key: "countries", label: "Countries", type: "list", placeholder: "United States" },
    { key: "skillIds", label: "Needs skills", type: "list", placeholder: "python" },
    { key: "postedSince", label: "Posted since", type: "text", placeholder: "2026-01-01T00:00:00Z" },
  ],
};

/** recommendJobs' own switches (not filters). */
export const RECOMMEND_JOBS_OPTIONS = [
  { key: "includeApplied", label: "Include jobs already applied to" },
  { key: "includeClosed", label: "Include closed jobs" },
];

/** @param {string} mode @returns {mode is Mode} */
export function isMode(mode) {
  return Object.prototype.hasOwnProperty.call(MODES, mode);
}

/** @param {string} text */
function splitList(text) {
  return text
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

/**
 * Reads the state from a query string. Unknown parameters are ignored; values are kept as typed
 * (the API validates them and the page shows its errors).
 * @param {string} search e.g. `location.search`
 * @returns {State}
 */
export function parseState(search) {
  const params = new URLSearchParams(search);
  const rawMode = params.get("mode") ?? DEFAULT_MODE;
  const mode = isMode(rawMode) ? rawMode : DEFAULT_MODE;
  const target = MODES[mode].target;
  const filters = /** @type {Record<string, string>} */ ({});
  for (const def of FILTERS[target]) {
    const v = params.get(def.key);
    if (v !== null && v.trim() !== "") filters[def.key] = v;
  }
  const options = /** @type {Record<string, string>} */ ({});
  if (mode === "recommendJobs") {
    for (const o of RECOMMEND_JOBS_OPTIONS) if (params.get(o.key) === "true") options[o.key] = "true";
  }
  const n = Number(params.get("n") ?? DEFAULT_FIRST);
  return {
    mode,
    q: params.get("q") ?? "",
    profiles: [...new Set(params.getAll("p").filter((p) => p.trim() !== ""))].slice(0, MAX_PROFILES),
    first: Number.isInteger(n) ? n : DEFAULT_FIRST,
    filters,
    options,
    open: [...new Set(params.getAll("open"))],
  };
}

/**
 * The query string for a state (with the leading "?"); parameters in a fixed order so equal states
 * give equal URLs.
 * @param {State} state
 */
export function serializeState(state) {
  const params = new URLSearchParams();
  params.set("mode", state.mode);
  params.set("q", state.q);
  for (const p of state.profiles) params.append("p", p);
  if (state.first !== DEFAULT_FIRST) params.set("n", String(state.first));
  for (const def of FILTERS[MODES[state.mode].target]) {
    const v = state.filters[def.key];
    if (v !== undefined && v !== "") params.set(def.key, v);
  }
  for (const [k, v] of Object.entries(state.options)) params.set(k, v);
  for (const id of state.open) params.append("open", id);
  return `?${params.toString()}`;
}

/**
 * The GraphQL filter input for a state's filters: numbers as numbers, lists split on commas,
 * booleans as booleans. A number that does not parse is sent as-is so the API reports it.
 * @param {State} state
 * @returns {Record<string, unknown> | undefined} undefined when no filter is set
 */
export function filterInput(state) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const def of FILTERS[MODES[state.mode].target]) {
    const raw = state.filters[def.key];
    if (raw === undefined || raw.trim() === "") continue;
    switch (def.type) {
      case "number": {
        const x = Number(raw);
        out[def.key] = Number.isFinite(x) ? x : raw;
        break;
      }
      case "bool":
        out[def.key] = raw === "true";
        break;
      case "text":
        out[def.key] = raw.trim();
        break;
      case "list":
        out[def.key] = splitList(raw);
        break;
      case "enum":
        out[def.key] = raw;
        break;
      case "enums":
        out[def.key] = splitList(raw);
        break;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
