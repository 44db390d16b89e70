/**
 * The `talentgraph` command line. Each subcommand lives in its own module under
 * src/cli/commands/; this file wires them into commander and owns error reporting and exit codes.
 */
import { Command, CommanderError } from "commander";
import { isTalentgraphError } from "../core/errors.js";
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
import { registerBuildModel } from "./commands/build-model.js";
import { registerDemo } from "./commands/demo.js";
import { registerExplain } from "./commands/explain.js";
import { registerGraph } from "./commands/graph.js";
import { registerImportEsco } from "./commands/import-esco.js";
import { registerIngest } from "./commands/ingest.js";
import { registerKeys } from "./commands/keys.js";
import { registerLinkSkills } from "./commands/link-skills.js";
import { registerRecommend } from "./commands/recommend.js";
import { registerRecommendBatch } from "./commands/recommend-batch.js";
import { registerSearch } from "./commands/search.js";
import { registerServe } from "./commands/serve.js";
import { registerStart } from "./commands/start.js";
import { registerStats } from "./commands/stats.js";
import { registerEval } from "./commands/eval.js";
import { registerTrainReranker } from "./commands/train-reranker.js";


export function buildProgram(): Command {
  const program = new Command("talentgraph")
    .description("Knowledge-graph hybrid search and recommendations for a talent marketplace.")
    .option("--data-dir <dir>", "where stores and indexes live (env TALENTGRAPH_DATA_DIR; default ./indexes)")
    .option("--model <dirOrId>", "embedding model folder (env TALENTGRAPH_MODEL; default: the distilled offline model)")
    .option("--embedder <name>", "transformers | use-lite (env TALENTGRAPH_EMBEDDER; default transformers)")
    .option("--quiet", "no progress bars or info logs")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerStart(program);
  registerDemo(program);
  registerIngest(program);
  registerImportEsco(program);
  registerBuildModel(program);
  registerStats(program);
  registerGraph(program);
  registerLinkSkills(program);
  registerServe(program);
  registerKeys(program);
  registerSearch(program);
  registerRecommend(program);
  registerRecommendBatch(program);
  registerExplain(program);
  registerEval(program);
  registerTrainReranker(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (isTalentgraphError(error)) {
      process.stderr.write(`error [${error.code}]: ${error.message}\n`);
      return EXIT_ERROR;
    }
    process.stderr.write(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_ERROR;
  }
}

const code = await main(process.argv);
process.exitCode = code;
