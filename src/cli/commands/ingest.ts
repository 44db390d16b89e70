import type { Command } from "commander";
import { formatIngestSummary, type IngestSummary } from "../../ingest/ingest.js";
import { ingestDirectory } from "../../ingest/run-ingest.js";
import { openServices, type Services } from "../../services.js";
import { EXIT_QUARANTINED } from "../exit-codes.js";
import { cliContext, nonNegativeInt, type CliContext } from "../context.js";

export interface RunIngestOptions {
  deleteFile?: string;
  batchSize?: number;
  linkTextSkills?: boolean;
}

/** Runs ingestion with the configured services and records the summary in the data dir. */
export function runIngest(ctx: CliContext, services: Services, inputDir: string, options: RunIngestOptions = {}): Promise<IngestSummary> {
  return ingestDirectory(services, inputDir, { logger: ctx.logger, progress: ctx.progress, ...options });
}

export function registerIngest(program: Command): void {
  program
    .command("ingest")
    .description(
      "Validate, link, embed and store a directory of JSONL records (skills, skill_relations, clients, freelancers, occupations, jobs, interactions).",
    )
    .requiredOption("--input <dir>", "directory holding any subset of the record files")
    .option("--delete <file>", "file of ids to delete, one per line (optionally `freelancers ID`, `jobs ID`, …)")
    .option("--batch-size <n>", "records per store transaction", nonNegativeInt("--batch-size"))
    .option("--no-link-text", "do not add skills mentioned in titles/overviews/descriptions")
    .option("--accept-quarantine", "exit 0 even when lines were quarantined")
    .option("--json", "print the summary as JSON")
    .action(async (opts: { input: string; delete?: string; batchSize?: number; linkText: boolean; acceptQuarantine?: boolean; json?: boolean }, command: Command) => {
      const ctx = cliContext(command);
      const services = await openServices(ctx.config, { logger: ctx.logger, progress: ctx.progress });
      try {
        const summary = await runIngest(ctx, services, opts.input, {
          ...(opts.delete === undefined ? {} : { deleteFile: opts.delete }),
          ...(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize }),
          linkTextSkills: opts.linkText,
        });
        process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatIngestSummary(summary)}\n`);
        if (summary.totals.quarantined > 0 && opts.acceptQuarantine !== true) {
          process.stderr.write(
            `${summary.totals.quarantined} line(s) quarantined (see ${summary.quarantinePath}); exiting ${EXIT_QUARANTINED} (use --accept-quarantine to exit 0)\n`,
          );
          process.exitCode = EXIT_QUARANTINED;
        }
      } finally {
        await services.close();
      }
    });
}
