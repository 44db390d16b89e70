/**
 * Deterministic demo marketplace: clients, freelancers, jobs and the interaction funnel
 * (view → click → apply → interview → hire) between them, drawn from the built-in taxonomy with the
 * seeded RNG, so one seed always yields the same bytes.
 *
 * Output (all ingest inputs, plus one hidden file):
 *   skills.jsonl, skill_relations.jsonl   byte copies of the taxonomy
 *   clients.jsonl, freelancers.jsonl, jobs.jsonl, interactions.jsonl
 *   hidden/ground_truth.jsonl             latent traits and true fit (see fit-model.ts); ingest never
 *                                         reads it, evaluation does
 *
 * Memory: records stream to disk as they are made. What stays resident is each freelancer's latent
 * state in flat arrays (about 100 bytes per freelancer), which the funnel needs to score pools.
 */
import { copyFile, mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Progress } from "../../core/progress.js";
import { silentProgress } from "../../core/progress.js";
import type { ClientInput, ExperienceLevel, FreelancerInput, InteractionInput, InteractionType, JobInput, SkillInput } from "../../core/records.js";
import { createRng, type Rng } from "../../core/rng.js";
import { InvalidInputError } from "../../core/errors.js";
import { defaultTaxonomyDir } from "./build-taxonomy.js";
import { freelancerOverview, freelancerTitle, jobDescription, jobTitle, type FreelancerTextInput, type JobTextInput } from "./demo-text.js";
import { loadDemoTaxonomy, WeightedSampler, type DemoCategory, type DemoTaxonomy } from "./demo-taxonomy.js";
import { COMPANY_PREFIXES, COMPANY_SUFFIXES, COUNTRIES, DOMAINS, NAMES, type Country } from "./demo-vocabulary.js";
import { compileJob, trueFit, type FitFreelancer, type FitJob } from "./fit-model.js";
import { JsonlWriter } from "./jsonl-writer.js";

/** Options of {@link generateDemo}. */
export interface GenerateDemoOptions {
  /** Directory to write into (created if missing; existing files of the same names are replaced). */
  outDir: string;
  /** Default 5000. */
  freelancers?: number;
  /** Default 1500. */
  jobs?: number;
  /** Default `max(1, round(jobs / 3))`. */
  clients?: number;
  /** Default 42. Same seed and sizes → byte-identical output. */
  seed?: number;
  /** Default `graph/taxonomy` of this package (not of the working directory). */
  taxonomyDir?: string;
  /** The marketplace's "today": jobs are posted in the 12 months before it. Default {@link DEMO_DEFAULT_NOW}. */
  now?: Date;
  /** Ticked once per freelancer and per job. */
  progress?: Progress;
}

/** File names written by {@link generateDemo}, relative to `outDir`. */
export const DEMO_FILES = {
  skills: "skills.jsonl",
  skillRelations: "skill_relations.jsonl",
  clients: "clients.jsonl",
  freelancers: "freelancers.jsonl",
  jobs: "jobs.jsonl",
  interactions: "interactions.jsonl",
  groundTruth: "hidden/ground_truth.jsonl",
} as const;
export type DemoFile = keyof typeof DEMO_FILES;

/** What {@link generateDemo} wrote. */
export interface DemoSummary {
  outDir: string;
  seed: number;
  /** Lines per file. */
  counts: Record<DemoFile, number>;
  interactionsByType: Record<InteractionType, number>;
  /** Total bytes written across all files. */
  bytes: number;
  /** Wall-clock seconds. */
  seconds: number;
}

/** Default "today" of the demo marketplace, fixed so output never depends on the clock. */
export const DEMO_DEFAULT_NOW = new Date("2026-11-01T00:00:00.000Z");

/** A line of `hidden/ground_truth.jsonl` describing a freelancer's latent traits. */
export interface GroundTruthFreelancer {
  kind: "freelancer";
  id: string;
  category: string;
  seniority: number;
  quality: number;
  available: boolean;
  hourlyRate: number;
  domains: string[];
  /** True proficiency in [0, 1] per skill id, including skills the profile omits. */
  skills: Record<string, number>;
}

