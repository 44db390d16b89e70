/**
 * One short line for an e-mail saying why an item was recommended, built from the pipeline's own
 * explanation (matched skills, skills-graph paths, which channels retrieved it) plus rate and budget
 * from the records; nothing is rescored. Examples:
 *   freelancer ← job:   "Matches your React and Node.js skills; budget fits your rate"
 *   client ← freelancer: "Knows React and Node.js; 65/h, within your budget; rated 4.9"
 */
import type { Freelancer, Job } from "../core/records.js";
import type { Explanation } from "../pipeline/types.js";
import type { BatchMode } from "./batch-options.js";

/** Longest reason, in characters (longer ones are cut with "…"). */
export const REASON_MAX_LENGTH = 140;
/** Skill names quoted before "and N more". */
const NAMES = 3;
/** Ratings at or above this are worth mentioning to a client. */
const GOOD_RATING = 4.5;

export interface ReasonInput {
  mode: BatchMode;
  explanation: Pick<Explanation, "matchedSkills" | "graphPaths" | "channels">;
  /** The freelancer: the recipient (freelancers mode) or the item (jobs mode). */
  freelancer: Pick<Freelancer, "hourlyRate" | "rating"> | undefined;
  /** The job: the item (freelancers mode) or the recipient's job (jobs mode). */
  job: Pick<Job, "budget"> | undefined;
  /** Display name of a skill id (for the skill a related match was reached from). */
  skillName: (id: string) => string | undefined;
}

export function buildReason(input: ReasonInput): string {
  const parts = [skillsPart(input), moneyPart(input)];
  if (input.mode === "jobs") {
    const rating = input.freelancer?.rating;
    if (rating !== undefined && rating >= GOOD_RATING) parts.push(`rated ${rating.toFixed(1)}`);
  }
  return clip(parts.filter((p): p is string => p !== undefined && p !== "").join("; "));
}

function skillsPart({ mode, explanation, skillName }: ReasonInput): string {
  const exact = explanation.matchedSkills.filter((s) => s.via === "exact").map((s) => s.name);
  if (exact.length > 0) return mode === "freelancers" ? `Matches your ${names(exact)} skills` : `Knows ${names(exact)}`;
  const related = explanation.matchedSkills.find((s) => s.via === "related");
  if (related !== undefined) {
    // A path joins the job's required skill and the freelancer's held skill; take its other end.
    const path = explanation.graphPaths.find((p) => p.toSkillId === related.skillId || p.fromSkillId === related.skillId);
    const otherId = path === undefined ? undefined : path.toSkillId === related.skillId ? path.fromSkillId : path.toSkillId;
    const other = otherId === undefined ? undefined : (skillName(otherId) ?? otherId);
    if (mode === "freelancers") return other === undefined ? `Needs ${related.name}, related to your skills` : `Needs ${related.name}, close to your ${other}`;
    return other === undefined ? `Knows skills related to ${related.name}` : `Knows ${other}, close to ${related.name}`;
  }
  const retrieved = (c: string): boolean => explanation.channels.some((x) => x.channel === c && x.retrieved && x.contribution > 0);
  if (retrieved("collaborative")) return mode === "freelancers" ? "Similar to jobs you were hired or interviewed for" : "Hired or shortlisted on similar jobs";
  if (retrieved("graph")) return mode === "freelancers" ? "Related to your skills" : "Skills related to your job";
  return mode === "freelancers" ? "Close to your profile" : "Profile close to your job";
}

function moneyPart({ mode, freelancer, job }: ReasonInput): string | undefined {
  const rate = freelancer?.hourlyRate;
  const budget = job?.budget;
  if (mode === "freelancers") {
    if (budget === undefined) return undefined;
    if (budget.type === "fixed") return budget.max !== undefined ? `fixed price up to ${amount(budget.max)}` : "fixed price";
    if (budget.max === undefined) return rate !== undefined && budget.min !== undefined && rate <= budget.min ? "budget fits your rate" : undefined;
    if (rate !== undefined && rate <= budget.max) return "budget fits your rate";
    return `budget up to ${amount(budget.max)}/h`;
  }
  if (rate === undefined) return undefined;
  const fits = budget?.type === "hourly" && budget.max !== undefined && rate <= budget.max;
  return fits ? `${amount(rate)}/h, within your budget` : `${amount(rate)}/h`;
}

function names(list: readonly string[]): string {
  if (list.length <= NAMES) return list.length === 1 ? (list[0] as string) : `${list.slice(0, -1).join(", ")} and ${list.at(-1) as string}`;
  return `${list.slice(0, NAMES).join(", ")} and ${list.length - NAMES} more`;
}

function amount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

function clip(text: string): string {
  return text.length <= REASON_MAX_LENGTH ? text : `${text.slice(0, REASON_MAX_LENGTH - 1).trimEnd()}…`;
}
