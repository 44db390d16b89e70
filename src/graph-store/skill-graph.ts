/**
 * The two skills-graph traversals the GraphStore port needs (weighted k-hop expansion and shortest
 * paths), written once as step-by-step traversals that ask for adjacency as they go, plus the
 * embedded store's in-memory adjacency that answers them. The Neo4j store answers the same
 * traversals from the database, so both backends agree by construction.
 */
import { InvalidInputError } from "../core/errors.js";
import { RELATION_TYPES, type RelationType, type SkillRelation } from "../core/records.js";
import type { ExpandedSkill, ExpandOptions, PathStep, SkillNeighbour, WeightedSkill } from "./graph-store.js";
import { compareIds } from "../core/order.js";

/** ExpandOptions with every default applied and every value checked. */
export interface ResolvedExpandOptions {
  maxHops: number;
  decay: number;
  degreeCap: number;
  types: readonly RelationType[];
  minWeight: number;
}

/** Applies the ExpandOptions defaults (see the port) and rejects out-of-range values. */
export function resolveExpandOptions(options: ExpandOptions = {}, operation = "expandSkills"): ResolvedExpandOptions {
  const resolved: ResolvedExpandOptions = {
    maxHops: options.maxHops ?? 2,
    decay: options.decay ?? 0.5,
    degreeCap: options.degreeCap ?? 50,
    types: options.types ?? RELATION_TYPES,
    minWeight: options.minWeight ?? 0.05,
  };
  const fail = (what: string): never => {
    throw new InvalidInputError(`${operation}: ${what}`);
  };
  if (!Number.isInteger(resolved.maxHops) || resolved.maxHops < 0 || resolved.maxHops > 3) {
    fail(`maxHops must be an integer in 0..3, got ${resolved.maxHops}`);
  }
  if (!(resolved.decay > 0 && resolved.decay <= 1)) fail(`decay must be in (0, 1], got ${resolved.decay}`);
  if (!Number.isInteger(resolved.degreeCap) || resolved.degreeCap < 0) {
    fail(`degreeCap must be a non-negative integer, got ${resolved.degreeCap}`);
  }
  if (!(resolved.minWeight >= 0)) fail(`minWeight must be >= 0, got ${resolved.minWeight}`);
  for (const type of resolved.types) {
    if (!RELATION_TYPES.includes(type)) fail(`unknown relation type "${String(type)}"`);
  }
  return resolved;
}

/** Neighbour order of the port: strongest first, then by id (then type, direction for parallel edges). */
export function compareNeighbours(a: SkillNeighbour, b: SkillNeighbour): number {
  return b.weight - a.weight || compareIds(a.skillId, b.skillId) || compareIds(a.type, b.type) || compareIds(a.direction, b.direction);
}

interface Reach {
  weight: number;
  hops: number;
  seedId: string;
  path: PathStep[];
}

/** Relative tolerance under which two path weights count as equal (products in another order differ by ulps). */
const WEIGHT_EPSILON = 1e-12;

/** Total order on reaches of one skill: higher weight, then fewer hops, then smaller seed id, then smaller path. */
function isBetter(candidate: Reach, incumbent: Reach): boolean {
  const diff = candidate.weight - incumbent.weight;
  if (Math.abs(diff) > WEIGHT_EPSILON * Math.max(candidate.weight, incumbent.weight)) return diff > 0;
  if (candidate.hops !== incumbent.hops) return candidate.hops < incumbent.hops;
  if (candidate.seedId !== incumbent.seedId) return candidate.seedId < incumbent.seedId;
  return pathKey(candidate.path) < pathKey(incumbent.path);
}

function pathKey(path: readonly PathStep[]): string {
  return path.map((s) => `${s.to}\u0000${s.type}\u0000${s.direction}`).join("\u0001");
}

/**
 * Adjacency answers for a traversal: each asked skill that exists maps to its neighbours (both
 * directions, strongest first, then by id; possibly already filtered to the asked types and capped);
 * an unknown skill is absent.
 */
export type Adjacency = ReadonlyMap<string, readonly SkillNeighbour[]>;

/**
 * A traversal written once for every backend: it yields the skills whose neighbours it needs next
 * and receives their adjacency. The embedded store answers from memory ({@link runTraversal}); the
 * Neo4j store answers each step with one Cypher query, so the walk runs in the database one layer at
 * a time and both backends give the same ids, weights, paths and tie order.
 */
