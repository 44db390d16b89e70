/**
 * The keyword document of each record kind: the text columns every backend's BM25 index holds
 * (the embedded FTS5 tables and Neo4j's full-text indexes alike), normalised by fts-text.ts so
 * documents and queries see the same terms. Column order matches the BM25 column weights.
 */
import type { Freelancer, Job, Skill } from "../core/records.js";
import { normaliseFtsText } from "./fts-text.js";

/** Separator between skill names or aliases in a document (any non-token character would do). */
const NAME_SEPARATOR = " ; ";

/** Names of the skills (in the record's order) that exist in `names`; unknown ids are left out. */
export function skillNamesText(skillIds: Iterable<string>, names: ReadonlyMap<string, string>): string {
  const out: string[] = [];
  for (const id of skillIds) {
    const name = names.get(id);
    if (name !== undefined) out.push(name);
  }
  return normaliseFtsText(out.join(NAME_SEPARATOR));
}

/** title, overview, skill names. */
export function freelancerDocument(f: Freelancer, names: ReadonlyMap<string, string>): [string, string, string] {
  return [normaliseFtsText(f.title), normaliseFtsText(f.overview), skillNamesText(f.skills.map((s) => s.skillId), names)];
}

/** title, description, skill names. */
export function jobDocument(j: Job, names: ReadonlyMap<string, string>): [string, string, string] {
  return [normaliseFtsText(j.title), normaliseFtsText(j.description), skillNamesText(j.skills.map((s) => s.skillId), names)];
}

/** name, aliases, description. */
export function skillDocument(s: Skill): [string, string, string] {
  return [normaliseFtsText(s.name), normaliseFtsText(s.aliases.join(NAME_SEPARATOR)), normaliseFtsText(s.description ?? "")];
}
