/**
 * In-memory columns of the attributes filters test, one typed array per attribute, indexed by
 * record ordinal (ids ascending by code unit; SkillPostings uses the same ordinals). Compiling a
 * filter is then one tight loop over typed arrays into a byte mask (~0.2 ms per 100k records)
 * instead of building id Sets per query. Immutable: the store drops and rebuilds the columns after
 * writes that touch the kind, like the posting lists. Backend-neutral: any adapter that can list
 * these rows can build them.
 */
import { InvalidInputError } from "../core/errors.js";
import type { FreelancerFilter, JobFilter } from "../core/filters.js";
import { EXPERIENCE_LEVELS } from "../core/records.js";
import type { CompiledFilter } from "./graph-store.js";
import { compareIds } from "../core/order.js";
import type { SkillPostings } from "./skill-postings.js";

/** Filter attributes of one freelancer as stored (null = absent). */
export interface FreelancerFilterRow {
  id: string;
  /** 1 for an ESCO archetype profile. */
  archetype: number;
  hourlyRate: number | null;
  country: string | null;
  /** 1, 0 or null (unknown). */
  available: number | null;
  rating: number | null;
  jobSuccess: number | null;
}

/** Filter attributes of one job as stored (null = absent). */
export interface JobFilterRow {
  id: string;
  /** "hourly" | "fixed", or null for a job without a budget. */
  budgetType: string | null;
  budgetMin: number | null;
  budgetMax: number | null;
  experienceLevel: string | null;
  status: string;
  /** ISO-8601. */
  postedAt: string | null;
  country: string | null;
}

const NONE = -1;
const BUDGET_TYPES = ["hourly", "fixed"] as const;
const STATUSES = ["open", "closed"] as const;

/** Countries compare trimmed and lower-cased ("any of, case-insensitive"). */
const countryKey = (country: string): string => country.trim().toLowerCase();

/** Ordinals shared by the columns and the posting lists: ids ascending by code unit. */
export class RecordOrdinals {
  readonly ids: readonly string[];
  readonly ordinalOf: ReadonlyMap<string, number>;

  constructor(ids: string[]) {
    this.ids = ids.sort(compareIds);
    this.ordinalOf = new Map(this.ids.map((id, i) => [id, i]));
  }

  get size(): number {
    return this.ids.length;
  }
}

/** Dictionary-encodes countries; code NONE for a record without one. */
class CountryColumn {
  readonly codes: Int32Array;
  private readonly dictionary = new Map<string, number>();

  constructor(n: number) {
    this.codes = new Int32Array(n).fill(NONE);
  }

  set(ordinal: number, country: string | null): void {
    if (country === null || country.trim() === "") return;
    const key = countryKey(country);
    let code = this.dictionary.get(key);
    if (code === undefined) {
      code = this.dictionary.size;
      this.dictionary.set(key, code);
    }
    this.codes[ordinal] = code;
  }

  /** Byte per country code: 1 when the code is among `countries`. Undefined when the list restricts nothing. */
  allowed(countries: readonly string[] | undefined): Uint8Array | undefined {
    if (countries === undefined || countries.length === 0) return undefined;
    const out = new Uint8Array(this.dictionary.size);
    for (const c of countries) {
      const code = this.dictionary.get(countryKey(c));
      if (code !== undefined) out[code] = 1;
    }
    return out;
  }
}

/** A filter compiled into a byte mask over ordinals. */
function compiledFrom(ordinals: RecordOrdinals, mask: Uint8Array, count: number): CompiledFilter {
  const { ordinalOf } = ordinals;
  let ids: string[] | undefined;
  return {
    allow: (id) => {
      const o = ordinalOf.get(id);
      return o !== undefined && mask[o] === 1;
    },
    count,
    ids: () => {
      if (ids === undefined) {
        ids = [];
        for (let o = 0; o < mask.length; o++) if (mask[o] === 1) ids.push(ordinals.ids[o]!);
      }
      return ids.slice();
    },
  };
}

