/**
 * In-memory posting lists for skill-based candidate generation: skill → [(entity, edge weight)]
 * for scoring, and entity → [(skill, edge weight)] for explaining the winners. Built in one scan
 * of the edge table; immutable (the store drops and rebuilds it after writes that touch it).
 *
 * Entities are numbered by the caller (`entityIds[ordinal]`), so the posting lists share their
 * ordinals with the store's other per-record arrays (the filter columns); entities without skills
 * simply have empty lists.
 */
import { InvalidInputError } from "../core/errors.js";
import type { ExpandedSkill, SkillCandidate, SkillMatch } from "./graph-store.js";
import { compareIds } from "../core/order.js";

/** One entity–skill edge, as scanned from the store; any order. Rows of unknown entities are ignored. */
export interface PostingRow {
  entityId: string;
  skillId: string;
  weight: number;
}

export interface ScoreOptions {
  limit: number;
  filter?: ((id: string) => boolean) | undefined;
  includeArchetypes: boolean;
}

export class SkillPostings {
  private readonly entityIds: readonly string[];
  private readonly archetype: Uint8Array;
  private readonly skillIds: string[] = [];
  private readonly skillIndex = new Map<string, number>();
  // entity-major CSR
  private readonly entityStart: Int32Array;
  private readonly entitySkill: Int32Array;
  private readonly entityWeight: Float64Array;
  // skill-major CSR
  private readonly skillStart: Int32Array;
  private readonly skillEntity: Int32Array;
  private readonly skillWeight: Float64Array;
  // Scratch buffers reused across queries (single-threaded).
  private readonly scores: Float64Array;
  private readonly seen: Uint8Array;

  /**
   * @param entityIds every entity, indexed by ordinal (the caller's numbering).
   * @param ordinalOf entity id → ordinal (the inverse of `entityIds`).
   * @param rows the entity–skill edges.
   * @param archetype 1 at the ordinal of an entity excluded unless asked for (ESCO archetypes).
   */
  constructor(entityIds: readonly string[], ordinalOf: ReadonlyMap<string, number>, rows: Iterable<PostingRow>, archetype: Uint8Array) {
    const n = entityIds.length;
    this.entityIds = entityIds;
    this.archetype = archetype;
    const rowEntity: number[] = [];
    const rowSkill: number[] = [];
    const rowWeight: number[] = [];
    for (const row of rows) {
      const e = ordinalOf.get(row.entityId);
      if (e === undefined) continue;
      let s = this.skillIndex.get(row.skillId);
      if (s === undefined) {
        s = this.skillIds.length;
        this.skillIds.push(row.skillId);
        this.skillIndex.set(row.skillId, s);
      }
      rowEntity.push(e);
      rowSkill.push(s);
      rowWeight.push(row.weight);
    }
    // Entity-major CSR by counting sort on the ordinal (rows may arrive in any order).
    const m = rowEntity.length;
    this.entityStart = new Int32Array(n + 1);
    for (const e of rowEntity) this.entityStart[e + 1]!++;
    for (let e = 0; e < n; e++) this.entityStart[e + 1]! += this.entityStart[e]!;
    const entityFill = this.entityStart.slice(0, n);
    this.entitySkill = new Int32Array(m);
    this.entityWeight = new Float64Array(m);
    for (let r = 0; r < m; r++) {
      const at = entityFill[rowEntity[r]!]!++;
      this.entitySkill[at] = rowSkill[r]!;
      this.entityWeight[at] = rowWeight[r]!;
    }

    // Transpose into skill-major order with a counting sort (entities stay in ordinal order per skill).
    const counts = new Int32Array(this.skillIds.length + 1);
    for (const s of this.entitySkill) counts[s + 1]!++;
    for (let s = 0; s < this.skillIds.length; s++) counts[s + 1]! += counts[s]!;
    this.skillStart = counts.slice();
    const fill = counts.slice();
    this.skillEntity = new Int32Array(m);
    this.skillWeight = new Float64Array(m);
    for (let e = 0; e < n; e++) {
      for (let i = this.entityStart[e]!; i < this.entityStart[e + 1]!; i++) {
        const at = fill[this.entitySkill[i]!]!++;
        this.skillEntity[at] = e;
        this.skillWeight[at] = this.entityWeight[i]!;
      }
    }
    this.scores = new Float64Array(n);
    this.seen = new Uint8Array(n);
  }

  /** Number of entities (with or without skills). */
  get size(): number {
    return this.entityIds.length;
  }

