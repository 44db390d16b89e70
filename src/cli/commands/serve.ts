/**
 * `talentgraph serve`: the GraphQL API over the data dir, until SIGINT/SIGTERM.
 */
import type { Command } from "commander";
import { createServerLogger } from "../../serve/logger.js";
import { startServer } from "../../serve/server.js";
import { cliContext, nonNegativeInt } from "../context.js";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Serve the GraphQL API (POST /graphql) with /healthz, /readyz and /metrics. GraphiQL with NODE_ENV=development.")
    .option("--port <n>", "port (env PORT; default 4000; 0 picks a free one)", nonNegativeInt("--port"))
    .option("--host <host>", "bind address (env TALENTGRAPH_HOST; default 127.0.0.1; 0.0.0.0 for every interface)")
    .action(async (opts: { port?: number; host?: string }, command: Command) => {
      const ctx = cliContext(command, { port: opts.port, host: opts.host });
      // Structured JSON logs on stderr; stdout carries only the URL line, for scripts to read.
      const server = await startServer(ctx.config, { logger: createServerLogger(ctx.config, process.stderr) });
      process.stdout.write(`talentgraph API at ${server.url}\n`);
    });
}
