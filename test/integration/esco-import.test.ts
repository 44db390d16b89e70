// Runs the ESCO importer on the real ESCO v1.1.1 export in the shared data folder
// (TALENTGRAPH_SHARED_DATA, default ../shared/data beside the repo). Skipped, saying why, when absent.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/core/config.js";
import { occupationInput, skillInput, skillRelationInput } from "../../src/core/records.js";
import { ESCO_FILES, importEsco } from "../../src/ingest/esco/import-esco.js";

const escoDir = join(loadConfig().sharedDataDir, "esco-1.1.1");
const available = Object.values(ESCO_FILES).every((f) => existsSync(join(escoDir, f)));
if (!available) console.warn(`esco-import: SKIPPED, no ESCO v1.1.1 CSV export in ${escoDir} (set TALENTGRAPH_SHARED_DATA)`);

async function lines(path: string): Promise<unknown[]> {
  return (await readFile(path, "utf8"))
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as unknown);
}

describe("importEsco on real ESCO v1.1.1", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it.skipIf(!available)(`imports every skill and occupation from ${escoDir} (skipped when absent)`, async () => {
    const outDir = await mkdtemp(join(tmpdir(), "esco-real-"));
    dirs.push(outDir);
    const summary = await importEsco({ escoDir, outDir });

    expect(summary.skills).toBe(13_896);
    expect(summary.skillGroups).toBe(640);
    expect(summary.occupations).toBe(3_007);
    // Hand-checked against the CSVs: 1 self-relation, 7 broader edges to concepts outside both
    // skill files, 67 occupation–skill rows for occupations not in occupations_en.csv.
    expect(summary.relations).toEqual({ relatedTo: 5_898, broaderThan: 20_649 });
    expect(summary.occupationSkills.essential + summary.occupationSkills.optional).toBe(123_855 - 67);
    expect(summary.dropped.byReason).toEqual({
      "skillSkillRelations.csv: self-relation": 1,
      "broaderRelationsSkillPillar.csv: unknown-skill": 7,
      "occupationSkillRelations.csv: unknown-occupation": 67,
    });

    const skills = (await lines(join(outDir, "skills.jsonl"))).map((r) => skillInput.parse(r));
    expect(skills).toHaveLength(13_896 + 640);
    expect(skills.find((s) => s.name === "PostgreSQL")).toMatchObject({
      id: "http://data.europa.eu/esco/skill/a8d07b5a-c1a1-42c6-9d53-db9c7a2ca996",
      aliases: ["Postgres"],
      category: "knowledge",
    });
    const relations = (await lines(join(outDir, "skill_relations.jsonl"))).map((r) => skillRelationInput.parse(r));
    expect(relations).toHaveLength(5_898 + 20_649);
    const occupations = (await lines(join(outDir, "occupations.jsonl"))).map((r) => occupationInput.parse(r));
    expect(occupations).toHaveLength(3_007);
    expect(occupations.every((o) => o.skills.length > 0 && o.conceptUri === o.id)).toBe(true);
  });
});
