/**
 * ESCO v1.1.1 (English CSV export) → talentgraph record files:
 *
 * - `skills.jsonl` ({@link skillInput}): every skill/knowledge concept of `skills_en.csv`, plus the skill
 *   groups of `skillGroups_en.csv` (category `"skill group"`), so the BROADER_THAN hierarchy stays connected.
 *   `category` is ESCO's `skillType` (`"skill/competence"` or `"knowledge"`; omitted when ESCO leaves it
 *   empty, 6 concepts in v1.1.1). Not the top-level pillar group: a skill has several broader groups, so a
 *   single "pillar" would be an arbitrary pick, and the graph carries the hierarchy anyway.
 * - `skill_relations.jsonl` ({@link skillRelationInput}): `skillSkillRelations.csv` as RELATED_TO
 *   (original → related skill; essential 0.8, optional 0.5: see {@link RELATED_WEIGHT}) and
 *   `broaderRelationsSkillPillar.csv` as BROADER_THAN (broader → narrower, weight 1), kept only when both
 *   ends were written to `skills.jsonl`.
 * - `occupations.jsonl` ({@link occupationInput}): each occupation as an archetype freelancer profile
 *   whose skills are its essential (level 4) and optional (level 2) skills, by id.
 *
 * Ids are ESCO concept URIs, unchanged: they are what ESCO users and third-party labels refer to.
 * Every row that is not written is counted in the summary with a reason.
 */
