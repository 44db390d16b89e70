import type { Command } from "commander";
import { cliContext, positiveInt } from "../context.js";
import { collectStats, formatStats } from "./stats.js";
import { runDemo } from "./demo.js";

export function registerStart(program: Command): void {
  program
    .command("start")
    .description(
      "The main job on the embedded default: build the offline model if needed, generate and ingest the demo marketplace, and show what was built.",
    )
    .option("--freelancers <n>", "demo freelancers", positiveInt("--freelancers"), 5000)
    .option("--jobs <n>", "demo jobs", positiveInt("--jobs"), 1500)
    .action(async (opts: { freelancers: number; jobs: number }, command: Command) => {
      const ctx = cliContext(command);
      const code = await runDemo(ctx, { freelancers: opts.freelancers, jobs: opts.jobs, seed: 42, ingest: true });
      process.stdout.write(`\n${formatStats(await collectStats(ctx))}\n`);
      process.stdout.write(
        "\nTry: npm run cli -- link-skills \"senior react developer with node.js and postgres\"\n",
      );
      process.exitCode = code;
    });
}
