/**
 * The test Bolt server (test/helpers/bolt) through the real `neo4j-driver` over TCP: what the
 * Neo4j adapter's tests rely on. Parameterised reads and writes, explicit transactions (rollback
 * really discards, commit keeps, a dropped connection rolls back), error codes, the driver's retry
 * of transient errors, an outage and recovery without a new driver, the scripted statements
 * (dbms.components, full-text index and its BM25 scores against an independent FTS5 computation),
 * and that hostile strings passed as parameters stay data.
 */
import Database from "better-sqlite3";
import neo4j, { type Driver, type Integer, type Neo4jError } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseBoltVersion, startBoltServer, type BoltTestServer } from "../helpers/bolt/bolt-server.js";
import { parseLuceneQuery, termsForIndex } from "../helpers/bolt/fulltext-double.js";
import { Structure, MessageReader, frameMessage, pack, unpack } from "../helpers/bolt/packstream.js";

const AUTH = neo4j.auth.basic("neo4j", "any password will do");
const HOSTILE = "') DETACH DELETE n //";

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Neo4jError> {
  try {
    await promise;
  } catch (error) {
    return error as Neo4jError;
  }
  throw new Error("expected a rejection");
}

const toNumber = (v: unknown): number => (neo4j.isInt(v) ? v.toNumber() : (v as number));

async function countNodes(driver: Driver, label = ""): Promise<number> {
  const { records } = await driver.executeQuery(`MATCH (n${label}) RETURN count(n) AS c`);
  return toNumber(records[0]?.get("c"));
}

describe("PackStream", () => {
  it("round-trips every type, int widths at their edges and int64 past 2^53 as bigint", () => {
    const ints = [0, 127, -16, -17, -128, 128, 32767, -32768, 32768, 2147483647, -2147483648, 2147483648, Number.MAX_SAFE_INTEGER];
    const value = {
      ints,
      big: 2n ** 62n,
      negBig: -(2n ** 63n),
      float: 1.5,
      nan: NaN,
      str: "héllo ✓",
      long: "x".repeat(70_000),
      bytes: Buffer.from([1, 2, 255]),
      list: [null, true, false, [1, [2]]],
      map: { a: { b: "c" } },
      struct: new Structure(0x4e, [1, ["L"], {}, "n:1"]),
    };
    const decoded = unpack(pack(value)) as Record<string, unknown>;
    expect(decoded.ints).toEqual(ints);
    expect(decoded.big).toBe(2n ** 62n);
    expect(decoded.negBig).toBe(-(2n ** 63n));
    expect(decoded.float).toBe(1.5);
    expect(decoded.nan).toBeNaN();
    expect(decoded.str).toBe("héllo ✓");
    expect(decoded.long).toBe("x".repeat(70_000));
    expect(decoded.bytes).toEqual(Buffer.from([1, 2, 255]));
    expect(decoded.list).toEqual([null, true, false, [1, [2]]]);
    expect({ ...(decoded.map as object) }).toEqual({ a: { b: "c" } });
    expect(decoded.struct).toEqual(new Structure(0x4e, [1, ["L"], {}, "n:1"]));
    // A float vector stays floats even where its values are whole.
    expect(pack(Float32Array.from([1]))).toEqual(Buffer.from([0x91, 0xc1, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]));
  });

  it("frames messages in chunks of at most 65,535 bytes and reassembles them from any split", () => {
    const big = pack(new Structure(0x10, ["y".repeat(150_000), {}, {}]));
    const framed = Buffer.concat([frameMessage(pack(new Structure(0x0f, []))), Buffer.from([0, 0]), frameMessage(big)]);
    expect(framed.readUInt16BE(0)).toBe(2);
    const reader = new MessageReader();
    const messages: Buffer[] = [];
    for (let at = 0; at < framed.length; at += 7777) messages.push(...reader.push(framed.subarray(at, at + 7777)));
    expect(messages).toHaveLength(2); // the no-op chunk between them is not a message
    expect(unpack(messages[0] ?? Buffer.alloc(0))).toEqual(new Structure(0x0f, []));
    expect(messages[1]).toEqual(big);
  });

  it("handshake: answers the first 5.x proposal with the highest minor it speaks, never the manifest", () => {
    const proposals = (...words: number[]): Buffer => Buffer.concat(words.map((w) => Buffer.from([w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff])));
    // neo4j-driver 6.x: manifest 255.1, 5.8..5.0, 4.4..4.2, 3.0.
    expect(chooseBoltVersion(proposals(0x000001ff, 0x00080805, 0x00020404, 0x00000003))).toEqual({ major: 5, minor: 4 });
    expect(chooseBoltVersion(proposals(0x00000205, 0, 0, 0))).toEqual({ major: 5, minor: 2 });
    expect(chooseBoltVersion(proposals(0x00020404, 0x00000003, 0, 0))).toBeUndefined();
  });
});