export type Traversal<T> = Generator<readonly string[], T, Adjacency>;

/** Drives a traversal to its result with a synchronous adjacency. */
export function runTraversal<T>(traversal: Traversal<T>, neighbours: (skillId: string) => readonly SkillNeighbour[] | undefined): T {
  let step = traversal.next(new Map());
  while (!step.done) {
    const answer = new Map<string, readonly SkillNeighbour[]>();
    for (const id of step.value) {
      const list = neighbours(id);
      if (list !== undefined) answer.set(id, list);
    }
    step = traversal.next(answer);
  }
  return step.value;
}

/** Drives a traversal to its result with an asynchronous adjacency (one call per step). */
export async function runTraversalAsync<T>(traversal: Traversal<T>, load: (skillIds: readonly string[]) => Promise<Adjacency>): Promise<T> {
  let step = traversal.next(new Map());
  while (!step.done) step = traversal.next(step.value.length === 0 ? new Map() : await load(step.value));
  return step.value;
}

/**
 * Best-weight expansion within maxHops, layer by layer (Bellman–Ford bounded by hops): a skill is
 * re-expanded only when a layer improved it, since a path that does not improve a skill's best
 * weight is dominated by one with fewer hops that was already expanded. Seeds keep their own
 * weight; unknown seeds are dropped; weights never increase along a path (edge weight and decay
 * are ≤ 1), so pruning below minWeight loses nothing. Options must be resolved (and so checked)
 * before the first step.
 */
export function* expandTraversal(seeds: readonly WeightedSkill[], opts: ResolvedExpandOptions): Traversal<ExpandedSkill[]> {
  for (const seed of seeds) {
    if (!(Number.isFinite(seed.weight) && seed.weight > 0)) {
      throw new InvalidInputError(`expandSkills: seed "${seed.skillId}" has weight ${seed.weight}; weights must be finite and > 0`);
    }
  }
  if (seeds.length === 0) return [];
  let adjacency = yield [...new Set(seeds.map((s) => s.skillId))];
  const best = new Map<string, Reach>();
  for (const seed of seeds) {
    if (!adjacency.has(seed.skillId)) continue;
    const known = best.get(seed.skillId);
    if (known === undefined || seed.weight > known.weight) {
      best.set(seed.skillId, { weight: seed.weight, hops: 0, seedId: seed.skillId, path: [] });
    }
  }
  const seedIds = new Set(best.keys());
  let frontier = sortReaches([...best]);
  for (let hop = 1; hop <= opts.maxHops && frontier.length > 0; hop++) {
    // The seeds' adjacency is already at hand for the first hop.
    if (hop > 1) adjacency = yield frontier.map(([id]) => id);
    const layer = new Map<string, Reach>();
    for (const [fromId, from] of frontier) {
      let followed = 0;
      for (const n of adjacency.get(fromId) ?? []) {
        if (followed >= opts.degreeCap) break;
        if (!opts.types.includes(n.type)) continue;
        followed++;
        if (seedIds.has(n.skillId)) continue;
        const weight = from.weight * n.weight * opts.decay;
        if (!(weight > 0) || weight < opts.minWeight) continue;
        const step: PathStep = { from: fromId, to: n.skillId, type: n.type, direction: n.direction, weight: n.weight };
        const reach: Reach = { weight, hops: hop, seedId: from.seedId, path: [...from.path, step] };
        const incumbent = layer.get(n.skillId) ?? best.get(n.skillId);
        if (incumbent === undefined || isBetter(reach, incumbent)) layer.set(n.skillId, reach);
      }
    }
    for (const [id, reach] of layer) best.set(id, reach);
    frontier = sortReaches([...layer]);
  }
  return sortReaches([...best]).map(([skillId, r]) => ({ skillId, weight: r.weight, hops: r.hops, seedId: r.seedId, path: r.path }));
}

/**
 * All shortest paths (fewest hops, any relation type, either direction) up to `limit`, in
 * lexicographic order of (skill id, type, direction) per step. [] when unreachable within
 * maxHops or either skill is unknown; [[]] when from === to.
 */