/** Furthest funnel stage a pool candidate reached. */
export type FunnelStage = InteractionType;

/** A line of `hidden/ground_truth.jsonl` describing a job's latent needs and its candidates' true fit. */
export interface GroundTruthJob {
  kind: "job";
  id: string;
  category: string;
  level: ExperienceLevel;
  rateCeiling: number;
  domain: string;
  required: string[];
  /** Preferred skills, including `textOnly` ones. */
  preferred: string[];
  /** Skills the description mentions but the job's skill list omits. */
  textOnly: string[];
  /** Every freelancer in the job's pool: `[freelancerId, trueFit, furthestStage]`, best fit first. */
  candidates: [string, number, FunnelStage][];
  hires: { freelancerId: string; fit: number; rating: number }[];
}

export type GroundTruthLine = GroundTruthFreelancer | GroundTruthJob;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Share of skill references written by name (alias or case variant) instead of id, to exercise the linker. */
const NAME_REF_RATE = 0.1;
const LEVELS: readonly ExperienceLevel[] = ["entry", "intermediate", "expert"];
const LEVEL_RATE: Record<ExperienceLevel, number> = { entry: 0.55, intermediate: 0.9, expert: 1.5 };
const FUNNEL_ORDER: Record<InteractionType, number> = { view: 0, click: 1, apply: 2, interview: 3, hire: 4 };

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Independent stream per concern, so e.g. adding jobs does not change the freelancers. */
function subRng(seed: number, label: string): Rng {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return createRng(h);
}

function pad(i: number, width: number): string {
  return String(i + 1).padStart(width, "0");
}

/** Flat, resident latent state of all freelancers (CSR arrays for skills). */
class LatentFreelancers {
  readonly category: Int32Array;
  readonly seniority: Float64Array;
  readonly quality: Float64Array;
  readonly rate: Float64Array;
  readonly available: Uint8Array;
  readonly skillStart: Int32Array;
  private skillIdx: Int32Array;
  private prof: Float64Array;
  private used = 0;

  constructor(readonly count: number) {
    this.category = new Int32Array(count);
    this.seniority = new Float64Array(count);
    this.quality = new Float64Array(count);
    this.rate = new Float64Array(count);
    this.available = new Uint8Array(count);
    this.skillStart = new Int32Array(count + 1);
    this.skillIdx = new Int32Array(Math.max(16, count * 16));
    this.prof = new Float64Array(this.skillIdx.length);
  }

  /** Appends freelancer i's skills; must be called in order of i. */
  setSkills(i: number, skills: readonly number[], prof: readonly number[]): void {
    if (this.used + skills.length > this.skillIdx.length) {
      const grow = (this.used + skills.length) * 2;
      const s = new Int32Array(grow);
      s.set(this.skillIdx);
      const p = new Float64Array(grow);
      p.set(this.prof);
      this.skillIdx = s;
      this.prof = p;
    }
    this.skillStart[i] = this.used;
    this.skillIdx.set(skills, this.used);
    this.prof.set(prof, this.used);
    this.used += skills.length;
    this.skillStart[i + 1] = this.used;
  }

  view(i: number): FitFreelancer<number> {
    const a = this.skillStart[i] as number;
    const b = this.skillStart[i + 1] as number;
    return {
      skills: this.skillIdx.subarray(a, b),
      proficiency: this.prof.subarray(a, b),
      seniority: this.seniority[i] as number,
      quality: this.quality[i] as number,
      hourlyRate: this.rate[i] as number,
      available: this.available[i] === 1,
    };
  }
}

/** Generation context shared by the record makers. */
interface Ctx {
  tax: DemoTaxonomy;
  now: number;
  freelancerCountry: WeightedSampler;
  clientCountry: WeightedSampler;
}

/** A skill's surface form for free text: usually its name, sometimes an alias. */
function textForm(skill: SkillInput, rng: Rng): string {
  const aliases = skill.aliases ?? [];
  return aliases.length > 0 && rng.chance(0.2) ? rng.pick(aliases) : skill.name;
}

