/**
 * The express app with a real SQLite store (the hand-checkable fixture graph) and a scripted
 * pipeline, so the API layer's own behaviour is pinned down independently of ranking: error policy,
 * lazy explanations, batched skill loads, request ids, probes, metrics and GraphiQL gating.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { InvalidCursorError, NotFoundError, TalentgraphError } from "../../../src/core/errors.js";
import { silentLogger } from "../../../src/core/logger.js";
import { createReadWriteLock } from "../../../src/core/rw-lock.js";
import type { FreelancerFilter } from "../../../src/core/filters.js";
import type { Freelancer, Job } from "../../../src/core/records.js";
import type { Embedder } from "../../../src/embed/embedder.js";
import type { GraphStore } from "../../../src/graph-store/graph-store.js";
import { openSqliteGraphStore } from "../../../src/graph-store/sqlite-graph-store.js";
import type { Explanation, Hit, RankedPage, RankingPipeline, SearchFreelancersRequest } from "../../../src/pipeline/types.js";
import { buildApp, type AppOptions, type AppServices } from "../../../src/serve/app.js";
import type { Services } from "../../../src/services.js";
import { fixtureBatch, FREELANCERS, JOBS } from "../../contract/graph-store.fixture.js";

const explanationOf = (id: string): Explanation => ({
  profile: "hybrid",
  finalScore: 1,
  channels: [
    { channel: "vector", retrieved: true, rawScore: 0.9, normalizedScore: 1, rank: 1, contribution: 1, degraded: false },
    { channel: "keyword", retrieved: false, rawScore: null, normalizedScore: null, rank: null, contribution: 0, note: "not retrieved by this channel", degraded: false },
  ],
  fusion: { method: "weighted", normalization: "minmax", weights: { vector: 1, keyword: 0.7 } },
  reranker: { model: "none", applied: false, score: null, base: null, contributions: [] },
  graphPaths: [
    {
      fromSkillId: "ts",
      toSkillId: "js",
      weight: 0.45,
      steps: [{ from: "ts", to: "js", type: "RELATED_TO", direction: "out", weight: 0.9 }],
      text: "TypeScript → RELATED_TO → JavaScript",
    },
  ],
  matchedSkills: [{ skillId: "js", name: "JavaScript", via: "related" }],
  missingSkills: [{ skillId: "py", name: "Python" }],
  summary: `explained ${id}`,
});

/** A pipeline that serves the fixture's freelancers in id order and records what it was asked. */
function scriptedPipeline() {
  const calls = { explanations: 0, requests: [] as SearchFreelancersRequest[] };
  const page = <T extends { id: string }>(nodes: T[], first: number, after: string | undefined): RankedPage<T> => {
    const offset = after === undefined ? 0 : Number(after.replace("c", ""));
    if (!Number.isInteger(offset)) throw new InvalidCursorError("scripted: cursor is malformed; start from the first page");
    const slice = nodes.slice(offset, offset + first);
    const hits = slice.map(
      (node, i): Hit<T> => ({
        node,
        score: 1 / (offset + i + 1),
        rank: offset + i + 1,
        cursor: `c${offset + i + 1}`,
        explanation: () => {
          calls.explanations++;
          return Promise.resolve(explanationOf(node.id));
        },
      }),
    );
    return {
      target: "freelancers",
      profile: "hybrid",
      hits,
      pageInfo: { hasNextPage: offset + first < nodes.length, endCursor: hits.at(-1)?.cursor ?? null },
      tookMs: 3,
      timings: { embed: 1, vector: 0.5, fuse: 0.1 },
      degraded: [],
    };
  };
  const pipeline: RankingPipeline = {
    searchFreelancers: (req) => {
      calls.requests.push(req);
      if (req.query === "boom") return Promise.reject(new Error("disk on fire at /secret/path"));
      if (req.query === "internal") return Promise.reject(new TalentgraphError("INTERNAL", "invariant broken in fusion"));
      return Promise.resolve(page<Freelancer>(FREELANCERS, req.first, req.after));
    },
    searchJobs: (req) => Promise.resolve({ ...page<Job>(JOBS, req.first, req.after), target: "jobs" }),
    recommendFreelancers: (req) =>
      req.jobId === "j1" ? Promise.resolve(page<Freelancer>(FREELANCERS, req.first, req.after)) : Promise.reject(new NotFoundError(`job ${req.jobId} does not exist`)),
    recommendJobs: (req) => Promise.resolve({ ...page<Job>(JOBS, req.first, req.after), target: "jobs" }),
    explainMatch: (jobId, freelancerId) => Promise.resolve({ score: 0.5, rank: 2, explanation: explanationOf(`${jobId}/${freelancerId}`) }),
    linkSkills: () => Promise.resolve([{ skillId: "react", name: "React", score: 1, method: "exact", spans: [{ start: 0, end: 5, text: "react" }] }]),
    profiles: () => [
      { name: "vector", description: "Vector only." },
      { name: "hybrid", description: "Default." },
    ],
    fusedCandidates: () => Promise.reject(new Error("not used by the API")),
  };
  return { pipeline, calls };
}

