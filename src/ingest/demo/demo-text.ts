/**
 * Templates for the demo marketplace's free text: freelancer titles and overviews, job titles and
 * descriptions. Skills appear through their surface forms (name or alias, chosen by the caller),
 * so keyword search, embeddings and the text skill linker all have something realistic to chew on.
 */
import type { ExperienceLevel } from "../../core/records.js";
import type { Rng } from "../../core/rng.js";
import type { CategoryFlavour } from "./demo-vocabulary.js";

/** "A", "A and B", "A, B and C". */
export function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] as string}`;
}

function capitalize(s: string): string {
  return s.length === 0 ? s : (s[0] as string).toUpperCase() + s.slice(1);
}

/** Lower-cases ordinary words only, so "API Developer" reads "API developer", not "api developer". */
function lowerRole(role: string): string {
  return role
    .split(" ")
    .map((w) => (/^[A-Z][a-z'-]*$/.test(w) ? w.toLowerCase() : w))
    .join(" ");
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

/** Activity-like skill names ("Logo Design", "Video Editing") read badly before a noun ("… Designer"). */
function isActivity(skill: string): boolean {
  return /(ing|Design|Development|Management|Analysis|Videos?|Law|Services|Assistance|Support|Translation|Art|Animation)$/.test(skill);
}

function seniorityWord(years: number, rng: Rng): string {
  if (years < 2) return "Junior ";
  if (years < 6) return "";
  if (years < 12) return "Senior ";
  return rng.pick(["Lead ", "Principal ", "Senior ", "Expert "]);
}

/** Inputs of a freelancer's title and overview. */
export interface FreelancerTextInput {
  firstName: string;
  country: string;
  years: number;
  flavour: CategoryFlavour;
  /** Surface forms of their strongest listed skills, best first (at least one). */
  core: readonly string[];
  /** Surface forms of other listed skills. */
  secondary: readonly string[];
  /** Surface forms of skills they have but did not list (text-only evidence). */
  unlisted: readonly string[];
  domains: readonly string[];
  available: boolean;
  hoursPerWeek: number;
  timezone: string;
}

/** A profile headline such as "Senior React & TypeScript Developer". */
export function freelancerTitle(t: FreelancerTextInput, rng: Rng): string {
  const [a = t.flavour.noun, b, c] = t.core;
  const sen = seniorityWord(t.years, rng);
  const role = rng.pick(t.flavour.roles);
  const nounable = !isActivity(a) && (b === undefined || !isActivity(b));
  switch (nounable ? rng.int(0, 4) : rng.pick([1, 3, 4])) {
    case 0:
      return b === undefined ? `${sen}${a} ${t.flavour.noun}` : `${sen}${a} & ${b} ${t.flavour.noun}`;
    case 1:
      return `${sen}${role} | ${t.core.slice(0, 3).join(", ")}`;
    case 2:
      return t.years >= 5 ? `${a} ${t.flavour.noun} with ${t.years}+ years of experience` : `${a} ${t.flavour.noun}`;
    case 3:
      return b === undefined ? `${role} specialising in ${a}` : `${role} specialising in ${a} and ${b}`;
    default:
      return c === undefined ? `${sen}${role}` : `${sen}${role}: ${a}, ${b ?? ""} & ${c}`;
  }
}

const CLOSERS = [
  "I care about clear communication and on-time delivery.",
  "I work in small iterations and share progress daily.",
  "Long-term collaborations are very welcome.",
  "Happy to jump on a quick call to discuss your project.",
  "I document my work so your team can pick it up easily.",
  "Clients describe me as reliable, proactive and detail-oriented.",
  "I ask questions early so there are no surprises late.",
];

/** A multi-sentence profile overview mentioning skills, years and domains. */
export function freelancerOverview(t: FreelancerTextInput, rng: Rng): string {
  const role = rng.pick(t.flavour.roles);
  const yearsText = t.years === 0 ? "less than a year" : t.years === 1 ? "one year" : `${t.years} years`;
  const domainPart =
    t.domains.length === 0 ? "" : rng.chance(0.5) ? ` in ${listPhrase(t.domains)}` : ` working with ${listPhrase(t.domains)} companies`;
  const out: string[] = [];
  switch (rng.int(0, 2)) {
    case 0:
      out.push(`I'm ${article(role)} ${lowerRole(role)} with ${yearsText} of experience${domainPart}.`);
      break;
    case 1:
      out.push(`${role} with ${yearsText} of hands-on experience${domainPart}.`);
      break;
    default:
      out.push(`Hi! I'm ${t.firstName}, ${article(role)} ${lowerRole(role)} based in ${t.country}, with ${yearsText} of experience${domainPart}.`);
  }
  const core = listPhrase(t.core.slice(0, 3));
  out.push(rng.pick([`I specialise in ${core}.`, `My core toolkit: ${core}.`, `Most of my work involves ${core}.`]));
  if (t.secondary.length > 0) {
    const sec = listPhrase(t.secondary.slice(0, 4));
    out.push(rng.pick([`I'm also comfortable with ${sec}.`, `I have also worked with ${sec}.`, `Other tools I use: ${sec}.`]));
  }
  if (t.unlisted.length > 0) {
    out.push(rng.pick([`Lately I have been using ${listPhrase(t.unlisted)} a lot.`, `I also have some experience with ${listPhrase(t.unlisted)}.`]));
  }
  const p1 = rng.pick(t.flavour.projects);
  const d1 = t.domains[0] ?? "startup";
  if (rng.chance(0.7)) {
    const p2 = rng.pick(t.flavour.projects);
    out.push(
      p2 === p1
        ? `Recent work includes ${article(p1)} ${p1} for ${article(d1)} ${d1} client.`
        : `Recent work includes ${article(p1)} ${p1} for ${article(d1)} ${d1} client and ${article(p2)} ${p2} for an agency.`,
    );
  }
  out.push(rng.pick(CLOSERS));
  out.push(
    t.available
      ? `Available about ${t.hoursPerWeek} hours per week (${t.timezone}).`
      : "Currently fully booked, but open to hearing about upcoming projects.",
  );
  return out.join(" ");
}