/** A skill reference: by id, or (NAME_REF_RATE of the time) by an alias or a case variant of its name. */
function skillRef(skill: SkillInput, rng: Rng): { id: string } | { name: string } {
  if (!rng.chance(NAME_REF_RATE)) return { id: skill.id };
  const forms = [...(skill.aliases ?? []), skill.name.toLowerCase(), skill.name];
  return { name: rng.pick(forms) };
}

/** Draws k distinct items from a weighted sampler (rejection; k is small relative to the pool). */
function sampleDistinct(sampler: WeightedSampler, k: number, rng: Rng, taken: Set<number>, map: (i: number) => number): number[] {
  const out: number[] = [];
  for (let tries = 0; out.length < k && tries < k * 8; tries++) {
    const v = map(sampler.sample(rng));
    if (taken.has(v)) continue;
    taken.add(v);
    out.push(v);
  }
  return out;
}

/** A neighbour of one of `from`, weighted by edge weight, not already taken. */
function relatedSkill(tax: DemoTaxonomy, from: readonly number[], rng: Rng, taken: ReadonlySet<number>): number | undefined {
  for (let tries = 0; tries < 6 && from.length > 0; tries++) {
    const ns = tax.neighbours[rng.pick(from)] ?? [];
    if (ns.length === 0) continue;
    const [n, w] = rng.pick(ns);
    if (!taken.has(n) && rng.chance(0.3 + 0.7 * w) && tax.categoryOf[n] !== -1) return n;
  }
  return undefined;
}

function makeClient(ctx: Ctx, i: number, width: number, rng: Rng): { record: ClientInput; country: Country } {
  const country = COUNTRIES[ctx.clientCountry.sample(rng)] as Country;
  const name = `${rng.pick(COMPANY_PREFIXES)} ${rng.pick(COMPANY_SUFFIXES)}${rng.chance(0.3) ? rng.pick([" LLC", " Inc.", " Ltd", " GmbH"]) : ""}`;
  const record: ClientInput = {
    id: `cl-${pad(i, width)}`,
    name,
    country: country.name,
    paymentVerified: rng.chance(0.8),
    totalSpent: Math.round(Math.exp(Math.log(8000) + 1.4 * rng.normal())),
  };
  return { record, country };
}

