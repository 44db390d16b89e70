/**
 * The Bolt test server (test/helpers/bolt) set up for talentgraph's Neo4j adapter: its full-text
 * double scores each index with the embedded keyword index's column weights, as the adapter's
 * boosted Lucene queries ask.
 */
import { FULLTEXT_INDEXES } from "../../src/graph-store/neo4j/cypher.js";
import { COLUMN_WEIGHTS } from "../../src/keyword/sqlite-keyword-index.js";
import { startBoltServer, type BoltTestServer, type BoltTestServerOptions } from "./bolt/bolt-server.js";

export const FULLTEXT_WEIGHTS: Record<string, readonly number[]> = {
  [FULLTEXT_INDEXES.freelancers]: COLUMN_WEIGHTS.freelancers,
  [FULLTEXT_INDEXES.jobs]: COLUMN_WEIGHTS.jobs,
  [FULLTEXT_INDEXES.skills]: COLUMN_WEIGHTS.skills,
};

export function startNeo4jTestServer(options: Omit<BoltTestServerOptions, "fulltextWeights"> = {}): Promise<BoltTestServer> {
  return startBoltServer({ ...options, fulltextWeights: FULLTEXT_WEIGHTS });
}