describe("Bolt test server through neo4j-driver", () => {
  let server: BoltTestServer;
  let driver: Driver;

  beforeAll(async () => {
    server = await startBoltServer({ fulltextWeights: { talentgraph_freelancers: [3, 1, 2] } });
    driver = neo4j.driver(server.uri, AUTH);
  });
  afterAll(async () => {
    await driver.close();
    await server.close();
  });

  it("negotiates Bolt 5.4 and reports the Neo4j version", async () => {
    const info = await driver.getServerInfo();
    expect(info.protocolVersion).toMatchObject({ major: 5, minor: 4 });
    expect(info.agent).toBe("Neo4j/5.26.0");
    expect(info.address).toBe(`127.0.0.1:${server.port}`);
    expect(server.uri).toBe(`bolt://127.0.0.1:${server.port}`);
  });

  it("writes with UNWIND $rows MERGE … SET and reads back in ORDER BY order, with parameters decoded", async () => {
    const rows = [
      { id: "p1", name: "Ada", rate: 80.5, tags: ["a", "b"] },
      { id: "p3", name: "Cy", rate: 60.25, tags: [] },
      { id: "p2", name: "Bo", rate: 70.75, tags: ["c"] },
    ];
    const session = driver.session();
    try {
      const write = await session.executeWrite((tx) =>
        tx.run("UNWIND $rows AS r MERGE (p:Person {id: r.id}) SET p.name = r.name, p.rate = r.rate, p.tags = r.tags, p.big = $big", {
          rows,
          big: neo4j.int("9007199254740993"),
        }),
      );
      expect(write.summary.counters.updates().nodesCreated).toBe(3);
      expect(write.summary.queryType).toBe("w");
      expect(server.runs.at(-1)?.query).toContain("UNWIND $rows AS r MERGE");
      expect(server.runs.at(-1)?.params).toEqual({ rows, big: 9007199254740993n });

      const read = await session.executeRead((tx) =>
        tx.run("MATCH (p:Person) WHERE p.rate > $min RETURN p.id AS id, p.name AS name, p.rate AS rate, p.tags AS tags, p.big AS big ORDER BY p.rate DESC", {
          min: 65,
        }),
      );
      expect(read.records.map((r) => r.keys)).toEqual([
        ["id", "name", "rate", "tags", "big"],
        ["id", "name", "rate", "tags", "big"],
      ]);
      expect(read.records.map((r): unknown[] => [r.get("id"), r.get("name"), r.get("rate"), r.get("tags")])).toEqual([
        ["p1", "Ada", 80.5, ["a", "b"]],
        ["p2", "Bo", 70.75, ["c"]],
      ]);
      expect((read.records[0]?.get("big") as Integer).toString()).toBe("9007199254740993");
      expect(read.summary.queryType).toBe("r");
    } finally {
      await session.close();
    }
  });

  it("returns engine nodes, relationships and paths as driver Node, Relationship and Path", async () => {
    await driver.executeQuery("CREATE (:City {id: 'x'})-[:ROAD {km: 5}]->(:City {id: 'y'})");
    const { records } = await driver.executeQuery("MATCH p = (a:City {id: 'x'})-[r:ROAD]->(b:City) RETURN a, r, p");
    const a = records[0]?.get("a") as unknown;
    const r = records[0]?.get("r") as unknown;
    const p = records[0]?.get("p") as unknown;
    expect(neo4j.isNode(a) && a.labels).toEqual(["City"]);
    expect(neo4j.isNode(a) && a.properties).toEqual({ id: "x" });
    expect(neo4j.isRelationship(r) && [r.type, toNumber(r.properties.km)]).toEqual(["ROAD", 5]);
    expect(neo4j.isNode(a) && neo4j.isRelationship(r) && r.startNodeElementId === a.elementId).toBe(true);
    expect(neo4j.isPath(p) && [p.start.properties.id, p.end.properties.id, p.length]).toEqual(["x", "y", 1]);
  });

  it("streams a result in batches when the driver pulls a few records at a time", async () => {
    const session = driver.session({ fetchSize: 2 });
    try {
      const result = await session.run("UNWIND range(1, 7) AS x RETURN x ORDER BY x");
      expect(result.records.map((r) => toNumber(r.get("x")))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    } finally {
      await session.close();
    }
  });

  it("rolls an explicit transaction back: its writes are gone; a committed one stays", async () => {
    const session = driver.session();
    try {
      const rolledBack = session.beginTransaction();
      await rolledBack.run("CREATE (:Tx {id: $id})", { id: "rolled-back" });
      const inside = await rolledBack.run("MATCH (t:Tx) RETURN t.id AS id");
      expect(inside.records.map((r): unknown => r.get("id"))).toEqual(["rolled-back"]); // visible to itself
      expect(await countNodes(driver, ":Tx")).toBe(0); // not to others before commit
      await rolledBack.rollback();
      expect(await countNodes(driver, ":Tx")).toBe(0);

      const committed = session.beginTransaction();
      await committed.run("CREATE (:Tx {id: $id})", { id: "committed" });
      await committed.commit();
      const { records } = await driver.executeQuery("MATCH (t:Tx) RETURN t.id AS id");
      expect(records.map((r): unknown => r.get("id"))).toEqual(["committed"]);
    } finally {
      await session.close();
    }
  });

  it("reports a syntax error as Neo4jError with Neo4j's code, and the session works afterwards", async () => {
    const session = driver.session();
    try {
      const error = await rejection(session.run("MATCH (n RETURN n"));
      expect(error).toBeInstanceOf(neo4j.Neo4jError);
      expect(error.code).toBe("Neo.ClientError.Statement.SyntaxError");
      expect(error.message).toContain("syntax error");
      const again = await session.run("RETURN $x AS x", { x: "fine" });
      expect(again.records[0]?.get("x")).toBe("fine");
    } finally {
      await session.close();
    }
  });

  it("enforces a uniqueness constraint with ConstraintValidationFailed, and a failed transaction leaves nothing", async () => {
    await driver.executeQuery("CREATE CONSTRAINT unique_account IF NOT EXISTS FOR (n:Account) REQUIRE n.id IS UNIQUE");
    await driver.executeQuery("CREATE CONSTRAINT unique_account IF NOT EXISTS FOR (n:Account) REQUIRE n.id IS UNIQUE"); // idempotent
    await driver.executeQuery("CREATE (:Account {id: 'acc'})");
    const session = driver.session();
    try {
      const error = await rejection(
        session.executeWrite(async (tx) => {
          await tx.run("CREATE (:Account {id: 'other'})");
          await tx.run("CREATE (:Account {id: 'acc'})");
        }),
      );
      expect(error.code).toBe("Neo.ClientError.Schema.ConstraintValidationFailed");
    } finally {
      await session.close();
    }
    const { records } = await driver.executeQuery("MATCH (a:Account) RETURN a.id AS id");
    expect(records.map((r): unknown => r.get("id"))).toEqual(["acc"]);
  });

  it("records schema statements the engine cannot parse and shows them with Neo4j's columns", async () => {
    await driver.executeQuery("CREATE INDEX rel_at IF NOT EXISTS FOR ()-[r:APPLIED]-() ON (r.at)");
    await driver.executeQuery("CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)");
    const { records } = await driver.executeQuery(
      "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state WHERE type = 'RANGE' RETURN name, entityType, labelsOrTypes, properties, state ORDER BY name",
    );
    expect(records.map((r) => r.toObject())).toEqual([
      { name: "person_name", entityType: "NODE", labelsOrTypes: ["Person"], properties: ["name"], state: "ONLINE" },
      { name: "rel_at", entityType: "RELATIONSHIP", labelsOrTypes: ["APPLIED"], properties: ["at"], state: "ONLINE" },
      { name: "unique_account", entityType: "NODE", labelsOrTypes: ["Account"], properties: ["id"], state: "ONLINE" },
    ]);
    const error = await rejection(driver.executeQuery("CREATE INDEX person_name FOR (n:Person) ON (n.name)"));
    expect(error.code).toBe("Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists");
  });

  it("retries a transient failure in executeWrite: the work takes effect once", async () => {
    const before = server.runs.length;
    server.failNext("Neo.TransientError.Transaction.DeadlockDetected", "ForsetiClient can't acquire an ExclusiveLock");
    const session = driver.session();
    let attempts = 0;
    try {
      await session.executeWrite(async (tx) => {
        attempts++;
        await tx.run("MERGE (c:Counter {id: 'c'}) ON CREATE SET c.n = 0 SET c.n = c.n + 1");
      });
    } finally {
      await session.close();
    }
    expect(attempts).toBe(2);
    expect(server.runs.length - before).toBeGreaterThanOrEqual(2);
    const { records } = await driver.executeQuery("MATCH (c:Counter) RETURN c.n AS n");
    expect(records.map((r) => toNumber(r.get("n")))).toEqual([1]);
  });

  it("fails an auto-commit query with the injected code without running it", async () => {
    server.failNext("Neo.ClientError.Statement.ArgumentError", "nope");
    const session = driver.session();
    try {
      const error = await rejection(session.run("CREATE (:Never)"));
      expect([error.code, error.message]).toEqual(["Neo.ClientError.Statement.ArgumentError", "nope"]);
      expect(await countNodes(driver, ":Never")).toBe(0);
    } finally {
      await session.close();
    }
  });

  it("answers CALL dbms.components() with the default version and edition", async () => {
    const { records } = await driver.executeQuery("CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition");
    expect(records.map((r) => r.toObject())).toEqual([{ name: "Neo4j Kernel", versions: ["5.26.0"], edition: "community" }]);
  });

  it("works through neo4j:// (ROUTE answered with this server for every role)", async () => {
    const routing = neo4j.driver(`neo4j://127.0.0.1:${server.port}`, AUTH);
    try {
      const { records } = await routing.executeQuery("RETURN 42 AS answer", {}, { routing: neo4j.routing.READ });
      expect(toNumber(records[0]?.get("answer"))).toBe(42);
    } finally {
      await routing.close();
    }
  });

  it("keeps hostile strings in parameters as data", async () => {
    await driver.executeQuery("MERGE (h:Hostile {id: 'h'})");
    const before = await countNodes(driver);
    await driver.executeQuery("MATCH (h:Hostile {id: 'h'}) SET h.note = $note", { note: HOSTILE });
    const { records } = await driver.executeQuery("MATCH (h:Hostile) WHERE h.note = $note RETURN h.note AS note", { note: HOSTILE });
    expect(records.map((r): unknown => r.get("note"))).toEqual([HOSTILE]);
    expect(await countNodes(driver)).toBe(before);
  });

  describe("full-text index (the FTS5 test double)", () => {
    const QUERY =
      "CALL db.index.fulltext.queryNodes($index, $query, {limit: $limit}) YIELD node, score RETURN node.id AS id, score, coalesce(node.archetype, false) AS archetype";
    const DOCS = [
      { id: "f1", kwTitle: "react developer", kwOverview: "builds web apps in react", kwSkills: "react javascript" },
      { id: "f2", kwTitle: "python developer", kwOverview: "data pipelines", kwSkills: "python sql" },
      { id: "f3", kwTitle: "frontend engineer", kwOverview: "react and vue, some developer tooling", kwSkills: "react vue" },
      { id: "f4", kwTitle: "designer", kwOverview: "figma", kwSkills: "figma" },
      { id: "f5", kwTitle: "senior react developer", kwOverview: "react native developer", kwSkills: "react" },
      { id: "f6", kwTitle: "developer", kwOverview: "generalist", kwSkills: "" },
    ];
    const WEIGHTS = [3, 1, 2];

    /** Scores of `match` over `docs` computed directly in SQLite FTS5, as the embedded index does. */
    function expectedHits(docs: typeof DOCS, match: string, limit: number): Array<{ id: string; score: number }> {
      const sqlite = new Database(":memory:");
      try {
        sqlite.exec("CREATE VIRTUAL TABLE t USING fts5 (title, overview, skills, tokenize = 'unicode61 remove_diacritics 2')");
        const insert = sqlite.prepare("INSERT INTO t (rowid, title, overview, skills) VALUES (?, ?, ?, ?)");
        docs.forEach((d, i) => insert.run(i + 1, d.kwTitle, d.kwOverview, d.kwSkills));
        const rows = sqlite.prepare(`SELECT rowid, -bm25(t, ${WEIGHTS.join(", ")}) AS score FROM t WHERE t MATCH ?`).all(match) as Array<{ rowid: number; score: number }>;
        return rows
          .map((r) => ({ id: docs[r.rowid - 1]?.id ?? "", score: r.score }))
          .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
          .slice(0, limit);
      } finally {
        sqlite.close();
      }
    }

    async function search(query: string, limit: number, index = "talentgraph_freelancers"): Promise<Array<{ id: string; score: number }>> {
      const { records } = await driver.executeQuery(QUERY, { index, query, limit: neo4j.int(limit) });
      return records.map((r) => ({ id: r.get("id") as string, score: r.get("score") as number }));
    }

    beforeAll(async () => {
      const create = "CREATE FULLTEXT INDEX talentgraph_freelancers IF NOT EXISTS FOR (n:Freelancer) ON EACH [n.kwTitle, n.kwOverview, n.kwSkills]";
      await driver.executeQuery(create);
      await driver.executeQuery(create); // idempotent
      await driver.executeQuery("UNWIND $docs AS d CREATE (f:Freelancer) SET f = d", { docs: DOCS });
    });

    it("is listed by SHOW FULLTEXT INDEXES", async () => {
      const { records } = await driver.executeQuery("SHOW FULLTEXT INDEXES YIELD name, type, labelsOrTypes, properties, state");
      expect(records.map((r) => r.toObject())).toEqual([
        { name: "talentgraph_freelancers", type: "FULLTEXT", labelsOrTypes: ["Freelancer"], properties: ["kwTitle", "kwOverview", "kwSkills"], state: "ONLINE" },
      ]);
    });

    it("returns hits best first with the BM25 scores FTS5 gives the same texts and weights", async () => {
      const hits = await search('"react" OR "developer"', 10);
      const expected = expectedHits(DOCS, '"react" OR "developer"', 10);
      expect(expected.length).toBe(5); // f4 matches neither term
      expect(hits.map((h) => h.id)).toEqual(expected.map((h) => h.id));
      hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]?.score ?? NaN, 12));
      expect(hits[0]?.score).toBeGreaterThan(hits.at(-1)?.score ?? Infinity);
    });

    it("honours the limit", async () => {
      const hits = await search('"react" OR "developer"', 2);
      expect(hits.map((h) => h.id)).toEqual(expectedHits(DOCS, '"react" OR "developer"', 2).map((h) => h.id));
    });

    it("sees writes committed after its last query", async () => {
      expect(await search('"kotlin"', 10)).toEqual([]);
      const doc = { id: "f7", kwTitle: "kotlin developer", kwOverview: "android", kwSkills: "kotlin" };
      await driver.executeQuery("CREATE (f:Freelancer) SET f = $doc", { doc });
      const hits = await search('"kotlin"', 10);
      expect(hits.map((h) => h.id)).toEqual(["f7"]);
      expect(hits[0]?.score).toBeCloseTo(expectedHits([...DOCS, doc], '"kotlin"', 10)[0]?.score ?? NaN, 12);
    });

    it("runs the rest of the statement like Cypher after a CALL: YIELD aliases, WHERE, YIELD *, standalone", async () => {
      const all = await search('"react"', 100);
      const aliased = await driver.executeQuery(
        "CALL db.index.fulltext.queryNodes('talentgraph_freelancers', $q, {limit: 100}) YIELD node AS n, score AS s WHERE s >= $min RETURN n.id AS id ORDER BY s DESC",
        { q: '"react"', min: all[1]?.score ?? NaN },
      );
      expect(aliased.records.map((r): unknown => r.get("id"))).toEqual(all.slice(0, 2).map((h) => h.id));
      const star = await driver.executeQuery("CALL db.index.fulltext.queryNodes('talentgraph_freelancers', '\"figma\"') YIELD *");
      expect(star.keys).toEqual(["node", "score"]);
      const standalone = await driver.executeQuery("CALL db.index.fulltext.queryNodes('talentgraph_freelancers', '\"figma\"')");
      expect(standalone.records.map((r) => (r.get("node") as { properties: { id: string } }).properties.id)).toEqual(["f4"]);
      const implicit = await rejection(driver.executeQuery("CALL db.index.fulltext.queryNodes('talentgraph_freelancers', '\"figma\"') RETURN 1"));
      expect(implicit.code).toBe("Neo.ClientError.Statement.SyntaxError");
    });

    it("refuses an unknown index and a query it cannot parse with ProcedureCallFailed", async () => {
      const unknown = await rejection(search('"react"', 5, "no_such_index"));
      expect(unknown.code).toBe("Neo.ClientError.Procedure.ProcedureCallFailed");
      expect(unknown.message).toContain("There is no such fulltext schema index");
      const unparsable = await rejection(search('"react', 5));
      expect(unparsable.code).toBe("Neo.ClientError.Procedure.ProcedureCallFailed");
    });

    it("keeps a hostile string inert as the query, as a quoted term and as the index name", async () => {
      const before = await countNodes(driver);
      const raw = await rejection(search(HOSTILE, 5));
      expect(raw.code).toBe("Neo.ClientError.Procedure.ProcedureCallFailed");
      const quoted = `"${HOSTILE.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
      expect(await search(quoted, 5)).toEqual([]);
      const asIndex = await rejection(search('"react"', 5, HOSTILE));
      expect(asIndex.code).toBe("Neo.ClientError.Procedure.ProcedureCallFailed");
      expect(await countNodes(driver)).toBe(before);
    });
  });

  it("parses the Lucene form the adapter sends and refuses the rest", () => {
    const texts = (q: string): string[] => parseLuceneQuery(q).map((c) => c.text);
    expect(texts('"react" OR "developer"')).toEqual(["react", "developer"]);
    expect(texts('"a\\"b" OR "c\\\\d" plain')).toEqual(['a"b', "c\\d", "plain"]);
    expect(parseLuceneQuery('kwTitle:"react"^3 OR kwOverview:"react" OR kwSkills:"react"^2')).toEqual([
      { text: "react", field: "kwTitle", boost: 3 },
      { text: "react", field: "kwOverview" },
      { text: "react", field: "kwSkills", boost: 2 },
    ]);
    for (const bad of ["", "OR", '"a" OR', "a AND b", "NOT a", "a*", "(a)", "title:", "a^x", '"open']) {
      expect(() => parseLuceneQuery(bad), bad).toThrow(/Cannot parse/);
    }
  });

  it("takes fielded, boosted terms only when they ask for the configured column weights", () => {
    const index = { name: "ix", label: "Doc", properties: ["title", "body"] };
    expect(termsForIndex(parseLuceneQuery('title:"a"^3 OR body:"a" OR "b"'), index, [3, 1])).toEqual(["a", "b"]);
    // A boost that differs from the weight, or a missing field, would need a scoring the double does not do.
    expect(() => termsForIndex(parseLuceneQuery('title:"a"^2 OR body:"a"'), index, [3, 1])).toThrow(/configured weights/);
    expect(() => termsForIndex(parseLuceneQuery('title:"a"^3'), index, [3, 1])).toThrow(/every field/);
  });
});

describe("Bolt test server options and outages", () => {
  it("reports the configured version and edition", async () => {
    const server = await startBoltServer({ neo4jVersion: "5.13.0", edition: "enterprise" });
    const driver = neo4j.driver(server.uri, AUTH);
    try {
      const { records } = await driver.executeQuery("CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition");
      expect(records.map((r) => r.toObject())).toEqual([{ version: "5.13.0", edition: "enterprise" }]);
      expect((await driver.getServerInfo()).agent).toBe("Neo4j/5.13.0");
    } finally {
      await driver.close();
      await server.close();
    }
  });

  it("goes down (queries fail with a driver connectivity code), comes back on the same port, and keeps the data", async () => {
    const server = await startBoltServer();
    const driver = neo4j.driver(server.uri, AUTH, { connectionAcquisitionTimeout: 10_000 });
    try {
      await driver.executeQuery("CREATE (:Kept {id: 'k'})");
      const session = driver.session();
      const open = session.beginTransaction();
      await open.run("CREATE (:Lost {id: 'l'})");
      // The engine refuses a second writer of a node while this transaction holds it, so a write
      // after the outage shows that the dropped transaction was really ended, not left open.
      await open.run("MATCH (k:Kept) SET k.touched = 'by the lost transaction'");

      const port = server.port;
      await server.stop();
      // The transaction's connection was dropped under it.
      expect((await rejection(open.commit())).code).toMatch(/^(ServiceUnavailable|SessionExpired)$/);
      await session.close();
      const down = driver.session();
      try {
        expect((await rejection(down.run("RETURN 1"))).code).toMatch(/^(ServiceUnavailable|SessionExpired)$/);
      } finally {
        await down.close();
      }

      await server.start();
      expect(server.port).toBe(port);
      const back = driver.session();
      try {
        const result = await back.run("MATCH (n) RETURN labels(n)[0] AS label, n.id AS id ORDER BY id");
        // The dropped transaction was rolled back; committed data survived the outage.
        expect(result.records.map((r) => r.toObject())).toEqual([{ label: "Kept", id: "k" }]);
        const touched = await back.run("MATCH (k:Kept) SET k.touched = 'after the outage' RETURN k.touched AS touched");
        expect(touched.records.map((r) => r.toObject())).toEqual([{ touched: "after the outage" }]);
      } finally {
        await back.close();
      }
    } finally {
      await driver.close();
      await server.close();
    }
  });
});