/** Counts store reads, to see batching. */
function countingStore(store: GraphStore): { store: GraphStore; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        counts[String(prop)] = (counts[String(prop)] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, counts };
}

interface Harness {
  url: string;
  logs: Array<Record<string, unknown>>;
  counts: Record<string, number>;
  calls: ReturnType<typeof scriptedPipeline>["calls"];
  closeStore(): Promise<void>;
  close(): Promise<void>;
}

async function harness(opts: { mode?: "development" | "production"; embedder?: () => Promise<Embedder> } & Pick<AppOptions, "readiness"> = {}): Promise<Harness> {
  const sqlite = openSqliteGraphStore({ path: ":memory:" });
  await sqlite.write(fixtureBatch());
  const { store, counts } = countingStore(sqlite);
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const services: AppServices = {
    store,
    embedder: opts.embedder ?? (() => Promise.resolve({} as Embedder)),
    indexes: () => Promise.resolve({} as Awaited<ReturnType<Services["indexes"]>>),
    // The write path is not exercised here (test/e2e/api.test.ts does, on real stores).
    createLinker: () => {
      throw new Error("not used");
    },
    consistency: createReadWriteLock(),
    invalidateLinker: () => undefined,
    logger: silentLogger,
    config: { mode: opts.mode ?? "production", graphiql: true, logLevel: "debug" },
  };
  const { pipeline, calls } = scriptedPipeline();
  const app = buildApp(services, pipeline, { logger: pino({ level: "debug" }, sink), ...(opts.readiness ? { readiness: opts.readiness } : {}) });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    logs,
    counts,
    calls,
    closeStore: () => sqlite.close(),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await sqlite.close();
    },
  };
}

interface GqlResponse {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string }; path?: string[] }> };
}

async function gql(base: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GqlResponse> {
  const res = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as GqlResponse["body"] };
}

const SEARCH = `query S($q: String!, $first: Int, $after: String, $filter: FreelancerFilter) {
  searchFreelancers(query: $q, first: $first, after: $after, filter: $filter) {
    edges { rank score cursor node { id } }
    pageInfo { hasNextPage endCursor }
    tookMs profile timings { stage ms }
  }
}`;