  /**
   * Marks in `out` (indexed by ordinal) the entities that hold every one of `skillIds`; clears the
   * rest. An unknown skill id matches nobody; an empty list matches everybody.
   */
  entitiesWithAll(skillIds: readonly string[], out: Uint8Array): void {
    const wanted = [...new Set(skillIds)];
    // The per-entity counter lives in `out` (a byte); the filter schema caps skillIds at 100.
    if (wanted.length > 250) throw new InvalidInputError(`skill filter: at most 250 distinct skill ids, got ${wanted.length}`);
    if (wanted.length === 0) {
      out.fill(1);
      return;
    }
    out.fill(0);
    const lists = wanted.map((id) => this.skillIndex.get(id));
    if (lists.some((s) => s === undefined)) return;
    // Start from the shortest list and count how many lists each of its entities appears in.
    const ordered = (lists as number[]).sort((a, b) => this.postingLength(a) - this.postingLength(b));
    const first = ordered[0]!;
    for (let i = this.skillStart[first]!; i < this.skillStart[first + 1]!; i++) out[this.skillEntity[i]!] = 1;
    for (let k = 1; k < ordered.length; k++) {
      const s = ordered[k]!;
      // out[e] counts lists seen so far (k for survivors); bump only survivors.
      for (let i = this.skillStart[s]!; i < this.skillStart[s + 1]!; i++) {
        const e = this.skillEntity[i]!;
        if (out[e] === k) out[e] = k + 1;
      }
    }
    const all = ordered.length;
    for (let i = this.skillStart[first]!; i < this.skillStart[first + 1]!; i++) {
      const e = this.skillEntity[i]!;
      out[e] = out[e] === all ? 1 : 0;
    }
  }

  private postingLength(s: number): number {
    return this.skillStart[s + 1]! - this.skillStart[s]!;
  }

  /**
   * Scores entities by Σ expandedWeight(skill) × edgeWeight over their skills; returns the best
   * `limit` (score desc, id asc) with their matches (weight desc, skill id asc).
   */
  score(expanded: readonly ExpandedSkill[], options: ScoreOptions): SkillCandidate[] {
    if (options.limit <= 0 || expanded.length === 0) return [];
    const touched: number[] = [];
    const { scores, seen } = this;
    for (const x of expanded) {
      const s = this.skillIndex.get(x.skillId);
      if (s === undefined) continue;
      for (let i = this.skillStart[s]!; i < this.skillStart[s + 1]!; i++) {
        const e = this.skillEntity[i]!;
        if (seen[e] === 0) {
          seen[e] = 1;
          touched.push(e);
        }
        scores[e]! += x.weight * this.skillWeight[i]!;
      }
    }
    const top = new TopK(options.limit, (a, b) => scores[b]! - scores[a]! || compareIds(this.entityIds[a]!, this.entityIds[b]!));
    for (const e of touched) {
      if (!options.includeArchetypes && this.archetype[e] === 1) continue;
      if (scores[e]! <= 0) continue;
      // Filter (a caller's closure over maps, ~0.3 µs a call) only what would enter the top: most
      // touched entities fail the score comparison, and skipping them leaves the heap as offering
      // them would (measured at 100k demo freelancers: ~6,800 → ~2,200 filter calls per recommendJobs).
      if (!top.wouldAccept(e)) continue;
      if (options.filter !== undefined && !options.filter(this.entityIds[e]!)) continue;
      top.offer(e);
    }
    const byId = new Map(expanded.map((x) => [x.skillId, x]));
    const result = top.sorted().map((e) => ({ id: this.entityIds[e]!, score: scores[e]!, matches: this.matches(e, byId) }));
    for (const e of touched) {
      scores[e] = 0;
      seen[e] = 0;
    }
    return result;
  }

  private matches(entity: number, expanded: ReadonlyMap<string, ExpandedSkill>): SkillMatch[] {
    const out: SkillMatch[] = [];
    for (let i = this.entityStart[entity]!; i < this.entityStart[entity + 1]!; i++) {
      const skillId = this.skillIds[this.entitySkill[i]!]!;
      const x = expanded.get(skillId);
      if (x === undefined) continue;
      out.push({ skillId, seedId: x.seedId, weight: x.weight * this.entityWeight[i]!, path: x.path });
    }
    return out.sort((a, b) => b.weight - a.weight || compareIds(a.skillId, b.skillId));
  }
}

/** Bounded selection of the best `k` items under `compare` (negative = first is better). */
class TopK {
  /** Binary heap with the worst kept item at the root. */
  private readonly heap: number[] = [];

  constructor(
    private readonly k: number,
    private readonly compare: (a: number, b: number) => number,
  ) {}

  /** Whether `offer(item)` would keep it. */
  wouldAccept(item: number): boolean {
    return this.heap.length < this.k || this.compare(item, this.heap[0]!) < 0;
  }

  offer(item: number): void {
    const { heap } = this;
    if (heap.length < this.k) {
      heap.push(item);
      this.siftUp(heap.length - 1);
    } else if (this.compare(item, heap[0]!) < 0) {
      heap[0] = item;
      this.siftDown(0);
    }
  }

  sorted(): number[] {
    return this.heap.slice().sort(this.compare);
  }

  private worse(i: number, j: number): boolean {
    return this.compare(this.heap[i]!, this.heap[j]!) > 0;
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i]!;
    this.heap[i] = this.heap[j]!;
    this.heap[j] = t;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < n && this.worse(l, worst)) worst = l;
      if (r < n && this.worse(r, worst)) worst = r;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }
}