export function* pathsTraversal(fromId: string, toId: string, maxHops = 3, limit = 3): Traversal<PathStep[][]> {
  if (limit <= 0) return [];
  const known = new Map<string, readonly SkillNeighbour[]>(yield [fromId, toId]);
  if (!known.has(fromId) || !known.has(toId)) return [];
  if (fromId === toId) return [[]];
  // Distances to the target, breadth-first, stopping at the layer that reaches `fromId`.
  const distance = new Map<string, number>([[toId, 0]]);
  let layer = [toId];
  for (let d = 1; d <= maxHops && !distance.has(fromId) && layer.length > 0; d++) {
    const missing = layer.filter((id) => !known.has(id));
    if (missing.length > 0) for (const [id, list] of yield missing) known.set(id, list);
    const next: string[] = [];
    for (const id of layer) {
      for (const n of known.get(id) ?? []) {
        if (!distance.has(n.skillId)) {
          distance.set(n.skillId, d);
          next.push(n.skillId);
        }
      }
    }
    layer = next;
  }
  if (!distance.has(fromId)) return [];
  // Walk from `fromId` down the distances; every node on the way is within the layers above, but
  // the deepest layer's adjacency was never needed for the search: fetch what the walk touches.
  const out: PathStep[][] = [];
  const stack: Array<{ at: string; path: PathStep[] }> = [{ at: fromId, path: [] }];
  while (stack.length > 0 && out.length < limit) {
    const { at, path } = stack.pop()!;
    if (at === toId) {
      out.push(path);
      continue;
    }
    if (!known.has(at)) for (const [id, list] of yield [at]) known.set(id, list);
    const remaining = (distance.get(at) ?? 0) - 1;
    const steps = (known.get(at) ?? [])
      .filter((n) => distance.get(n.skillId) === remaining)
      .sort((a, b) => compareIds(a.skillId, b.skillId) || compareIds(a.type, b.type) || compareIds(a.direction, b.direction));
    // Depth-first in lexicographic order: push the last step first.
    for (let i = steps.length - 1; i >= 0; i--) {
      const n = steps[i]!;
      stack.push({ at: n.skillId, path: [...path, { from: at, to: n.skillId, type: n.type, direction: n.direction, weight: n.weight }] });
    }
  }
  return out;
}

/** The skills graph held in memory (the embedded store's): sorted adjacency lists and the traversals over them. */
export class SkillGraph {
  /** skill id → neighbours in both directions, in port order. */
  private readonly adjacency = new Map<string, SkillNeighbour[]>();

  constructor(skillIds: Iterable<string>, relations: Iterable<SkillRelation>) {
    for (const id of skillIds) this.adjacency.set(id, []);
    for (const r of relations) {
      this.adjacency.get(r.from)?.push({ skillId: r.to, type: r.type, direction: "out", weight: r.weight });
      this.adjacency.get(r.to)?.push({ skillId: r.from, type: r.type, direction: "in", weight: r.weight });
    }
    for (const list of this.adjacency.values()) list.sort(compareNeighbours);
  }

  has(skillId: string): boolean {
    return this.adjacency.has(skillId);
  }

  /** Direct neighbours (both directions) of the given types, strongest first, then by id. */
  neighbours(skillId: string, types: readonly RelationType[] = RELATION_TYPES): SkillNeighbour[] {
    const all = this.adjacency.get(skillId) ?? [];
    return types.length === RELATION_TYPES.length ? all.slice() : all.filter((n) => types.includes(n.type));
  }

  /** See {@link expandTraversal}. */
  expand(seeds: readonly WeightedSkill[], options: ExpandOptions = {}): ExpandedSkill[] {
    return runTraversal(expandTraversal(seeds, resolveExpandOptions(options)), (id) => this.adjacency.get(id));
  }

  /** See {@link pathsTraversal}. */
  paths(fromId: string, toId: string, maxHops = 3, limit = 3): PathStep[][] {
    return runTraversal(pathsTraversal(fromId, toId, maxHops, limit), (id) => this.adjacency.get(id));
  }
}

function sortReaches(entries: Array<[string, Reach]>): Array<[string, Reach]> {
  return entries.sort(([a, ra], [b, rb]) => rb.weight - ra.weight || compareIds(a, b));
}
