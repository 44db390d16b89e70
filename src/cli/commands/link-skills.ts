import type { Command } from "commander";
import { InvalidInputError } from "../../core/errors.js";
import { openServices } from "../../services.js";
import { cliContext, nonNegativeInt } from "../context.js";

export function registerLinkSkills(program: Command): void {
  program
    .command("link-skills")
    .description("Link free text to skills of the ingested taxonomy: exact/alias phrase matches, then nearest skills by embedding.")
    .argument("<text>", "the text to link, e.g. \"senior react developer with node.js and postgres\"")
    .option("--limit <n>", "maximum skills to return", nonNegativeInt("--limit"), 10)
    .option("--no-vectors", "phrase matches only")
    .option("--json", "print as JSON")
    .action(async (text: string, opts: { limit: number; vectors: boolean; json?: boolean }, command: Command) => {
      if (text.trim() === "") throw new InvalidInputError("link-skills: the text is empty; pass the text to link as an argument");
      const ctx = cliContext(command);
      const services = await openServices(ctx.config, { logger: ctx.logger, progress: ctx.progress });
      try {
        if ((await services.store.stats()).nodes.skills === 0) {
          throw new InvalidInputError(
            `link-skills: no skills in ${ctx.config.dataDir}; run \`talentgraph demo\` or ingest a taxonomy first`,
          );
        }
        const linker = await services.linker();
        const links = await linker.link(text, { limit: opts.limit, useVectors: opts.vectors });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(links, null, 2)}\n`);
          return;
        }
        if (links.length === 0) {
          process.stdout.write("no skills found\n");
          return;
        }
        links.forEach((l, i) => {
          const spans = l.spans.map((s) => `"${s.text}"@${s.start}`).join(", ");
          process.stdout.write(
            `${String(i + 1).padStart(2)}. ${l.score.toFixed(3)}  ${l.method.padEnd(6)} ${l.name}  <${l.skillId}>${spans ? `  ${spans}` : ""}\n`,
          );
        });
      } finally {
        await services.close();
      }
    });
}
