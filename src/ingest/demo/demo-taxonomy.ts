/**
 * Loads a taxonomy directory (`skills.jsonl`, `skill_relations.jsonl`, optional `categories.json`)
 * into the indexed form the demo generator samples from. Skills are addressed by their position in
 * `skills.jsonl` so the generator's latent state fits in flat arrays.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { DataUnavailableError, InvalidInputError, errorMessage } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import { skillInput, skillRelationInput, type SkillInput } from "../../core/records.js";
import { CATEGORY_SKILL_PREFIX } from "./build-taxonomy.js";
import { CATEGORY_FLAVOURS, GENERIC_FLAVOUR, type CategoryFlavour } from "./demo-vocabulary.js";

/** Samples indices with fixed relative weights (cumulative table, binary search). */
export class WeightedSampler {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += Math.max(0, w);
      this.cumulative[i] = sum;
    });
  }

  get size(): number {
    return this.cumulative.length;
  }

  /** An index in [0, size); throws when every weight is zero. */
  sample(rng: Rng): number {
    const total = this.cumulative[this.cumulative.length - 1] ?? 0;
    if (!(total > 0)) throw new RangeError("WeightedSampler.sample: no positive weight");
    const x = rng.next() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** A category as the generator sees it. */
export interface DemoCategory {
  id: string;
  name: string;
  /** Index of the `cat:<id>` skill, when the taxonomy has one. */
  rootSkill: number | undefined;
  /** Member skill indices, most popular first. */
  members: number[];
  /** Zipf-like preference for the top of `members`. */
  memberSampler: WeightedSampler;
  /** Skills of other categories that are everyday tools here. */
  common: number[];
  /** Indices into `DemoTaxonomy.categories`. */
  adjacent: number[];
  flavour: CategoryFlavour;
}

/** A loaded taxonomy, indexed for sampling. */
export interface DemoTaxonomy {
  skills: SkillInput[];
  index: ReadonlyMap<string, number>;
  /** Undirected RELATED_TO neighbours per skill index: `[neighbour, weight]`. */
  neighbours: (readonly [number, number])[][];
  categories: DemoCategory[];
  /** Category of each skill index, or -1 (uncategorised skills are never sampled directly). */
  categoryOf: Int32Array;
  /** Weighted by category share, for picking a freelancer's or job's category. */
  categorySampler: WeightedSampler;
  relationCount: number;
}

const categoriesFile = z.array(
  z.object({
    id: z.string().min(1),
    name: z.string().min(1),
    rootSkillId: z.string().optional(),
    adjacent: z.array(z.string()).default([]),
    common: z.array(z.string()).default([]),
    skills: z.array(z.string()).optional(),
  }),
);

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new DataUnavailableError(`loadDemoTaxonomy: cannot read ${what} at ${path}; pass taxonomyDir or restore graph/taxonomy`, { cause: error });
  }
}

function parseLines<T>(text: string, path: string, schema: z.ZodType<T>): T[] {
  const out: T[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim().length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InvalidInputError(`loadDemoTaxonomy: ${path}:${i + 1} is not JSON (${errorMessage(error)})`, { cause: error });
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new InvalidInputError(`loadDemoTaxonomy: ${path}:${i + 1}: ${parsed.error.message}`);
    out.push(parsed.data);
  });
  return out;
}

/** Rank weights 1/(r+1)^0.8: the first few skills of a category dominate, the tail still shows up. */
function zipf(n: number): number[] {
  return Array.from({ length: n }, (_, r) => 1 / Math.pow(r + 1, 0.8));
}

/**
 * Reads and indexes a taxonomy directory. Without `categories.json`, categories come from the
 * skills' `category` field and have no adjacency or common skills.
 */
