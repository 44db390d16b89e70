import { copyFile, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataUnavailableError } from "../../../../src/core/errors.js";
import {
  occupationInput,
  skillInput,
  skillRelationInput,
  type OccupationInput,
  type SkillInput,
  type SkillRelationInput,
} from "../../../../src/core/records.js";
import { importEsco, splitLabels, type EscoImportSummary } from "../../../../src/ingest/esco/import-esco.js";

const FIXTURE = fileURLToPath(new URL("../../../fixtures/esco/", import.meta.url));
const S = "http://data.europa.eu/esco/skill/";
const G = "http://data.europa.eu/esco/isced-f/";
const O = "http://data.europa.eu/esco/occupation/";

async function readJsonl(path: string): Promise<unknown[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as unknown);
}

describe("importEsco on the hand-made fixture", () => {
  let out: string;
  let summary: EscoImportSummary;
  let skills: SkillInput[];
  let relations: SkillRelationInput[];
  let occupations: OccupationInput[];

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "esco-out-"));
    summary = await importEsco({ escoDir: FIXTURE, outDir: out, now: () => 0 });
    // Parsing with the record schemas proves the files are valid ingest input.
    skills = (await readJsonl(join(out, "skills.jsonl"))).map((r) => skillInput.parse(r));
    relations = (await readJsonl(join(out, "skill_relations.jsonl"))).map((r) => skillRelationInput.parse(r));
    occupations = (await readJsonl(join(out, "occupations.jsonl"))).map((r) => occupationInput.parse(r));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it("counts what it wrote", () => {
    expect(summary.skills).toBe(5);
    expect(summary.skillGroups).toBe(2);
    expect(summary.relations).toEqual({ relatedTo: 2, broaderThan: 3 });
    expect(summary.occupations).toBe(2);
    expect(summary.occupationSkills).toEqual({ essential: 2, optional: 1 });
    expect(summary.files).toEqual({ "skills.jsonl": 7, "skill_relations.jsonl": 5, "occupations.jsonl": 2 });
    expect(summary.durationMs).toBe(0);
  });

  it("reports every dropped row with a reason", () => {
    expect(summary.dropped.byReason).toEqual({
      "skills_en.csv: duplicate-id": 1,
      "skillSkillRelations.csv: self-relation": 1,
      "skillSkillRelations.csv: unknown-skill": 1,
      "skillSkillRelations.csv: duplicate-relation": 1,
      "skillSkillRelations.csv: malformed-row": 1,
      "broaderRelationsSkillPillar.csv: unknown-skill": 1,
      "occupationSkillRelations.csv: duplicate-relation": 1,
      "occupationSkillRelations.csv: unknown-skill": 1,
      "occupationSkillRelations.csv: unknown-occupation": 1,
    });
    expect(summary.dropped.total).toBe(9);
    // Line numbers are physical lines: records with multi-line fields span several.
    expect(summary.dropped.examples).toContainEqual({
      file: "skillSkillRelations.csv",
      line: 7,
      reason: "malformed-row",
      detail: "3 fields, header has 5",
    });
    expect(summary.dropped.examples).toContainEqual({
      file: "skills_en.csv",
      line: 19,
      reason: "duplicate-id",
      detail: `${S}s1`,
    });
    expect(summary.dropped.examples).toContainEqual(
      expect.objectContaining({ reason: "unknown-skill", detail: `${G}0612 is a skill group` }),
    );
  });

  it("writes skills with deduplicated aliases from quoted multi-line fields", () => {
    expect(skills.map((s) => s.id)).toEqual([`${S}s1`, `${S}s2`, `${S}s3`, `${S}s4`, `${S}s5`, `${G}06`, `${G}0612`]);
    expect(skills[0]).toEqual({
      id: `${S}s1`,
      name: "PostgreSQL",
      aliases: ["Postgres"],
      description: "The computer program PostgreSQL is a free and open-source database tool.",
      category: "knowledge",
    });
    expect(skills[1]?.aliases).toEqual(["JS", 'ECMAScript "ES6"']);
    expect(skills[2]?.aliases).toEqual(["lead a team", "manage, direct a team"]);
    expect(skills[3]).toEqual({ id: `${S}s4`, name: "use spreadsheets software", aliases: [] });
    expect(skills[5]).toEqual({
      id: `${G}06`,
      name: "information and communication technologies (icts)",
      aliases: ["ICT"],
      description: "Study of computers.",
      category: "skill group",
    });
  });

  it("writes RELATED_TO (essential 0.8, optional 0.5; a repeat keeps the max) and BROADER_THAN broader → narrower", () => {
    expect(relations).toEqual([
      { from: `${S}s2`, to: `${S}s5`, type: "RELATED_TO", weight: 0.8 },
      { from: `${S}s1`, to: `${S}s5`, type: "RELATED_TO", weight: 0.5 },
      { from: `${G}0612`, to: `${S}s1`, type: "BROADER_THAN", weight: 1 },
      { from: `${G}06`, to: `${G}0612`, type: "BROADER_THAN", weight: 1 },
      { from: `${G}06`, to: `${S}s5`, type: "BROADER_THAN", weight: 1 },
    ]);
  });

  it("writes occupations as archetype profiles: essential level 4 beats optional level 2", () => {
    expect(occupations[0]).toEqual({
      id: `${O}o1`,
      name: "database administrator",
      title: "database administrator",
      overview:
        "Database administrators test, implement and administer computer databases.\n\nAlso known as: DBA, database admin.",
      skills: [
        { id: `${S}s1`, level: 4 },
        { id: `${S}s5`, level: 2 },
      ],
      iscoGroup: "2521",
      conceptUri: `${O}o1`,
    });
    expect(occupations[1]?.overview).toBe('Team leaders "lead" teams.');
    expect(occupations[1]?.skills).toEqual([{ id: `${S}s3`, level: 4 }]);
  });

  it("replaces earlier output and leaves no temp files", async () => {
    await importEsco({ escoDir: FIXTURE, outDir: out });
    expect((await readdir(out)).sort()).toEqual(["occupations.jsonl", "skill_relations.jsonl", "skills.jsonl"]);
    expect(await readJsonl(join(out, "skills.jsonl"))).toHaveLength(7);
  });
});

describe("importEsco input checks", () => {
  it("names the missing files and the folder, before writing anything", async () => {
    const partial = await mkdtemp(join(tmpdir(), "esco-partial-"));
    const out = join(partial, "out");
    try {
      await copyFile(join(FIXTURE, "skills_en.csv"), join(partial, "skills_en.csv"));
      const attempt = importEsco({ escoDir: partial, outDir: out });
      await expect(attempt).rejects.toBeInstanceOf(DataUnavailableError);
      await expect(attempt).rejects.toThrow(/missing skillGroups_en\.csv \(ENOENT\).*occupationSkillRelations\.csv/);
      await expect(attempt).rejects.toThrow(partial);
      await expect(attempt).rejects.not.toThrow(/missing skills_en\.csv/);
      await expect(readdir(out)).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  });
});

describe("splitLabels", () => {
  it("splits on any line break, trims, collapses spaces, dedupes case-insensitively and drops the excluded label", () => {
    expect(splitLabels("a\r\nB  c\n\n b c \rA\nPref", "pref")).toEqual(["a", "B c"]);
    expect(splitLabels("")).toEqual([]);
  });
});