import { access, mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { z } from "zod";
import { columnIndex, readCsvFile } from "../../core/csv.js";
import { DataUnavailableError } from "../../core/errors.js";
import { silentProgress, type Progress } from "../../core/progress.js";
import {
  occupationInput,
  skillInput,
  skillRelationInput,
  type OccupationInput,
  type SkillInput,
  type SkillRelationInput,
} from "../../core/records.js";

/** The ESCO export files the importer reads, by role. */
export const ESCO_FILES = {
  skills: "skills_en.csv",
  skillGroups: "skillGroups_en.csv",
  skillRelations: "skillSkillRelations.csv",
  broaderSkills: "broaderRelationsSkillPillar.csv",
  occupations: "occupations_en.csv",
  occupationSkills: "occupationSkillRelations.csv",
} as const;

/** The record files the importer writes into `outDir`. */
export const ESCO_OUTPUT_FILES = ["skills.jsonl", "skill_relations.jsonl", "occupations.jsonl"] as const;
export type EscoOutputFile = (typeof ESCO_OUTPUT_FILES)[number];

/**
 * RELATED_TO weights for ESCO skill–skill relations. ESCO says only that the related skill is
 * essential or optional for the original one; 0.8/0.5 keep essential links clearly stronger while
 * staying below BROADER_THAN (1.0), whose meaning (is-a) is the most certain.
 */
export const RELATED_WEIGHT = { essential: 0.8, optional: 0.5 } as const;

/** Skill levels (1..5) given to an archetype occupation's essential and optional skills. */
export const OCCUPATION_SKILL_LEVEL = { essential: 4, optional: 2 } as const;

/** Category of skill-group concepts in `skills.jsonl`. */
export const SKILL_GROUP_CATEGORY = "skill group";

export type EscoDropReason =
  /** A CSV record whose field count differs from the header's. */
  | "malformed-row"
  /** A row of a kind the importer does not expect (conceptType, relationType). */
  | "unexpected-type"
  /** The record failed its zod schema. */
  | "invalid-record"
  /** A concept id seen before (in the same or an earlier file). */
  | "duplicate-id"
  /** A relation end is not a skill or skill group of the export. */
  | "unknown-skill"
  /** An occupation–skill row naming an occupation not in occupations_en.csv. */
  | "unknown-occupation"
  /** A relation from a concept to itself. */
  | "self-relation"
  /** The same relation again (kept once, with the higher weight). */
  | "duplicate-relation";

/** One row that was not written, for the summary's examples. */
export interface EscoDrop {
  /** Input file name (relative to `escoDir`). */
  file: string;
  /** 1-based line where the CSV record starts. */
  line: number;
  reason: EscoDropReason;
  detail: string;
}

export interface EscoImportSummary {
  escoDir: string;
  outDir: string;
  /** Lines written per output file. */
  files: Record<EscoOutputFile, number>;
  /** Skill/knowledge concepts written (from skills_en.csv). */
  skills: number;
  /** Skill groups written to skills.jsonl (from skillGroups_en.csv). */
  skillGroups: number;
  relations: { relatedTo: number; broaderThan: number };
  occupations: number;
  /** Occupation→skill links written, by ESCO relation type. */
  occupationSkills: { essential: number; optional: number };
  dropped: {
    total: number;
    /** Counts per `${file}: ${reason}`. */
    byReason: Record<string, number>;
    /** Up to {@link MAX_DROP_EXAMPLES} examples per file and reason. */
    examples: EscoDrop[];
  };
  durationMs: number;
}

export interface ImportEscoOptions {
  /** Folder holding the ESCO CSV files ({@link ESCO_FILES}). */
  escoDir: string;
  /** Folder to write the JSONL files into; created if missing. Existing files are replaced. */
  outDir: string;
  /** Ticks once per CSV record read. */
  progress?: Progress;
  now?: () => number;
}

export const MAX_DROP_EXAMPLES = 10;

/** Reads the ESCO CSV export in `escoDir` and writes skills, skill relations and occupations as JSONL. */
export async function importEsco(options: ImportEscoOptions): Promise<EscoImportSummary> {
  const { escoDir, outDir } = options;
  const progress = options.progress ?? silentProgress;
  const now = options.now ?? Date.now;
  const started = now();
  await assertInputs(escoDir);

  const drops = new DropLog();
  const ctx: ReadContext = { escoDir, progress, drops };

  const skills = await readSkills(ctx);
  const groups = await readSkillGroups(ctx, skills.ids);
  const knownSkills = new Set([...skills.ids, ...groups.ids]);
  const related = await readRelatedSkills(ctx, knownSkills);
  const broader = await readBroaderSkills(ctx, knownSkills);
  const occupations = await readOccupations(ctx);
  const occupationSkills = await readOccupationSkills(ctx, occupations.index, skills.ids, knownSkills);

  const skillLines = [...skills.records, ...groups.records].map((r) => JSON.stringify(r));
  const relationLines: string[] = [];
  for (const r of [...related.values(), ...broader.values()]) {
    const parsed = validate(skillRelationInput, r);
    if (parsed.ok) relationLines.push(JSON.stringify(parsed.value));
    else drops.add({ file: "skill_relations.jsonl", line: 0, reason: "invalid-record", detail: parsed.message });
  }
  const occupationLines: string[] = [];
  for (const o of occupations.records) {
    const parsed = validate(occupationInput, o.record);
    if (parsed.ok) occupationLines.push(JSON.stringify(parsed.value));
    else drops.add({ file: ESCO_FILES.occupations, line: o.line, reason: "invalid-record", detail: `${o.record.id}: ${parsed.message}` });
  }

  await mkdir(outDir, { recursive: true });
  await writeJsonl(join(outDir, "skills.jsonl"), skillLines);
  await writeJsonl(join(outDir, "skill_relations.jsonl"), relationLines);
  await writeJsonl(join(outDir, "occupations.jsonl"), occupationLines);
  progress.done();

  return {
    escoDir,
    outDir,
    files: {
      "skills.jsonl": skillLines.length,
      "skill_relations.jsonl": relationLines.length,
      "occupations.jsonl": occupationLines.length,
    },
    skills: skills.records.length,
    skillGroups: groups.records.length,
    relations: { relatedTo: related.size, broaderThan: broader.size },
    occupations: occupationLines.length,
    occupationSkills,
    dropped: drops.summary(),
    durationMs: now() - started,
  };
}

// ---- reading -------------------------------------------------------------------------------

interface ReadContext {
  escoDir: string;
  progress: Progress;
  drops: DropLog;
}

/** Fails early, before anything is written, naming every missing file and the folder expected. */
async function assertInputs(escoDir: string): Promise<void> {
  const missing: string[] = [];
  for (const file of Object.values(ESCO_FILES)) {
    try {
      await access(join(escoDir, file));
    } catch (error: unknown) {
      // Any access failure (absent, unreadable) means we cannot import; collect them all for one message.
      missing.push(`${file} (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`);
    }
  }
  if (missing.length > 0) {
    throw new DataUnavailableError(
      `importEsco: missing ${missing.join(", ")} in ${escoDir}; expected the ESCO v1.1.1 English CSV export ` +
        `(${Object.values(ESCO_FILES).join(", ")}). Unzip ESCO's "CSV, English" package into that folder or point escoDir at it.`,
    );
  }
}

/**
 * Streams a CSV file's data rows as objects of the named columns. Rows whose field count differs
 * from the header's are dropped as malformed (a shifted row would put text into the wrong fields).
 */
async function* rows<C extends string>(
  ctx: ReadContext,
  file: string,
  columns: readonly C[],
): AsyncGenerator<{ line: number; row: Record<C, string> }> {
  const path = join(ctx.escoDir, file);
  let index: Record<C, number> | undefined;
  let width = 0;
  for await (const record of readCsvFile(path)) {
    if (index === undefined) {
      index = columnIndex(record.fields, columns, path);
      width = record.fields.length;
      continue;
    }
    ctx.progress.tick();
    if (record.fields.length !== width) {
      ctx.drops.add({
        file,
        line: record.line,
        reason: "malformed-row",
        detail: `${record.fields.length} fields, header has ${width}`,
      });
      continue;
    }
    const row = {} as Record<C, string>;
    for (const c of columns) row[c] = (record.fields[index[c]] ?? "").trim();
    yield { line: record.line, row };
  }
}

/** ESCO lists labels one per line inside a quoted field. Trims, drops empties and `exclude` (case-insensitive), dedupes. */
export function splitLabels(field: string, exclude?: string): string[] {
  const seen = new Set<string>(exclude === undefined ? [] : [exclude.trim().toLowerCase()]);
  const out: string[] = [];
  for (const raw of field.split(/\r?\n|\r/)) {
    const label = raw.trim().replace(/\s+/g, " ");
    const key = label.toLowerCase();
    if (label.length === 0 || seen.has(key)) continue;
    seen.add(key);
    out.push(label);
  }
  return out;
}

async function readSkills(ctx: ReadContext): Promise<{ records: SkillInput[]; ids: Set<string> }> {
  const file = ESCO_FILES.skills;
  const records: SkillInput[] = [];
  const ids = new Set<string>();
  const columns = ["conceptType", "conceptUri", "skillType", "preferredLabel", "altLabels", "description"] as const;
  for await (const { line, row } of rows(ctx, file, columns)) {
    if (row.conceptType !== "KnowledgeSkillCompetence") {
      ctx.drops.add({ file, line, reason: "unexpected-type", detail: `conceptType ${row.conceptType}` });
      continue;
    }
    const record = skillRecord(row.conceptUri, row.preferredLabel, row.altLabels, row.description, row.skillType);
    pushSkill(ctx, file, line, record, ids, records);
  }
  return { records, ids };
}

async function readSkillGroups(
  ctx: ReadContext,
  skillIds: ReadonlySet<string>,
): Promise<{ records: SkillInput[]; ids: Set<string> }> {
  const file = ESCO_FILES.skillGroups;
  const records: SkillInput[] = [];
  const ids = new Set<string>();
  const columns = ["conceptType", "conceptUri", "preferredLabel", "altLabels", "description"] as const;
  for await (const { line, row } of rows(ctx, file, columns)) {
    if (row.conceptType !== "SkillGroup") {
      ctx.drops.add({ file, line, reason: "unexpected-type", detail: `conceptType ${row.conceptType}` });
      continue;
    }
    if (skillIds.has(row.conceptUri)) {
      ctx.drops.add({ file, line, reason: "duplicate-id", detail: `${row.conceptUri} is already a skill` });
      continue;
    }
    const record = skillRecord(row.conceptUri, row.preferredLabel, row.altLabels, row.description, SKILL_GROUP_CATEGORY);
    pushSkill(ctx, file, line, record, ids, records);
  }
  return { records, ids };
}

function skillRecord(id: string, name: string, altLabels: string, description: string, category: string): SkillInput {
  const record: SkillInput = { id, name, aliases: splitLabels(altLabels, name) };
  if (description.length > 0) record.description = description;
  if (category.length > 0) record.category = category;
  return record;
}

function pushSkill(
  ctx: ReadContext,
  file: string,
  line: number,
  record: SkillInput,
  ids: Set<string>,
  records: SkillInput[],
): void {
  if (ids.has(record.id)) {
    ctx.drops.add({ file, line, reason: "duplicate-id", detail: record.id });
    return;
  }
  const parsed = validate(skillInput, record);
  if (!parsed.ok) {
    ctx.drops.add({ file, line, reason: "invalid-record", detail: `${record.id}: ${parsed.message}` });
    return;
  }
  ids.add(record.id);
  records.push(parsed.value);
}

type RelationMap = Map<string, SkillRelationInput>;

/** Adds a relation unless an end is unknown or it is a self-loop; a repeat keeps the higher weight. */
function addRelation(
  ctx: ReadContext,
  file: string,
  line: number,
  known: ReadonlySet<string>,
  relations: RelationMap,
  relation: SkillRelationInput & { weight: number },
): void {
  const unknown = [relation.from, relation.to].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    ctx.drops.add({ file, line, reason: "unknown-skill", detail: `not a skill or skill group: ${unknown.join(", ")}` });
    return;
  }
  if (relation.from === relation.to) {
    ctx.drops.add({ file, line, reason: "self-relation", detail: relation.from });
    return;
  }
  const key = `${relation.type}\u0000${relation.from}\u0000${relation.to}`;
  const existing = relations.get(key);
  if (existing !== undefined) {
    ctx.drops.add({ file, line, reason: "duplicate-relation", detail: `${relation.from} → ${relation.to}` });
    existing.weight = Math.max(existing.weight ?? 0, relation.weight);
    return;
  }
  relations.set(key, relation);
}