/** Starts a mask: 1 where the record holds every skill of `skillIds` (all ones when none given). */
function skillMask(n: number, postings: SkillPostings, skillIds: readonly string[] | undefined): Uint8Array {
  const mask = new Uint8Array(n);
  if (skillIds === undefined || skillIds.length === 0) mask.fill(1);
  else postings.entitiesWithAll(skillIds, mask);
  return mask;
}

/** Inclusive lower/upper bounds; NaN (absent) fails any bound. */
const lower = (x: number | undefined): number => x ?? -Infinity;
const upper = (x: number | undefined): number => x ?? Infinity;

export class FreelancerColumns {
  readonly ordinals: RecordOrdinals;
  readonly archetype: Uint8Array;
  private readonly rate: Float64Array;
  private readonly country: CountryColumn;
  private readonly available: Int8Array;
  private readonly rating: Float64Array;
  private readonly jobSuccess: Float64Array;

  constructor(rows: readonly FreelancerFilterRow[]) {
    this.ordinals = new RecordOrdinals(rows.map((r) => r.id));
    const n = rows.length;
    this.archetype = new Uint8Array(n);
    this.rate = new Float64Array(n).fill(NaN);
    this.country = new CountryColumn(n);
    this.available = new Int8Array(n).fill(NONE);
    this.rating = new Float64Array(n).fill(NaN);
    this.jobSuccess = new Float64Array(n).fill(NaN);
    for (const r of rows) {
      const o = this.ordinals.ordinalOf.get(r.id)!;
      this.archetype[o] = r.archetype === 1 ? 1 : 0;
      if (r.hourlyRate !== null) this.rate[o] = r.hourlyRate;
      this.country.set(o, r.country);
      if (r.available !== null) this.available[o] = r.available === 1 ? 1 : 0;
      if (r.rating !== null) this.rating[o] = r.rating;
      if (r.jobSuccess !== null) this.jobSuccess[o] = r.jobSuccess;
    }
  }

  compile(filter: FreelancerFilter, postings: SkillPostings): CompiledFilter {
    const n = this.ordinals.size;
    const mask = skillMask(n, postings, filter.skillIds);
    const countries = this.country.allowed(filter.countries);
    const hasRate = filter.minHourlyRate !== undefined || filter.maxHourlyRate !== undefined;
    const [rateLo, rateHi] = [lower(filter.minHourlyRate), upper(filter.maxHourlyRate)];
    const wantAvailable = filter.available === undefined ? NONE : filter.available ? 1 : 0;
    const minRating = filter.minRating;
    const minJobSuccess = filter.minJobSuccess;
    const skipArchetypes = filter.includeArchetypes !== true;
    let count = 0;
    for (let o = 0; o < n; o++) {
      if (mask[o] === 0) continue;
      // Comparisons with NaN are false, so records without the attribute fail its condition.
      const pass =
        !(skipArchetypes && this.archetype[o] === 1) &&
        (!hasRate || (this.rate[o]! >= rateLo && this.rate[o]! <= rateHi)) &&
        (countries === undefined || (this.country.codes[o] !== NONE && countries[this.country.codes[o]!] === 1)) &&
        (wantAvailable === NONE || this.available[o] === wantAvailable) &&
        (minRating === undefined || this.rating[o]! >= minRating) &&
        (minJobSuccess === undefined || this.jobSuccess[o]! >= minJobSuccess);
      if (pass) count++;
      else mask[o] = 0;
    }
    return compiledFrom(this.ordinals, mask, count);
  }
}

export class JobColumns {
  readonly ordinals: RecordOrdinals;
  /** Index into BUDGET_TYPES, NONE for a job without a budget. */
  private readonly budgetType: Int8Array;
  /** Missing bounds are open (−∞ / +∞). */
  private readonly budgetMin: Float64Array;
  private readonly budgetMax: Float64Array;
  private readonly experience: Int8Array;
  private readonly status: Int8Array;
  /** Epoch milliseconds; NaN when absent. */
  private readonly postedAt: Float64Array;
  private readonly country: CountryColumn;

