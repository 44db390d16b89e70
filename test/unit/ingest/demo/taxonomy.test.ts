import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { skillInput, skillRelationInput, type SkillInput, type SkillRelationInput } from "../../../../src/core/records.js";
import { assertAcyclic, buildTaxonomy, defaultTaxonomyDir, nameKey, type TaxonomyCategory } from "../../../../src/ingest/demo/build-taxonomy.js";

const dir = defaultTaxonomyDir();
const readLines = (file: string): unknown[] =>
  readFileSync(join(dir, file), "utf8")
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as unknown);

const skills: SkillInput[] = readLines("skills.jsonl").map((v) => skillInput.parse(v));
const relations: SkillRelationInput[] = readLines("skill_relations.jsonl").map((v) => skillRelationInput.parse(v));
const categories = JSON.parse(readFileSync(join(dir, "categories.json"), "utf8")) as TaxonomyCategory[];
const ids = new Set(skills.map((s) => s.id));

describe("built-in taxonomy (graph/taxonomy)", () => {
  it("has a few hundred skills with unique ids across about twenty categories", () => {
    expect(skills.length).toBeGreaterThanOrEqual(300);
    expect(ids.size).toBe(skills.length);
    expect(categories.length).toBeGreaterThanOrEqual(18);
    expect(categories.length).toBeLessThanOrEqual(30);
    const categoryIds = new Set(categories.map((c) => c.id));
    for (const s of skills) expect(categoryIds.has(s.category ?? "")).toBe(true);
  });

  it("gives no two skills the same name or alias (ignoring case, spaces, dots and hyphens)", () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const s of skills) {
      for (const form of [s.name, ...(s.aliases ?? [])]) {
        const prev = owner.get(nameKey(form));
        if (prev !== undefined && prev !== s.id) clashes.push(`${form}: ${prev} vs ${s.id}`);
        owner.set(nameKey(form), s.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("keeps C, C# and C++ apart while Node.js and NodeJS are one skill", () => {
    const byName = new Map(skills.flatMap((s) => [s.name, ...(s.aliases ?? [])].map((f) => [nameKey(f), s.id] as const)));
    expect(new Set(["C", "C#", "C++"].map((n) => byName.get(nameKey(n)))).size).toBe(3);
    expect(byName.get(nameKey("NodeJS"))).toBe("node-js");
    expect(byName.get(nameKey("Postgres"))).toBe("postgresql");
    expect(byName.get(nameKey("SEO"))).toBe("seo");
  });

  it("has relations only between existing skills, without self-loops or duplicate pairs", () => {
    const pairs = new Set<string>();
    for (const r of relations) {
      expect(ids.has(r.from), r.from).toBe(true);
      expect(ids.has(r.to), r.to).toBe(true);
      expect(r.from).not.toBe(r.to);
      const key = r.type === "RELATED_TO" ? [r.type, ...[r.from, r.to].sort()].join("|") : [r.type, r.from, r.to].join("|");
      expect(pairs.has(key), key).toBe(false);
      pairs.add(key);
    }
  });

  it("has hundreds of weighted RELATED_TO edges and an acyclic BROADER_THAN hierarchy", () => {
    const related = relations.filter((r) => r.type === "RELATED_TO");
    expect(related.length).toBeGreaterThanOrEqual(300);
    for (const r of related) expect(r.weight).toBeGreaterThan(0);
    expect(related.find((r) => [r.from, r.to].sort().join() === "next-js,react")?.weight).toBe(0.9);
    const broader = relations.filter((r) => r.type === "BROADER_THAN");
    expect(() => assertAcyclic(broader)).not.toThrow();
    // Every member skill hangs under its category root.
    const children = new Set(broader.map((r) => r.to));
    for (const s of skills) if (!s.id.startsWith("cat:")) expect(children.has(s.id), s.id).toBe(true);
  });

  it("describes most skills", () => {
    expect(skills.filter((s) => (s.description ?? "").length > 0).length / skills.length).toBeGreaterThan(0.9);
  });

  it("is up to date with its curated source (re-run build-taxonomy.ts after editing it)", () => {
    const built = buildTaxonomy();
    expect(built.skills).toEqual(skills);
    expect(built.relations).toEqual(relations);
    expect(built.categories).toEqual(categories);
  });
});

describe("assertAcyclic", () => {
  it("rejects a cycle and accepts a diamond", () => {
    expect(() => assertAcyclic([{ from: "a", to: "b" }, { from: "b", to: "c" }, { from: "c", to: "a" }])).toThrow(/cycle/);
    expect(() =>
      assertAcyclic([{ from: "a", to: "b" }, { from: "a", to: "c" }, { from: "b", to: "d" }, { from: "c", to: "d" }]),
    ).not.toThrow();
  });
});