function makeFreelancer(
  ctx: Ctx,
  i: number,
  width: number,
  rng: Rng,
  latent: LatentFreelancers,
): { record: FreelancerInput; truth: GroundTruthFreelancer } {
  const { tax } = ctx;
  const catIdx = tax.categorySampler.sample(rng);
  const cat = tax.categories[catIdx] as DemoCategory;
  const country = COUNTRIES[ctx.freelancerCountry.sample(rng)] as Country;
  const names = NAMES[country.names];
  const firstName = rng.pick(names.first);
  const years = clamp(Math.round(Math.exp(Math.log(5) + 0.7 * rng.normal())), 0, 30);
  const seniority = round(Math.min(1, years / 12), 3);
  const quality = round(clamp(0.55 + 0.18 * rng.normal(), 0.05, 0.98), 3);

  // True skills: core from the category, everyday tools, neighbours, sometimes a second specialism.
  const taken = new Set<number>();
  const skills: number[] = [];
  const prof: number[] = [];
  const add = (s: number, p: number): void => {
    taken.add(s);
    skills.push(s);
    prof.push(round(clamp(p, 0.05, 1), 3));
  };
  const coreCount = Math.min(cat.members.length, 3 + rng.int(0, 4) + Math.round(seniority * 3));
  const core = sampleDistinct(cat.memberSampler, coreCount, rng, new Set(), (k) => cat.members[k] as number);
  core.forEach((s, k) => add(s, 0.3 + 0.45 * seniority + 0.15 * quality + 0.12 * rng.normal() + (k < 2 ? 0.08 : 0)));
  for (const s of cat.common) if (!taken.has(s) && rng.chance(0.35)) add(s, 0.2 + 0.35 * seniority + 0.12 * rng.normal());
  const related = rng.int(0, 3);
  for (let k = 0; k < related; k++) {
    const src = rng.int(0, core.length - 1);
    const n = relatedSkill(tax, [core[src] as number], rng, taken);
    if (n !== undefined) add(n, (prof[src] as number) * (0.4 + 0.4 * rng.next()));
  }
  if (cat.adjacent.length > 0 && rng.chance(0.15)) {
    const second = tax.categories[rng.pick(cat.adjacent)] as DemoCategory;
    const extra = sampleDistinct(second.memberSampler, rng.int(1, 3), rng, taken, (k) => second.members[k] as number);
    for (const s of extra) {
      skills.push(s);
      prof.push(round(clamp(0.2 + 0.35 * seniority + 0.15 * rng.normal(), 0.05, 1), 3));
    }
  }
  const trueCount = skills.length;

  // Weak claims: skills they list with confidence but barely have (the profile noise a ranker must see through).
  if (rng.chance(0.25)) {
    const weak = sampleDistinct(cat.memberSampler, rng.int(1, 2), rng, taken, (k) => cat.members[k] as number);
    for (const s of weak) {
      skills.push(s);
      prof.push(round(0.05 + 0.1 * rng.next(), 3));
    }
  }

  // Profile: most true skills at a noisy level, a few omitted; weak claims overstated.
  const order = skills.map((_, k) => k).sort((a, b) => (prof[b] as number) - (prof[a] as number) || a - b);
  const listed: { s: number; level: number }[] = [];
  const unlisted: number[] = [];
  order.forEach((k, rank) => {
    const s = skills[k] as number;
    const p = prof[k] as number;
    if (k >= trueCount) {
      listed.push({ s, level: rng.int(2, 4) });
      return;
    }
    const omit = rank >= 2 && rng.chance(p < 0.3 ? 0.4 : 0.12);
    if (omit) unlisted.push(s);
    else listed.push({ s, level: clamp(Math.round(1 + 4 * p + 0.45 * rng.normal()), 1, 5) });
  });
  const listedInOrder = listed.slice().sort((a, b) => b.level - a.level || a.s - b.s);
  const skillOf = (s: number): SkillInput => tax.skills[s] as SkillInput;

  const hourlyRate = Math.max(
    5,
    Math.round(cat.flavour.baseRate * country.rateFactor * (0.55 + 0.9 * seniority) * (0.8 + 0.4 * quality) * Math.exp(0.2 * rng.normal())),
  );
  const available = rng.chance(0.8);
  const timezone = rng.pick(country.timezones);
  const domains = rng.shuffle(DOMAINS).slice(0, rng.int(0, 2));
  const text: FreelancerTextInput = {
    firstName,
    country: country.name,
    years,
    flavour: cat.flavour,
    core: listedInOrder.slice(0, 3).map((l) => textForm(skillOf(l.s), rng)),
    secondary: listedInOrder.slice(3, 7).map((l) => textForm(skillOf(l.s), rng)),
    unlisted: unlisted.slice(0, 2).map((s) => textForm(skillOf(s), rng)),
    domains,
    available,
    hoursPerWeek: rng.pick([10, 20, 30, 40]),
    timezone,
  };
  const isNew = rng.chance(0.08);
  const totalHours = isNew ? 0 : Math.round(years * 250 * (0.3 + quality) * (0.5 + rng.next()));
  const languages = ["English", ...country.languages.filter(() => rng.chance(0.9))];
  if (rng.chance(0.1)) {
    const extra = rng.pick(["Spanish", "French", "German", "Portuguese", "Arabic", "Russian"]);
    if (!languages.includes(extra)) languages.push(extra);
  }

  const record: FreelancerInput = {
    id: `fl-${pad(i, width)}`,
    name: `${firstName} ${rng.pick(names.last)}`,
    title: freelancerTitle(text, rng),
    overview: freelancerOverview(text, rng),
    skills: listedInOrder.map((l) => ({ ...skillRef(skillOf(l.s), rng), level: l.level })),
    hourlyRate,
    country: country.name,
    timezone,
    ...(isNew
      ? {}
      : {
          rating: round(clamp(3.6 + 1.4 * quality + 0.2 * rng.normal(), 1, 5), 1),
          jobSuccess: round(clamp(0.55 + 0.45 * quality + 0.05 * rng.normal(), 0, 1), 2),
        }),
    totalHours,
    available,
    languages,
  };

  latent.category[i] = catIdx;
  latent.seniority[i] = seniority;
  latent.quality[i] = quality;
  latent.rate[i] = hourlyRate;
  latent.available[i] = available ? 1 : 0;
  latent.setSkills(i, skills, prof);

  const truthSkills: Record<string, number> = {};
  skills.forEach((s, k) => {
    truthSkills[skillOf(s).id] = prof[k] as number;
  });
  const truth: GroundTruthFreelancer = {
    kind: "freelancer",
    id: record.id,
    category: cat.id,
    seniority,
    quality,
    available,
    hourlyRate,
    domains,
    skills: truthSkills,
  };
  return { record, truth };
}

