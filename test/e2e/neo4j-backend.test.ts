/**
 * GRAPH_BACKEND=neo4j end to end, against the embedded backend on the same demo data: ingestion,
 * store-level parity (traversals, candidates, filters, interactions), `searchFreelancers` over HTTP
 * with the same top 10, and the failure behaviour (Neo4j down at startup, and stopped mid-run).
 *
 * Neo4j here is the Bolt 5 test server (test/helpers/bolt: the real neo4j-driver over a real
 * socket, an embedded Cypher engine behind it). Its full-text procedure is a test double that
 * scores like the embedded FTS5 index, so keyword scores are equal by construction; on a real
 * Neo4j they are Lucene's (see README, "Running on Neo4j").
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig, PACKAGE_ROOT, type Config } from "../../src/core/config.js";
import type { GraphStore } from "../../src/graph-store/graph-store.js";
import { ingestInto } from "../helpers/ingest-into.js";
import { generateDemo } from "../../src/ingest/demo/generate-demo.js";
import { startServer, type RunningServer } from "../../src/serve/server.js";
import type { BoltTestServer } from "../helpers/bolt/bolt-server.js";
import { startNeo4jTestServer } from "../helpers/neo4j-test-server.js";

const work = mkdtempSync(path.join(os.tmpdir(), "tg-neo4j-e2e-"));
const input = path.join(work, "input");
let neo4jServer: BoltTestServer;
let embedded: RunningServer;
let onNeo4j: RunningServer;

const QUERIES = ["senior react developer with typescript", "python data engineer", "devops kubernetes aws", "mobile app developer", "designer figma"];
const SEARCH = `query($q: String!, $first: Int) {
  searchFreelancers(query: $q, first: $first) {
    edges { rank score node { id } explanation { channels { channel retrieved degraded note } } }
    degraded
  } }`;

interface SearchPage {
  edges: Array<{ rank: number; score: number; node: { id: string }; explanation: { channels: Array<{ channel: string; retrieved: boolean; degraded: boolean; note: string | null }> } }>;
  degraded: string[];
}

async function search(server: RunningServer, q: string): Promise<{ status: number; page?: SearchPage; errors?: unknown }> {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query: SEARCH, variables: { q, first: 10 } }),
  });
  const body = (await res.json()) as { data?: { searchFreelancers: SearchPage }; errors?: unknown };
  return { status: res.status, ...(body.data ? { page: body.data.searchFreelancers } : {}), ...(body.errors ? { errors: body.errors } : {}) };
}

/** The CLI in a child process (asynchronously: the Bolt test server runs on this event loop). */
function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, "bin", "talentgraph.js"), ...args], {
      env: { ...process.env, TALENTGRAPH_MODEL: inject("tinyModelDir"), LOG_LEVEL: "warn", TALENTGRAPH_SHARED_DATA: path.join(work, "no-shared-data"), ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const top10 = (page: SearchPage | undefined): Array<[string, number]> => (page?.edges ?? []).map((e) => [e.node.id, Math.round(e.score * 1e9) / 1e9]);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function configFor(name: string, extra: Record<string, unknown> = {}): Config {
  return loadConfig({
    env: {},
    overrides: {
      dataDir: path.join(work, name),
      model: inject("tinyModelDir"),
      logLevel: "silent",
      port: 0,
      host: "127.0.0.1",
      anonymousRateLimitPerSecond: 0,
      sharedDataDir: path.join(work, "no-shared-data"),
      ...extra,
    },
  });
}

const neo4jOverrides = (uri: string): Record<string, unknown> => ({ graphBackend: "neo4j", neo4jUri: uri, neo4jPassword: "test", neo4jRetryMs: 300 });

beforeAll(async () => {
  await generateDemo({ outDir: input, freelancers: 200, jobs: 80, seed: 23 });
  neo4jServer = await startNeo4jTestServer();
  const configs = [configFor("embedded"), configFor("neo4j", neo4jOverrides(neo4jServer.uri))];
  for (const config of configs) {
    await ingestInto(config, input);
  }
  embedded = await startServer(configs[0]!, { handleSignals: false });
  onNeo4j = await startServer(configs[1]!, { handleSignals: false });
});

afterAll(async () => {
  await onNeo4j?.close();
  await embedded?.close();
  await neo4jServer?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("GRAPH_BACKEND=neo4j against the embedded backend, same demo data", () => {
  let a: GraphStore;
  let b: GraphStore;
  beforeAll(() => {
    a = embedded.services.store;
    b = onNeo4j.services.store;
  });

  it("ingests the same records, edges, interactions and vectors", async () => {
    const stats = await b.stats();
    expect(stats.nodes.freelancers).toBe(200);
    expect(stats).toEqual(await a.stats());
  });

  it("answers traversals, candidates, paths, filters and interactions the same (ids, scores, tie order)", async () => {
    const jobs = await a.getJobs((await a.ids("jobs")).slice(0, 40));
    for (const job of jobs) {
      const seeds = job.skills.map((s) => ({ skillId: s.skillId, weight: s.importance === "required" ? 1 : 0.5 }));
      expect(await b.expandSkills(seeds)).toEqual(await a.expandSkills(seeds));
      const options = { limit: 25, expand: { maxHops: 2, degreeCap: 8 } };
      expect(await b.candidatesBySkills("freelancers", seeds, options)).toEqual(await a.candidatesBySkills("freelancers", seeds, options));
      expect(await b.interactions({ jobId: job.id })).toEqual(await a.interactions({ jobId: job.id }));
    }
    const freelancers = await a.getFreelancers((await a.ids("freelancers")).slice(0, 20));
    for (const f of freelancers) {
      const seeds = f.skills.map((s) => ({ skillId: s.skillId, weight: s.level / 5 }));
      expect(await b.candidatesBySkills("jobs", seeds, { limit: 25 })).toEqual(await a.candidatesBySkills("jobs", seeds, { limit: 25 }));
    }
    const skills = (await a.ids("skills")).slice(0, 30);
    for (let i = 0; i + 1 < skills.length; i += 2) {
      expect(await b.skillPaths(skills[i]!, skills[i + 1]!)).toEqual(await a.skillPaths(skills[i]!, skills[i + 1]!));
    }
    for (const filter of [{}, { countries: ["de", "US"], minRating: 4 }, { maxHourlyRate: 60, available: true }, { skillIds: skills.slice(0, 1) }]) {
      expect((await b.compileFilter("freelancers", filter)).ids()).toEqual((await a.compileFilter("freelancers", filter)).ids());
    }
    for (const filter of [{ statuses: ["open" as const] }, { budgetType: "hourly" as const, minBudget: 20 }, { experienceLevels: ["expert" as const] }]) {
      expect((await b.compileFilter("jobs", filter)).ids()).toEqual((await a.compileFilter("jobs", filter)).ids());
    }
  });

  it("searchFreelancers over HTTP returns the same top 10 with the same scores", async () => {
    for (const q of QUERIES) {
      const [x, y] = [await search(embedded, q), await search(onNeo4j, q)];
      expect(y.errors, q).toBeUndefined();
      expect(top10(y.page), q).toHaveLength(10);
      expect(top10(y.page), q).toEqual(top10(x.page));
      expect(y.page?.degraded).toEqual([]);
    }
  });

  it("keeps answering, marked degraded, while Neo4j is down; recovers without a restart", async () => {
    const q = QUERIES[0]!;
    const freelancerId = (await a.ids("freelancers"))[0]!;
    await neo4jServer.stop();
    try {
      // The first call to find the server gone waits out one driver retry (~1 s), so in the first
      // request a channel may hit its 1 s budget instead; after that the store fails fast (breaker).
      const degradedLists: string[][] = [];
      for (let i = 0; i < 3; i++) {
        const r = await search(onNeo4j, q);
        expect(r.status).toBe(200);
        expect(r.errors).toBeUndefined();
        expect(r.page!.edges.length).toBeGreaterThan(0);
        degradedLists.push(r.page!.degraded);
        const channels = r.page!.edges[0]!.explanation.channels;
        for (const name of ["KEYWORD", "GRAPH"]) {
          const c = channels.find((x) => x.channel === name)!;
          expect(c.retrieved, `${i} ${name}`).toBe(false);
          expect(c.degraded ? c.note : `timed out: ${c.note}`, `${i} ${name}`).toMatch(/BACKEND_UNAVAILABLE|timed out after/);
        }
        // The vector channel (local HNSW) still ranks.
        expect(channels.find((c) => c.channel === "VECTOR")).toMatchObject({ retrieved: true, degraded: false });
      }
      expect(degradedLists.some((d) => d.includes("keyword") && d.includes("graph")), JSON.stringify(degradedLists)).toBe(true);
      // Recommendations for a freelancer too: the profile comes from the replica, and the applied-jobs
      // exclusion (which needs the interaction history) is reported as left out.
      const res = await fetch(onNeo4j.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query: "query($id: ID!) { recommendJobs(freelancerId: $id, first: 5) { edges { node { id } } degraded } }", variables: { id: freelancerId } }),
      });
      const rec = (await res.json()) as { data?: { recommendJobs: { edges: unknown[]; degraded: string[] } }; errors?: unknown };
      expect(rec.errors).toBeUndefined();
      expect(rec.data!.recommendJobs.edges.length).toBeGreaterThan(0);
      expect(rec.data!.recommendJobs.degraded).toContain("exclude-applied");
      const ready = await fetch(`${onNeo4j.origin}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.text()).toContain(neo4jServer.uri);
    } finally {
      await neo4jServer.start();
    }
    let recovered: SearchPage | undefined;
    for (let attempt = 0; attempt < 40 && (recovered === undefined || recovered.degraded.length > 0); attempt++) {
      if (attempt > 0) await sleep(250);
      recovered = (await search(onNeo4j, q)).page;
    }
    expect(recovered?.degraded).toEqual([]);
    expect(top10(recovered)).toEqual(top10((await search(embedded, q)).page));
    expect((await fetch(`${onNeo4j.origin}/readyz`)).status).toBe(200);
  });

  it("the CLI with GRAPH_BACKEND=neo4j: graph migrate, then ingest of the demo data gives the embedded store's counts", async () => {
    const target = await startNeo4jTestServer();
    try {
      const env = { GRAPH_BACKEND: "neo4j", NEO4J_URI: target.uri, NEO4J_PASSWORD: "test", TALENTGRAPH_DATA_DIR: path.join(work, "cli-neo4j") };
      const migrate = await cli(env, "graph", "migrate", "--json");
      expect(migrate.code, migrate.stderr).toBe(0);
      const report = JSON.parse(migrate.stdout) as { server: { version: string }; migrations: { applied: Array<{ name: string }> } };
      expect(report.migrations.applied.map((m) => m.name)).toEqual(["constraints", "fulltext"]);
      expect(report.server.version).toBe("5.26.0");
      const ingest = await cli(env, "ingest", "--input", input, "--json");
      expect(ingest.code, ingest.stderr).toBe(0);
      const stats = await cli(env, "stats", "--json");
      expect(stats.code, stats.stderr).toBe(0);
      expect((JSON.parse(stats.stdout) as { store: unknown }).store).toEqual(await a.stats());
      // The embedded backend has no migrate command: it says so instead of doing nothing.
      const wrong = await cli({ TALENTGRAPH_DATA_DIR: path.join(work, "cli-sqlite") }, "graph", "migrate");
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toContain("GRAPH_BACKEND is sqlite");
    } finally {
      await target.close();
    }
  });

  it("starts while Neo4j is down, and /readyz names the URI", async () => {
    const gone = await startNeo4jTestServer();
    const uri = gone.uri;
    await gone.close();
    const server = await startServer(configFor("neo4j-down", neo4jOverrides(uri)), { handleSignals: false });
    try {
      const ready = await fetch(`${server.origin}/readyz`);
      expect(ready.status).toBe(503);
      const report = (await ready.json()) as { checks: Record<string, { ok: boolean; reason?: string }> };
      expect(report.checks.store?.ok).toBe(false);
      expect(report.checks.store?.reason).toContain(uri);
      const r = await search(server, "python");
      expect(JSON.stringify(r.errors)).toContain("BACKEND_UNAVAILABLE");
    } finally {
      await server.close();
    }
  });
});
