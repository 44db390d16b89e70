import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { ensureDefaultModel } from "../../embed/ensure-model.js";
import { defaultModelCorpus } from "../../ingest/model-corpus.js";
import { cliContext } from "../context.js";

export function registerBuildModel(program: Command): void {
  program
    .command("build-model")
    .description(
      "Distil the default offline embedding model (static token embeddings from the USE-lite teacher) into the model folder. Other commands build it on first use.",
    )
    .option("--out <dir>", "model folder (default: the configured model, <package>/models/talentgraph-static-256)")
    .option("--force", "rebuild even if the folder is complete")
    .action(async (opts: { out?: string; force?: boolean }, command: Command) => {
      const ctx = cliContext(command);
      const modelDir = path.resolve(opts.out ?? ctx.config.model);
      if (opts.force && existsSync(modelDir)) rmSync(modelDir, { recursive: true, force: true });
      const started = performance.now();
      await ensureDefaultModel({
        modelDir,
        corpus: () => defaultModelCorpus({ sharedDataDir: ctx.config.sharedDataDir }),
        logger: ctx.logger,
        progress: ctx.progress,
      });
      process.stdout.write(`model ready in ${modelDir} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    });
}