async function readRelatedSkills(ctx: ReadContext, known: ReadonlySet<string>): Promise<RelationMap> {
  const file = ESCO_FILES.skillRelations;
  const relations: RelationMap = new Map();
  const columns = ["originalSkillUri", "relationType", "relatedSkillUri"] as const;
  for await (const { line, row } of rows(ctx, file, columns)) {
    const type = row.relationType;
    if (type !== "essential" && type !== "optional") {
      ctx.drops.add({ file, line, reason: "unexpected-type", detail: `relationType ${type}` });
      continue;
    }
    addRelation(ctx, file, line, known, relations, {
      from: row.originalSkillUri,
      to: row.relatedSkillUri,
      type: "RELATED_TO",
      weight: RELATED_WEIGHT[type],
    });
  }
  return relations;
}

async function readBroaderSkills(ctx: ReadContext, known: ReadonlySet<string>): Promise<RelationMap> {
  const file = ESCO_FILES.broaderSkills;
  const relations: RelationMap = new Map();
  for await (const { line, row } of rows(ctx, file, ["conceptUri", "broaderUri"] as const)) {
    addRelation(ctx, file, line, known, relations, {
      from: row.broaderUri,
      to: row.conceptUri,
      type: "BROADER_THAN",
      weight: 1,
    });
  }
  return relations;
}

