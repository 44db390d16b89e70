/**
 * The demo marketplace task on a small generated marketplace: the time split, holding out every
 * interaction from the validation period on (idempotently), and graded judgements from the
 * complete log.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoTasks, holdOutInteractions, splitJobsByTime, ALL_INTERACTIONS_FILE } from "../../../src/eval/tasks/demo-marketplace.js";
import { generateDemo } from "../../../src/ingest/demo/generate-demo.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "tg-demo-task-"));
interface Line { type: string; jobId: string; freelancerId: string; at: string }
interface JobLine { id: string; title: string; postedAt: string }
const read = <T>(file: string): T[] => readFileSync(path.join(dir, file), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as T);

beforeAll(async () => {
  await generateDemo({ outDir: dir, freelancers: 400, jobs: 200, seed: 3 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("demo marketplace task", () => {
  it("splits jobs 70/15/15 by posting time", () => {
    const jobs = read<JobLine>("jobs.jsonl");
    const split = splitJobsByTime(jobs);
    const count = (s: string) => [...split.splitOf.values()].filter((x) => x === s).length;
    expect([count("train"), count("validation"), count("test")]).toEqual([140, 30, 30]);
    for (const j of jobs) {
      const s = split.splitOf.get(j.id);
      if (s === "train") expect(j.postedAt < split.validationStart).toBe(true);
      if (s === "test") expect(j.postedAt >= split.testStart).toBe(true);
    }
  });

  it("keeps only interactions before the validation period in the ingested file, idempotently", async () => {
    const all = read<Line>("interactions.jsonl");
    const first = await holdOutInteractions(dir);
    const kept = read<Line>("interactions.jsonl");
    expect(kept.every((i) => i.at < first.validationStart)).toBe(true);
    expect(first.kept + first.heldOut).toBe(all.length);
    expect(first.heldOut).toBeGreaterThan(0);
    expect(read<Line>(ALL_INTERACTIONS_FILE)).toHaveLength(all.length);
    const second = await holdOutInteractions(dir);
    expect(second.kept).toBe(first.kept);
    expect(read<Line>("interactions.jsonl")).toEqual(kept);
  });

  it("grades hire 3 > interview 2 > apply 1 from the complete log, ignoring views and clicks", async () => {
    const tasks = await demoTasks(dir);
    expect(tasks.map((t) => t.name)).toEqual(["demo-recommend-freelancers", "demo-search-freelancers", "demo-recommend-jobs"]);
    const [rec, search, jobsTask] = tasks;
    const all = read<Line>(ALL_INTERACTIONS_FILE);
    const best = new Map<string, number>();
    const gain: Record<string, number> = { apply: 1, interview: 2, hire: 3 };
    for (const i of all) {
      const g = gain[i.type];
      if (g !== undefined) best.set(`${i.jobId}|${i.freelancerId}`, Math.max(best.get(`${i.jobId}|${i.freelancerId}`) ?? 0, g));
    }
    let judged = 0;
    for (const q of rec!.queries) {
      for (const [f, g] of Object.entries(q.relevant)) {
        expect(best.get(`${q.jobId}|${f}`)).toBe(g);
        judged++;
      }
    }
    expect(judged).toBe(best.size);
    expect(search!.queries.map((q) => q.qid)).toEqual(rec!.queries.map((q) => q.qid));
    expect(new Set(rec!.queries.map((q) => q.split))).toEqual(new Set(["train", "validation", "test"]));
    // recommend-jobs: validation and test only, each restricted to jobs posted in its period.
    expect(jobsTask!.queries.every((q) => q.split !== "train" && typeof q.filter?.postedSince === "string")).toBe(true);
  });
});
