import path from "node:path";
import type { Command } from "commander";
import { importEsco } from "../../ingest/esco/import-esco.js";
import { cliContext } from "../context.js";

export function registerImportEsco(program: Command): void {
  program
    .command("import-esco")
    .description(
      "Convert the ESCO v1.1.1 English CSV export into ingestible JSONL: skills, skill relations and occupations (as archetype profiles).",
    )
    .option("--esco <dir>", "ESCO CSV folder (default: <shared data>/esco-1.1.1)")
    .requiredOption("--out <dir>", "where to write skills.jsonl, skill_relations.jsonl, occupations.jsonl")
    .option("--json", "print the summary as JSON")
    .action(async (opts: { esco?: string; out: string; json?: boolean }, command: Command) => {
      const ctx = cliContext(command);
      const escoDir = path.resolve(opts.esco ?? path.join(ctx.config.sharedDataDir, "esco-1.1.1"));
      const summary = await importEsco({ escoDir, outDir: path.resolve(opts.out), progress: ctx.progress("import-esco", undefined, "rows") });
      process.stdout.write(
        opts.json
          ? `${JSON.stringify(summary, null, 2)}\n`
          : `${JSON.stringify(summary, null, 2)}\nnext: talentgraph ingest --input ${opts.out}\n`,
      );
    });
}
