import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { InvalidInputError } from "../../core/errors.js";
import { renderBarChartSvg } from "../../eval/chart.js";
import { evaluate, TASK_GROUPS } from "../../eval/evaluate.js";
import { baselineFromReport, checkRegression, renderMarkdown, type Baseline } from "../../eval/report.js";
import { SPLITS, type Split } from "../../eval/task.js";
import { DEFAULT_DEMO_RECIPE } from "../../eval/workspace.js";
import { cliContext, nonNegativeInt } from "../context.js";
import { EXIT_ERROR } from "../exit-codes.js";

interface EvalFlags {
  tasks: string;
  profiles?: string;
  baseline?: string;
  split: string;
  reranker: string[];
  workDir: string;
  out: string;
  demoFreelancers: number;
  demoJobs: number;
  demoSeed: number;
  titleSample: number;
  occupationSample: number;
  resamples: number;
  check?: string;
  tolerance?: number;
  writeBaseline?: string;
}

const list = (s: string): string[] => s.split(",").map((x) => x.trim()).filter((x) => x !== "");
const collect = (value: string, previous: string[]): string[] => [...previous, value];
const tolerance = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`--tolerance must be a number from 0 to 1, got "${value}"`);
  return n;
};

export function registerEval(program: Command): void {
  program
    .command("eval")
    .description(
      "Measure ranking quality: run evaluation tasks under rank profiles through the ranking pipeline and write a report " +
        "(markdown table with deltas and significance against a baseline, JSON, SVG chart, latency per profile).",
    )
    .option("--tasks <list>", `comma list of ${TASK_GROUPS.join(" | ")} | built-in task names | task files (*.jsonl, run on --data-dir)`, "demo,esco")
    .option("--profiles <list>", "comma list of rank profiles (default: all)")
    .option("--baseline <profile>", "profile the others are compared with (default hybrid-fused)")
    .option("--split <split>", `split of tasks that have splits: ${SPLITS.join(" | ")}`, "test")
    .option("--reranker <file>", "also evaluate this reranker model (reranker-<name>.json) on top of its base profile; repeatable", collect, [])
    .option("--work-dir <dir>", "where built-in task stores are built and reused", "eval-work")
    .option("--out <dir>", "where report.md, report.json and chart.svg are written", "eval-report")
    .option("--demo-freelancers <n>", "demo marketplace size", nonNegativeInt("--demo-freelancers"), DEFAULT_DEMO_RECIPE.freelancers)
    .option("--demo-jobs <n>", "demo marketplace jobs", nonNegativeInt("--demo-jobs"), DEFAULT_DEMO_RECIPE.jobs)
    .option("--demo-seed <n>", "demo marketplace seed", nonNegativeInt("--demo-seed"), DEFAULT_DEMO_RECIPE.seed)
    .option("--title-sample <n>", "JobBERT titles sampled for title normalisation (0 = all 15,463)", nonNegativeInt("--title-sample"), 2000)
    .option("--occupation-sample <n>", "occupations sampled for occupation → skills (0 = all)", nonNegativeInt("--occupation-sample"), 300)
    .option("--resamples <n>", "resampling rounds of the significance tests (randomisation and bootstrap)", nonNegativeInt("--resamples"), 10_000)
    .option("--check <baseline.json>", "regression mode: exit 1 when a metric drops below the baseline minus its tolerance")
    .option("--tolerance <x>", "with --write-baseline: allowed absolute drop per metric (default 0.02)", tolerance)
    .option("--write-baseline <file>", "write this run's metrics as a baseline file for --check")
    .action(async (opts: EvalFlags, command: Command) => {
      const ctx = cliContext(command);
      if (!SPLITS.includes(opts.split as Split)) throw new InvalidInputError(`eval: --split must be one of ${SPLITS.join(", ")}, got ${opts.split}`);
      const report = await evaluate(ctx, {
        tasks: list(opts.tasks),
        ...(opts.profiles === undefined ? {} : { profiles: list(opts.profiles) }),
        ...(opts.baseline === undefined ? {} : { baseline: opts.baseline }),
        split: opts.split as Split,
        rerankerFiles: opts.reranker,
        workDir: path.resolve(opts.workDir),
        demo: { freelancers: opts.demoFreelancers, jobs: opts.demoJobs, seed: opts.demoSeed },
        titleSample: opts.titleSample,
        occupationSample: opts.occupationSample,
        rounds: opts.resamples,
      });
      const out = path.resolve(opts.out);
      await mkdir(out, { recursive: true });
      const skippedLines = report.skipped.map((s) => `- skipped: ${s}`).join("\n");
      await writeFile(path.join(out, "report.md"), `${renderMarkdown(report)}${skippedLines ? `\n${skippedLines}\n` : ""}`);
      await writeFile(path.join(out, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
      await writeFile(path.join(out, "chart.svg"), renderBarChartSvg(report));
      process.stdout.write(`${renderMarkdown(report)}\n`);
      for (const s of report.skipped) process.stderr.write(`skipped: ${s}\n`);
      process.stderr.write(`report written to ${out}/report.{md,json} and chart.svg\n`);
      if (opts.writeBaseline !== undefined) {
        await writeFile(path.resolve(opts.writeBaseline), `${JSON.stringify(baselineFromReport(report, opts.tolerance ?? 0.02), null, 2)}\n`);
        process.stderr.write(`baseline written to ${opts.writeBaseline}\n`);
      }
      if (opts.check !== undefined) {
        const baseline = JSON.parse(await readFile(path.resolve(opts.check), "utf8")) as Baseline;
        const regressions = checkRegression(report, baseline);
        for (const r of regressions) {
          process.stderr.write(`REGRESSION ${r.task} · ${r.profile} · ${r.metric}: ${Number.isNaN(r.value) ? "missing" : r.value.toFixed(4)} < ${r.allowedMin.toFixed(4)} (baseline ${r.baseline.toFixed(4)})\n`);
        }
        if (regressions.length > 0) process.exitCode = EXIT_ERROR;
        else process.stderr.write(`no regression against ${opts.check} (tolerance ${baseline.tolerance})\n`);
      }
    });
}