interface OccupationDraft {
  line: number;
  record: OccupationInput;
  /** Skill id → level; essential wins over optional. */
  skills: Map<string, number>;
}

async function readOccupations(
  ctx: ReadContext,
): Promise<{ records: OccupationDraft[]; index: Map<string, OccupationDraft> }> {
  const file = ESCO_FILES.occupations;
  const records: OccupationDraft[] = [];
  const index = new Map<string, OccupationDraft>();
  const columns = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description"] as const;
  for await (const { line, row } of rows(ctx, file, columns)) {
    if (row.conceptType !== "Occupation") {
      ctx.drops.add({ file, line, reason: "unexpected-type", detail: `conceptType ${row.conceptType}` });
      continue;
    }
    if (index.has(row.conceptUri)) {
      ctx.drops.add({ file, line, reason: "duplicate-id", detail: row.conceptUri });
      continue;
    }
    const aliases = splitLabels(row.altLabels, row.preferredLabel);
    const overview = [row.description, aliases.length > 0 ? `Also known as: ${aliases.join(", ")}.` : ""]
      .filter((part) => part.length > 0)
      .join("\n\n");
    const record: OccupationInput = {
      id: row.conceptUri,
      name: row.preferredLabel,
      title: row.preferredLabel,
      overview,
      skills: [],
      conceptUri: row.conceptUri,
    };
    if (row.iscoGroup.length > 0) record.iscoGroup = row.iscoGroup;
    const draft: OccupationDraft = { line, record, skills: new Map() };
    records.push(draft);
    index.set(row.conceptUri, draft);
  }
  return { records, index };
}