/** Inputs of a job's title and description. */
export interface JobTextInput {
  flavour: CategoryFlavour;
  level: ExperienceLevel;
  domain: string;
  project: string;
  /** Surface forms of required skills (at least one). */
  required: readonly string[];
  preferred: readonly string[];
  /** Surface forms of skills the description mentions but the skill list omits. */
  textOnly: readonly string[];
  clientCountry: string | undefined;
  budgetType: "hourly" | "fixed";
  /** Expected effort. */
  weeks: number;
  hoursPerWeek: number;
}

const LEVEL_WORD: Record<ExperienceLevel, readonly string[]> = {
  entry: ["Junior ", "Entry-level ", ""],
  intermediate: ["", "Experienced "],
  expert: ["Senior ", "Expert ", "Lead "],
};
const LEVEL_ADJ: Record<ExperienceLevel, readonly string[]> = {
  entry: ["motivated junior", "eager entry-level", "budget-friendly"],
  intermediate: ["experienced", "reliable", "skilled"],
  expert: ["senior", "highly experienced", "expert"],
};

/** A job post title. */
export function jobTitle(t: JobTextInput, rng: Rng): string {
  const [a = t.flavour.noun, b] = t.required;
  const role = rng.pick(t.flavour.roles);
  switch (isActivity(a) ? rng.pick([1, 3, 4]) : rng.int(0, 4)) {
    case 0:
      return `${a} ${t.flavour.noun} needed for ${t.domain} ${t.project}`;
    case 1:
      return b === undefined ? `${capitalize(t.project)} with ${a}` : `${capitalize(t.project)} with ${a} and ${b}`;
    case 2:
      return `${rng.pick(LEVEL_WORD[t.level])}${a} ${t.flavour.noun} for ${t.project}`;
    case 3:
      return `${rng.pick(LEVEL_WORD[t.level])}${role} for ${t.domain} ${rng.pick(["startup", "company", "agency", "team"])}`;
    default:
      return b === undefined ? `Looking for ${article(a)} ${a} expert` : `Looking for ${article(a)} ${a} expert (${b})`;
  }
}

/** A multi-sentence job description mentioning skills, domain, deliverables and effort. */
export function jobDescription(t: JobTextInput, rng: Rng): string {
  const role = lowerRole(rng.pick(t.flavour.roles));
  const kind = rng.pick(["startup", "company", "agency", "small business", "scale-up", "nonprofit"]);
  const based = t.clientCountry === undefined || rng.chance(0.5) ? "" : ` based in ${t.clientCountry}`;
  const adj = rng.pick(LEVEL_ADJ[t.level]);
  const out: string[] = [
    `We are ${article(t.domain)} ${t.domain} ${kind}${based} looking for ${article(adj)} ${adj} ${role} to help with our ${t.project}.`,
  ];
  const req = listPhrase(t.required);
  out.push(
    rng.pick([
      `You should have solid experience with ${req}.`,
      `Must-have skills: ${req}.`,
      `The ideal candidate knows ${req} well.`,
      `Strong ${req} skills are essential.`,
    ]),
  );
  if (t.preferred.length > 0) {
    const pref = listPhrase(t.preferred);
    out.push(rng.pick([`Nice to have: ${pref}.`, `Experience with ${pref} is a plus.`, `Bonus points for ${pref}.`]));
  }
  for (const x of t.textOnly) {
    out.push(rng.pick([`Our current setup uses ${x}, so familiarity with it helps.`, `You will also touch some ${x} along the way.`, `Ideally you have worked with ${x} before.`]));
  }
  const deliverables = rng.shuffle(t.flavour.deliverables).slice(0, rng.int(2, 3));
  out.push(rng.pick([`Deliverables: ${listPhrase(deliverables)}.`, `What we expect: ${listPhrase(deliverables)}.`]));
  out.push(
    t.budgetType === "hourly"
      ? `This is an ongoing engagement of about ${t.hoursPerWeek} hours per week for ${t.weeks} weeks.`
      : `Estimated timeline: ${t.weeks} week${t.weeks === 1 ? "" : "s"}.`,
  );
  out.push(
    rng.pick([
      "Please share links to similar work in your proposal.",
      "Tell us briefly how you would approach this.",
      "We move fast and value clear communication.",
      "Proposals without relevant examples will not be considered.",
      "Looking forward to working with you!",
    ]),
  );
  return out.join(" ");
}