export async function loadDemoTaxonomy(dir: string): Promise<DemoTaxonomy> {
  const skillsPath = join(dir, "skills.jsonl");
  const relationsPath = join(dir, "skill_relations.jsonl");
  const skills = parseLines(await readText(skillsPath, "skills.jsonl"), skillsPath, skillInput).filter((s) => s.deleted !== true);
  const relations = parseLines(await readText(relationsPath, "skill_relations.jsonl"), relationsPath, skillRelationInput);
  const index = new Map<string, number>();
  skills.forEach((s, i) => index.set(s.id, i));

  const neighbours: (readonly [number, number])[][] = skills.map(() => []);
  let relationCount = 0;
  for (const r of relations) {
    if (r.deleted === true) continue;
    relationCount++;
    if (r.type !== "RELATED_TO") continue;
    const a = index.get(r.from);
    const b = index.get(r.to);
    if (a === undefined || b === undefined) continue; // the ingest quarantines dangling edges; sampling just skips them
    const w = r.weight ?? 1;
    neighbours[a]?.push([b, w]);
    neighbours[b]?.push([a, w]);
  }

  let specs: z.infer<typeof categoriesFile>;
  let text: string | undefined;
  try {
    text = await readFile(join(dir, "categories.json"), "utf8");
  } catch (error) {
    // categories.json is optional: a custom taxonomy may only carry each skill's `category`.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (text !== undefined) {
    const parsed = categoriesFile.safeParse(JSON.parse(text));
    if (!parsed.success) throw new InvalidInputError(`loadDemoTaxonomy: ${join(dir, "categories.json")}: ${parsed.error.message}`);
    specs = parsed.data;
  } else {
    const seen = new Set<string>();
    specs = [];
    for (const s of skills) {
      if (s.category === undefined || seen.has(s.category)) continue;
      seen.add(s.category);
      specs.push({ id: s.category, name: s.category, adjacent: [], common: [] });
    }
  }

  const categoryIndex = new Map(specs.map((c, i) => [c.id, i]));
  const rootIds = new Set(specs.map((c) => c.rootSkillId ?? `${CATEGORY_SKILL_PREFIX}${c.id}`));
  const membersOf: number[][] = specs.map(() => []);
  const categoryOf = new Int32Array(skills.length).fill(-1);
  skills.forEach((s, i) => {
    const c = s.category === undefined ? undefined : categoryIndex.get(s.category);
    if (c === undefined) return;
    categoryOf[i] = c;
    if (!rootIds.has(s.id)) membersOf[c]?.push(i);
  });
  const known = (ids: readonly string[]): number[] =>
    ids.map((id) => index.get(id)).filter((i): i is number => i !== undefined);

  const categories: DemoCategory[] = [];
  specs.forEach((spec, c) => {
    // categories.json lists members by popularity; keep that order when present.
    const members = spec.skills !== undefined ? known(spec.skills).filter((i) => categoryOf[i] === c) : (membersOf[c] ?? []);
    if (members.length === 0) return;
    const root = index.get(spec.rootSkillId ?? `${CATEGORY_SKILL_PREFIX}${spec.id}`);
    categories.push({
      id: spec.id,
      name: spec.name,
      rootSkill: root,
      members,
      memberSampler: new WeightedSampler(zipf(members.length)),
      common: known(spec.common),
      adjacent: [],
      flavour: CATEGORY_FLAVOURS[spec.id] ?? GENERIC_FLAVOUR,
    });
  });
  if (categories.length === 0) {
    throw new InvalidInputError(`loadDemoTaxonomy: ${dir} has no categorised skills; give skills a "category" field`);
  }
  const finalIndex = new Map(categories.map((c, i) => [c.id, i]));
  categoryOf.fill(-1);
  categories.forEach((cat, i) => {
    const spec = specs.find((s) => s.id === cat.id);
    cat.adjacent = (spec?.adjacent ?? []).map((a) => finalIndex.get(a)).filter((x): x is number => x !== undefined);
    for (const m of cat.members) categoryOf[m] = i;
  });
  return {
    skills,
    index,
    neighbours,
    categories,
    categoryOf,
    categorySampler: new WeightedSampler(categories.map((c) => c.flavour.share)),
    relationCount,
  };
}