interface MadeJob {
  record: JobInput;
  fitJob: FitJob<number>;
  truth: Omit<GroundTruthJob, "candidates" | "hires">;
  postedMs: number;
  closed: boolean;
  catIdx: number;
}

function makeJob(ctx: Ctx, j: number, width: number, rng: Rng, client: { id: string; country: Country }): MadeJob {
  const { tax } = ctx;
  const catIdx = tax.categorySampler.sample(rng);
  const cat = tax.categories[catIdx] as DemoCategory;
  const r = rng.next();
  const level = LEVELS[r < 0.25 ? 0 : r < 0.75 ? 1 : 2] as ExperienceLevel;

  const taken = new Set<number>();
  const nReq = Math.min(cat.members.length, rng.int(1, 3) + (level === "expert" ? 1 : 0));
  const required = sampleDistinct(cat.memberSampler, nReq, rng, taken, (k) => cat.members[k] as number);
  if (cat.common.length > 0 && required.length < 4 && rng.chance(0.3)) {
    const c = rng.pick(cat.common);
    if (!taken.has(c)) {
      taken.add(c);
      required.push(c);
    }
  }
  const preferred: number[] = [];
  const nPref = rng.int(0, 3) + (required.length < 2 ? 1 : 0);
  for (let k = 0; k < nPref; k++) {
    const p = rng.chance(0.6) ? relatedSkill(tax, required, rng, taken) : sampleDistinct(cat.memberSampler, 1, rng, taken, (m) => cat.members[m] as number)[0];
    if (p === undefined || taken.has(p)) continue;
    taken.add(p);
    preferred.push(p);
  }
  if (required.length + preferred.length < 2) {
    const p = sampleDistinct(cat.memberSampler, 1, rng, taken, (m) => cat.members[m] as number)[0];
    if (p !== undefined) preferred.push(p);
  }
  const textOnly: number[] = [];
  if (rng.chance(0.35)) {
    const t = relatedSkill(tax, required, rng, taken);
    if (t !== undefined) {
      taken.add(t);
      textOnly.push(t);
    }
  }
  const skillOf = (s: number): SkillInput => tax.skills[s] as SkillInput;

  const rateCeiling = round(cat.flavour.baseRate * LEVEL_RATE[level] * (0.6 + 0.4 * client.country.rateFactor) * Math.exp(0.25 * rng.normal()), 1);
  const budgetType = rng.chance(0.55) ? "hourly" : "fixed";
  const weeks = rng.pick([1, 2, 3, 4, 6, 8, 12, 16, 24]);
  const hoursPerWeek = rng.pick([10, 20, 30, 40]);
  let budget: NonNullable<JobInput["budget"]>;
  if (budgetType === "hourly") {
    budget = { type: "hourly", min: Math.max(3, Math.round(rateCeiling * 0.6)), max: Math.max(5, Math.round(rateCeiling)) };
  } else {
    // Fixed price: what the ceiling rate pays for the expected effort, rounded like people round prices.
    const hours = Math.max(4, Math.round(weeks * hoursPerWeek * (0.3 + 0.5 * rng.next())));
    const max = Math.max(50, Math.round((rateCeiling * hours) / 50) * 50);
    budget = rng.chance(0.3) ? { type: "fixed", max } : { type: "fixed", min: Math.max(25, Math.round((max * 0.6) / 50) * 50), max };
  }

  const domain = rng.pick(DOMAINS);
  const project = rng.pick(cat.flavour.projects);
  const text: JobTextInput = {
    flavour: cat.flavour,
    level,
    domain,
    project,
    required: required.map((s) => textForm(skillOf(s), rng)),
    preferred: preferred.map((s) => textForm(skillOf(s), rng)),
    textOnly: textOnly.map((s) => textForm(skillOf(s), rng)),
    clientCountry: client.country.name,
    budgetType,
    weeks,
    hoursPerWeek,
  };
  // Posted uniformly over the 12 months before `now`, at least an hour ago.
  const postedMs = Math.floor((ctx.now - HOUR - rng.next() * 365 * DAY) / 1000) * 1000;
  const ageDays = (ctx.now - postedMs) / DAY;
  const closed = ageDays >= 7 && rng.chance(Math.min(0.95, 1 - Math.exp(-ageDays / 40)));

  const record: JobInput = {
    id: `job-${pad(j, width)}`,
    title: jobTitle(text, rng),
    description: jobDescription(text, rng),
    skills: [
      ...required.map((s) => ({ ...skillRef(skillOf(s), rng), importance: "required" as const })),
      ...preferred.map((s) => ({ ...skillRef(skillOf(s), rng), importance: "preferred" as const })),
    ],
    budget,
    experienceLevel: level,
    postedAt: new Date(postedMs).toISOString(),
    status: closed ? "closed" : "open",
    clientId: client.id,
    country: client.country.name,
  };
  const fitJob: FitJob<number> = { required, preferred: [...preferred, ...textOnly], level, rateCeiling };
  const ids = (xs: readonly number[]): string[] => xs.map((s) => skillOf(s).id);
  const truth = {
    kind: "job" as const,
    id: record.id,
    category: cat.id,
    level,
    rateCeiling,
    domain,
    required: ids(required),
    preferred: ids(fitJob.preferred),
    textOnly: ids(textOnly),
  };
  return { record, fitJob, truth, postedMs, closed, catIdx };
}

