/**
 * Filters that apply to every retrieval channel. Validated once (zod) so contradictory filters
 * (min > max) fail with INVALID_INPUT before any work is done.
 */
import { z } from "zod";
import { InvalidInputError } from "./errors.js";
import { EXPERIENCE_LEVELS } from "./records.js";

const nonNeg = z.number().finite().nonnegative();
const ids = z.array(z.string().trim().min(1).max(512)).max(100);
const countries = z.array(z.string().trim().min(1).max(100)).max(300);

export const freelancerFilterSchema = z
  .object({
    /** Hourly rate range, inclusive, in the marketplace currency. */
    minHourlyRate: nonNeg.optional(),
    maxHourlyRate: nonNeg.optional(),
    /** Any of these countries (exact, case-insensitive). */
    countries: countries.optional(),
    available: z.boolean().optional(),
    /** 0..5 */
    minRating: z.number().min(0).max(5).optional(),
    /** 0..1 */
    minJobSuccess: z.number().min(0).max(1).optional(),
    /** Every one of these skills must be on the profile. */
    skillIds: ids.optional(),
    /** Include ESCO archetype profiles (default false). */
    includeArchetypes: z.boolean().optional(),
  })
  .strict();

export const jobFilterSchema = z
  .object({
    budgetType: z.enum(["hourly", "fixed"]).optional(),
    /** The job's budget range must overlap [minBudget, maxBudget]. */
    minBudget: nonNeg.optional(),
    maxBudget: nonNeg.optional(),
    experienceLevels: z.array(z.enum(EXPERIENCE_LEVELS)).max(3).optional(),
    statuses: z.array(z.enum(["open", "closed"])).max(2).optional(),
    /** ISO-8601; only jobs posted at or after. */
    postedSince: z.iso.datetime({ offset: true }).optional(),
    countries: countries.optional(),
    /** Every one of these skills must be required or preferred by the job. */
    skillIds: ids.optional(),
  })
  .strict();

export type FreelancerFilter = z.infer<typeof freelancerFilterSchema>;
export type JobFilter = z.infer<typeof jobFilterSchema>;

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || what}: ${i.message}`).join("; ");
    throw new InvalidInputError(`${what}: ${problems}`);
  }
  return parsed.data;
}

/** Validates a freelancer filter; contradictory ranges are INVALID_INPUT naming both fields. */
export function parseFreelancerFilter(value: unknown): FreelancerFilter {
  const f = check(freelancerFilterSchema, value, "FreelancerFilter");
  if (f.minHourlyRate !== undefined && f.maxHourlyRate !== undefined && f.minHourlyRate > f.maxHourlyRate) {
    throw new InvalidInputError(
      `FreelancerFilter: minHourlyRate (${f.minHourlyRate}) is greater than maxHourlyRate (${f.maxHourlyRate}); swap or drop one`,
    );
  }
  return f;
}

/** Validates a job filter; contradictory ranges are INVALID_INPUT naming both fields. */
export function parseJobFilter(value: unknown): JobFilter {
  const f = check(jobFilterSchema, value, "JobFilter");
  if (f.minBudget !== undefined && f.maxBudget !== undefined && f.minBudget > f.maxBudget) {
    throw new InvalidInputError(`JobFilter: minBudget (${f.minBudget}) is greater than maxBudget (${f.maxBudget}); swap or drop one`);
  }
  return f;
}

/** True when the filter restricts nothing (so channels can skip building an allow-list). */
export function isEmptyFilter(f: FreelancerFilter | JobFilter): boolean {
  return Object.entries(f).every(([k, v]) => v === undefined || (k === "includeArchetypes" && v === false));
}
