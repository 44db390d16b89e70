/**
 * Against a REAL Neo4j server, when one is given: set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD,
 * optionally NEO4J_DATABASE), e.g. the one `docker compose up neo4j` starts. Runs the GraphStore,
 * filter and keyword contracts and an end-to-end ingest + searchFreelancers on it. It deletes every
 * node with a talentgraph label (Skill, Freelancer, Job, Client, Interaction, Talentgraph*) in that
 * database first: point it at a throwaway one. Without NEO4J_URI it is skipped and says so.
 *
 * The machines this project is developed on cannot run Neo4j (no Docker engine, no package), so in
 * CI this file is always skipped; the Bolt test server covers the adapter there (see
 * test/contract/graph-store-neo4j.test.ts and test/e2e/neo4j-backend.test.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import neo4j from "neo4j-driver";
import { afterAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../src/core/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { silentProgress } from "../../src/core/progress.js";
import { Neo4jGraphStore } from "../../src/graph-store/neo4j/neo4j-graph-store.js";
import { generateDemo } from "../../src/ingest/demo/generate-demo.js";
import { ingestDirectory } from "../../src/ingest/run-ingest.js";
import { Neo4jKeywordIndex } from "../../src/keyword/neo4j-keyword-index.js";
import { createRankingPipeline } from "../../src/pipeline/pipeline.js";
import { openServices } from "../../src/services.js";
import { describeGraphStoreFilters } from "../contract/graph-store-filters.contract.js";
import { describeGraphStore } from "../contract/graph-store.contract.js";
import { describeKeywordIndex } from "../contract/keyword-index.contract.js";

const uri = process.env.NEO4J_URI ?? "";
const user = process.env.NEO4J_USER ?? "neo4j";
const password = process.env.NEO4J_PASSWORD ?? "";
const database = process.env.NEO4J_DATABASE || undefined;

if (uri === "") {
  process.stderr.write("\n[neo4j-real] SKIPPED: NEO4J_URI is not set, so no real Neo4j server was tested (see README, \"Running on Neo4j\").\n\n");
  describe("real Neo4j server", () => {
    it.skip("SKIPPED: set NEO4J_URI (and NEO4J_PASSWORD) to run the contracts and an end-to-end search against a real Neo4j 5", () => undefined);
  });
} else {
  const TALENTGRAPH_LABELS = ["Skill", "Freelancer", "Job", "Client", "Interaction", "TalentgraphMeta", "TalentgraphVectorLog", "TalentgraphMigration"];

  /** Deletes every talentgraph node (in batches, so a big database does not need one huge transaction). */
  async function wipe(): Promise<void> {
    const driver = neo4j.driver(uri, neo4j.auth.basic(user, password));
    const session = driver.session(database === undefined ? {} : { database });
    try {
      const where = TALENTGRAPH_LABELS.map((l) => `n:${l}`).join(" OR ");
      for (;;) {
        const result = await session.run(`MATCH (n) WHERE ${where} WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n`);
        if (Number(result.records[0]?.get("n") ?? 0) === 0) break;
      }
    } finally {
      await session.close();
      await driver.close();
    }
  }

  async function fresh(): Promise<Neo4jGraphStore> {
    await wipe();
    return new Neo4jGraphStore({ uri, user, password, ...(database === undefined ? {} : { database }) });
  }

  describeGraphStore(`real Neo4j at ${uri}`, fresh);
  describeGraphStoreFilters(`real Neo4j at ${uri}`, fresh);
  describeKeywordIndex(`real Neo4j at ${uri} (Lucene)`, async () => {
    const store = await fresh();
    return { store, index: new Neo4jKeywordIndex(store) };
  });

  describe(`real Neo4j at ${uri}: ingest and search end to end`, () => {
    const work = mkdtempSync(path.join(os.tmpdir(), "tg-neo4j-real-"));
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it("ingests demo data and answers searchFreelancers with every channel", async () => {
      await wipe();
      const input = path.join(work, "input");
      await generateDemo({ outDir: input, freelancers: 300, jobs: 100, seed: 5 });
      const config = loadConfig({
        env: {},
        overrides: {
          dataDir: path.join(work, "data"),
          model: inject("tinyModelDir"),
          logLevel: "silent",
          graphBackend: "neo4j",
          neo4jUri: uri,
          neo4jUser: user,
          neo4jPassword: password,
          ...(database === undefined ? {} : { neo4jDatabase: database }),
        },
      });
      const services = await openServices(config);
      try {
        const summary = await ingestDirectory(services, input, { logger: silentLogger, progress: () => silentProgress });
        expect(summary.totals.quarantined).toBe(0);
        expect((await services.store.stats()).nodes.freelancers).toBe(300);
        const pipeline = await createRankingPipeline(services);
        const page = await pipeline.searchFreelancers({ query: "senior react developer with typescript", first: 10 });
        expect(page.hits).toHaveLength(10);
        expect(page.degraded).toEqual([]);
        const explanation = await page.hits[0]!.explanation();
        for (const channel of ["vector", "keyword", "graph"]) {
          expect(explanation.channels.find((c) => c.channel === channel)?.degraded).toBe(false);
        }
        expect(page.hits.some((h) => h.node.title.toLowerCase().includes("react") || h.node.skills.length > 0)).toBe(true);
      } finally {
        await services.close();
      }
    });
  });
}
