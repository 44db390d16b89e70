import path from "node:path";
import type { Command } from "commander";
import { generateDemo } from "../../ingest/demo/generate-demo.js";
import { formatIngestSummary } from "../../ingest/ingest.js";
import { openServices } from "../../services.js";
import { cliContext, nonNegativeInt, type CliContext } from "../context.js";
import { EXIT_QUARANTINED } from "../exit-codes.js";
import { runIngest } from "./ingest.js";

export interface DemoOptions {
  freelancers: number;
  jobs: number;
  clients?: number;
  seed: number;
  out?: string;
}

/** Where `demo` writes its generated input unless told otherwise: beside the stores it feeds. */
export function demoInputDir(ctx: CliContext, out?: string): string {
  return out === undefined ? path.join(ctx.config.dataDir, "demo-input") : path.resolve(out);
}

/** Generates the demo marketplace and ingests it. Returns the exit code. */
export async function runDemo(ctx: CliContext, opts: DemoOptions & { ingest: boolean }): Promise<number> {
  const outDir = demoInputDir(ctx, opts.out);
  const generated = await generateDemo({
    outDir,
    freelancers: opts.freelancers,
    jobs: opts.jobs,
    ...(opts.clients === undefined ? {} : { clients: opts.clients }),
    seed: opts.seed,
    progress: ctx.progress("generate demo", opts.freelancers + opts.jobs, "records"),
  });
  ctx.logger.info(`demo marketplace written to ${outDir}`, { seconds: Number(generated.seconds.toFixed(1)) });
  if (!opts.ingest) return 0;
  const services = await openServices(ctx.config, { logger: ctx.logger, progress: ctx.progress });
  try {
    const summary = await runIngest(ctx, services, outDir);
    process.stdout.write(`${formatIngestSummary(summary)}\n`);
    return summary.totals.quarantined > 0 ? EXIT_QUARANTINED : 0;
  } finally {
    await services.close();
  }
}

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("Generate a deterministic demo marketplace from the built-in taxonomy and ingest it.")
    .option("--freelancers <n>", "freelancers to generate", nonNegativeInt("--freelancers"), 5000)
    .option("--jobs <n>", "jobs to generate", nonNegativeInt("--jobs"), 1500)
    .option("--clients <n>", "clients to generate (default: a third of the jobs)", nonNegativeInt("--clients"))
    .option("--seed <n>", "random seed (same seed, same marketplace)", nonNegativeInt("--seed"), 42)
    .option("--out <dir>", "where to write the generated JSONL (default: <data-dir>/demo-input)")
    .option("--no-ingest", "only generate the files")
    .action(async (opts: DemoOptions & { ingest: boolean }, command: Command) => {
      process.exitCode = await runDemo(cliContext(command), opts);
    });
}
