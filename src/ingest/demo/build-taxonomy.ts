/**
 * Expands the hand-curated `taxonomy-source.ts` into the committed artifacts under
 * `graph/taxonomy/`: `skills.jsonl`, `skill_relations.jsonl` and `categories.json`.
 *
 * Run `npx tsx src/ingest/demo/build-taxonomy.ts [outDir]` after editing the source. The output is
 * deterministic (source order, no randomness), so re-running on unchanged source is a no-op diff.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { InvalidInputError } from "../../core/errors.js";
import type { SkillInput, SkillRelationInput } from "../../core/records.js";
import { BROADER_SOURCE, CATEGORY_SOURCES, RELATED_SOURCE } from "./taxonomy-source.js";

/** A category as written to `categories.json`. */
export interface TaxonomyCategory {
  id: string;
  name: string;
  /** Id of the `cat:<id>` skill that is BROADER_THAN every member. */
  rootSkillId: string;
  description: string;
  /** Categories whose work commonly overlaps with this one. */
  adjacent: string[];
  /** Skills from other categories that are everyday tools in this one. */
  common: string[];
  /** Member skill ids, most popular first (excludes the root skill). */
  skills: string[];
}

/** The expanded taxonomy, in output order. */
export interface Taxonomy {
  skills: SkillInput[];
  relations: SkillRelationInput[];
  categories: TaxonomyCategory[];
}

/** Prefix of category root skill ids. */
export const CATEGORY_SKILL_PREFIX = "cat:";

/**
 * Key under which two surface forms count as the same name: case, whitespace, dots, hyphens and
 * underscores are ignored ("Node.js" ~ "NodeJS"), but `#` and `+` are kept so C, C# and C++ differ.
 */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[\s.\-_]+/g, "");
}

function splitList(field: string | undefined): string[] {
  if (field === undefined) return [];
  return field
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Parses the curated source and checks its integrity; throws InvalidInputError on any defect. */
export function buildTaxonomy(): Taxonomy {
  const skills: SkillInput[] = [];
  const categories: TaxonomyCategory[] = [];
  const relations: SkillRelationInput[] = [];
  const ids = new Set<string>();
  // Which skill owns each surface form: a name or alias shared by two skills would make linking ambiguous.
  const owner = new Map<string, string>();

  const claim = (form: string, skillId: string): void => {
    const key = nameKey(form);
    const prev = owner.get(key);
    if (prev !== undefined && prev !== skillId) {
      throw new InvalidInputError(`buildTaxonomy: "${form}" of ${skillId} collides with ${prev}; rename or drop the alias`);
    }
    owner.set(key, skillId);
  };
  const addSkill = (skill: SkillInput): void => {
    if (ids.has(skill.id)) throw new InvalidInputError(`buildTaxonomy: duplicate skill id ${skill.id}`);
    ids.add(skill.id);
    claim(skill.name, skill.id);
    for (const alias of skill.aliases ?? []) claim(alias, skill.id);
    skills.push(skill);
  };

  for (const cat of CATEGORY_SOURCES) {
    const rootSkillId = `${CATEGORY_SKILL_PREFIX}${cat.id}`;
    addSkill({ id: rootSkillId, name: cat.root, aliases: cat.rootAliases, description: cat.description, category: cat.id });
    const members: string[] = [];
    for (const raw of cat.skills.split("\n")) {
      const line = raw.trim();
      if (line.length === 0) continue;
      const [id, name, aliases, description] = line.split("|").map((f) => f.trim());
      if (id === undefined || id.length === 0 || name === undefined || name.length === 0) {
        throw new InvalidInputError(`buildTaxonomy: malformed skill line in ${cat.id}: "${line}"`);
      }
      const aliasList = splitList(aliases);
      addSkill({
        id,
        name,
        ...(aliasList.length > 0 ? { aliases: aliasList } : {}),
        ...(description !== undefined && description.length > 0 ? { description } : {}),
        category: cat.id,
      });
      members.push(id);
      relations.push({ from: rootSkillId, to: id, type: "BROADER_THAN" });
    }
    categories.push({
      id: cat.id,
      name: cat.name,
      rootSkillId,
      description: cat.description,
      adjacent: cat.adjacent,
      common: cat.common,
      skills: members,
    });
  }

  const categoryIds = new Set(categories.map((c) => c.id));
  for (const cat of categories) {
    for (const a of cat.adjacent) {
      if (!categoryIds.has(a)) throw new InvalidInputError(`buildTaxonomy: ${cat.id} lists unknown adjacent category ${a}`);
    }
    for (const s of cat.common) {
      if (!ids.has(s)) throw new InvalidInputError(`buildTaxonomy: ${cat.id} lists unknown common skill ${s}`);
    }
  }
  const known = (id: string, line: string): string => {
    if (!ids.has(id)) throw new InvalidInputError(`buildTaxonomy: unknown skill "${id}" in relation line "${line}"`);
    return id;
  };

  const broader = new Set(relations.map((r) => `${r.from}>${r.to}`));
  for (const raw of BROADER_SOURCE.split("\n")) {
    const line = raw.trim();
    if (line.length === 0) continue;
    const [parent, ...children] = line.split(/\s+/).map((id) => known(id, line));
    if (parent === undefined) continue;
    for (const child of children) {
      const key = `${parent}>${child}`;
      if (parent === child) throw new InvalidInputError(`buildTaxonomy: self-loop ${parent} in "${line}"`);
      if (broader.has(key)) continue;
      broader.add(key);
      relations.push({ from: parent, to: child, type: "BROADER_THAN" });
    }
  }
  assertAcyclic(relations.filter((r) => r.type === "BROADER_THAN"));

  // RELATED_TO is undirected: one edge per unordered pair; an explicit line overrides a clique default.
  const related = new Map<string, SkillRelationInput>();
  const relate = (a: string, b: string, weight: number, line: string, explicit: boolean): void => {
    if (a === b) throw new InvalidInputError(`buildTaxonomy: self-loop ${a} in "${line}"`);
    if (!(weight > 0 && weight <= 1)) throw new InvalidInputError(`buildTaxonomy: weight out of (0, 1] in "${line}"`);
    const key = a < b ? `${a}~${b}` : `${b}~${a}`;
    const prev = related.get(key);
    if (prev !== undefined && !explicit) return;
    if (prev !== undefined) prev.weight = weight;
    else related.set(key, { from: a, to: b, type: "RELATED_TO", weight });
  };
  for (const raw of RELATED_SOURCE.split("\n")) {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith("#")) continue;
    const parts = line.split(/\s+/);
    if (parts[0] === "~") {
      const weight = Number(parts[1]);
      const members = parts.slice(2).map((id) => known(id, line));
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) relate(members[i] as string, members[j] as string, weight, line, false);
      }
    } else {
      const [a, b, w] = parts;
      if (a === undefined || b === undefined || w === undefined || parts.length !== 3) {
        throw new InvalidInputError(`buildTaxonomy: malformed relation line "${line}"`);
      }
      relate(known(a, line), known(b, line), Number(w), line, true);
    }
  }
  relations.push(...related.values());
  return { skills, relations, categories };
}

