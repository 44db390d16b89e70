/**
 * What the Neo4j adapter must do beyond the shared GraphStore contract, through the real
 * neo4j-driver and the Bolt 5 test server (test/helpers/bolt; no Neo4j server can run here):
 * parameterised Cypher only (an injection attempt is inert), retries of transient errors, batched
 * UNWIND writes in one transaction, the version check, migrations, value conversion at the
 * boundary, and behaviour while the server is down and after it is back.
 */
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTalentgraphError } from "../../src/core/errors.js";
import type { Freelancer, Skill } from "../../src/core/records.js";
import type { Upsert } from "../../src/graph-store/graph-store.js";
import { Neo4jGraphStore, openNeo4jGraphStore, type Neo4jGraphStoreOptions } from "../../src/graph-store/neo4j/neo4j-graph-store.js";
import { loadNeo4jMigrations } from "../../src/graph-store/neo4j/neo4j-migrations.js";
import { toPlain } from "../../src/graph-store/neo4j/neo4j-values.js";
import { Neo4jKeywordIndex } from "../../src/keyword/neo4j-keyword-index.js";
import { startBoltServer, type BoltTestServer } from "../helpers/bolt/bolt-server.js";
import { startNeo4jTestServer } from "../helpers/neo4j-test-server.js";
import { FREELANCERS, fixtureBatch } from "../contract/graph-store.fixture.js";

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isTalentgraphError(error), `expected a TalentgraphError, got ${String(error)}`).toBe(true);
  return isTalentgraphError(error) ? { code: error.code, message: error.message } : { code: "none", message: "" };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("Neo4jGraphStore on the Bolt test server", () => {
  let server: BoltTestServer;
  const stores: Neo4jGraphStore[] = [];
  beforeAll(async () => {
    server = await startNeo4jTestServer();
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await server.close();
  });
  async function fresh(options: Partial<Neo4jGraphStoreOptions> = {}): Promise<Neo4jGraphStore> {
    await server.db.executeCypher("MATCH (n) DETACH DELETE n");
    const store = new Neo4jGraphStore({ uri: server.uri, user: "neo4j", password: "test", retryMs: 2000, ...options });
    stores.push(store);
    return store;
  }

  it("sends user text only as parameters: an injection attempt in a skill name, a record or a query is inert", async () => {
    const store = await fresh();
    await store.write(fixtureBatch());
    const before = await store.stats();
    const hostile = `x"}) DETACH DELETE n WITH 1 AS one MATCH (m) DETACH DELETE m // ' OR 1=1 ; CALL db.clearQueryCaches() \\" kwTitle:* AND`;
    const skill: Skill = { id: "evil", name: hostile, aliases: [hostile] };
    const profile: Freelancer = { id: "f-evil", name: hostile, title: hostile, overview: hostile, skills: [{ skillId: "evil", level: 3, source: "id" }] };
    await store.write({ skills: [{ record: skill, hash: hostile }], freelancers: [{ record: profile, hash: hostile }] });
    const keyword = new Neo4jKeywordIndex(store);
    await keyword.search("freelancers", hostile, 10);
    await store.expandSkills([{ skillId: hostile, weight: 1 }]);
    await store.getFreelancers([hostile]);
    await store.interactions({ jobId: hostile, freelancerId: hostile });

    const after = await store.stats();
    expect(after.nodes).toEqual({ ...before.nodes, skills: before.nodes.skills + 1, freelancers: before.nodes.freelancers + 1 });
    expect(await store.getSkills(["evil"])).toEqual([skill]);
    expect((await store.getFreelancers(["f-evil"]))[0]?.title).toBe(hostile);
    // The hostile text reached the server only as parameter values, never in a statement.
    expect(server.runs.some((r) => JSON.stringify(r.params).includes("DETACH DELETE m"))).toBe(true);
    expect(server.runs.filter((r) => r.query.includes("DETACH DELETE m"))).toEqual([]);
  });

  it("retries a transient error inside a managed transaction, and the write lands once", async () => {
    const store = await fresh();
    await store.write(fixtureBatch());
    const runsBefore = server.runs.length;
    server.failNext("Neo.TransientError.Transaction.DeadlockDetected", "deadlock (injected)");
    const extra: Freelancer = { id: "f-retry", name: "Retry", title: "Retried writer", overview: "", skills: [{ skillId: "js", level: 4, source: "id" }] };
    await store.write({ freelancers: [{ record: extra, hash: "h" }] });
    // The failed first statement was sent again in a new transaction (the driver's retry).
    const queries = server.runs.slice(runsBefore).map((r) => r.query);
    expect(queries.filter((q) => q === queries[0]).length).toBeGreaterThanOrEqual(2);
    expect(queries.filter((q) => q.includes("MERGE (n:Freelancer")).length).toBe(1);
    expect(await store.getFreelancers(["f-retry"])).toEqual([extra]);
    expect((await store.stats()).edges.HAS_SKILL).toBe(12 + 1);
  });

  it("writes in UNWIND chunks of batchSize, all in one transaction: a failing batch leaves nothing", async () => {
    const store = await fresh({ batchSize: 2 });
    await store.write(fixtureBatch());
    const make = (i: number, skillId = "js"): Upsert<Freelancer> => ({
      record: { id: `fb${i}`, name: `B${i}`, title: `Batch ${i}`, overview: "", skills: [{ skillId, level: 2, source: "id" }] },
      hash: `hb${i}`,
    });
    const runsBefore = server.runs.length;
    await store.write({ freelancers: [1, 2, 3, 4, 5].map((i) => make(i)) });
    expect(server.runs.slice(runsBefore).filter((r) => r.query.includes("MERGE (n:Freelancer")).length).toBe(3);
    expect((await store.getFreelancers(["fb1", "fb5"])).map((f) => f.id)).toEqual(["fb1", "fb5"]);
    const failing = store.write({ freelancers: [6, 7, 8, 9].map((i) => make(i)).concat(make(10, "no-such-skill")) });
    expect((await failure(failing)).code).toBe("INVALID_INPUT");
    expect(await store.getFreelancers(["fb6", "fb9", "fb10"])).toEqual([]);
  });

  it("applies the migrations once, records them, and refuses a database migrated by a newer build", async () => {
    const store = await fresh();
    const shipped = loadNeo4jMigrations().map((m) => ({ version: m.version, name: m.name }));
    expect(shipped.map((m) => m.name)).toEqual(["constraints", "fulltext"]);
    expect((await store.migrateReport()).applied).toEqual(shipped);
    expect((await store.migrateReport()).applied).toEqual([]);
    const recorded = await server.db.executeCypher("MATCH (m:TalentgraphMigration) RETURN m.version AS v ORDER BY v");
    expect(recorded.toArray().map((r) => Number((r as { v: unknown }).v))).toEqual([1, 2]);
    await server.db.executeCypher("CREATE (:TalentgraphMigration {version: 99, name: 'future'})");
    const refused = await failure(store.migrate());
    expect(refused.code).toBe("CONFIG_INVALID");
    expect(refused.message).toContain(server.uri);
  });

  it("converts driver integers and temporal values at the boundary", () => {
    expect(toPlain(neo4j.int(42))).toBe(42);
    expect(toPlain({ n: neo4j.int(-7), list: [neo4j.int(1), 2.5, null] })).toEqual({ n: -7, list: [1, 2.5, null] });
    const at = new neo4j.types.DateTime(2026, 11, 22, 10, 30, 0, 0, 0);
    expect(toPlain(at)).toBe("2026-11-22T10:30:00Z");
    expect(toPlain(new neo4j.types.Date(2026, 1, 2))).toBe("2026-01-02");
  });
});

