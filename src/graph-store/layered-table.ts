/**
 * Filter columns and skill posting lists that stay cheap to update under live writes. Building them
 * for 100k freelancers takes seconds, so a write must not throw them away: the base table stays as
 * built and the records written since live in a small delta table (rebuilt from the store when it is
 * next read, milliseconds for a few thousand records), which shadows the base. Filters and skill
 * candidates merge both: the base answers for ids it still owns, the delta for the changed ones
 * (a deleted record is simply absent from the delta). When the delta grows past a share of the base,
 * everything is rebuilt from scratch on next use.
 *
 * Both layers use the same column and posting code, so a filter means exactly the same thing for a
 * record whether it was written a second ago or at ingestion.
 */
import { compareIds } from "../core/order.js";
import type { FreelancerFilter, JobFilter } from "../core/filters.js";
import { FreelancerColumns, JobColumns, type FreelancerFilterRow, type JobFilterRow } from "./filter-columns.js";
import type { CompiledFilter, ExpandedSkill, SkillCandidate } from "./graph-store.js";
import { SkillPostings, type PostingRow, type ScoreOptions } from "./skill-postings.js";

/** One layer: the columns (any kind) and the posting lists sharing its ordinals. */
export interface Table<F> {
  compile(filter: F): CompiledFilter;
  postings: SkillPostings;
  size: number;
}

/** A layer of freelancers: filter columns and posting lists over the same ordinals. */
export function freelancerLayer(rows: FreelancerFilterRow[], postingRows: Iterable<PostingRow>): Table<FreelancerFilter> {
  const columns = new FreelancerColumns(rows);
  const postings = new SkillPostings(columns.ordinals.ids, columns.ordinals.ordinalOf, postingRows, columns.archetype);
  return { compile: (filter) => columns.compile(filter, postings), postings, size: rows.length };
}

/** A layer of jobs (jobs have no archetypes). */
export function jobLayer(rows: JobFilterRow[], postingRows: Iterable<PostingRow>): Table<JobFilter> {
  const columns = new JobColumns(rows);
  const postings = new SkillPostings(columns.ordinals.ids, columns.ordinals.ordinalOf, postingRows, new Uint8Array(rows.length));
  return { compile: (filter) => columns.compile(filter, postings), postings, size: rows.length };
}

export interface LayeredTableSource<F> {
  /** Builds the table of every record (the base). */
  buildAll(): Table<F>;
  /** Builds the table of just these ids (absent ids, i.e. deleted records, are left out). */
  buildOf(ids: readonly string[]): Table<F>;
}

/** Delta size, as a share of the base, past which the next read rebuilds everything. */
const REBUILD_SHARE = 0.05;
/** Deltas at least this big are always allowed before a full rebuild (small stores). */
const MIN_DELTA = 2000;

export class LayeredTable<F> {
  private base: Table<F> | undefined;
  private delta: Table<F> | undefined;
  private readonly changed = new Set<string>();

  constructor(private readonly source: LayeredTableSource<F>) {}

  /** Records written or deleted: they move to the delta (or everything is dropped when it is large). */
  touch(ids: Iterable<string>): void {
    if (this.base === undefined) return;
    for (const id of ids) this.changed.add(id);
    this.delta = undefined;
    if (this.changed.size > Math.max(MIN_DELTA, this.base.size * REBUILD_SHARE)) this.reset();
  }

  /** Drops both layers (e.g. a skill was deleted, which changes every posting list). */
  reset(): void {
    this.base = undefined;
    this.delta = undefined;
    this.changed.clear();
  }

  /** Records shadowed by the delta (for stats and tests). */
  deltaSize(): number {
    return this.changed.size;
  }

  private layers(): { base: Table<F>; delta: Table<F> | undefined } {
    this.base ??= this.source.buildAll();
    if (this.changed.size > 0) this.delta ??= this.source.buildOf([...this.changed]);
    return { base: this.base, delta: this.delta };
  }

  compile(filter: F): CompiledFilter {
    const { base, delta } = this.layers();
    const b = base.compile(filter);
    if (delta === undefined) return b;
    const d = delta.compile(filter);
    const changed = this.changed;
    let shadowed = 0;
    for (const id of changed) if (b.allow(id)) shadowed++;
    let ids: string[] | undefined;
    return {
      allow: (id) => (changed.has(id) ? d.allow(id) : b.allow(id)),
      count: b.count - shadowed + d.count,
      ids: () => {
        ids ??= mergeSorted(
          b.ids().filter((id) => !changed.has(id)),
          d.ids(),
        );
        return ids.slice();
      },
    };
  }

  score(expanded: readonly ExpandedSkill[], options: ScoreOptions): SkillCandidate[] {
    const { base, delta } = this.layers();
    if (delta === undefined) return base.postings.score(expanded, options);
    const changed = this.changed;
    const filter = options.filter;
    const fromBase = base.postings.score(expanded, { ...options, filter: (id) => !changed.has(id) && (filter === undefined || filter(id)) });
    const fromDelta = delta.postings.score(expanded, options);
    return [...fromBase, ...fromDelta].sort((a, b) => b.score - a.score || compareIds(a.id, b.id)).slice(0, options.limit);
  }
}

function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && compareIds(a[i] as string, b[j] as string) <= 0)) out.push(a[i++] as string);
    else out.push(b[j++] as string);
  }
  return out;
}
