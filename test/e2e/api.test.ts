/**
 * The GraphQL API end to end: the real server (`startServer`: services, pipeline, express app,
 * listening on 127.0.0.1 with a random port) over a small demo marketplace ingested into a temp data
 * dir with the tiny test model, driven over HTTP like any client.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig, type Config } from "../../src/core/config.js";
import { ingestInto } from "../helpers/ingest-into.js";
import { generateDemo } from "../../src/ingest/demo/generate-demo.js";
import { DEFAULT_PROFILE, profileChannels, RankProfiles } from "../../src/pipeline/rank-profile.js";
import { startServer, type RunningServer } from "../../src/serve/server.js";
import { openKeyStore } from "../../src/services.js";

interface DemoFreelancer {
  id: string;
  country?: string;
  available?: boolean;
  hourlyRate?: number;
  rating?: number;
}
interface DemoInteraction {
  type: string;
  jobId: string;
  freelancerId: string;
}

interface GqlError {
  message: string;
  extensions?: { code?: string };
}
interface Gql<T> {
  status: number;
  text: string;
  data: T;
  errors?: GqlError[];
}

const work = mkdtempSync(path.join(os.tmpdir(), "tg-api-e2e-"));
const input = path.join(work, "input");
const dataDir = path.join(work, "data");
let server: RunningServer;
let freelancers: DemoFreelancer[];
let interactions: DemoInteraction[];
/** Headers of a write-scope API key: mutations need one. */
let writeKey: Record<string, string>;

