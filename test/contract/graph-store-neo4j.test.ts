/**
 * The GraphStore, filter and keyword contracts on the Neo4j adapter, through the real neo4j-driver
 * over a real socket to the Bolt 5 test server (test/helpers/bolt: an embedded Cypher engine behind
 * the protocol; no Neo4j server can run on these machines). Every statement the adapter sends is
 * real Cypher run by that engine, except the full-text procedure, which a test double answers (it
 * scores like the embedded FTS5 index; see fulltext-double.ts). The same suites run on the embedded
 * store in graph-store.test.ts, graph-store-filters.test.ts and keyword-index.test.ts.
 */
import { afterAll, beforeAll } from "vitest";
import { Neo4jGraphStore } from "../../src/graph-store/neo4j/neo4j-graph-store.js";
import { Neo4jKeywordIndex } from "../../src/keyword/neo4j-keyword-index.js";
import type { BoltTestServer } from "../helpers/bolt/bolt-server.js";
import { startNeo4jTestServer } from "../helpers/neo4j-test-server.js";
import { describeGraphStoreFilters } from "./graph-store-filters.contract.js";
import { describeGraphStore } from "./graph-store.contract.js";
import { describeKeywordIndex } from "./keyword-index.contract.js";

let server: BoltTestServer;
beforeAll(async () => {
  server = await startNeo4jTestServer();
});
afterAll(async () => {
  await server.close();
});

/** A store over an emptied database (each test starts from nothing, migrations included). */
async function freshStore(): Promise<Neo4jGraphStore> {
  await server.db.executeCypher("MATCH (n) DETACH DELETE n");
  return new Neo4jGraphStore({ uri: server.uri, user: "neo4j", password: "test", retryMs: 1000 });
}

describeGraphStore("Neo4jGraphStore (neo4j-driver → Bolt test server)", freshStore);
describeGraphStoreFilters("Neo4jGraphStore (neo4j-driver → Bolt test server)", freshStore);
describeKeywordIndex("Neo4jKeywordIndex (neo4j-driver → Bolt test server)", async () => {
  const store = await freshStore();
  return { store, index: new Neo4jKeywordIndex(store) };
});
