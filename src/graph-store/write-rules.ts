/**
 * The rules every GraphStore adapter applies, in one place so both backends store the same skill
 * edges and refuse the same input with the same message: edge weights, how a skill listed twice on
 * a record collapses to one edge, and the checks on vectors, relations, limits and generations.
 * `store` names the adapter in messages ("SqliteGraphStore", "Neo4jGraphStore").
 */
import { InvalidInputError } from "../core/errors.js";
import type { Freelancer, Importance, Job, LinkSource, SkillRelation } from "../core/records.js";

/** Weight of a HAS_SKILL edge: level 1..5 → 0.2..1. */
export const freelancerSkillWeight = (level: number): number => level / 5;
/** Weight of a REQUIRES edge. */
export const jobSkillWeight = (importance: Importance): number => (importance === "required" ? 1 : 0.5);

/** A freelancer's skill edges: one per skill; a skill listed twice keeps its highest level. */
export function freelancerSkillEdges(f: Freelancer): Array<{ skillId: string; weight: number; level: number; source: LinkSource }> {
  const levels = new Map<string, { level: number; source: LinkSource }>();
  for (const sk of f.skills) {
    const seen = levels.get(sk.skillId);
    if (seen === undefined || sk.level > seen.level) levels.set(sk.skillId, { level: sk.level, source: sk.source });
  }
  return [...levels].map(([skillId, { level, source }]) => ({ skillId, weight: freelancerSkillWeight(level), level, source }));
}

/** A job's skill edges: a skill listed twice counts once, as required if either says so. */
export function jobSkillEdges(j: Job): Array<{ skillId: string; weight: number; importance: Importance; source: LinkSource }> {
  const importance = new Map<string, { importance: Importance; source: LinkSource }>();
  for (const sk of j.skills) {
    const seen = importance.get(sk.skillId);
    if (seen === undefined || sk.importance === "required") importance.set(sk.skillId, { importance: sk.importance, source: sk.source });
  }
  return [...importance].map(([skillId, x]) => ({ skillId, weight: jobSkillWeight(x.importance), importance: x.importance, source: x.source }));
}

/** Throws INVALID_INPUT unless `knows(skillId)`: a record or relation may only name stored skills (or skills of the same batch). */
export function checkSkillKnown(store: string, what: string, skillId: string, knows: (skillId: string) => boolean): void {
  if (!knows(skillId)) throw new InvalidInputError(`${store}.write: ${what} references unknown skill "${skillId}"; write the skill first or in the same batch`);
}

/** Both ends known and the weight in [0, 1]. */
export function checkRelation(store: string, r: SkillRelation, knows: (skillId: string) => boolean): void {
  for (const end of [r.from, r.to]) checkSkillKnown(store, `relation ${r.from} -${r.type}-> ${r.to}`, end, knows);
  if (!(r.weight >= 0 && r.weight <= 1)) throw new InvalidInputError(`${store}.write: relation ${r.from} -${r.type}-> ${r.to} has weight ${r.weight}; weights are in [0, 1]`);
}

export function checkVector(store: string, kind: string, id: string, vector: Float32Array): void {
  if (!vector.every(Number.isFinite)) throw new InvalidInputError(`${store}.write: vector of ${kind} "${id}" has non-finite values`);
}

export function checkLimit(store: string, operation: string, limit: number): void {
  if (!Number.isInteger(limit) || limit < 0) throw new InvalidInputError(`${store}.${operation}: limit must be a non-negative integer, got ${limit}`);
}

export function checkGeneration(store: string, operation: string, generation: number): void {
  if (!Number.isInteger(generation) || generation < 0) throw new InvalidInputError(`${store}.${operation}: a generation is a non-negative integer, got ${generation}`);
}