describe("Neo4jGraphStore: server version and outages", () => {
  it("refuses a server older than Neo4j 5 with CONFIG_INVALID naming the URI", async () => {
    const old = await startBoltServer({ neo4jVersion: "4.4.12" });
    try {
      const refused = await failure(openNeo4jGraphStore({ uri: old.uri, user: "neo4j", password: "test" }));
      expect(refused.code).toBe("CONFIG_INVALID");
      expect(refused.message).toContain("4.4.12");
      expect(refused.message).toContain(old.uri);
    } finally {
      await old.close();
    }
  });

  it("names the URI when nothing listens there", async () => {
    const gone = await startBoltServer();
    const uri = gone.uri;
    await gone.close();
    const refused = await failure(openNeo4jGraphStore({ uri, user: "neo4j", password: "test", retryMs: 200, connectTimeoutMs: 1000 }));
    expect(refused.code).toBe("BACKEND_UNAVAILABLE");
    expect(refused.message).toContain(uri);
  });

  it("while the server is down: fails fast naming the URI, answers filters and record reads from its replica; recovers without a restart", async () => {
    const server = await startNeo4jTestServer();
    const store = new Neo4jGraphStore({ uri: server.uri, user: "neo4j", password: "test", retryMs: 300, connectTimeoutMs: 1000, breakerMs: 300 });
    try {
      await store.write(fixtureBatch());
      const filter = await store.compileFilter("freelancers", { minHourlyRate: 0 });
      const allowed = filter.ids();
      expect(allowed.length).toBeGreaterThan(0);

      await server.stop();
      const down = await failure(store.stats());
      expect(down.code).toBe("BACKEND_UNAVAILABLE");
      expect(down.message).toContain(server.uri);
      expect((await failure(store.expandSkills([{ skillId: "js", weight: 1 }]))).code).toBe("BACKEND_UNAVAILABLE");
      // Filters and record reads answer from the replica as last seen.
      expect((await store.compileFilter("freelancers", { minHourlyRate: 0 })).ids()).toEqual(allowed);
      const f1 = FREELANCERS.find((f) => f.id === "f1")!;
      expect(await store.getFreelancers(["f1", "nope"])).toEqual([f1]);

      await server.start();
      let stats: Awaited<ReturnType<Neo4jGraphStore["stats"]>> | undefined;
      for (let attempt = 0; attempt < 40 && stats === undefined; attempt++) {
        stats = await store.stats().catch(async () => {
          await sleep(250);
          return undefined;
        });
      }
      expect(stats?.nodes.freelancers).toBe(5);
      expect((await store.expandSkills([{ skillId: "js", weight: 1 }])).length).toBeGreaterThan(1);
    } finally {
      await store.close();
      await server.close();
    }
  });
});
