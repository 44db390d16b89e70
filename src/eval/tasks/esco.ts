/**
 * Real-data tasks with labels by third parties (validation splits in ../shared/data), answered over
 * a store holding the ESCO taxonomy: 13,896 skills and 3,007 occupations ingested as archetype
 * profiles (`import-esco`). Ids are ESCO concept URIs.
 * - esco-title-normalisation: JobBERT vacancy titles → the labelled ESCO occupation
 *   (searchFreelancers over archetypes). MRR, Recall@1/5/10.
 * - esco-skill-linking-tech / -house: posting sentences → the ESCO skills people assigned to their
 *   spans (linkSkills). MRR, RP@5, RP@10.
 * - esco-occupation-skills: an occupation's label and description → its skills, essential = 2,
 *   optional = 1 (linkSkills). nDCG@10. linkSkills ranks skills from the text and the skill index
 *   alone and never reads occupation–skill edges, so the labels cannot leak through the graph.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { readCsvRows } from "../../core/csv.js";
import { compareIds } from "../../core/order.js";
import { createRng } from "../../core/rng.js";
import { makeTask, type EvalQuery, type EvalTask } from "../task.js";

export interface EscoTaskOptions {
  sharedDataDir: string;
  /** Titles sampled from the 15,463 JobBERT validation titles (0 = all); default 2000. */
  titleSample?: number;
  /** Occupations sampled for occupation → skills (0 = all); default 300. */
  occupationSample?: number;
  seed?: number;
}

export const ESCO_DIR = "esco-1.1.1";
const NOT_PRESENT = "LABEL NOT PRESENT";

/** Deterministic sample of `n` items (all when n is 0 or ≥ length), kept in input order. */
function sample<T>(items: readonly T[], n: number, seed: number): T[] {
  if (n <= 0 || n >= items.length) return [...items];
  const picked = new Set(createRng(seed).shuffle(items.map((_, i) => i)).slice(0, n));
  return items.filter((_, i) => picked.has(i));
}

/** Which of the real-data files are present; tasks whose files are absent are reported as skipped. */
export function escoDataFiles(sharedDataDir: string): Record<"esco" | "titles" | "tech" | "house", string> {
  return {
    esco: path.join(sharedDataDir, ESCO_DIR),
    titles: path.join(sharedDataDir, "jobbert", "titles.validation.csv"),
    tech: path.join(sharedDataDir, "skill-extraction", "tech_validation_annotations.csv"),
    house: path.join(sharedDataDir, "skill-extraction", "house_validation_annotations.csv"),
  };
}

/** The real-data tasks whose files exist, plus a note for each one skipped. */
export async function escoTasks(options: EscoTaskOptions): Promise<{ tasks: EvalTask[]; skipped: string[] }> {
  const files = escoDataFiles(options.sharedDataDir);
  const seed = options.seed ?? 7;
  const skipped: string[] = [];
  if (!existsSync(files.esco)) return { tasks: [], skipped: [`all ESCO tasks: ${files.esco} is absent`] };
  const tasks: EvalTask[] = [];

  const skills = await readCsvRows(path.join(files.esco, "skills_en.csv"), ["conceptUri", "preferredLabel"]);
  const skillByLabel = new Map<string, string>();
  for (const s of skills) if (!skillByLabel.has(s.preferredLabel.trim().toLowerCase())) skillByLabel.set(s.preferredLabel.trim().toLowerCase(), s.conceptUri);

  if (existsSync(files.titles)) {
    const rows = await readCsvRows(files.titles, ["vacancyTitle", "conceptUri"]);
    const n = options.titleSample ?? 2000;
    const queries: EvalQuery[] = sample(rows, n, seed).map((r, i) => ({ qid: `title-${i + 1}`, text: r.vacancyTitle.trim(), relevant: { [r.conceptUri]: 1 } }));
    tasks.push(
      makeTask({
        name: "esco-title-normalisation",
        description: "JobBERT vacancy titles (Decorte et al. 2021, validation split) → the labelled ESCO occupation, searched among occupation archetypes.",
        operation: "searchFreelancers",
        metrics: ["mrr", "recall@1", "recall@5", "recall@10"],
        request: { filter: { includeArchetypes: true } },
        queries: queries.filter((q) => q.text !== ""),
        source: files.titles,
        notes: [`${queries.length} of ${rows.length} titles, sampled with seed ${seed}`],
      }),
    );
  } else skipped.push(`esco-title-normalisation: ${files.titles} is absent`);

  for (const set of ["tech", "house"] as const) {
    const file = files[set];
    if (!existsSync(file)) {
      skipped.push(`esco-skill-linking-${set}: ${file} is absent`);
      continue;
    }
    const rows = await readCsvRows(file, ["sentence", "label"]);
    const bySentence = new Map<string, Record<string, number>>();
    let notPresent = 0;
    let unknown = 0;
    for (const r of rows) {
      const label = r.label.trim();
      if (label === NOT_PRESENT) {
        notPresent++;
        continue;
      }
      const id = skillByLabel.get(label.toLowerCase());
      if (id === undefined) {
        unknown++;
        continue;
      }
      const rel = bySentence.get(r.sentence) ?? {};
      rel[id] = 1;
      bySentence.set(r.sentence, rel);
    }
    const queries = [...bySentence].map(([text, relevant], i) => ({ qid: `${set}-${i + 1}`, text, relevant }));
    tasks.push(
      makeTask({
        name: `esco-skill-linking-${set}`,
        description: `SkillSpan ${set.toUpperCase()} posting sentences (Decorte et al. 2022, validation split) → the ESCO skills annotators assigned to their spans.`,
        operation: "linkSkills",
        metrics: ["mrr", "rp@5", "rp@10"],
        queries,
        source: file,
        notes: [`${rows.length} annotations: ${notPresent} "${NOT_PRESENT}" and ${unknown} with a label not in ESCO 1.1.1 skipped`],
      }),
    );
  }

  const occupations = await readCsvRows(path.join(files.esco, "occupations_en.csv"), ["conceptUri", "preferredLabel", "description"]);
  const relations = await readCsvRows(path.join(files.esco, "occupationSkillRelations.csv"), ["occupationUri", "relationType", "skillUri"]);
  const skillsOf = new Map<string, Record<string, number>>();
  for (const r of relations) {
    const rel = skillsOf.get(r.occupationUri) ?? {};
    rel[r.skillUri] = Math.max(rel[r.skillUri] ?? 0, r.relationType === "essential" ? 2 : 1);
    skillsOf.set(r.occupationUri, rel);
  }
  const candidates = occupations
    .filter((o) => Object.keys(skillsOf.get(o.conceptUri) ?? {}).length > 0)
    .sort((a, b) => compareIds(a.conceptUri, b.conceptUri));
  const picked = sample(candidates, options.occupationSample ?? 300, seed + 1);
  tasks.push(
    makeTask({
      name: "esco-occupation-skills",
      description: "ESCO occupation (label and description) → its skills; essential = 2, optional = 1.",
      operation: "linkSkills",
      metrics: ["ndcg@10", "mrr", "rp@10", "recall@100"],
      queries: picked.map((o) => ({
        qid: o.conceptUri.slice(o.conceptUri.lastIndexOf("/") + 1),
        text: `${o.preferredLabel.trim()}. ${o.description.trim()}`.slice(0, 10_000),
        relevant: skillsOf.get(o.conceptUri) ?? {},
      })),
      source: path.join(files.esco, "occupationSkillRelations.csv"),
      notes: [`${picked.length} of ${candidates.length} occupations with skills, sampled with seed ${seed + 1}`],
    }),
  );
  return { tasks, skipped };
}
