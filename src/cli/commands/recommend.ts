/**
 * `talentgraph recommend --job ID | --freelancer ID`: freelancers for a job, or jobs for a freelancer,
 * through the same pipeline as the API's recommendFreelancers/recommendJobs.
 */
import type { Command } from "commander";
import { cliContext } from "../context.js";
import { pageRequest, parseFilterFlag, printPage, withPageFlags, withPipeline, type PageFlags } from "./search.js";

interface RecommendFlags extends PageFlags {
  job?: string;
  freelancer?: string;
  includeApplied?: boolean;
  includeClosed?: boolean;
}

export function registerRecommend(program: Command): void {
  withPageFlags(
    program
      .command("recommend")
      .description("Recommend freelancers for a job (--job) or jobs for a freelancer (--freelancer).")
      .option("--job <id>", "recommend freelancers for this job")
      .option("--freelancer <id>", "recommend jobs for this freelancer")
      .option("--include-applied", "with --freelancer: also jobs already applied to, interviewed for or hired for")
      .option("--include-closed", "with --freelancer: also closed jobs"),
    "filter on the recommended records as JSON (a freelancer filter with --job, a job filter with --freelancer)",
  ).action(async (flags: RecommendFlags, command: Command) => {
    if ((flags.job === undefined) === (flags.freelancer === undefined)) {
      command.error("error: pass exactly one of --job <id> or --freelancer <id>", { exitCode: 2 });
    }
    const ctx = cliContext(command);
    const filter = parseFilterFlag("recommend", flags.filterJson);
    await withPipeline(ctx, async (pipeline) => {
      const common = { ...pageRequest(flags), ...(filter ? { filter } : {}) };
      const page =
        flags.job !== undefined
          ? await pipeline.recommendFreelancers({ jobId: flags.job, ...common })
          : await pipeline.recommendJobs({
              freelancerId: flags.freelancer ?? "",
              ...common,
              includeApplied: flags.includeApplied === true,
              includeClosed: flags.includeClosed === true,
            });
      await printPage(page, flags.json);
    });
  });
}
