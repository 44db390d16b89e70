/**
 * The GraphQL calls the inspector makes, over `fetch` to the same-origin endpoint named in the page's
 * `<meta name="talentgraph-graphql">`. Every failure comes back as a list of `{message, code}` (the
 * API's own errors with their `extensions.code`, or a transport problem), never thrown at the caller.
 */
/* global document, fetch */

import { filterInput, MODES } from "./state.js";

/**
 * @typedef {{ message: string, code: string, path?: string }} ApiError
 * @typedef {{ data: any, errors: ApiError[] }} ApiResult
 */

/** The endpoint, from the page (the server fills it in). */
export function endpoint() {
  const meta = document.querySelector('meta[name="talentgraph-graphql"]');
  return meta?.getAttribute("content") || "/graphql";
}

/**
 * Posts a GraphQL request.
 * @param {string} query
 * @param {Record<string, unknown>} variables
 * @param {AbortSignal} [signal]
 * @returns {Promise<ApiResult>}
 */
export async function graphql(query, variables, signal) {
  let res;
  try {
    res = await fetch(endpoint(), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    return { data: null, errors: [{ message: `Cannot reach the API at ${endpoint()}: ${String(error)}`, code: "NETWORK_ERROR" }] };
  }
  const text = await res.text();
  /** @type {any} */
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return { data: null, errors: [{ message: `The API answered HTTP ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`, code: `HTTP_${res.status}` }] };
  }
  const errors = Array.isArray(body?.errors)
    ? body.errors.map((/** @type {any} */ e) => ({
        message: typeof e?.message === "string" ? e.message : JSON.stringify(e),
        code: typeof e?.extensions?.code === "string" ? e.extensions.code : res.ok ? "UNKNOWN" : `HTTP_${res.status}`,
        ...(Array.isArray(e?.path) ? { path: e.path.join(".") } : {}),
      }))
    : [];
  if (!res.ok && errors.length === 0) errors.push({ message: `The API answered HTTP ${res.status}`, code: `HTTP_${res.status}` });
  return { data: body?.data ?? null, errors };
}

const FREELANCER_FIELDS = "id name title hourlyRate country rating jobSuccess available archetype";
const JOB_FIELDS = "id title status country experienceLevel budget { type min max }";
const explanationFields = () => `explanation {
  profile finalScore summary
  channels { channel retrieved rawScore normalizedScore rank contribution note }
  fusion { method normalization k weights { channel weight } }
  reranker { model applied score base note contributions { feature value contribution } }
  graphPaths { fromSkillId toSkillId fromSkill { name } toSkill { name } weight text
    steps { fromSkillId toSkillId from { name } to { name } type direction weight } }
  matchedSkills { skillId name via }
  missingSkills { skillId name } }`;

/** @param {import("./state.js").Mode} mode */
function rankingQuery(mode) {
  const m = MODES[mode];
  const filterType = m.target === "freelancers" ? "FreelancerFilter" : "JobFilter";
  const nodeFields = m.target === "freelancers" ? FREELANCER_FIELDS : JOB_FIELDS;
  const [argDecl, arg] =
    m.input === "query" ? ["$q: String!", "query: $q"] : m.input === "job" ? ["$q: ID!", "jobId: $q"] : ["$q: ID!", "freelancerId: $q"];
  const extraDecl = mode === "recommendJobs" ? ", $includeApplied: Boolean, $includeClosed: Boolean" : "";
  const extraArgs = mode === "recommendJobs" ? ", includeApplied: $includeApplied, includeClosed: $includeClosed" : "";
  return `query Inspect(${argDecl}, $filter: ${filterType}, $first: Int, $profile: String${extraDecl}) {
  ranking: ${mode}(${arg}, filter: $filter, first: $first, profile: $profile${extraArgs}) {
    profile tookMs pageInfo { hasNextPage endCursor } timings { stage ms }
    edges { rank score node { ${nodeFields} } ${explanationFields()} }
  }
}`;
}

/**
 * One ranking with explanations for every hit.
 * @param {import("./state.js").State} state
 * @param {string} profile "" for the server's default
 * @param {AbortSignal} [signal]
 */
export async function fetchRanking(state, profile, signal) {
  /** @type {Record<string, unknown>} */
  const variables = { q: state.q, first: state.first, ...(profile ? { profile } : {}) };
  const filter = filterInput(state);
  if (filter) variables.filter = filter;
  if (state.mode === "recommendJobs") {
    variables.includeApplied = state.options.includeApplied === "true";
    variables.includeClosed = state.options.includeClosed === "true";
  }
  const r = await graphql(rankingQuery(state.mode), variables, signal);
  return { ranking: r.data?.ranking ?? null, errors: r.errors };
}

/**
 * The server's rank profiles, default first, with the reranker each one runs.
 * @returns {Promise<{ profiles: Array<{ name: string, description: string, isDefault: boolean, reranker?: string | null }>, errors: ApiError[] }>}
 */
export async function fetchProfiles() {
  // No introspection: production servers refuse it, and every field asked for here is in the schema.
  const r = await graphql(`query InspectorProfiles { rankProfiles { name description isDefault reranker } }`, {});
  return { profiles: r.data?.rankProfiles ?? [], errors: r.errors };
}
