/**
 * `talentgraph explain --job ID --freelancer ID`: why a freelancer ranks where they do for a job,
 * as a readable tree (the shared text renderer) or JSON.
 */
import type { Command } from "commander";
import { renderExplanationText } from "../../explain/render-text.js";
import { cliContext } from "../context.js";
import { withPipeline } from "./search.js";

interface ExplainFlags {
  job: string;
  freelancer: string;
  profile?: string;
  json?: boolean;
}

export function registerExplain(program: Command): void {
  program
    .command("explain")
    .description("Explain how a freelancer ranks for a job: every channel, fusion, reranker, graph paths, matched and missing skills.")
    .requiredOption("--job <id>", "the job")
    .requiredOption("--freelancer <id>", "the freelancer")
    .option("--profile <name>", "rank profile (default: hybrid)")
    .option("--json", "print JSON")
    .action(async (flags: ExplainFlags, command: Command) => {
      const ctx = cliContext(command);
      await withPipeline(ctx, async (pipeline) => {
        const result = await pipeline.explainMatch(flags.job, flags.freelancer, flags.profile);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ jobId: flags.job, freelancerId: flags.freelancer, ...result }, null, 2)}\n`);
          return;
        }
        const rank = result.rank === null ? "not in the first 1000" : `rank ${result.rank}`;
        process.stdout.write(
          `${flags.freelancer} for ${flags.job} (profile ${result.explanation.profile}): score ${result.score.toFixed(4)}, ${rank}\n` +
            `${renderExplanationText(result.explanation)}\n`,
        );
      });
    });
}
