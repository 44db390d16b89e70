import type { Command } from "commander";
import { ConfigInvalidError } from "../../core/errors.js";
import { Neo4jGraphStore } from "../../graph-store/neo4j/neo4j-graph-store.js";
import type { MigrationResult } from "../../graph-store/neo4j/neo4j-migrations.js";
import { neo4jStoreOptions } from "../../services.js";
import { cliContext, type CliContext } from "../context.js";

export interface GraphMigrateReport {
  backend: "neo4j";
  uri: string;
  server: { version: string; edition: string };
  migrations: MigrationResult;
}

/**
 * Applies the Neo4j schema migrations (constraints, lookup indexes, full-text indexes) and says
 * which ran. Idempotent. The embedded store migrates itself whenever it is opened.
 */
export async function migrateGraph(ctx: CliContext): Promise<GraphMigrateReport> {
  const { config } = ctx;
  if (config.graphBackend !== "neo4j") {
    throw new ConfigInvalidError("graph migrate: GRAPH_BACKEND is sqlite, whose store migrates itself on every open; set GRAPH_BACKEND=neo4j and NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD to migrate a Neo4j database");
  }
  const store = new Neo4jGraphStore({ ...neo4jStoreOptions(config, ctx.logger), migrate: false });
  try {
    const server = await store.checkServer();
    const migrations = await store.migrateReport();
    return { backend: "neo4j", uri: config.neo4jUri, server, migrations };
  } finally {
    await store.close();
  }
}

export function registerGraph(program: Command): void {
  const graph = program.command("graph").description("Manage the graph backend (Neo4j: schema migrations).");
  graph
    .command("migrate")
    .description(
      "Apply pending Neo4j schema migrations (uniqueness constraints, lookup and full-text indexes; graph/neo4j/migrations). Idempotent; checks the server is Neo4j 5.x or later. Needs GRAPH_BACKEND=neo4j.",
    )
    .option("--json", "print the report as JSON")
    .action(async (opts: { json?: boolean }, command: Command) => {
      const report = await migrateGraph(cliContext(command));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const applied = report.migrations.applied.map((m) => `${m.version}-${m.name}`);
      process.stdout.write(
        `Neo4j ${report.server.version} (${report.server.edition}) at ${report.uri}: schema version ${report.migrations.version}; ${applied.length > 0 ? `applied ${applied.join(", ")}` : "nothing to apply"}\n`,
      );
    });
}
