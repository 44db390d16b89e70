/**
 * The hidden ground-truth fit model of the demo marketplace.
 *
 * Every demo freelancer has latent traits nobody sees in the ingest files: a true proficiency in
 * [0, 1] per skill (which the profile reports only noisily), a seniority in [0, 1], a quality in
 * [0, 1] and availability. Every job has latent needs: required and preferred skills (including
 * skills its text mentions but its skill list omits), an experience level and an hourly rate
 * ceiling. Interactions (applies, interviews, hires, ratings) are drawn from this fit plus noise,
 * so a ranker trained on hires can only do well by recovering it.
 *
 *   target(level)   = 0.45 entry · 0.65 intermediate · 0.85 expert     (proficiency a job needs)
 *   eff(s)          = max over the freelancer's skills t of prof(t) · credit(s, t),
 *                     credit(s, s) = 1, credit(s, n) = 0.5 · w for a RELATED_TO neighbour n of s
 *   cover(s)        = min(1, eff(s) / target)
 *   required        = mean cover over required skills      (0 when a job has none)
 *   preferred       = mean cover over preferred skills     (= required when a job has none)
 *   rate            = 1 if hourlyRate ≤ ceiling, else exp(−3 · (hourlyRate / ceiling − 1))
 *   level           = 1 − 1.5 · shortfall − 0.3 · excess of seniority vs the level's seniority
 *                     (0.15 entry · 0.45 intermediate · 0.75 expert), clamped to [0, 1]
 *   fit             = (0.50 required + 0.12 preferred + 0.13 rate + 0.10 level + 0.15 quality)
 *                     · (available ? 1 : 0.7)                                         ∈ [0, 1]
 *
 * The generator adds Gaussian noise at each funnel decision (click, apply, interview, hire), not
 * here: `trueFit` is the noiseless value that evaluation can recompute from `ground_truth.jsonl`.
 */
import type { ExperienceLevel } from "../../core/records.js";

/** Proficiency a job of this level needs for full credit on a skill. */
export const LEVEL_TARGET: Readonly<Record<ExperienceLevel, number>> = { entry: 0.45, intermediate: 0.65, expert: 0.85 };
/** Seniority a job of this level expects. */
export const LEVEL_SENIORITY: Readonly<Record<ExperienceLevel, number>> = { entry: 0.15, intermediate: 0.45, expert: 0.75 };
/** Share of a RELATED_TO edge's weight credited when a freelancer has the neighbour, not the skill. */
export const NEIGHBOUR_CREDIT = 0.5;

export const FIT_WEIGHTS = { required: 0.5, preferred: 0.12, rate: 0.13, level: 0.1, quality: 0.15 } as const;
/** Multiplier on fit for a freelancer who is not available. */
export const UNAVAILABLE_FACTOR = 0.7;

/** Latent traits of a freelancer; skill keys are taxonomy ids or any other stable key. */
export interface FitFreelancer<K> {
  skills: ArrayLike<K>;
  /** True proficiency in [0, 1], aligned with `skills`. */
  proficiency: ArrayLike<number>;
  /** 0 (new) .. 1 (12+ years). */
  seniority: number;
  /** 0..1: reliability and craft beyond skills. */
  quality: number;
  /** USD per hour. */
  hourlyRate: number;
  available: boolean;
}

/** Latent needs of a job. */
export interface FitJob<K> {
  required: readonly K[];
  preferred: readonly K[];
  level: ExperienceLevel;
  /** Highest hourly rate (USD) the client will pay without hesitation. */
  rateCeiling: number;
}

/** RELATED_TO neighbours of a skill with edge weights in [0, 1]. */
export type NeighbourLookup<K> = (skill: K) => Iterable<readonly [K, number]>;

/** A job prepared for scoring many freelancers: per needed skill, the credit each held skill earns. */
export interface CompiledJob<K> {
  job: FitJob<K>;
  required: Map<K, number>[];
  preferred: Map<K, number>[];
}

/** The parts of a fit score, each in [0, 1]. */
export interface FitParts {
  fit: number;
  required: number;
  preferred: number;
  rate: number;
  level: number;
  quality: number;
}

function creditMap<K>(skill: K, neighbours: NeighbourLookup<K>): Map<K, number> {
  const m = new Map<K, number>();
  for (const [n, w] of neighbours(skill)) {
    const c = NEIGHBOUR_CREDIT * w;
    if (c > (m.get(n) ?? 0)) m.set(n, c);
  }
  m.set(skill, 1);
  return m;
}

/** Precomputes the neighbour credit of a job's skills; compile once, score many freelancers. */
export function compileJob<K>(job: FitJob<K>, neighbours: NeighbourLookup<K>): CompiledJob<K> {
  return {
    job,
    required: job.required.map((s) => creditMap(s, neighbours)),
    preferred: job.preferred.map((s) => creditMap(s, neighbours)),
  };
}

function meanCover<K>(needs: readonly Map<K, number>[], f: FitFreelancer<K>, target: number): number {
  if (needs.length === 0) return 0;
  let sum = 0;
  for (const credit of needs) {
    let eff = 0;
    for (let i = 0; i < f.skills.length; i++) {
      const c = credit.get(f.skills[i] as K);
      if (c !== undefined) {
        const v = c * (f.proficiency[i] as number);
        if (v > eff) eff = v;
      }
    }
    sum += Math.min(1, eff / target);
  }
  return sum / needs.length;
}

/** Noiseless ground-truth fit of a freelancer for a job, with its parts. Higher is better; in [0, 1]. */
export function trueFit<K>(f: FitFreelancer<K>, compiled: CompiledJob<K>): FitParts {
  const { job } = compiled;
  const target = LEVEL_TARGET[job.level];
  const required = meanCover(compiled.required, f, target);
  const preferred = compiled.preferred.length === 0 ? required : meanCover(compiled.preferred, f, target);
  const rate = f.hourlyRate <= job.rateCeiling ? 1 : Math.exp(-3 * (f.hourlyRate / job.rateCeiling - 1));
  const gap = f.seniority - LEVEL_SENIORITY[job.level];
  const level = Math.min(1, Math.max(0, gap < 0 ? 1 + 1.5 * gap : 1 - 0.3 * gap));
  const quality = f.quality;
  const w = FIT_WEIGHTS;
  const base = w.required * required + w.preferred * preferred + w.rate * rate + w.level * level + w.quality * quality;
  return { fit: base * (f.available ? 1 : UNAVAILABLE_FACTOR), required, preferred, rate, level, quality };
}