describe("buildApp (scripted pipeline, real SQLite store)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => {
    h.calls.explanations = 0;
    h.calls.requests.length = 0;
  });

  it("maps a RankedPage onto a connection", async () => {
    const r = await gql(h.url, SEARCH, { q: "react", first: 2 });
    expect(r.status).toBe(200);
    const c = r.body.data?.searchFreelancers as {
      edges: Array<{ rank: number; cursor: string; node: { id: string } }>;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      profile: string;
      timings: Array<{ stage: string; ms: number }>;
    };
    expect(c.edges.map((e) => [e.rank, e.node.id])).toEqual([[1, "f1"], [2, "f2"]]);
    expect(c.pageInfo).toEqual({ hasNextPage: true, endCursor: "c2" });
    expect(c.profile).toBe("hybrid");
    expect(c.timings.map((t) => t.stage)).toEqual(["embed", "fuse", "vector"]);
  });

  it("computes explanations only when selected", async () => {
    await gql(h.url, SEARCH, { q: "react", first: 3 });
    expect(h.calls.explanations).toBe(0);
    const r = await gql(
      h.url,
      `{ searchFreelancers(query: "react", first: 3) { edges { explanation {
          summary finalScore
          channels { channel retrieved rawScore note }
          fusion { method normalization k weights { channel weight } }
          reranker { model applied score contributions { feature } }
          graphPaths { fromSkill { name } toSkill { name } text steps { from { name } to { name } type direction weight } }
          matchedSkills { name via skill { id } } missingSkills { name skill { id } }
      } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    expect(h.calls.explanations).toBe(3);
    type E = { explanation: Record<string, unknown> };
    const first = (r.body.data?.searchFreelancers as { edges: E[] }).edges[0]!.explanation;
    expect(first).toMatchObject({
      summary: "explained f1",
      channels: [
        { channel: "VECTOR", retrieved: true, rawScore: 0.9 },
        { channel: "KEYWORD", retrieved: false, rawScore: null, note: "not retrieved by this channel" },
      ],
      fusion: { method: "WEIGHTED", normalization: "MINMAX", k: null, weights: [{ channel: "VECTOR", weight: 1 }, { channel: "KEYWORD", weight: 0.7 }] },
      graphPaths: [{ fromSkill: { name: "TypeScript" }, toSkill: { name: "JavaScript" }, steps: [{ from: { name: "TypeScript" }, to: { name: "JavaScript" }, type: "RELATED_TO", direction: "OUT" }] }],
      matchedSkills: [{ name: "JavaScript", via: "RELATED", skill: { id: "js" } }],
      missingSkills: [{ name: "Python", skill: { id: "py" } }],
    });
  });

  it("passes filters through the filter schema with enum values mapped to internal ones", async () => {
    const r = await gql(h.url, SEARCH, { q: "react", filter: { minHourlyRate: 10, countries: ["DE"], available: null } });
    expect(r.body.errors).toBeUndefined();
    const f: FreelancerFilter | undefined = h.calls.requests[0]?.filter;
    expect(f).toEqual({ minHourlyRate: 10, countries: ["DE"] });
    const jobs = await gql(h.url, `{ searchJobs(query: "x", filter: { budgetType: HOURLY, experienceLevels: [EXPERT], statuses: [OPEN] }) { edges { node { id status budget { type min max } skills { importance source skill { id } } } } } }`);
    expect(jobs.body.errors).toBeUndefined();
    const j1 = (jobs.body.data?.searchJobs as { edges: Array<{ node: Record<string, unknown> }> }).edges[0]!.node;
    expect(j1).toEqual({
      id: "j1",
      status: "OPEN",
      budget: { type: "HOURLY", min: 30, max: 60 },
      skills: [
        { importance: "REQUIRED", source: "ID", skill: { id: "js" } },
        { importance: "PREFERRED", source: "ID", skill: { id: "react" } },
      ],
    });
  });

  it("turns exposable errors into their code and message, with HTTP 200", async () => {
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      [SEARCH, { q: "react", first: 101 }, "INVALID_INPUT", /first must be an integer from 1 to 100, got 101/],
      [SEARCH, { q: "react", first: 0 }, "INVALID_INPUT", /first must be an integer from 1 to 100/],
      [SEARCH, { q: "react", filter: { minHourlyRate: 90, maxHourlyRate: 10 } }, "INVALID_INPUT", /minHourlyRate \(90\) is greater than maxHourlyRate \(10\)/],
      [SEARCH, { q: "react", filter: { minRating: 9 } }, "INVALID_INPUT", /minRating/],
      [SEARCH, { q: "react", after: "cX" }, "INVALID_CURSOR", /cursor is malformed/],
      [`{ recommendFreelancers(jobId: "nope") { edges { rank } } }`, {}, "NOT_FOUND", /job nope does not exist/],
      [`{ freelancer(id: "nope") { id } }`, {}, "NOT_FOUND", /freelancer "nope" does not exist/],
      [`{ skill(id: "js") { related(first: 1000) { weight } } }`, {}, "INVALID_INPUT", /Skill.related: first must be/],
    ];
    for (const [query, variables, code, message] of cases) {
      const r = await gql(h.url, query, variables);
      expect(r.status, r.text).toBe(200);
      expect(r.body.errors?.[0]?.extensions?.code, r.text).toBe(code);
      expect(r.body.errors?.[0]?.message, r.text).toMatch(message);
      expect(r.text).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });

  it("masks unexpected errors, logs them with the request id, and never answers 500", async () => {
    for (const q of ["boom", "internal"]) {
      const r = await gql(h.url, SEARCH, { q }, { "x-request-id": `req-${q}` });
      expect(r.status).toBe(200);
      expect(r.body.errors).toEqual([expect.objectContaining({ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR" } })]);
      expect(r.text).not.toMatch(/disk on fire|secret|invariant|stack|\.ts:/);
      const logged = h.logs.find((l) => l.reqId === `req-${q}` && l.level === 50);
      expect(logged, JSON.stringify(h.logs.slice(-5))).toBeDefined();
      expect(JSON.stringify(logged)).toMatch(q === "boom" ? /disk on fire/ : /invariant broken/);
    }
  });

  it("keeps GraphQL's own codes for queries that do not fit the schema", async () => {
    const r = await gql(h.url, `{ searchFreelancers(query: "x") { nope } }`);
    expect(r.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const wrongType = await gql(h.url, SEARCH, { q: "x", first: "ten" });
    // Variable coercion fails before execution: a GraphQL-over-HTTP request error (400), never a 500.
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors?.[0]?.message).toMatch(/Variable "\$first" got invalid value "ten"/);
  });

  it("loads skills in batches and neighbours once per skill", async () => {
    for (const k of Object.keys(h.counts)) delete h.counts[k];
    const r = await gql(
      h.url,
      `{ a: skill(id: "js") { name related { type direction weight skill { id name related { skill { id name } } } } }
         b: skill(id: "ts") { related { skill { id related { skill { id } } } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const a = r.body.data?.a as { name: string; related: Array<{ skill: { id: string }; type: string; direction: string }> };
    expect(a.name).toBe("JavaScript");
    expect(a.related.map((n) => n.skill.id).sort()).toEqual(["html", "node", "react", "ts", "web"]);
    expect(a.related.find((n) => n.skill.id === "web")).toMatchObject({ type: "BROADER_THAN", direction: "IN" });
    // Ten-odd skills are resolved; level by level that is a handful of batched reads, not one per skill.
    expect(h.counts.getSkills).toBeLessThanOrEqual(5);
    const distinctParents = new Set(["js", "ts", "html", "node", "react", "web"]);
    expect(h.counts.skillNeighbours).toBeLessThanOrEqual(distinctParents.size);
  });

  it("serves every other query field", async () => {
    const r = await gql(
      h.url,
      `{ rankProfiles { name isDefault description }
         linkSkills(text: "react") { skillId name score method spans { start end text } skill { name } }
         explainMatch(jobId: "j1", freelancerId: "f2") { score rank profile job { id } freelancer { id name } explanation { summary } }
         freelancer(id: "f1") { id name hourlyRate country available archetype languages skills { level source skill { name } } }
         job(id: "j2") { id postedAt budget { type } }
         recommendJobs(freelancerId: "f1", includeApplied: true) { edges { node { id } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const d = r.body.data!;
    expect(d.rankProfiles).toEqual([
      { name: "hybrid", isDefault: true, description: "Default." },
      { name: "vector", isDefault: false, description: "Vector only." },
    ]);
    expect(d.linkSkills).toEqual([{ skillId: "react", name: "React", score: 1, method: "EXACT", spans: [{ start: 0, end: 5, text: "react" }], skill: { name: "React" } }]);
    expect(d.explainMatch).toEqual({ score: 0.5, rank: 2, profile: "hybrid", job: { id: "j1" }, freelancer: { id: "f2", name: "Person f2" }, explanation: { summary: "explained j1/f2" } });
    expect(d.freelancer).toMatchObject({ id: "f1", hourlyRate: 50, country: "DE", available: true, archetype: false, languages: [] });
    expect(d.job).toEqual({ id: "j2", postedAt: "2024-01-01T00:00:00Z", budget: null });
  });

  it("echoes a usable x-request-id and replaces an unusable one", async () => {
    const mine = await fetch(`${h.url}/healthz`, { headers: { "x-request-id": "abc-123" } });
    expect(mine.headers.get("x-request-id")).toBe("abc-123");
    const forged = await fetch(`${h.url}/healthz`, { headers: { "x-request-id": "a b\" injected" } });
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const none = await gql(h.url, SEARCH, { q: "react" });
    expect(none.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const line = h.logs.find((l) => l.reqId === none.headers.get("x-request-id") && l.msg === "request");
    expect(line).toMatchObject({ method: "POST", url: "/graphql", status: 200, operation: "searchFreelancers" });
  });

  it("exposes liveness, readiness and Prometheus metrics", async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, checks: { store: { ok: true }, model: { ok: true }, indexes: { ok: true } } });
    await gql(h.url, SEARCH, { q: "react" });
    await gql(h.url, SEARCH, { q: "react", first: 500 });
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/talentgraph_http_requests_total\{method="POST",route="\/graphql",status="200",operation="searchFreelancers"\} \d+/);
    expect(metrics).toMatch(/talentgraph_http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/graphql",operation="searchFreelancers"\}/);
    expect(metrics).toMatch(/talentgraph_pipeline_stage_duration_seconds_count\{operation="searchFreelancers",stage="embed"\} \d+/);
    expect(metrics).toMatch(/talentgraph_graphql_errors_total\{operation="searchFreelancers",code="INVALID_INPUT"\} \d+/);
    expect(metrics).toMatch(/process_cpu_user_seconds_total/);
  });

  it("does not serve GraphiQL in production", async () => {
    const r = await fetch(`${h.url}/graphql`, { headers: { accept: "text/html" } });
    expect(await r.text()).not.toMatch(/graphiql/i);
  });
});

describe("buildApp modes and readiness", () => {
  it("serves GraphiQL in development", async () => {
    const h = await harness({ mode: "development" });
    try {
      const r = await fetch(`${h.url}/graphql`, { headers: { accept: "text/html" } });
      expect(r.status).toBe(200);
      expect(await r.text()).toMatch(/graphiql/i);
    } finally {
      await h.close();
    }
  });

  it("reports 503 with the reason while the model is loading, after it failed, and when the store is closed", async () => {
    let release: (e: Embedder) => void = () => undefined;
    const loading = new Promise<Embedder>((resolve) => (release = resolve));
    const slow = await harness({ embedder: () => loading });
    try {
      const r = await fetch(`${slow.url}/readyz`);
      expect(r.status).toBe(503);
      expect(await r.json()).toMatchObject({ ready: false, checks: { model: { ok: false, reason: "embedding model is still loading" } } });
      release({} as Embedder);
      await loading;
      expect((await fetch(`${slow.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${slow.url}/healthz`)).status).toBe(200);
    } finally {
      await slow.close();
    }
    const broken = await harness({ embedder: () => Promise.reject(new Error("model folder is missing onnx/model.onnx")) });
    try {
      const r = await fetch(`${broken.url}/readyz`);
      expect(r.status).toBe(503);
      expect(JSON.stringify(await r.json())).toMatch(/embedding model failed to load: model folder is missing/);
    } finally {
      await broken.close();
    }
    const closed = await harness();
    try {
      await closed.closeStore();
      const r = await fetch(`${closed.url}/readyz`);
      expect(r.status).toBe(503);
      expect(await r.json()).toMatchObject({ ready: false, checks: { store: { ok: false }, model: { ok: true } } });
      expect((await fetch(`${closed.url}/healthz`)).status).toBe(200);
    } finally {
      await closed.close();
    }
  });
});
