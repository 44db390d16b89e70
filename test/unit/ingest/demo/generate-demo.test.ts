import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInputError } from "../../../../src/core/errors.js";
import {
  clientInput,
  freelancerInput,
  interactionInput,
  jobInput,
  skillInput,
  skillRelationInput,
  type FreelancerInput,
  type InteractionInput,
  type JobInput,
  type SkillInput,
  type SkillRelationInput,
} from "../../../../src/core/records.js";
import {
  DEMO_DEFAULT_NOW,
  DEMO_FILES,
  generateDemo,
  type DemoSummary,
  type GroundTruthFreelancer,
  type GroundTruthJob,
  type GroundTruthLine,
} from "../../../../src/ingest/demo/generate-demo.js";
import { compileJob, trueFit } from "../../../../src/ingest/demo/fit-model.js";

const SIZE = { freelancers: 300, jobs: 100 } as const;
const root = mkdtempSync(join(tmpdir(), "talentgraph-demo-test-"));
const dirA = join(root, "a");
let summary: DemoSummary;

const read = (dir: string, file: string): string => readFileSync(join(dir, file), "utf8");
const lines = (dir: string, file: string): unknown[] =>
  read(dir, file)
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as unknown);

beforeAll(async () => {
  summary = await generateDemo({ outDir: dirA, ...SIZE, seed: 42 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("generateDemo output", () => {
  let skills: SkillInput[];
  let freelancers: FreelancerInput[];
  let jobs: JobInput[];
  let interactions: InteractionInput[];
  let truth: GroundTruthLine[];

  beforeAll(() => {
    skills = lines(dirA, DEMO_FILES.skills).map((v) => skillInput.parse(v));
    lines(dirA, DEMO_FILES.skillRelations).forEach((v) => skillRelationInput.parse(v));
    lines(dirA, DEMO_FILES.clients).forEach((v) => clientInput.parse(v));
    freelancers = lines(dirA, DEMO_FILES.freelancers).map((v) => freelancerInput.parse(v));
    jobs = lines(dirA, DEMO_FILES.jobs).map((v) => jobInput.parse(v));
    interactions = lines(dirA, DEMO_FILES.interactions).map((v) => interactionInput.parse(v));
    truth = lines(dirA, DEMO_FILES.groundTruth) as GroundTruthLine[];
  });

  it("validates every line against the ingest schemas and reports true counts", () => {
    expect(freelancers).toHaveLength(SIZE.freelancers);
    expect(jobs).toHaveLength(SIZE.jobs);
    expect(summary.counts.clients).toBe(Math.round(SIZE.jobs / 3));
    expect(summary.counts.interactions).toBe(interactions.length);
    expect(summary.counts.groundTruth).toBe(SIZE.freelancers + SIZE.jobs);
    expect(summary.counts.skills).toBe(skills.length);
    expect(summary.seconds).toBeGreaterThan(0);
    expect(Object.values(summary.interactionsByType).reduce((a, b) => a + b, 0)).toBe(interactions.length);
  });

  it("references only things that exist, and writes ~10% of skill refs by name that resolve", () => {
    const byId = new Map(skills.map((s) => [s.id, s]));
    const byForm = new Map<string, string>();
    for (const s of skills) for (const f of [s.name, ...(s.aliases ?? [])]) byForm.set(f.toLowerCase(), s.id);
    const refs = [...freelancers.flatMap((f) => f.skills), ...jobs.flatMap((j) => j.skills)];
    let byName = 0;
    for (const r of refs) {
      if (r.id !== undefined) expect(byId.has(r.id), r.id).toBe(true);
      else {
        byName++;
        expect(byForm.has((r.name ?? "").toLowerCase()), r.name).toBe(true);
      }
    }
    expect(byName / refs.length).toBeGreaterThan(0.05);
    expect(byName / refs.length).toBeLessThan(0.15);
    const clientIds = new Set(lines(dirA, DEMO_FILES.clients).map((c) => (c as { id: string }).id));
    for (const j of jobs) expect(clientIds.has(j.clientId ?? "")).toBe(true);
    const fids = new Set(freelancers.map((f) => f.id));
    const jids = new Set(jobs.map((j) => j.id));
    for (const e of interactions) {
      expect(fids.has(e.freelancerId)).toBe(true);
      expect(jids.has(e.jobId)).toBe(true);
    }
  });

  it("gives jobs 2–8 skills with at least one required, and mentions skills in the text", () => {
    for (const j of jobs) {
      expect(j.skills.length).toBeGreaterThanOrEqual(2);
      expect(j.skills.length).toBeLessThanOrEqual(8);
      expect(j.skills.some((s) => s.importance === "required")).toBe(true);
      expect(j.description.split(". ").length).toBeGreaterThanOrEqual(4);
    }
    const textOnly = truth.filter((t): t is GroundTruthJob => t.kind === "job" && t.textOnly.length > 0);
    expect(textOnly.length).toBeGreaterThan(10);
  });

  it("keeps the funnel causal: events after posting and before now, hires only on closed jobs, at most two", () => {
    const posted = new Map(jobs.map((j) => [j.id, j]));
    const hiresPerJob = new Map<string, number>();
    const reached = new Map<string, Set<string>>();
    for (const e of interactions) {
      const job = posted.get(e.jobId) as JobInput;
      expect(e.at >= (job.postedAt ?? "")).toBe(true);
      expect(new Date(e.at).getTime()).toBeLessThan(DEMO_DEFAULT_NOW.getTime());
      const key = `${e.jobId}|${e.freelancerId}`;
      const seen = reached.get(key) ?? new Set<string>();
      const before = { view: null, click: "view", apply: "click", interview: "apply", hire: "interview" }[e.type];
      if (before !== null) expect(seen.has(before), `${key} ${e.type} without ${before}`).toBe(true);
      seen.add(e.type);
      reached.set(key, seen);
      if (e.type === "hire") {
        expect(job.status).toBe("closed");
        expect(e.rating).toBeDefined();
        hiresPerJob.set(e.jobId, (hiresPerJob.get(e.jobId) ?? 0) + 1);
      }
    }
    expect(Math.max(...hiresPerJob.values())).toBeLessThanOrEqual(2);
    expect(hiresPerJob.size).toBeGreaterThan(SIZE.jobs * 0.3);
  });

  it("hires clearly better true fits than the applicants who were not hired", () => {
    const gtJobs = truth.filter((t): t is GroundTruthJob => t.kind === "job");
    const hired: number[] = [];
    const rejected: number[] = [];
    for (const j of gtJobs) {
      if (j.hires.length === 0) continue;
      for (const [, fit, stage] of j.candidates) {
        if (stage === "hire") hired.push(fit);
        else if (stage === "apply" || stage === "interview") rejected.push(fit);
      }
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(hired.length).toBeGreaterThan(20);
    expect(mean(hired) - mean(rejected)).toBeGreaterThan(0.05);
  });

  it("hires freelancers whose profiles cover the job's required skills far more than random freelancers'", () => {
    const profile = new Map(freelancers.map((f) => [f.id, new Set(f.skills.map((s) => s.id).filter((x) => x !== undefined))]));
    const gtJobs = new Map(truth.filter((t): t is GroundTruthJob => t.kind === "job").map((j) => [j.id, j]));
    const overlap = (fid: string, required: string[]): number => {
      const have = profile.get(fid) ?? new Set();
      return required.filter((r) => have.has(r)).length / required.length;
    };
    const hired: number[] = [];
    const random: number[] = [];
    let k = 0;
    for (const e of interactions) {
      if (e.type !== "hire") continue;
      const required = (gtJobs.get(e.jobId) as GroundTruthJob).required;
      hired.push(overlap(e.freelancerId, required));
      const other = freelancers[(k++ * 7919) % freelancers.length] as FreelancerInput;
      random.push(overlap(other.id, required));
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(hired)).toBeGreaterThan(mean(random) + 0.25);
  });

  it("records fits that evaluation can recompute from the ground truth and the taxonomy alone", () => {
    const relations = lines(dirA, DEMO_FILES.skillRelations) as SkillRelationInput[];
    const neighbours = new Map<string, [string, number][]>();
    for (const r of relations) {
      if (r.type !== "RELATED_TO") continue;
      neighbours.set(r.from, [...(neighbours.get(r.from) ?? []), [r.to, r.weight ?? 1]]);
      neighbours.set(r.to, [...(neighbours.get(r.to) ?? []), [r.from, r.weight ?? 1]]);
    }
    const gtFreelancers = new Map(truth.filter((t): t is GroundTruthFreelancer => t.kind === "freelancer").map((f) => [f.id, f]));
    const job = truth.find((t): t is GroundTruthJob => t.kind === "job" && t.hires.length > 0) as GroundTruthJob;
    const compiled = compileJob(job, (s: string) => neighbours.get(s) ?? []);
    for (const [fid, fit] of job.candidates) {
      const f = gtFreelancers.get(fid) as GroundTruthFreelancer;
      const latent = { ...f, skills: Object.keys(f.skills), proficiency: Object.values(f.skills) };
      expect(trueFit(latent, compiled).fit).toBeCloseTo(fit, 4);
    }
  });
});

describe("generateDemo determinism", () => {
  it("writes byte-identical files for the same seed and different ones for another seed", async () => {
    const dirB = join(root, "b");
    const dirC = join(root, "c");
    await generateDemo({ outDir: dirB, ...SIZE, seed: 42 });
    await generateDemo({ outDir: dirC, ...SIZE, seed: 43 });
    for (const file of Object.values(DEMO_FILES)) expect(read(dirB, file) === read(dirA, file), file).toBe(true);
    for (const file of [DEMO_FILES.freelancers, DEMO_FILES.jobs, DEMO_FILES.interactions]) {
      expect(read(dirC, file) === read(dirA, file), file).toBe(false);
    }
  });
});

describe("generateDemo with a custom taxonomy", () => {
  it("works without categories.json, never samples root or uncategorised skills, and rejects bad sizes", async () => {
    const out = join(root, "mini");
    const taxonomyDir = join(import.meta.dirname, "../../../fixtures/demo/mini-taxonomy");
    const s = await generateDemo({ outDir: out, taxonomyDir, freelancers: 40, jobs: 12, clients: 3, seed: 1 });
    expect(s.counts).toMatchObject({ skills: 11, skillRelations: 7, clients: 3, freelancers: 40, jobs: 12 });
    const used = [...lines(out, DEMO_FILES.freelancers), ...lines(out, DEMO_FILES.jobs)]
      .flatMap((r) => (r as { skills: { id?: string }[] }).skills.map((x) => x.id))
      .filter((x) => x !== undefined);
    expect(used.length).toBeGreaterThan(0);
    for (const id of used) expect(["cat:baking", "cat:gardening", "orphan"]).not.toContain(id);
    lines(out, DEMO_FILES.freelancers).forEach((v) => freelancerInput.parse(v));
    await expect(generateDemo({ outDir: out, taxonomyDir, freelancers: 0 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(generateDemo({ outDir: out, taxonomyDir: join(root, "missing") })).rejects.toThrow(/skills\.jsonl/);
  });
});
