// The skill linker over the real ESCO v1.1.1 dictionary (lexical matching only, no model), and its
// measured quality on the Decorte et al. skill-extraction validation sets. Skipped, saying why, when
// the shared data is absent (TALENTGRAPH_SHARED_DATA, default ../shared/data beside the repo).
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/core/config.js";
import { parseCsv } from "../../src/core/csv.js";
import { skillInput, type Skill } from "../../src/core/records.js";
import { ESCO_FILES, SKILL_GROUP_CATEGORY, importEsco } from "../../src/ingest/esco/import-esco.js";
import { createSkillLinker, type SkillLinker } from "../../src/link/skill-linker.js";

const shared = loadConfig().sharedDataDir;
const escoDir = join(shared, "esco-1.1.1");
const extractionDir = join(shared, "skill-extraction");
const hasEsco = Object.values(ESCO_FILES).every((f) => existsSync(join(escoDir, f)));
const hasExtraction = hasEsco && existsSync(join(extractionDir, "tech_validation_annotations.csv"));
if (!hasEsco) console.warn(`esco-skill-linker: SKIPPED, no ESCO v1.1.1 CSV export in ${escoDir} (set TALENTGRAPH_SHARED_DATA)`);

const URI = {
  postgresql: "http://data.europa.eu/esco/skill/a8d07b5a-c1a1-42c6-9d53-db9c7a2ca996",
  javascript: "http://data.europa.eu/esco/skill/3cd569a2-4f88-4c1e-9995-8dce8c5e51a7",
  typescript: "http://data.europa.eu/esco/skill/867137fb-ff1b-4ca3-99f3-cb6969aa2c68",
  angular: "http://data.europa.eu/esco/skill/1ffac4ac-fda7-407d-8ed1-ca8f4a8dc146",
};

describe.skipIf(!hasEsco)(`SkillLinker on ESCO v1.1.1 from ${escoDir}`, () => {
  let outDir: string;
  let linker: SkillLinker;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), "esco-linker-"));
    await importEsco({ escoDir, outDir });
    const skills: Skill[] = (await readFile(join(outDir, "skills.jsonl"), "utf8"))
      .split("\n")
      .filter((l) => l.length > 0)
      .map((l) => skillInput.parse(JSON.parse(l)))
      .map((s) => ({ ...s, aliases: s.aliases ?? [] }));
    // Skill groups ("information and communication technologies") are hierarchy nodes, not skills a text mentions.
    linker = createSkillLinker({ skills, options: { isLinkable: (s) => s.category !== SKILL_GROUP_CATEGORY } });
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it("links PostgreSQL from 'postgres' and nothing spurious from 'react' (ESCO 1.1.1 has no React or Node.js)", () => {
    const links = linker.linkLexical("senior react developer with node.js and postgres");
    expect(links[0]).toMatchObject({ skillId: URI.postgresql, name: "PostgreSQL", method: "alias" });
    expect(links[0]?.spans).toEqual([{ start: 40, end: 48, text: "postgres" }]);
    // "react" alone is no ESCO label; the emergency skills ("react to …") must not match on it.
    expect(links.filter((l) => /react/i.test(l.name))).toEqual([]);
  });

  it("links the web stack a posting names", () => {
    const links = linker.linkLexical("Senior Angular developer with JavaScript, TypeScript and Postgres databases");
    const top = links.slice(0, 5).map((l) => l.skillId);
    expect(top).toEqual(expect.arrayContaining([URI.angular, URI.javascript, URI.typescript, URI.postgresql]));
  });

  it("resolves record skill names", () => {
    expect(linker.linkName("Postgres")?.skillId).toBe(URI.postgresql);
    expect(linker.linkName("javascript")?.skillId).toBe(URI.javascript);
  });

  it.skipIf(!hasExtraction)("measures MRR and RP@5 of lexical linking on the skill-extraction validation sets", async () => {
    const report: Record<string, { sentences: number; mrr: number; rp5: number; anyHit: number }> = {};
    for (const set of ["tech", "house"]) {
      const rows = parseCsv(await readFile(join(extractionDir, `${set}_validation_annotations.csv`), "utf8"));
      const header = rows[0] ?? [];
      const [si, li] = [header.indexOf("sentence"), header.indexOf("label")];
      // A sentence's relevant set: every ESCO label annotated in it (not LABEL NOT PRESENT / UNDERSPECIFIED).
      const relevant = new Map<string, Set<string>>();
      for (const row of rows.slice(1)) {
        const [sentence, label] = [row[si] ?? "", row[li] ?? ""];
        if (label === "" || label === "LABEL NOT PRESENT" || label === "UNDERSPECIFIED") continue;
        relevant.set(sentence, (relevant.get(sentence) ?? new Set()).add(label));
      }
      let mrr = 0;
      let rp5 = 0;
      let anyHit = 0;
      for (const [sentence, labels] of relevant) {
        const names = linker.linkLexical(sentence, { limit: 1000 }).map((l) => l.name);
        const rank = names.findIndex((n) => labels.has(n));
        if (rank >= 0) {
          mrr += 1 / (rank + 1);
          anyHit++;
        }
        rp5 += names.slice(0, 5).filter((n) => labels.has(n)).length / Math.min(5, labels.size);
      }
      const n = relevant.size;
      report[set] = { sentences: n, mrr: mrr / n, rp5: rp5 / n, anyHit };
      // Sanity only: lexical matching finds some labelled skills, and metrics are proper fractions.
      expect(n).toBeGreaterThan(50);
      expect(anyHit).toBeGreaterThan(0);
      expect(mrr / n).toBeGreaterThan(0);
      expect(mrr / n).toBeLessThanOrEqual(1);
      expect(rp5 / n).toBeLessThanOrEqual(1);
    }
    console.log(`skill-extraction validation, lexical linker: ${JSON.stringify(report)}`);
  });
});
