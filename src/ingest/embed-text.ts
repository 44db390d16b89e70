/**
 * The text each record is embedded from. One definition, shared by ingestion, live writes and
 * query-by-example, so vectors are always comparable.
 */
import type { Freelancer, Job, Skill } from "../core/records.js";

export function skillEmbedText(skill: Skill): string {
  const aliases = skill.aliases.slice(0, 8);
  return aliases.length > 0 ? `${skill.name} (${aliases.join(", ")})` : skill.name;
}

export function freelancerEmbedText(f: Freelancer, skillName: (id: string) => string | undefined): string {
  const names = f.skills.map((s) => skillName(s.skillId)).filter((n): n is string => n !== undefined);
  return [f.title, names.join(", "), f.overview].filter((s) => s.length > 0).join(". ");
}

export function jobEmbedText(j: Job, skillName: (id: string) => string | undefined): string {
  const names = j.skills.map((s) => skillName(s.skillId)).filter((n): n is string => n !== undefined);
  return [j.title, names.join(", "), j.description].filter((s) => s.length > 0).join(". ");
}
