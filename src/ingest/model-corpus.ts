/**
 * The corpus the default offline model's vocabulary and token frequencies are counted from:
 * the built-in taxonomy, a sample of demo marketplace text and, when ../shared/data is present,
 * ESCO's skill and occupation labels and descriptions and the SkillSpan *training* postings
 * (never the validation sets used for evaluation).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PACKAGE_ROOT } from "../core/config.js";
import { columnIndex, readCsvFile } from "../core/csv.js";
import { generateDemo } from "./demo/generate-demo.js";
import { readJsonl } from "./read-jsonl.js";

export interface ModelCorpusOptions {
  sharedDataDir?: string;
  /** Demo records sampled for vocabulary (freelancers; jobs are a third of it). */
  demoSample?: number;
}

export async function* defaultModelCorpus(options: ModelCorpusOptions = {}): AsyncGenerator<string> {
  for await (const line of readJsonl(path.join(PACKAGE_ROOT, "graph", "taxonomy", "skills.jsonl"))) {
    yield* skillTexts(line.value);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), "talentgraph-corpus-"));
  try {
    const n = options.demoSample ?? 3000;
    await generateDemo({ outDir: tmp, freelancers: n, jobs: Math.ceil(n / 3), seed: 7 });
    for await (const line of readJsonl(path.join(tmp, "freelancers.jsonl"))) {
      const v = line.value as { title?: string; overview?: string };
      yield `${v.title ?? ""}. ${v.overview ?? ""}`;
    }
    for await (const line of readJsonl(path.join(tmp, "jobs.jsonl"))) {
      const v = line.value as { title?: string; description?: string };
      yield `${v.title ?? ""}. ${v.description ?? ""}`;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const shared = options.sharedDataDir;
  if (shared === undefined) return;
  for (const file of ["esco-1.1.1/skills_en.csv", "esco-1.1.1/occupations_en.csv"]) {
    const full = path.join(shared, file);
    if (!existsSync(full)) continue;
    let columns: Record<"preferredLabel" | "altLabels" | "description", number> | undefined;
    for await (const { fields } of readCsvFile(full)) {
      if (!columns) {
        columns = columnIndex(fields, ["preferredLabel", "altLabels", "description"], full);
        continue;
      }
      yield [fields[columns.preferredLabel], fields[columns.altLabels], fields[columns.description]]
        .filter((f) => f !== undefined && f !== "")
        .join(". ");
    }
  }
  const skillspan = path.join(shared, "skillspan", "train.json");
  if (existsSync(skillspan)) {
    for await (const line of readJsonl(skillspan)) {
      const tokens = (line.value as { tokens?: unknown }).tokens;
      if (Array.isArray(tokens)) yield tokens.join(" ");
    }
  }
}

function* skillTexts(value: unknown): Generator<string> {
  const v = value as { name?: string; aliases?: string[]; description?: string };
  if (v.name) yield v.name;
  for (const a of v.aliases ?? []) yield a;
  if (v.description) yield v.description;
}