  constructor(rows: readonly JobFilterRow[]) {
    this.ordinals = new RecordOrdinals(rows.map((r) => r.id));
    const n = rows.length;
    this.budgetType = new Int8Array(n).fill(NONE);
    this.budgetMin = new Float64Array(n).fill(-Infinity);
    this.budgetMax = new Float64Array(n).fill(Infinity);
    this.experience = new Int8Array(n).fill(NONE);
    this.status = new Int8Array(n).fill(NONE);
    this.postedAt = new Float64Array(n).fill(NaN);
    this.country = new CountryColumn(n);
    for (const r of rows) {
      const o = this.ordinals.ordinalOf.get(r.id)!;
      this.budgetType[o] = BUDGET_TYPES.indexOf(r.budgetType as (typeof BUDGET_TYPES)[number]);
      if (r.budgetMin !== null) this.budgetMin[o] = r.budgetMin;
      if (r.budgetMax !== null) this.budgetMax[o] = r.budgetMax;
      this.experience[o] = EXPERIENCE_LEVELS.indexOf(r.experienceLevel as (typeof EXPERIENCE_LEVELS)[number]);
      this.status[o] = STATUSES.indexOf(r.status as (typeof STATUSES)[number]);
      if (r.postedAt !== null) this.postedAt[o] = Date.parse(r.postedAt);
      this.country.set(o, r.country);
    }
  }

  compile(filter: JobFilter, postings: SkillPostings): CompiledFilter {
    const n = this.ordinals.size;
    const mask = skillMask(n, postings, filter.skillIds);
    const countries = this.country.allowed(filter.countries);
    const wantType = filter.budgetType === undefined ? NONE : BUDGET_TYPES.indexOf(filter.budgetType);
    const hasRange = filter.minBudget !== undefined || filter.maxBudget !== undefined;
    const [lo, hi] = [lower(filter.minBudget), upper(filter.maxBudget)];
    const levels = indexSet(EXPERIENCE_LEVELS, filter.experienceLevels);
    const statuses = indexSet(STATUSES, filter.statuses);
    let since = NaN;
    if (filter.postedSince !== undefined) {
      since = Date.parse(filter.postedSince);
      if (Number.isNaN(since)) throw new InvalidInputError(`compileFilter: postedSince "${filter.postedSince}" is not an ISO-8601 date-time; use e.g. 2024-01-31T00:00:00Z`);
    }
    const hasSince = filter.postedSince !== undefined;
    let count = 0;
    for (let o = 0; o < n; o++) {
      if (mask[o] === 0) continue;
      const type = this.budgetType[o]!;
      const pass =
        (wantType === NONE || type === wantType) &&
        (!hasRange || (type !== NONE && this.budgetMin[o]! <= hi && this.budgetMax[o]! >= lo)) &&
        (levels === undefined || (this.experience[o] !== NONE && levels[this.experience[o]!] === 1)) &&
        (statuses === undefined || (this.status[o] !== NONE && statuses[this.status[o]!] === 1)) &&
        (!hasSince || this.postedAt[o]! >= since) &&
        (countries === undefined || (this.country.codes[o] !== NONE && countries[this.country.codes[o]!] === 1));
      if (pass) count++;
      else mask[o] = 0;
    }
    return compiledFrom(this.ordinals, mask, count);
  }
}

/** Byte per enum index: 1 when listed. Undefined when the list restricts nothing. */
function indexSet<T extends string>(values: readonly T[], wanted: readonly T[] | undefined): Uint8Array | undefined {
  if (wanted === undefined || wanted.length === 0) return undefined;
  const out = new Uint8Array(values.length);
  for (const w of wanted) {
    const i = values.indexOf(w);
    if (i >= 0) out[i] = 1;
  }
  return out;
}