/**
 * Attaches essential/optional skills to the occupation drafts and fills their `skills` arrays
 * (level desc, then id, for stable output). Returns the number of links written per type.
 */
async function readOccupationSkills(
  ctx: ReadContext,
  occupations: ReadonlyMap<string, OccupationDraft>,
  skillIds: ReadonlySet<string>,
  knownSkills: ReadonlySet<string>,
): Promise<{ essential: number; optional: number }> {
  const file = ESCO_FILES.occupationSkills;
  const columns = ["occupationUri", "relationType", "skillUri"] as const;
  for await (const { line, row } of rows(ctx, file, columns)) {
    const type = row.relationType;
    if (type !== "essential" && type !== "optional") {
      ctx.drops.add({ file, line, reason: "unexpected-type", detail: `relationType ${type}` });
      continue;
    }
    const occupation = occupations.get(row.occupationUri);
    if (occupation === undefined) {
      ctx.drops.add({ file, line, reason: "unknown-occupation", detail: row.occupationUri });
      continue;
    }
    // Occupations link to skills proper; a link to a skill group would be a modelling slip, so it is dropped too.
    if (!skillIds.has(row.skillUri)) {
      const detail = knownSkills.has(row.skillUri) ? `${row.skillUri} is a skill group` : row.skillUri;
      ctx.drops.add({ file, line, reason: "unknown-skill", detail });
      continue;
    }
    const level = OCCUPATION_SKILL_LEVEL[type];
    const previous = occupation.skills.get(row.skillUri);
    if (previous !== undefined) {
      ctx.drops.add({ file, line, reason: "duplicate-relation", detail: `${row.occupationUri} → ${row.skillUri}` });
      if (previous >= level) continue;
    }
    occupation.skills.set(row.skillUri, level);
  }
  const counts = { essential: 0, optional: 0 };
  for (const draft of occupations.values()) {
    const entries = [...draft.skills].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    draft.record.skills = entries.map(([id, level]) => ({ id, level }));
    for (const [, level] of entries) {
      if (level === OCCUPATION_SKILL_LEVEL.essential) counts.essential++;
      else counts.optional++;
    }
  }
  return counts;
}

// ---- helpers -------------------------------------------------------------------------------

function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; value: z.output<S> } | { ok: false; message: string } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const message = result.error.issues.map((i) => `${i.path.join(".") || "(record)"}: ${i.message}`).join("; ");
  return { ok: false, message };
}

/** Writes lines to a temp file, then renames, so a reader never sees half a file. */
async function writeJsonl(path: string, lines: readonly string[]): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, lines.length > 0 ? `${lines.join("\n")}\n` : "", "utf8");
  await rename(tmp, path);
}

class DropLog {
  private readonly counts = new Map<string, number>();
  private readonly examples: EscoDrop[] = [];
  private total = 0;

  add(drop: EscoDrop): void {
    const key = `${drop.file}: ${drop.reason}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    this.total++;
    if (count <= MAX_DROP_EXAMPLES) this.examples.push(drop);
  }

  summary(): EscoImportSummary["dropped"] {
    return { total: this.total, byReason: Object.fromEntries(this.counts), examples: this.examples };
  }
}
