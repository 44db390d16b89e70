import type { Command } from "commander";
import { createServerLogger } from "../../serve/logger.js";
import { startServer } from "../../serve/server.js";
import { cliContext, nonNegativeInt } from "../context.js";
import { EXIT_QUARANTINED } from "../exit-codes.js";
import { runDemo } from "./demo.js";
import { collectStats, formatStats } from "./stats.js";

export function registerStart(program: Command): void {
  program
    .command("start")
    .description(
      "The main job on the embedded default: build the offline model if needed, generate and ingest the demo marketplace, then serve the GraphQL API.",
    )
    .option("--freelancers <n>", "demo freelancers", nonNegativeInt("--freelancers"), 5000)
    .option("--jobs <n>", "demo jobs", nonNegativeInt("--jobs"), 1500)
    .option("--port <n>", "API port (env PORT; default 4000)", nonNegativeInt("--port"))
    .option("--no-serve", "stop after ingesting and printing stats")
    .action(async (opts: { freelancers: number; jobs: number; port?: number; serve: boolean }, command: Command) => {
      const ctx = cliContext(command, { port: opts.port });
      const code = await runDemo(ctx, { freelancers: opts.freelancers, jobs: opts.jobs, seed: 42, ingest: true });
      process.stdout.write(`\n${formatStats(await collectStats(ctx))}\n`);
      if (code === EXIT_QUARANTINED) process.stderr.write("some demo lines were quarantined; serving what was ingested\n");
      if (!opts.serve) {
        process.exitCode = code;
        return;
      }
      const server = await startServer(ctx.config, { logger: createServerLogger(ctx.config, process.stderr) });
      process.stdout.write(
        [
          "",
          `talentgraph API at ${server.url} (POST GraphQL; /healthz, /readyz, /metrics). Ctrl-C to stop.`,
          "Try:",
          `  curl -s ${server.url} -H 'content-type: application/json' \\`,
          `    -d '{"query":"{ searchFreelancers(query: \\"react developer\\", first: 3) { edges { rank score node { id title } explanation { summary } } } }"}'`,
          '  npm run cli -- search freelancers "react developer with node.js"',
          "",
        ].join("\n"),
      );
    });
}
