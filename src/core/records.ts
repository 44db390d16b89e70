/**
 * Record formats: what `ingest` reads (one JSON object per line) and the
 * normalised shapes the stores hold after skill linking.
 */
import { z } from "zod";

const id = z.string().trim().min(1, "must be a non-empty string").max(512);
const text = (max: number) => z.string().max(max);
const deleted = z.boolean().optional();

export const skillInput = z.object({
  id,
  name: z.string().trim().min(1).max(300),
  aliases: z.array(z.string().trim().min(1).max(300)).max(500).optional(),
  description: text(20_000).optional(),
  category: z.string().max(200).optional(),
  deleted,
});

export const RELATION_TYPES = ["RELATED_TO", "BROADER_THAN"] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

export const skillRelationInput = z
  .object({
    from: id,
    to: id,
    type: z.enum(RELATION_TYPES),
    weight: z.number().min(0).max(1).optional(),
    deleted,
  })
  .refine((r) => r.from !== r.to, { message: "a skill cannot relate to itself (from === to)" });

/** A skill reference in a profile or a job: by taxonomy id, or by name for the linker. */
const skillRef = z
  .object({ id: id.optional(), name: z.string().trim().min(1).max(300).optional() })
  .refine((s) => s.id !== undefined || s.name !== undefined, { message: "a skill needs an id or a name" });

export const freelancerInput = z.object({
  id,
  name: z.string().trim().min(1).max(300),
  title: text(500),
  overview: text(20_000),
  skills: z.array(skillRef.and(z.object({ level: z.number().int().min(1).max(5).optional() }))).max(500),
  hourlyRate: z.number().nonnegative().max(100_000).optional(),
  country: z.string().max(100).optional(),
  timezone: z.string().max(100).optional(),
  rating: z.number().min(0).max(5).optional(),
  jobSuccess: z.number().min(0).max(1).optional(),
  totalHours: z.number().nonnegative().optional(),
  available: z.boolean().optional(),
  languages: z.array(z.string().max(100)).max(50).optional(),
  deleted,
});

/** ESCO occupations are ingested as archetype freelancer profiles, keeping their ESCO extras. */
export const occupationInput = freelancerInput.extend({
  iscoGroup: z.string().max(20).optional(),
  conceptUri: z.string().max(512).optional(),
});

export const IMPORTANCE = ["required", "preferred"] as const;
export type Importance = (typeof IMPORTANCE)[number];
export const EXPERIENCE_LEVELS = ["entry", "intermediate", "expert"] as const;
export type ExperienceLevel = (typeof EXPERIENCE_LEVELS)[number];

export const jobInput = z.object({
  id,
  title: text(500),
  description: text(50_000),
  skills: z.array(skillRef.and(z.object({ importance: z.enum(IMPORTANCE).optional() }))).max(500),
  budget: z
    .object({
      type: z.enum(["hourly", "fixed"]),
      min: z.number().nonnegative().optional(),
      max: z.number().nonnegative().optional(),
    })
    .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, {
      message: "budget.min must be <= budget.max",
    })
    .optional(),
  experienceLevel: z.enum(EXPERIENCE_LEVELS).optional(),
  postedAt: z.iso.datetime({ offset: true }).optional(),
  status: z.enum(["open", "closed"]).optional(),
  clientId: id.optional(),
  country: z.string().max(100).optional(),
  deleted,
});

export const clientInput = z.object({
  id,
  name: z.string().max(300).optional(),
  country: z.string().max(100).optional(),
  paymentVerified: z.boolean().optional(),
  totalSpent: z.number().nonnegative().optional(),
  deleted,
});

export const INTERACTION_TYPES = ["view", "click", "apply", "interview", "hire"] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

export const interactionInput = z.object({
  type: z.enum(INTERACTION_TYPES),
  jobId: id,
  freelancerId: id,
  at: z.iso.datetime({ offset: true }),
  rating: z.number().min(0).max(5).optional(),
});

export type SkillInput = z.infer<typeof skillInput>;
export type SkillRelationInput = z.infer<typeof skillRelationInput>;
export type FreelancerInput = z.infer<typeof freelancerInput>;
export type OccupationInput = z.infer<typeof occupationInput>;
export type JobInput = z.infer<typeof jobInput>;
export type ClientInput = z.infer<typeof clientInput>;
export type InteractionInput = z.infer<typeof interactionInput>;

// ---- normalised shapes held by the stores --------------------------------------------

export interface Skill {
  id: string;
  name: string;
  aliases: string[];
  description?: string;
  category?: string;
}

export interface SkillRelation {
  from: string;
  to: string;
  type: RelationType;
  /** Strength in [0, 1]; 1 when the input gave none. */
  weight: number;
}

/** How a profile/job skill was linked: given by id, or resolved from a name or from text. */
export type LinkSource = "id" | "name" | "text";

export interface FreelancerSkill {
  skillId: string;
  /** 1..5; 3 when the input gave none. */
  level: number;
  source: LinkSource;
}

export interface Freelancer {
  id: string;
  name: string;
  title: string;
  overview: string;
  skills: FreelancerSkill[];
  hourlyRate?: number;
  country?: string;
  timezone?: string;
  rating?: number;
  jobSuccess?: number;
  totalHours?: number;
  available?: boolean;
  languages?: string[];
  /** An ESCO occupation ingested as a reference profile, not a person. */
  archetype?: boolean;
  iscoGroup?: string;
  conceptUri?: string;
}

export interface JobSkill {
  skillId: string;
  importance: Importance;
  source: LinkSource;
}

export interface Job {
  id: string;
  title: string;
  description: string;
  skills: JobSkill[];
  budget?: { type: "hourly" | "fixed"; min?: number; max?: number };
  experienceLevel?: ExperienceLevel;
  /** ISO-8601 timestamp. */
  postedAt?: string;
  status: "open" | "closed";
  clientId?: string;
  country?: string;
}

export interface Client {
  id: string;
  name?: string;
  country?: string;
  paymentVerified?: boolean;
  totalSpent?: number;
}

export interface Interaction {
  type: InteractionType;
  jobId: string;
  freelancerId: string;
  /** ISO-8601 timestamp. */
  at: string;
  rating?: number;
}

/** Entity kinds that have an HNSW index each. */
export const VECTOR_KINDS = ["freelancers", "jobs", "skills"] as const;
export type VectorKind = (typeof VECTOR_KINDS)[number];