/**
 * The funnel for one job. Pool: 65% same category, 20% adjacent categories, 15% anyone. Each stage
 * is a noisy function of true fit, so applicants skew to good fits and hires skew harder.
 */
function runFunnel(
  ctx: Ctx,
  made: MadeJob,
  rng: Rng,
  latent: LatentFreelancers,
  byCategory: readonly number[][],
  width: number,
): { events: InteractionInput[]; candidates: GroundTruthJob["candidates"]; hires: GroundTruthJob["hires"] } {
  const { tax, now } = ctx;
  const n = latent.count;
  const cat = tax.categories[made.catIdx] as DemoCategory;
  const poolSize = Math.min(n, 15 + rng.int(0, 45));
  const pool = new Set<number>();
  const pickFrom = (list: readonly number[] | undefined): number => (list !== undefined && list.length > 0 ? rng.pick(list) : rng.int(0, n - 1));
  for (let tries = 0; pool.size < poolSize && tries < poolSize * 4; tries++) {
    const r = rng.next();
    if (r < 0.65) pool.add(pickFrom(byCategory[made.catIdx]));
    else if (r < 0.85 && cat.adjacent.length > 0) pool.add(pickFrom(byCategory[rng.pick(cat.adjacent)]));
    else pool.add(rng.int(0, n - 1));
  }
  const compiled = compileJob(made.fitJob, (s: number) => tax.neighbours[s] ?? []);
  const fid = (f: number): string => `fl-${pad(f, width)}`;
  const events: InteractionInput[] = [];
  const stage = new Map<number, FunnelStage>();
  const fits = new Map<number, number>();
  const emit = (type: InteractionType, f: number, at: number, rating?: number): boolean => {
    if (at >= now) return false; // the future has not happened yet: the funnel stops here
    const whole = Math.floor(at / 1000) * 1000; // whole seconds, like postedAt
    events.push({ type, jobId: made.record.id, freelancerId: fid(f), at: new Date(whole).toISOString(), ...(rating === undefined ? {} : { rating }) });
    stage.set(f, type);
    return true;
  };
  const applicants: { f: number; at: number }[] = [];
  for (const f of [...pool].sort((a, b) => a - b)) {
    const fit = trueFit(latent.view(f), compiled).fit;
    fits.set(f, fit);
    const viewAt = made.postedMs + Math.round(-Math.log(1 - rng.next()) * 36 * HOUR);
    if (!emit("view", f, viewAt)) continue;
    if (!rng.chance(clamp(0.1 + 0.8 * fit + 0.1 * rng.normal(), 0.02, 0.95))) continue;
    const clickAt = viewAt + Math.round(rng.next() * HOUR);
    if (!emit("click", f, clickAt)) continue;
    const pApply = clamp(0.05 + 1.1 * (fit - 0.3) + 0.08 * rng.normal(), 0.02, 0.9) * (latent.available[f] === 1 ? 1 : 0.25);
    if (!rng.chance(pApply)) continue;
    const applyAt = clickAt + Math.round(-Math.log(1 - rng.next()) * 6 * HOUR);
    if (emit("apply", f, applyAt)) applicants.push({ f, at: applyAt });
  }

  const hires: GroundTruthJob["hires"] = [];
  if (applicants.length > 0) {
    // Clients shortlist by what they can judge (profiles, proposals): fit seen through noise.
    const shortlist = applicants
      .map((a) => ({ ...a, seen: (fits.get(a.f) as number) + 0.06 * rng.normal() }))
      .sort((a, b) => b.seen - a.seen || a.f - b.f)
      .slice(0, rng.int(1, 4));
    const interviewed: { f: number; at: number }[] = [];
    for (const s of shortlist) {
      const at = s.at + rng.int(1, 5) * DAY + rng.int(0, 8) * HOUR;
      if (emit("interview", s.f, at)) interviewed.push({ f: s.f, at });
    }
    if (made.closed && interviewed.length > 0 && rng.chance(0.85)) {
      const ranked = interviewed
        .map((s) => ({ ...s, seen: (fits.get(s.f) as number) + 0.04 * rng.normal() }))
        .sort((a, b) => b.seen - a.seen || a.f - b.f);
      const count = ranked.length > 1 && rng.chance(0.08) ? 2 : 1;
      const lastInterview = Math.max(...interviewed.map((s) => s.at));
      for (const h of ranked.slice(0, count)) {
        const fit = fits.get(h.f) as number;
        const rating = round(clamp(1.8 + 3.6 * fit + 0.35 * rng.normal(), 1, 5), 1);
        if (emit("hire", h.f, lastInterview + rng.int(1, 7) * DAY, rating)) hires.push({ freelancerId: fid(h.f), fit: round(fit, 4), rating });
      }
    }
  }
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : FUNNEL_ORDER[a.type] - FUNNEL_ORDER[b.type] || (a.freelancerId < b.freelancerId ? -1 : 1)));
  const candidates: GroundTruthJob["candidates"] = [...fits.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([f, fit]) => [fid(f), round(fit, 4), stage.get(f) ?? "view"]);
  return { events, candidates, hires };
}

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new InvalidInputError(`generateDemo: ${name} must be a positive integer, got ${String(value)}`);
  return v;
}