const readJsonl = <T>(file: string): T[] =>
  readFileSync(path.join(input, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);

async function gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Gql<T>> {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  const body = JSON.parse(text) as { data: T; errors?: GqlError[] };
  return { status: res.status, text, data: body.data, ...(body.errors ? { errors: body.errors } : {}) };
}

/** Asserts a request succeeded and returns its data. */
async function ok<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<T> {
  const r = await gql<T>(query, variables, headers);
  expect(r.errors, r.text).toBeUndefined();
  expect(r.status).toBe(200);
  return r.data;
}

const FREELANCER_FIELDS = "id name title hourlyRate country available rating jobSuccess archetype skills { skillId level source skill { id name } }";
const JOB_FIELDS = "id title status experienceLevel postedAt country budget { type min max } skills { skillId importance skill { id } }";
const EXPLANATION = `explanation { profile finalScore summary
  channels { channel retrieved rawScore normalizedScore rank contribution note }
  fusion { method normalization k weights { channel weight } }
  reranker { model applied score contributions { feature value contribution } }
  graphPaths { fromSkillId toSkillId weight text steps { fromSkillId toSkillId type direction weight } }
  matchedSkills { skillId name via } missingSkills { skillId name } }`;

interface Edge<N> {
  rank: number;
  score: number;
  cursor: string;
  node: N;
  explanation?: Explanation;
}
interface Connection<N> {
  edges: Array<Edge<N>>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  tookMs: number;
  profile: string;
  timings: Array<{ stage: string; ms: number }>;
}
interface Explanation {
  profile: string;
  finalScore: number;
  summary: string;
  channels: Array<{ channel: string; retrieved: boolean; rawScore: number | null; rank: number | null; contribution: number; note: string | null }>;
  fusion: { method: string; weights: Array<{ channel: string; weight: number }> };
  reranker: { model: string; applied: boolean };
}
interface FreelancerNode {
  id: string;
  hourlyRate: number | null;
  country: string | null;
  available: boolean | null;
  rating: number | null;
  jobSuccess: number | null;
  archetype: boolean;
  skills: Array<{ skillId: string; skill: { id: string } | null }>;
}
interface JobNode {
  id: string;
  status: "OPEN" | "CLOSED";
  experienceLevel: string | null;
  postedAt: string | null;
  country: string | null;
  budget: { type: string; min: number | null; max: number | null } | null;
  skills: Array<{ skillId: string }>;
}

const SEARCH_FREELANCERS = `query($q: String!, $filter: FreelancerFilter, $first: Int, $after: String, $profile: String) {
  searchFreelancers(query: $q, filter: $filter, first: $first, after: $after, profile: $profile) {
    edges { rank score cursor node { ${FREELANCER_FIELDS} } }
    pageInfo { hasNextPage endCursor } tookMs profile timings { stage ms } } }`;
const SEARCH_JOBS = `query($q: String!, $filter: JobFilter, $first: Int, $after: String) {
  searchJobs(query: $q, filter: $filter, first: $first, after: $after) {
    edges { rank score cursor node { ${JOB_FIELDS} } } pageInfo { hasNextPage endCursor } tookMs profile } }`;
const RECOMMEND_FREELANCERS = `query($id: ID!, $filter: FreelancerFilter, $first: Int, $after: String, $profile: String) {
  recommendFreelancers(jobId: $id, filter: $filter, first: $first, after: $after, profile: $profile) {
    edges { rank score cursor node { ${FREELANCER_FIELDS} } } pageInfo { hasNextPage endCursor } tookMs profile } }`;
const RECOMMEND_JOBS = `query($id: ID!, $first: Int, $applied: Boolean, $closed: Boolean) {
  recommendJobs(freelancerId: $id, first: $first, includeApplied: $applied, includeClosed: $closed) {
    edges { rank score node { ${JOB_FIELDS} } } pageInfo { hasNextPage endCursor } profile } }`;

beforeAll(async () => {
  await generateDemo({ outDir: input, freelancers: 400, jobs: 150, seed: 11 });
  const config: Config = loadConfig({
    env: {},
    // Anonymous reads are rate limited per IP by default; this suite fires requests faster than that on a quiet machine.
    overrides: { dataDir, model: inject("tinyModelDir"), logLevel: "silent", port: 0, host: "127.0.0.1", anonymousRateLimitPerSecond: 0 },
  });
  await ingestInto(config, input);
  freelancers = readJsonl<DemoFreelancer>("freelancers.jsonl");
  interactions = readJsonl<DemoInteraction>("interactions.jsonl");
  const keys = openKeyStore(config);
  writeKey = { authorization: `Bearer ${keys.create({ scope: "write", name: "api e2e" }).key}` };
  keys.close();
  server = await startServer(config, { handleSignals: false });
});

afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("GraphQL API over HTTP", () => {
  it("searches freelancers and jobs, reporting profile and stage timings", async () => {
    const f = (await ok<{ searchFreelancers: Connection<FreelancerNode> }>(SEARCH_FREELANCERS, { q: "senior react developer with typescript" }))
      .searchFreelancers;
    expect(f.edges).toHaveLength(10);
    expect(f.profile).toBe(DEFAULT_PROFILE);
    expect(f.edges.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (let i = 1; i < f.edges.length; i++) expect(f.edges[i]!.score).toBeLessThanOrEqual(f.edges[i - 1]!.score);
    expect(f.edges[0]!.node.skills.map((s) => s.skillId)).toEqual(expect.arrayContaining(["react"]));
    expect(f.tookMs).toBeGreaterThan(0);
    expect(f.timings.map((t) => t.stage)).toEqual(expect.arrayContaining(["embed", "vector", "keyword", "graph", "fuse"]));
    const j = (await ok<{ searchJobs: Connection<JobNode> }>(SEARCH_JOBS, { q: "python django backend" })).searchJobs;
    expect(j.edges.length).toBe(10);
    expect(j.edges[0]!.node.skills.length).toBeGreaterThan(0);
  });

  it("recommends freelancers for a job and jobs for a freelancer, excluding applied and closed jobs by default", async () => {
    const engaged = new Map<string, Set<string>>();
    for (const i of interactions) {
      if (i.type === "apply" || i.type === "interview" || i.type === "hire") {
        engaged.set(i.freelancerId, (engaged.get(i.freelancerId) ?? new Set()).add(i.jobId));
      }
    }
    const [busy, applied] = [...engaged.entries()].sort((a, b) => b[1].size - a[1].size)[0]!;
    const jobId = [...applied][0]!;
    const rf = (await ok<{ recommendFreelancers: Connection<FreelancerNode> }>(RECOMMEND_FREELANCERS, { id: jobId, first: 20 })).recommendFreelancers;
    expect(rf.edges).toHaveLength(20);

    const rj = (await ok<{ recommendJobs: Connection<JobNode> }>(RECOMMEND_JOBS, { id: busy, first: 100 })).recommendJobs;
    expect(rj.edges.length).toBeGreaterThan(0);
    for (const e of rj.edges) {
      expect(e.node.status).toBe("OPEN");
      expect(applied.has(e.node.id), `${e.node.id} was applied to by ${busy}`).toBe(false);
    }
    const all = (await ok<{ recommendJobs: Connection<JobNode> }>(RECOMMEND_JOBS, { id: busy, first: 100, applied: true, closed: true })).recommendJobs;
    expect(all.edges.some((e) => e.node.status === "CLOSED")).toBe(true);
    expect(all.edges.some((e) => applied.has(e.node.id))).toBe(true);
  });

  it("records interactions: an application then excludes the job from the freelancer's recommendations", async () => {
    const RECORD = `mutation($input: InteractionInput!) { recordInteraction(input: $input) { inserted interaction { type at rating job { id } freelancer { id } } } }`;
    const before = (await ok<{ recommendJobs: Connection<JobNode> }>(RECOMMEND_JOBS, { id: freelancers[0]!.id, first: 5 })).recommendJobs;
    const target = before.edges[0]!.node.id;
    const input = { type: "APPLY", jobId: target, freelancerId: freelancers[0]!.id, at: "2026-11-20T10:00:00Z" };
    type Recorded = { recordInteraction: { inserted: boolean; interaction: { type: string; at: string; job: { id: string }; freelancer: { id: string } } } };
    const first = await ok<Recorded>(RECORD, { input }, writeKey);
    expect(first.recordInteraction).toEqual({ inserted: true, interaction: { type: "APPLY", at: "2026-11-20T10:00:00Z", rating: null, job: { id: target }, freelancer: { id: freelancers[0]!.id } } });
    expect((await ok<Recorded>(RECORD, { input }, writeKey)).recordInteraction.inserted).toBe(false);
    const after = (await ok<{ recommendJobs: Connection<JobNode> }>(RECOMMEND_JOBS, { id: freelancers[0]!.id, first: 100 })).recommendJobs;
    expect(after.edges.some((e) => e.node.id === target)).toBe(false);

    const unknown = await gql(RECORD, { input: { ...input, jobId: "no-such-job" } }, writeKey);
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(unknown.errors?.[0]?.message).toMatch(/unknown job id "no-such-job"/);
    const badTime = await gql(RECORD, { input: { ...input, at: "yesterday" } }, writeKey);
    expect(badTime.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    const badType = await gql(RECORD, { input: { ...input, type: "LIKE" } }, writeKey);
    expect(badType.errors?.[0]?.message, badType.text).toMatch(/"LIKE"/);
    expect(badType.text).not.toMatch(/"stack"/);
  });

  it("writes a freelancer through the API: searchable at once, updated, unchanged, deleted, with clear errors", async () => {
    const UPSERT = `mutation($input: FreelancerInput!) { upsertFreelancer(input: $input) { status unlinkedSkillNames freelancer { id title hourlyRate skills { skillId level source } } } }`;
    const DELETE = `mutation($id: ID!) { deleteFreelancer(id: $id) { id status } }`;
    const search = async (q: string) =>
      (await ok<{ searchFreelancers: Connection<FreelancerNode> }>(SEARCH_FREELANCERS, { q, first: 10 })).searchFreelancers.edges.map((e) => e.node.id);
    type Upserted = { upsertFreelancer: { status: string; unlinkedSkillNames: string[]; freelancer: { id: string; title: string; hourlyRate: number; skills: Array<{ skillId: string; level: number; source: string }> } } };
    const input = {
      id: "fl-live-1",
      name: "Live Writer",
      title: "Quokkascript wrangler and React developer",
      overview: "Ships React front ends.",
      skills: [{ name: "react", level: 5 }, { name: "no such skill at all" }],
      hourlyRate: 55,
      available: true,
    };
    const first = await ok<Upserted>(UPSERT, { input }, writeKey);
    expect(first.upsertFreelancer.status).toBe("INSERTED");
    expect(first.upsertFreelancer.unlinkedSkillNames).toEqual(["no such skill at all"]);
    expect(first.upsertFreelancer.freelancer.skills.find((s) => s.source === "NAME")?.level).toBe(5);
    expect(await search("quokkascript")).toContain("fl-live-1");

    expect((await ok<Upserted>(UPSERT, { input }, writeKey)).upsertFreelancer.status).toBe("UNCHANGED");
    const changed = await ok<Upserted>(UPSERT, { input: { ...input, title: "Wombatlang specialist", hourlyRate: 70 } }, writeKey);
    expect(changed.upsertFreelancer.status).toBe("UPDATED");
    expect(changed.upsertFreelancer.freelancer.hourlyRate).toBe(70);
    expect(await search("wombatlang")).toContain("fl-live-1");
    expect(await search("quokkascript")).not.toContain("fl-live-1");
    // The filter columns see the new rate at once.
    const filtered = await ok<{ searchFreelancers: Connection<FreelancerNode> }>(SEARCH_FREELANCERS, { q: "wombatlang", first: 10, filter: { minHourlyRate: 65 } });
    expect(filtered.searchFreelancers.edges.map((e) => e.node.id)).toContain("fl-live-1");

    expect((await ok<{ deleteFreelancer: { status: string } }>(DELETE, { id: "fl-live-1" }, writeKey)).deleteFreelancer.status).toBe("DELETED");
    expect(await search("wombatlang")).not.toContain("fl-live-1");
    expect((await ok<{ deleteFreelancer: { status: string } }>(DELETE, { id: "fl-live-1" }, writeKey)).deleteFreelancer.status).toBe("NOT_FOUND");

    const bad = await gql(UPSERT, { input: { ...input, hourlyRate: -5 } }, writeKey);
    expect(bad.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    expect(bad.errors?.[0]?.message).toMatch(/upsertFreelancer: hourlyRate/);
    const unknownSkill = await gql(UPSERT, { input: { ...input, skills: [{ id: "no-such-skill-id" }] } }, writeKey);
    expect(unknownSkill.errors?.[0]?.extensions?.code).toBe("INVALID_INPUT");
    expect(unknownSkill.errors?.[0]?.message).toMatch(/unknown skill id "no-such-skill-id"/);
    expect(await search("wombatlang")).not.toContain("fl-live-1");
  });

  it("writes jobs and skills: a new skill is linkable by name at once", async () => {
    const SKILL = `mutation($input: SkillInput!) { upsertSkill(input: $input) { status skill { id name } } }`;
    const JOB = `mutation($input: JobInput!) { upsertJob(input: $input) { status job { id status budget { type max } skills { skillId importance source } } } }`;
    const skill = await ok<{ upsertSkill: { status: string } }>(SKILL, { input: { id: "skill-zigzag", name: "Zigzag Framework", aliases: ["zigzagjs"] } }, writeKey);
    expect(skill.upsertSkill.status).toBe("INSERTED");
    const job = await ok<{ upsertJob: { status: string; job: { status: string; skills: Array<{ skillId: string; importance: string; source: string }> } } }>(
      JOB,
      { input: { id: "job-live-1", title: "Zigzagjs engineer", description: "Maintain our zigzagjs app.", skills: [{ name: "Zigzag Framework", importance: "REQUIRED" }], budget: { type: "HOURLY", max: 80 } } },
      writeKey,
    );
    expect(job.upsertJob.status).toBe("INSERTED");
    expect(job.upsertJob.job.status).toBe("OPEN");
    expect(job.upsertJob.job.skills).toEqual([{ skillId: "skill-zigzag", importance: "REQUIRED", source: "NAME" }]);
    const linked = await ok<{ linkSkills: Array<{ skillId: string }> }>(`{ linkSkills(text: "we use zigzagjs daily") { skillId } }`);
    expect(linked.linkSkills.map((l) => l.skillId)).toContain("skill-zigzag");
    const found = await ok<{ searchJobs: Connection<JobNode> }>(SEARCH_JOBS, { q: "zigzagjs", first: 5 });
    expect(found.searchJobs.edges.map((e) => e.node.id)).toContain("job-live-1");
    expect((await ok<{ deleteJob: { status: string } }>(`mutation { deleteJob(id: "job-live-1") { status } }`, {}, writeKey)).deleteJob.status).toBe("DELETED");
  });

  it("explains a match, links skills, and looks up freelancers, jobs, skills and profiles", async () => {
    const d = await ok<{
      explainMatch: { score: number; rank: number | null; profile: string; job: { id: string }; freelancer: { id: string }; explanation: Explanation };
      linkSkills: Array<{ skillId: string; method: string; score: number; skill: { name: string } }>;
      freelancer: { id: string; skills: Array<{ skill: { id: string } }> };
      job: { id: string };
      skill: { id: string; name: string; related: Array<{ type: string; direction: string; weight: number; skill: { id: string; name: string } }> };
      rankProfiles: Array<{ name: string; isDefault: boolean }>;
    }>(
      `query($j: ID!, $f: ID!) {
        explainMatch(jobId: $j, freelancerId: $f) { score rank profile job { id } freelancer { id } ${EXPLANATION} }
        linkSkills(text: "senior react developer with node.js and postgres", first: 5) { skillId method score skill { name } }
        freelancer(id: $f) { id skills { skill { id } } }
        job(id: $j) { id }
        skill(id: "react") { id name related(first: 5) { type direction weight skill { id name } } }
        rankProfiles { name isDefault }
      }`,
      { j: "job-001", f: freelancers[0]!.id },
    );
    expect(d.explainMatch.job.id).toBe("job-001");
    expect(d.explainMatch.profile).toBe(DEFAULT_PROFILE);
    expect(d.explainMatch.explanation.channels.map((c) => c.channel).sort()).toEqual(["COLLABORATIVE", "GRAPH", "KEYWORD", "VECTOR"]);
    expect(d.explainMatch.explanation.summary.length).toBeGreaterThan(0);
    expect(d.linkSkills.slice(0, 3).map((l) => l.skillId).sort()).toEqual(["node-js", "postgresql", "react"]);
    expect(d.freelancer.skills.length).toBeGreaterThan(0);
    expect(d.job.id).toBe("job-001");
    expect(d.skill.name).toBe("React");
    expect(d.skill.related.length).toBeGreaterThan(0);
    for (let i = 1; i < d.skill.related.length; i++) expect(d.skill.related[i]!.weight).toBeLessThanOrEqual(d.skill.related[i - 1]!.weight);
    expect(d.rankProfiles[0]).toEqual({ name: DEFAULT_PROFILE, isDefault: true });
    expect(d.rankProfiles.map((p) => p.name)).toEqual(expect.arrayContaining(new RankProfiles().list().map((p) => p.name)));
  });

  it("pages 1..5 of first:10 concatenate to the top 50, with no duplicates or gaps", async () => {
    const cases: Array<{ query: string; field: string; vars: Record<string, unknown> }> = [
      { query: SEARCH_FREELANCERS, field: "searchFreelancers", vars: { q: "web developer javascript" } },
      { query: RECOMMEND_FREELANCERS, field: "recommendFreelancers", vars: { id: "job-002" } },
    ];
    for (const { query, field, vars } of cases) {
      const top = (await ok<Record<string, Connection<{ id: string }>>>(query, { ...vars, first: 50 }))[field]!;
      expect(top.edges).toHaveLength(50);
      const pages: Array<Edge<{ id: string }>> = [];
      let after: string | null = null;
      for (let p = 0; p < 5; p++) {
        const page: Connection<{ id: string }> = (await ok<Record<string, Connection<{ id: string }>>>(query, { ...vars, first: 10, ...(after ? { after } : {}) }))[field]!;
        expect(page.edges, `${field} page ${p + 1}`).toHaveLength(10);
        expect(page.pageInfo.hasNextPage).toBe(true);
        expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
        pages.push(...page.edges);
        after = page.pageInfo.endCursor;
      }
      expect(pages.map((e) => e.node.id), field).toEqual(top.edges.map((e) => e.node.id));
      expect(pages.map((e) => e.rank)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(new Set(pages.map((e) => e.node.id)).size).toBe(50);
      // Continuing from any edge's cursor gives what follows it.
      const mid = (await ok<Record<string, Connection<{ id: string }>>>(query, { ...vars, first: 5, after: top.edges[22]!.cursor }))[field]!;
      expect(mid.edges.map((e) => e.node.id)).toEqual(top.edges.slice(23, 28).map((e) => e.node.id));
    }
  });

  it("honours every freelancer filter on every returned item", async () => {
    const country = freelancers[0]!.country!;
    const skillId = "javascript";
    const filters: Array<[Record<string, unknown>, (n: FreelancerNode) => boolean]> = [
      [{ minHourlyRate: 40, maxHourlyRate: 70 }, (n) => n.hourlyRate !== null && n.hourlyRate >= 40 && n.hourlyRate <= 70],
      [{ countries: [country.toUpperCase()] }, (n) => n.country === country],
      [{ available: false }, (n) => n.available === false],
      [{ minRating: 4.8 }, (n) => n.rating !== null && n.rating >= 4.8],
      [{ minJobSuccess: 0.9 }, (n) => n.jobSuccess !== null && n.jobSuccess >= 0.9],
      [{ skillIds: [skillId] }, (n) => n.skills.some((s) => s.skillId === skillId)],
      [{ includeArchetypes: false }, (n) => !n.archetype],
    ];
    for (const [filter, holds] of filters) {
      for (const [query, field, vars] of [
        [SEARCH_FREELANCERS, "searchFreelancers", { q: "experienced developer" }],
        [RECOMMEND_FREELANCERS, "recommendFreelancers", { id: "job-003" }],
      ] as const) {
        const c = (await ok<Record<string, Connection<FreelancerNode>>>(query, { ...vars, filter, first: 50 }))[field]!;
        expect(c.edges.length, `${field} ${JSON.stringify(filter)}`).toBeGreaterThan(0);
        for (const e of c.edges) expect(holds(e.node), `${field} ${JSON.stringify(filter)}: ${JSON.stringify(e.node)}`).toBe(true);
      }
    }
  });

  it("honours every job filter on every returned item", async () => {
    const since = "2026-01-01T00:00:00Z";
    const filters: Array<[Record<string, unknown>, (n: JobNode) => boolean]> = [
      [{ budgetType: "HOURLY" }, (n) => n.budget?.type === "HOURLY"],
      // Overlap: the job's [min, max] meets [20, 40].
      [{ minBudget: 20, maxBudget: 40 }, (n) => n.budget !== null && (n.budget.max ?? Infinity) >= 20 && (n.budget.min ?? 0) <= 40],
      [{ experienceLevels: ["EXPERT", "ENTRY"] }, (n) => n.experienceLevel === "EXPERT" || n.experienceLevel === "ENTRY"],
      [{ statuses: ["OPEN"] }, (n) => n.status === "OPEN"],
      [{ postedSince: since }, (n) => n.postedAt !== null && Date.parse(n.postedAt) >= Date.parse(since)],
      [{ countries: ["united states"] }, (n) => n.country === "United States"],
      [{ skillIds: ["python"] }, (n) => n.skills.some((s) => s.skillId === "python")],
    ];
    for (const [filter, holds] of filters) {
      const c = (await ok<{ searchJobs: Connection<JobNode> }>(SEARCH_JOBS, { q: "developer for our project", filter, first: 50 })).searchJobs;
      expect(c.edges.length, JSON.stringify(filter)).toBeGreaterThan(0);
      for (const e of c.edges) expect(holds(e.node), `${JSON.stringify(filter)}: ${JSON.stringify(e.node)}`).toBe(true);
    }
  });

  it("fills pages under a selective filter while enough matches exist", async () => {
    // The most selective country+availability slice that still has more than one page of matches.
    const counts = new Map<string, number>();
    for (const f of freelancers) if (f.country && f.available === false) counts.set(f.country, (counts.get(f.country) ?? 0) + 1);
    const [country, matching] = [...counts.entries()].filter(([, n]) => n > 10).sort((a, b) => a[1] - b[1])[0]!;
    const filter = { countries: [country], available: false };
    // A query unrelated to anyone's profile: keyword and graph find little, yet the page must fill.
    for (const q of ["underwater basket weaving", "senior react developer"]) {
      const page = (await ok<{ searchFreelancers: Connection<FreelancerNode> }>(SEARCH_FREELANCERS, { q, filter, first: 10 })).searchFreelancers;
      expect(page.edges, q).toHaveLength(10);
      const all = (await ok<{ searchFreelancers: Connection<FreelancerNode> }>(SEARCH_FREELANCERS, { q, filter, first: 100 })).searchFreelancers;
      expect(all.edges, `${q}: ${matching} freelancers match`).toHaveLength(matching);
      expect(all.pageInfo.hasNextPage).toBe(false);
      for (const e of all.edges) expect([e.node.country, e.node.available]).toEqual([country, false]);
    }
  });

  it("explains every hit with every channel of its profile", async () => {
    const profiles = new RankProfiles();
    const expectChannels = (edges: Array<Edge<unknown>>, profile: string): void => {
      const want = profileChannels(profiles.get(profile)).map((c) => c.toUpperCase()).sort();
      expect(edges.length).toBeGreaterThan(0);
      for (const e of edges) {
        const ex = e.explanation!;
        expect(ex.profile).toBe(profile);
        expect(ex.channels.map((c) => c.channel).sort(), `rank ${e.rank}`).toEqual(want);
        expect(ex.finalScore).toBeCloseTo(e.score, 9);
        expect(ex.summary.length).toBeGreaterThan(0);
        for (const c of ex.channels) {
          if (!c.retrieved) {
            expect(c.rawScore).toBeNull();
            expect(c.contribution).toBe(0);
            expect(c.note, `${c.channel} says why it did not retrieve rank ${e.rank}`).toBeTruthy();
          }
        }
        expect(ex.channels.some((c) => c.retrieved)).toBe(true);
      }
    };
    for (const profile of [DEFAULT_PROFILE, "hybrid-rrf", "keyword"]) {
      const s = await ok<{ searchFreelancers: Connection<unknown> }>(
        `query($p: String) { searchFreelancers(query: "python data scientist", first: 20, profile: $p) { profile edges { rank score ${EXPLANATION} } } }`,
        { p: profile },
      );
      expect(s.searchFreelancers.profile).toBe(profile);
      expectChannels(s.searchFreelancers.edges, profile);
    }
    const r = await ok<{ recommendFreelancers: Connection<unknown>; recommendJobs: Connection<unknown> }>(
      `query($f: ID!) {
        recommendFreelancers(jobId: "job-004", first: 20) { edges { rank score ${EXPLANATION} } }
        recommendJobs(freelancerId: $f, first: 10, includeClosed: true) { edges { rank score ${EXPLANATION} } } }`,
      { f: freelancers[1]!.id },
    );
    expectChannels(r.recommendFreelancers.edges, DEFAULT_PROFILE);
    expectChannels(r.recommendJobs.edges, DEFAULT_PROFILE);
  });

  it("answers each bad input with its code, HTTP 200 and no stack trace", async () => {
    const first = await ok<{ searchFreelancers: Connection<unknown> }>(SEARCH_FREELANCERS, { q: "react", first: 5 });
    const otherQueryCursor = first.searchFreelancers.pageInfo.endCursor!;
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      ["empty query", SEARCH_FREELANCERS, { q: "" }, "INVALID_INPUT"],
      ["blank query", SEARCH_JOBS, { q: "   " }, "INVALID_INPUT"],
      ["huge query", SEARCH_FREELANCERS, { q: "react ".repeat(300) }, "INVALID_INPUT"],
      ["first over 100", SEARCH_FREELANCERS, { q: "react", first: 101 }, "INVALID_INPUT"],
      ["first 0", SEARCH_JOBS, { q: "react", first: 0 }, "INVALID_INPUT"],
      ["first negative", RECOMMEND_FREELANCERS, { id: "job-001", first: -3 }, "INVALID_INPUT"],
      ["malformed cursor", SEARCH_FREELANCERS, { q: "react", after: "not-a-cursor" }, "INVALID_CURSOR"],
      ["cursor of another query", SEARCH_FREELANCERS, { q: "python", after: otherQueryCursor }, "INVALID_CURSOR"],
      ["unknown job", RECOMMEND_FREELANCERS, { id: "job-does-not-exist" }, "NOT_FOUND"],
      ["unknown freelancer", RECOMMEND_JOBS, { id: "fl-does-not-exist" }, "NOT_FOUND"],
      ["unknown profile", SEARCH_FREELANCERS, { q: "react", profile: "no-such-profile" }, "NOT_FOUND"],
      ["min > max rate", SEARCH_FREELANCERS, { q: "react", filter: { minHourlyRate: 90, maxHourlyRate: 20 } }, "INVALID_INPUT"],
      ["min > max budget", SEARCH_JOBS, { q: "react", filter: { minBudget: 900, maxBudget: 100 } }, "INVALID_INPUT"],
      ["rating out of range", SEARCH_FREELANCERS, { q: "react", filter: { minRating: 7 } }, "INVALID_INPUT"],
      ["bad date", SEARCH_JOBS, { q: "react", filter: { postedSince: "last tuesday" } }, "INVALID_INPUT"],
      ["explain unknown freelancer", `{ explainMatch(jobId: "job-001", freelancerId: "nobody") { score } }`, {}, "NOT_FOUND"],
      ["explain unknown job", `query($f: ID!) { explainMatch(jobId: "nojob", freelancerId: $f) { score } }`, { f: "fl-001" }, "NOT_FOUND"],
      ["unknown freelancer id", `{ freelancer(id: "nobody") { id } }`, {}, "NOT_FOUND"],
      ["unknown job id", `{ job(id: "nojob") { id } }`, {}, "NOT_FOUND"],
      ["unknown skill id", `{ skill(id: "no-skill") { id } }`, {}, "NOT_FOUND"],
      ["empty link text", `{ linkSkills(text: " ") { skillId } }`, {}, "INVALID_INPUT"],
      ["linkSkills first over 100", `{ linkSkills(text: "react", first: 1000) { skillId } }`, {}, "INVALID_INPUT"],
    ];
    for (const [name, query, variables, code] of cases) {
      const r = await gql(query, variables);
      expect(r.status, name).toBe(200);
      expect(r.errors?.[0]?.extensions?.code, `${name}: ${r.text}`).toBe(code);
      expect(r.errors?.[0]?.message.length, name).toBeGreaterThan(10);
      expect(r.text, name).not.toMatch(/"stack"|\bat [\w.<>]+ \(|\.ts:\d+/);
    }
  });

  it("serves /healthz, /readyz and /metrics, and echoes x-request-id", async () => {
    const health = await fetch(`${server.origin}/healthz`, { headers: { "x-request-id": "probe-1" } });
    expect(health.status).toBe(200);
    expect(health.headers.get("x-request-id")).toBe("probe-1");
    const ready = await fetch(`${server.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: { store: { ok: true }, model: { ok: true }, indexes: { ok: true }, server: { ok: true } },
    });
    const r = await gql(`{ rankProfiles { name } }`, {}, { "x-request-id": "trace-42" });
    expect(r.status).toBe(200);
    const echoed = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "trace-43" },
      body: JSON.stringify({ query: "{ rankProfiles { name } }" }),
    });
    expect(echoed.headers.get("x-request-id")).toBe("trace-43");
    const metrics = await (await fetch(`${server.origin}/metrics`)).text();
    expect(metrics).toMatch(/talentgraph_http_requests_total\{method="POST",route="\/graphql",status="200",operation="searchFreelancers"\}/);
    expect(metrics).toMatch(/talentgraph_http_request_duration_seconds_count\{method="POST",route="\/graphql",operation="rankProfiles"\}/);
    for (const stage of ["embed", "vector", "keyword", "graph", "fuse", "hydrate"]) {
      expect(metrics).toMatch(new RegExp(`talentgraph_pipeline_stage_duration_seconds_count\\{operation="searchFreelancers",stage="${stage}"\\} [1-9]`));
    }
    expect(metrics).toMatch(/talentgraph_pipeline_stage_duration_seconds_count\{operation="recommendFreelancers",stage="collaborative"\} [1-9]/);
    expect(metrics).toMatch(/talentgraph_graphql_errors_total\{operation="searchFreelancers",code="INVALID_CURSOR"\} [1-9]/);
    expect(metrics).toMatch(/nodejs_heap_size_used_bytes/);
  });
});
