/**
 * `talentgraph search freelancers|jobs "query"`: the same ranking pipeline the API serves, printed as
 * a compact table (rank, score, id, title or name, one-line explanation) or as JSON. The table and
 * JSON formatting here are shared by `recommend`.
 */
import { InvalidArgumentError, type Command } from "commander";
import { InvalidInputError } from "../../core/errors.js";
import type { Freelancer, Job } from "../../core/records.js";
import { createRankingPipeline } from "../../pipeline/pipeline.js";
import type { Explanation, RankedPage, RankingPipeline } from "../../pipeline/types.js";
import { openServices } from "../../services.js";
import { cliContext, nonNegativeInt, type CliContext } from "../context.js";

/** Options every ranked-list command takes. */
export interface PageFlags {
  filterJson?: string;
  first: number;
  after?: string;
  profile?: string;
  json?: boolean;
}

/** Parses `--filter-json`; the filter's own validation (ranges, enums) happens in the pipeline. */
export function parseFilterFlag(command: string, raw: string | undefined): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new InvalidInputError(`${command}: --filter-json is not valid JSON (${(error as Error).message}); pass an object such as '{"countries":["DE"]}'`, {
      cause: error,
    });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidInputError(`${command}: --filter-json must be a JSON object such as '{"countries":["DE"]}'`);
  }
  return value as Record<string, unknown>;
}

/** The paging part of a pipeline request from flags, leaving absent ones out. */
export function pageRequest(flags: PageFlags): { first: number; after?: string; profile?: string } {
  return {
    first: flags.first,
    ...(flags.after === undefined ? {} : { after: flags.after }),
    ...(flags.profile === undefined ? {} : { profile: flags.profile }),
  };
}

/** Adds the ranked-list flags to a command. */
export function withPageFlags(command: Command, filterHelp: string): Command {
  return command
    .option("--filter-json <json>", filterHelp)
    .option("--first <n>", "results per page, 1..100", nonNegativeInt("--first"), 10)
    .option("--after <cursor>", "continue after this cursor (printed at the end of the previous page)")
    .option("--profile <name>", "rank profile (default: hybrid)")
    .option("--json", "print JSON: the page with every hit's node and explanation");
}

const clip = (text: string, width: number): string => (text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`);
const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

/** Title shown for a node: a freelancer's name and headline, a job's title. */
function labelOf(node: Freelancer | Job): string {
  return "name" in node ? `${node.name} — ${node.title}` : node.title;
}

/** Explanations of every hit, in order (they are computed on demand). */
async function explanations<T>(page: RankedPage<T>): Promise<Explanation[]> {
  return Promise.all(page.hits.map((h) => h.explanation()));
}

/**
 * A compact table: rank, score, id, title/name and the one-line summary, clipped to the terminal
 * width, followed by paging and timing.
 */
export async function formatPageTable(page: RankedPage<Freelancer | Job>, width = process.stdout.columns || 120): Promise<string> {
  if (page.hits.length === 0) return `no results (profile ${page.profile}, ${page.tookMs.toFixed(1)} ms)`;
  const explained = await explanations(page);
  const idWidth = Math.min(24, Math.max(2, ...page.hits.map((h) => h.node.id.length)));
  const rankWidth = Math.max(1, String(page.hits.at(-1)?.rank ?? 0).length);
  const fixed = rankWidth + 2 + 8 + 2 + idWidth + 2;
  const rest = Math.max(30, width - fixed);
  const titleWidth = Math.min(48, Math.floor(rest * 0.45));
  const summaryWidth = Math.max(10, rest - titleWidth - 2);
  const header = `${"#".padStart(rankWidth)}  ${"score".padStart(8)}  ${"id".padEnd(idWidth)}  ${"title / name".padEnd(titleWidth)}  why`;
  const rows = page.hits.map((h, i) => {
    const title = clip(oneLine(labelOf(h.node)), titleWidth).padEnd(titleWidth);
    const summary = clip(oneLine(explained[i]?.summary ?? ""), summaryWidth);
    return `${String(h.rank).padStart(rankWidth)}  ${h.score.toFixed(4).padStart(8)}  ${clip(h.node.id, idWidth).padEnd(idWidth)}  ${title}  ${summary}`;
  });
  const timings = Object.entries(page.timings)
    .map(([stage, ms]) => `${stage} ${ms.toFixed(1)}`)
    .join(", ");
  const footer = [
    `profile ${page.profile}, ${page.tookMs.toFixed(1)} ms (${timings})`,
    page.pageInfo.hasNextPage && page.pageInfo.endCursor ? `more: --after ${page.pageInfo.endCursor}` : "end of results",
  ];
  return [header, ...rows, "", ...footer].join("\n");
}

/** The page as JSON, with every hit's explanation resolved. */
export async function pageJson<T>(page: RankedPage<T>): Promise<unknown> {
  const explained = await explanations(page);
  return {
    target: page.target,
    profile: page.profile,
    tookMs: page.tookMs,
    timings: page.timings,
    pageInfo: page.pageInfo,
    hits: page.hits.map((h, i) => ({ rank: h.rank, score: h.score, cursor: h.cursor, node: h.node, explanation: explained[i] })),
  };
}

/** Opens the services and the pipeline, runs `work`, and always closes the services. */
export async function withPipeline<T>(ctx: CliContext, work: (pipeline: RankingPipeline) => Promise<T>): Promise<T> {
  const services = await openServices(ctx.config, { logger: ctx.logger, progress: ctx.progress });
  try {
    return await work(await createRankingPipeline(services));
  } finally {
    await services.close();
  }
}

/** Prints a page as a table or JSON. */
export async function printPage(page: RankedPage<Freelancer> | RankedPage<Job>, json: boolean | undefined): Promise<void> {
  const out = json ? JSON.stringify(await pageJson<Freelancer | Job>(page), null, 2) : await formatPageTable(page);
  process.stdout.write(`${out}\n`);
}

function target(value: string): "freelancers" | "jobs" {
  if (value === "freelancers" || value === "jobs") return value;
  throw new InvalidArgumentError(`expected "freelancers" or "jobs", got "${value}"`);
}

export function registerSearch(program: Command): void {
  withPageFlags(
    program
      .command("search")
      .description("Search freelancers or jobs with free text through the hybrid ranking pipeline (what the API's searchFreelancers/searchJobs serve).")
      .argument("<target>", "freelancers | jobs", target)
      .argument("<query>", 'free text, e.g. "senior react developer with node.js"'),
    `filter as JSON, e.g. '{"countries":["DE"],"maxHourlyRate":80}' (freelancers) or '{"budgetType":"hourly","statuses":["open"]}' (jobs)`,
  ).action(async (kind: "freelancers" | "jobs", query: string, flags: PageFlags, command: Command) => {
    const ctx = cliContext(command);
    const filter = parseFilterFlag("search", flags.filterJson);
    await withPipeline(ctx, async (pipeline) => {
      const request = { query, ...pageRequest(flags), ...(filter ? { filter } : {}) };
      const page = kind === "freelancers" ? await pipeline.searchFreelancers(request) : await pipeline.searchJobs(request);
      await printPage(page, flags.json);
    });
  });
}