/** Throws if the BROADER_THAN edges contain a cycle (iterative DFS, colours). */
export function assertAcyclic(edges: readonly { from: string; to: string }[]): void {
  const children = new Map<string, string[]>();
  for (const e of edges) {
    const list = children.get(e.from);
    if (list === undefined) children.set(e.from, [e.to]);
    else list.push(e.to);
  }
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = finished
  for (const start of children.keys()) {
    if (state.has(start)) continue;
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { node: string; next: number };
      const kids = children.get(top.node) ?? [];
      if (top.next >= kids.length) {
        state.set(top.node, 2);
        stack.pop();
        continue;
      }
      const kid = kids[top.next++] as string;
      const s = state.get(kid);
      if (s === 1) throw new InvalidInputError(`assertAcyclic: BROADER_THAN cycle through ${top.node} -> ${kid}`);
      if (s === undefined) {
        state.set(kid, 1);
        stack.push({ node: kid, next: 0 });
      }
    }
  }
}

/** Writes the three taxonomy artifacts into `outDir` (created if missing). */
export async function writeTaxonomy(outDir: string, taxonomy: Taxonomy = buildTaxonomy()): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const jsonl = (rows: readonly object[]): string => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
  await writeFile(join(outDir, "skills.jsonl"), jsonl(taxonomy.skills));
  await writeFile(join(outDir, "skill_relations.jsonl"), jsonl(taxonomy.relations));
  await writeFile(join(outDir, "categories.json"), JSON.stringify(taxonomy.categories, null, 2) + "\n");
}

/** `graph/taxonomy` of this package, wherever the process was started from. */
export function defaultTaxonomyDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "../../../graph/taxonomy");
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  const out = process.argv[2] ?? defaultTaxonomyDir();
  const taxonomy = buildTaxonomy();
  await writeTaxonomy(out, taxonomy);
  const counts = { skills: taxonomy.skills.length, relations: taxonomy.relations.length, categories: taxonomy.categories.length };
  process.stdout.write(`wrote ${out}: ${JSON.stringify(counts)}\n`);
}