/**
 * Writes a deterministic demo marketplace into `options.outDir` and returns what it wrote.
 * Same options (seed, sizes, taxonomy, now) → byte-identical files.
 */
export async function generateDemo(options: GenerateDemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  const nFreelancers = positiveInt("freelancers", options.freelancers, 5000);
  const nJobs = positiveInt("jobs", options.jobs, 1500);
  const nClients = positiveInt("clients", options.clients, Math.max(1, Math.round(nJobs / 3)));
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed)) throw new InvalidInputError(`generateDemo: seed must be an integer, got ${seed}`);
  const now = (options.now ?? DEMO_DEFAULT_NOW).getTime();
  if (!Number.isFinite(now)) throw new InvalidInputError("generateDemo: now is an invalid Date");
  const progress = options.progress ?? silentProgress;
  const taxonomyDir = options.taxonomyDir ?? defaultTaxonomyDir();
  const tax = await loadDemoTaxonomy(taxonomyDir);
  const ctx: Ctx = {
    tax,
    now,
    freelancerCountry: new WeightedSampler(COUNTRIES.map((c) => c.freelancerWeight)),
    clientCountry: new WeightedSampler(COUNTRIES.map((c) => c.clientWeight)),
  };

  const out = options.outDir;
  await mkdir(join(out, "hidden"), { recursive: true });
  await copyFile(join(taxonomyDir, "skills.jsonl"), join(out, DEMO_FILES.skills));
  await copyFile(join(taxonomyDir, "skill_relations.jsonl"), join(out, DEMO_FILES.skillRelations));
  const writers = {
    clients: new JsonlWriter(join(out, DEMO_FILES.clients)),
    freelancers: new JsonlWriter(join(out, DEMO_FILES.freelancers)),
    jobs: new JsonlWriter(join(out, DEMO_FILES.jobs)),
    interactions: new JsonlWriter(join(out, DEMO_FILES.interactions)),
    groundTruth: new JsonlWriter(join(out, DEMO_FILES.groundTruth)),
  };
  const byType: Record<InteractionType, number> = { view: 0, click: 0, apply: 0, interview: 0, hire: 0 };
  let failure: { error: unknown } | undefined;
  try {
    const clientRng = subRng(seed, "clients");
    const clientWidth = String(nClients).length;
    const clients: { id: string; country: Country }[] = [];
    for (let i = 0; i < nClients; i++) {
      const { record, country } = makeClient(ctx, i, clientWidth, clientRng);
      clients.push({ id: record.id, country });
      writers.clients.write(record);
      await writers.clients.flushIfFull();
    }

    const freelancerRng = subRng(seed, "freelancers");
    const fWidth = String(nFreelancers).length;
    const latent = new LatentFreelancers(nFreelancers);
    const byCategory: number[][] = tax.categories.map(() => []);
    for (let i = 0; i < nFreelancers; i++) {
      const { record, truth } = makeFreelancer(ctx, i, fWidth, freelancerRng, latent);
      byCategory[latent.category[i] as number]?.push(i);
      writers.freelancers.write(record);
      writers.groundTruth.write(truth);
      await writers.freelancers.flushIfFull();
      await writers.groundTruth.flushIfFull();
      progress.tick();
    }

    const jobRng = subRng(seed, "jobs");
    const funnelRng = subRng(seed, "interactions");
    const jWidth = String(nJobs).length;
    // Some clients post far more than others (skewed pick), as on real marketplaces.
    for (let j = 0; j < nJobs; j++) {
      const client = clients[Math.floor(Math.pow(jobRng.next(), 1.6) * clients.length)] as { id: string; country: Country };
      const made = makeJob(ctx, j, jWidth, jobRng, client);
      const { events, candidates, hires } = runFunnel(ctx, made, funnelRng, latent, byCategory, fWidth);
      writers.jobs.write(made.record);
      for (const e of events) {
        writers.interactions.write(e);
        byType[e.type]++;
      }
      writers.groundTruth.write({ ...made.truth, candidates, hires } satisfies GroundTruthJob);
      await writers.jobs.flushIfFull();
      await writers.interactions.flushIfFull();
      await writers.groundTruth.flushIfFull();
      progress.tick();
    }
  } catch (error) {
    failure = { error };
  }
  // Close every file even when generation failed, so no descriptor leaks; the generation error wins.
  const closing = await Promise.allSettled(Object.values(writers).map((w) => w.close()));
  progress.done();
  if (failure !== undefined) throw failure.error;
  const failedClose = closing.find((c): c is PromiseRejectedResult => c.status === "rejected");
  if (failedClose !== undefined) throw failedClose.reason;

  const taxonomyBytes = (await Promise.all([DEMO_FILES.skills, DEMO_FILES.skillRelations].map((f) => fileSize(join(out, f))))).reduce((a, b) => a + b, 0);
  return {
    outDir: out,
    seed,
    counts: {
      skills: tax.skills.length,
      skillRelations: tax.relationCount,
      clients: writers.clients.lines,
      freelancers: writers.freelancers.lines,
      jobs: writers.jobs.lines,
      interactions: writers.interactions.lines,
      groundTruth: writers.groundTruth.lines,
    },
    interactionsByType: byType,
    bytes: taxonomyBytes + Object.values(writers).reduce((a, w) => a + w.bytes, 0),
    seconds: (performance.now() - started) / 1000,
  };
}

async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}
