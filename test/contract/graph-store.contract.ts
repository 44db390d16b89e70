/**
 * Contract every GraphStore adapter must meet: `describeGraphStore(name, make)` registers the
 * suite. Each test gets a fresh store from `make` loaded with the hand-checkable fixture in
 * graph-store.fixture.ts; expected weights are computed by hand in the comments (decay 0.5).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isTalentgraphError } from "../../src/core/errors.js";
import type { GraphStore, PathStep, SkillCandidate } from "../../src/graph-store/graph-store.js";
import { CLIENTS, FREELANCERS, JOBS, SKILLS, fixtureBatch, vectorFor } from "./graph-store.fixture.js";

const byId = <T extends { id: string }>(xs: T[]): T[] => xs.slice().sort((a, b) => (a.id < b.id ? -1 : 1));
const summary = (xs: Array<{ skillId: string; weight: number; hops?: number }>): Array<[string, number]> =>
  xs.map((x) => [x.skillId, round(x.weight)]);
const round = (x: number): number => Math.round(x * 1e9) / 1e9;
const scores = (cs: SkillCandidate[]): Array<[string, number]> => cs.map((c) => [c.id, round(c.score)]);
const step = (from: string, to: string, type: PathStep["type"], direction: PathStep["direction"], weight: number): PathStep => ({ from, to, type, direction, weight });

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isTalentgraphError(error), `expected a TalentgraphError ${code}, got ${String(error)}`).toBe(true);
  if (isTalentgraphError(error)) expect(error.code).toBe(code);
}

export function describeGraphStore(name: string, make: () => Promise<GraphStore>): void {
  describe(`GraphStore contract: ${name}`, () => {
    let store: GraphStore;
    beforeEach(async () => {
      store = await make();
      await store.migrate();
      await store.write(fixtureBatch());
    });
    afterEach(async () => {
      await store.close();
    });

    describe("records", () => {
      it("migrate() is idempotent", async () => {
        await store.migrate();
        expect(await store.ids("skills")).toHaveLength(SKILLS.length);
      });

      it("reads back exactly what was written, skipping unknown ids", async () => {
        expect(byId(await store.getSkills(["js", "nope", "cpp"]))).toEqual(byId(SKILLS.filter((s) => ["js", "cpp"].includes(s.id))));
        expect(byId(await store.getFreelancers(FREELANCERS.map((f) => f.id)))).toEqual(byId(FREELANCERS));
        expect(byId(await store.getJobs(["j3", "j1"]))).toEqual(byId(JOBS.filter((j) => j.id !== "j2")));
        expect(await store.getClients(["c2"])).toEqual([CLIENTS[1]]);
        expect(await store.getClients([])).toEqual([]);
      });

      it("lists all skills and ids ordered by id", async () => {
        expect(await store.allSkills()).toEqual(byId(SKILLS));
        expect(await store.ids("freelancers")).toEqual(["f1", "f2", "f3", "f4", "f5", "f6"]);
        expect(await store.ids("jobs")).toEqual(["j1", "j2", "j3"]);
        expect(await store.ids("clients")).toEqual(["c1", "c2"]);
      });

      it("returns content hashes of stored ids only", async () => {
        const hashes = await store.contentHashes("freelancers", ["f1", "f9", "f3"]);
        expect([...hashes].sort()).toEqual([
          ["f1", "h-f1"],
          ["f3", "h-f3"],
        ]);
        expect((await store.contentHashes("skills", ["js"])).get("js")).toBe("h-js");
      });

      it("counts everything in stats()", async () => {
        expect(await store.stats()).toEqual({
          nodes: { skills: 9, freelancers: 5, archetypes: 1, jobs: 3, clients: 2 },
          edges: { RELATED_TO: 6, BROADER_THAN: 3, HAS_SKILL: 12, REQUIRES: 6, POSTED: 2 },
          interactions: { view: 2, click: 0, apply: 1, interview: 0, hire: 1 },
          vectors: { freelancers: 2, jobs: 1, skills: 0 },
        });
      });
    });

    describe("write()", () => {
      it("is atomic: a batch that fails midway leaves nothing behind", async () => {
        const before = await store.stats();
        const newcomer = { ...FREELANCERS[0]!, id: "f7" };
        await expectCode(
          store.write({
            freelancers: [{ record: newcomer, hash: "h-f7", vector: vectorFor("f7") }],
            skillRelations: [{ from: "js", to: "missing-skill", type: "RELATED_TO", weight: 1 }],
          }),
          "INVALID_INPUT",
        );
        await expectCode(
          store.write({
            skills: [{ record: { id: "go", name: "Go", aliases: [] }, hash: "h-go" }],
            freelancers: [{ record: { ...newcomer, skills: [{ skillId: "missing-skill", level: 3, source: "id" }] }, hash: "h" }],
          }),
          "INVALID_INPUT",
        );
        expect(await store.getFreelancers(["f7"])).toEqual([]);
        expect(await store.getSkills(["go"])).toEqual([]);
        expect(await store.stats()).toEqual(before);
      });

      it("upserting a record replaces its skill edges", async () => {
        await store.write({ freelancers: [{ record: { ...FREELANCERS[0]!, skills: [{ skillId: "cpp", level: 5, source: "id" }] }, hash: "h2" }] });
        expect((await store.stats()).edges.HAS_SKILL).toBe(11);
        const hits = await store.candidatesBySkills("freelancers", [{ skillId: "cpp", weight: 1 }], { limit: 10, expand: { maxHops: 0 } });
        expect(scores(hits)).toEqual([
          ["f1", 1],
          ["f6", 1],
        ]);
        const js = await store.candidatesBySkills("freelancers", [{ skillId: "js", weight: 1 }], { limit: 10, expand: { maxHops: 0 } });
        expect(js.map((c) => c.id)).toEqual(["f4"]);
        expect((await store.contentHashes("freelancers", ["f1"])).get("f1")).toBe("h2");
      });

      it("stores an identical interaction once, and appends new ones", async () => {
        await store.write({ interactions: [{ type: "click", jobId: "j3", freelancerId: "f6", at: "2024-02-01T00:00:00Z" }, { type: "view", jobId: "j1", freelancerId: "f1", at: "2024-01-01T00:00:00Z" }] });
        expect((await store.stats()).interactions).toEqual({ view: 2, click: 1, apply: 1, interview: 0, hire: 1 });
      });

      it("deleting a freelancer removes its edges and vector but keeps interactions", async () => {
        await store.write({ deletes: [{ kind: "freelancers", id: "f1" }] });
        expect(await store.getFreelancers(["f1"])).toEqual([]);
        const stats = await store.stats();
        expect(stats.nodes.freelancers).toBe(4);
        expect(stats.edges.HAS_SKILL).toBe(10);
        expect(stats.vectors.freelancers).toBe(1);
        expect((await store.interactions({ freelancerId: "f1" })).length).toBe(3);
        const hits = await store.candidatesBySkills("freelancers", [{ skillId: "js", weight: 1 }], { limit: 10 });
        expect(hits.map((c) => c.id)).not.toContain("f1");
      });

      it("deleting a skill removes its relations and its freelancer/job edges", async () => {
        await store.write({ deletes: [{ kind: "skills", id: "js" }] });
        const stats = await store.stats();
        expect(stats.nodes.skills).toBe(8);
        expect(stats.edges).toEqual({ RELATED_TO: 2, BROADER_THAN: 2, HAS_SKILL: 9, REQUIRES: 5, POSTED: 2 });
        expect(await store.skillNeighbours("ts")).toEqual([]);
        expect(await store.expandSkills([{ skillId: "js", weight: 1 }])).toEqual([]);
      });

      it("deleting a job or client removes it (POSTED follows)", async () => {
        await store.write({ deletes: [{ kind: "jobs", id: "j1" }, { kind: "clients", id: "c1" }, { kind: "jobs", id: "nope" }] });
        const stats = await store.stats();
        expect(stats.nodes.jobs).toBe(2);
        expect(stats.nodes.clients).toBe(1);
        expect(stats.edges.REQUIRES).toBe(4);
        expect(stats.edges.POSTED).toBe(0);
        expect(stats.vectors.jobs).toBe(0);
      });

      it("removes skill relations on request", async () => {
        await store.write({ removeSkillRelations: [{ from: "web", to: "js", type: "BROADER_THAN" }] });
        expect((await store.skillNeighbours("js")).map((n) => n.skillId)).toEqual(["ts", "node", "react", "html"]);
      });
    });

    describe("vectors", () => {
      it("iterates stored vectors by id", async () => {
        const out: Array<[string, number[]]> = [];
        for await (const { id, vector } of store.vectors("freelancers")) out.push([id, Array.from(vector)]);
        expect(out).toEqual([
          ["f1", Array.from(vectorFor("f1"))],
          ["f2", Array.from(vectorFor("f2"))],
        ]);
      });

      it("bumps the generation of a kind on every vector change, only of that kind", async () => {
        const f0 = await store.vectorGeneration("freelancers");
        const j0 = await store.vectorGeneration("jobs");
        expect(f0).toBeGreaterThan(0);
        await store.write({ freelancers: [{ record: FREELANCERS[2]!, hash: "x", vector: vectorFor("x") }] });
        const f1 = await store.vectorGeneration("freelancers");
        expect(f1).toBeGreaterThan(f0);
        expect(await store.vectorGeneration("jobs")).toBe(j0);
        // A metadata-only upsert keeps the vector and the generation.
        await store.write({ freelancers: [{ record: { ...FREELANCERS[0]!, available: false }, hash: "y" }] });
        expect(await store.vectorGeneration("freelancers")).toBe(f1);
        expect((await store.stats()).vectors.freelancers).toBe(3);
        await store.write({ deletes: [{ kind: "freelancers", id: "f2" }] });
        expect(await store.vectorGeneration("freelancers")).toBeGreaterThan(f1);
      });
    });

    describe("vector change log", () => {
      const asArrays = (c: { changes: Array<{ id: string; vector: Float32Array | null }> }): Array<[string, number[] | null]> =>
        c.changes.map(({ id, vector }) => [id, vector === null ? null : Array.from(vector)]);

      it("logs every vector written since a generation, as each id's newest state, ordered by id", async () => {
        // The fixture's own vectors are logged from generation 0 on a new store.
        expect(asArrays(await store.vectorChanges("freelancers", 0))).toEqual([
          ["f1", Array.from(vectorFor("f1"))],
          ["f2", Array.from(vectorFor("f2"))],
        ]);
        const g0 = await store.vectorGeneration("freelancers");
        expect(await store.vectorChanges("freelancers", g0)).toEqual({ complete: true, changes: [] });

        await store.write({ freelancers: [{ record: FREELANCERS[2]!, hash: "x", vector: vectorFor("first") }] });
        await store.write({ freelancers: [{ record: FREELANCERS[2]!, hash: "y", vector: vectorFor("second") }] });
        await store.write({ deletes: [{ kind: "freelancers", id: "f2" }] });
        const g1 = await store.vectorGeneration("freelancers");
        const all = await store.vectorChanges("freelancers", g0);
        expect(all.complete).toBe(true);
        expect(asArrays(all)).toEqual([
          ["f2", null],
          ["f3", Array.from(vectorFor("second"))],
        ]);
        // Only what came after the asked generation: the last write was the delete.
        expect(asArrays(await store.vectorChanges("freelancers", g1 - 1))).toEqual([["f2", null]]);
        expect(await store.vectorChanges("freelancers", g1)).toEqual({ complete: true, changes: [] });
        expect(await store.vectorChanges("freelancers", g1 + 5)).toEqual({ complete: true, changes: [] });
      });

      it("logs nothing for writes that leave vectors alone, or that fail", async () => {
        const f0 = await store.vectorGeneration("freelancers");
        const j0 = await store.vectorGeneration("jobs");
        // Metadata only, a record without a vector deleted, another kind's vector, a rolled-back batch.
        await store.write({ freelancers: [{ record: { ...FREELANCERS[0]!, available: false }, hash: "m" }] });
        await store.write({ deletes: [{ kind: "freelancers", id: "f4" }] });
        await store.write({ jobs: [{ record: JOBS[1]!, hash: "j", vector: vectorFor("j2") }] });
        await expectCode(
          store.write({
            freelancers: [{ record: FREELANCERS[3]!, hash: "z", vector: vectorFor("z") }],
            skillRelations: [{ from: "js", to: "missing-skill", type: "RELATED_TO", weight: 1 }],
          }),
          "INVALID_INPUT",
        );
        expect(await store.vectorChanges("freelancers", f0)).toEqual({ complete: true, changes: [] });
        expect(asArrays(await store.vectorChanges("jobs", j0))).toEqual([["j2", Array.from(vectorFor("j2"))]]);
      });

      it("keeps a record deleted and re-created in one batch as present", async () => {
        const g0 = await store.vectorGeneration("freelancers");
        await store.write({
          deletes: [{ kind: "freelancers", id: "f1" }],
          freelancers: [{ record: FREELANCERS[0]!, hash: "again", vector: vectorFor("again") }],
        });
        expect(asArrays(await store.vectorChanges("freelancers", g0))).toEqual([["f1", Array.from(vectorFor("again"))]]);
      });

      it("reports an incomplete log once trimmed past the asked generation, per kind", async () => {
        const g0 = await store.vectorGeneration("freelancers");
        const j0 = await store.vectorGeneration("jobs");
        await store.write({ freelancers: [{ record: FREELANCERS[2]!, hash: "x", vector: vectorFor("x") }] });
        const g1 = await store.vectorGeneration("freelancers");
        await store.write({ freelancers: [{ record: FREELANCERS[3]!, hash: "y", vector: vectorFor("y") }] });
        const g2 = await store.vectorGeneration("freelancers");

        await store.trimVectorLog("freelancers", g1);
        expect((await store.vectorChanges("freelancers", g0)).complete).toBe(false);
        expect((await store.vectorChanges("freelancers", 0)).complete).toBe(false);
        const after = await store.vectorChanges("freelancers", g1);
        expect(after.complete).toBe(true);
        expect(asArrays(after)).toEqual([["f4", Array.from(vectorFor("y"))]]);
        // Other kinds keep their log.
        expect((await store.vectorChanges("jobs", 0)).complete).toBe(true);
        expect((await store.vectorChanges("jobs", j0 - 1)).changes.map((c) => c.id)).toEqual(["j1"]);

        // Idempotent, never lowered, clamped to the current generation.
        await store.trimVectorLog("freelancers", g1);
        await store.trimVectorLog("freelancers", 0);
        expect((await store.vectorChanges("freelancers", g0)).complete).toBe(false);
        await store.trimVectorLog("freelancers", g2 + 100);
        expect(await store.vectorChanges("freelancers", g2)).toEqual({ complete: true, changes: [] });
        await store.write({ deletes: [{ kind: "freelancers", id: "f3" }] });
        expect(await store.vectorChanges("freelancers", g2)).toEqual({ complete: true, changes: [{ id: "f3", vector: null }] });
      });

      it("rejects a negative or fractional generation with INVALID_INPUT", async () => {
        await expectCode(store.vectorChanges("jobs", -1), "INVALID_INPUT");
        await expectCode(store.trimVectorLog("jobs", 1.5), "INVALID_INPUT");
      });
    });

    describe("skill graph", () => {
      it("lists neighbours in both directions, strongest first, then by id", async () => {
        expect(await store.skillNeighbours("js")).toEqual([
          { skillId: "web", type: "BROADER_THAN", direction: "in", weight: 1 },
          { skillId: "ts", type: "RELATED_TO", direction: "in", weight: 0.9 },
          { skillId: "node", type: "RELATED_TO", direction: "in", weight: 0.8 },
          { skillId: "react", type: "RELATED_TO", direction: "in", weight: 0.6 },
          { skillId: "html", type: "RELATED_TO", direction: "out", weight: 0.2 },
        ]);
        expect(await store.skillNeighbours("js", ["BROADER_THAN"])).toEqual([{ skillId: "web", type: "BROADER_THAN", direction: "in", weight: 1 }]);
        expect((await store.skillNeighbours("web")).map((n) => n.skillId)).toEqual(["html", "js", "py"]);
        expect(await store.skillNeighbours("cpp")).toEqual([]);
        expect(await store.skillNeighbours("unknown")).toEqual([]);
      });

      it("expands with default options (2 hops, decay 0.5): best path wins even when longer", async () => {
        const out = await store.expandSkills([{ skillId: "js", weight: 1 }]);
        // hop 1: web 1·1·.5=.5, ts .45, node .4, react .3, html .2·.5=.1; hop 2: html via web .5·1·.5=.25 beats .1, py .25.
        expect(summary(out)).toEqual([
          ["js", 1],
          ["web", 0.5],
          ["ts", 0.45],
          ["node", 0.4],
          ["react", 0.3],
          ["html", 0.25],
          ["py", 0.25],
        ]);
        const html = out.find((x) => x.skillId === "html")!;
        expect(html.hops).toBe(2);
        expect(html.seedId).toBe("js");
        expect(html.path).toEqual([step("js", "web", "BROADER_THAN", "in", 1), step("web", "html", "BROADER_THAN", "out", 1)]);
        expect(out[0]).toEqual({ skillId: "js", weight: 1, hops: 0, seedId: "js", path: [] });
      });

      it("honours maxHops, types, minWeight, degreeCap and decay", async () => {
        const js = [{ skillId: "js", weight: 1 }];
        expect(summary(await store.expandSkills(js, { maxHops: 0 }))).toEqual([["js", 1]]);
        expect(summary(await store.expandSkills(js, { maxHops: 3 }))).toContainEqual(["django", 0.1125]);
        expect(summary(await store.expandSkills(js, { types: ["RELATED_TO"] }))).toEqual([
          ["js", 1],
          ["ts", 0.45],
          ["node", 0.4],
          ["react", 0.3],
          ["html", 0.1],
        ]);
        expect(summary(await store.expandSkills(js, { minWeight: 0.35 }))).toEqual([
          ["js", 1],
          ["web", 0.5],
          ["ts", 0.45],
          ["node", 0.4],
        ]);
        // Only the strongest neighbour is followed from each skill: js → web, web → html (1.0 ties by id).
        expect(summary(await store.expandSkills(js, { degreeCap: 1 }))).toEqual([
          ["js", 1],
          ["web", 0.5],
          ["html", 0.25],
        ]);
        // decay 1: ties at weight 1 are ordered by id.
        expect(summary(await store.expandSkills(js, { decay: 1 }))).toEqual([
          ["html", 1],
          ["js", 1],
          ["py", 1],
          ["web", 1],
          ["ts", 0.9],
          ["node", 0.8],
          ["react", 0.6],
        ]);
      });

      it("expands several seeds: seeds keep their weight, the strongest seed's path wins, unknown seeds drop", async () => {
        const out = await store.expandSkills([
          { skillId: "js", weight: 1 },
          { skillId: "py", weight: 0.5 },
          { skillId: "unknown", weight: 1 },
        ]);
        expect(summary(out)).toEqual([
          ["js", 1],
          ["py", 0.5],
          ["web", 0.5],
          ["ts", 0.45],
          ["node", 0.4],
          ["react", 0.3],
          ["html", 0.25],
          ["django", 0.225],
        ]);
        expect(out.find((x) => x.skillId === "web")?.seedId).toBe("js");
        expect(out.find((x) => x.skillId === "django")).toMatchObject({ seedId: "py", hops: 1, path: [step("py", "django", "RELATED_TO", "in", 0.9)] });
      });

      it("rejects invalid expansion options and seed weights", async () => {
        await expectCode(store.expandSkills([{ skillId: "js", weight: 1 }], { maxHops: 4 }), "INVALID_INPUT");
        await expectCode(store.expandSkills([{ skillId: "js", weight: 1 }], { decay: 0 }), "INVALID_INPUT");
        await expectCode(store.expandSkills([{ skillId: "js", weight: 0 }]), "INVALID_INPUT");
      });

      it("finds all shortest paths in lexicographic order, within maxHops", async () => {
        expect(await store.skillPaths("js", "py")).toEqual([
          [step("js", "html", "RELATED_TO", "out", 0.2), step("html", "py", "RELATED_TO", "out", 0.3)],
          [step("js", "web", "BROADER_THAN", "in", 1), step("web", "py", "BROADER_THAN", "out", 1)],
        ]);
        expect(await store.skillPaths("js", "py", { limit: 1 })).toHaveLength(1);
        expect(await store.skillPaths("ts", "py")).toHaveLength(2);
        expect(await store.skillPaths("ts", "py", { maxHops: 2 })).toEqual([]);
        expect(await store.skillPaths("django", "js")).toEqual([
          [step("django", "py", "RELATED_TO", "out", 0.9), step("py", "html", "RELATED_TO", "in", 0.3), step("html", "js", "RELATED_TO", "in", 0.2)],
          [step("django", "py", "RELATED_TO", "out", 0.9), step("py", "web", "BROADER_THAN", "in", 1), step("web", "js", "BROADER_THAN", "out", 1)],
        ]);
        expect(await store.skillPaths("js", "cpp")).toEqual([]);
        expect(await store.skillPaths("js", "js")).toEqual([[]]);
      });
    });

    describe("candidatesBySkills", () => {
      const js = [{ skillId: "js", weight: 1 }];

      it("scores freelancers by Σ expanded weight × level/5, ties by id, archetypes excluded", async () => {
        const out = await store.candidatesBySkills("freelancers", js, { limit: 10 });
        // f1: js 1·1 + react .3·.8 = 1.24; f2: ts .45·1 + node .4·.6 = .69; f4: html .25·1 + js 1·.4 = .65;
        // f3: py .25·1 = .25; f6: html .25·1 = .25 (tie → by id); f5 is an archetype.
        expect(scores(out)).toEqual([
          ["f1", 1.24],
          ["f2", 0.69],
          ["f4", 0.65],
          ["f3", 0.25],
          ["f6", 0.25],
        ]);
        expect(out[0]!.matches.map((m) => ({ ...m, weight: round(m.weight) }))).toEqual([
          { skillId: "js", seedId: "js", weight: 1, path: [] },
          { skillId: "react", seedId: "js", weight: 0.24, path: [step("js", "react", "RELATED_TO", "in", 0.6)] },
        ]);
      });

      it("includes archetypes on request, and applies limit and filter", async () => {
        const all = await store.candidatesBySkills("freelancers", js, { limit: 2, includeArchetypes: true });
        expect(scores(all)).toEqual([
          ["f5", 1.45],
          ["f1", 1.24],
        ]);
        const filtered = await store.candidatesBySkills("freelancers", js, { limit: 3, filter: (id) => id !== "f1" && id !== "f4" });
        expect(filtered.map((c) => c.id)).toEqual(["f2", "f3", "f6"]);
        expect(await store.candidatesBySkills("freelancers", js, { limit: 0 })).toEqual([]);
        expect(await store.candidatesBySkills("freelancers", [{ skillId: "unknown", weight: 1 }], { limit: 5 })).toEqual([]);
      });

      it("scores jobs by Σ expanded weight × importance weight (required 1, preferred .5)", async () => {
        const out = await store.candidatesBySkills("jobs", js, { limit: 10 });
        // j1: js 1·1 + react .3·.5 = 1.15; j2: py .25·1 = .25; j3: html .25·.5 = .125.
        expect(scores(out)).toEqual([
          ["j1", 1.15],
          ["j2", 0.25],
          ["j3", 0.125],
        ]);
      });

      it("passes expansion options through", async () => {
        const out = await store.candidatesBySkills("freelancers", js, { limit: 10, expand: { maxHops: 0 } });
        expect(scores(out)).toEqual([
          ["f1", 1],
          ["f4", 0.4],
        ]);
      });
    });

    describe("interactions", () => {
      it("filters by job, freelancer and type, ordered by time", async () => {
        const j1 = await store.interactions({ jobId: "j1" });
        expect(j1.map((i) => i.type)).toEqual(["view", "apply", "hire"]);
        expect(j1[2]).toEqual({ type: "hire", jobId: "j1", freelancerId: "f1", at: "2024-01-03T00:00:00Z", rating: 5 });
        expect(await store.interactions({ freelancerId: "f3" })).toEqual([{ type: "view", jobId: "j2", freelancerId: "f3", at: "2024-01-02T00:00:00Z" }]);
        expect((await store.interactions({ types: ["view"] })).map((i) => i.jobId)).toEqual(["j1", "j2"]);
        expect((await store.interactions({ jobId: "j1", types: ["apply", "hire"] })).map((i) => i.type)).toEqual(["apply", "hire"]);
        expect(await store.interactions({ jobId: "j9" })).toEqual([]);
        expect(await store.interactions({})).toHaveLength(4);
      });

      it("takes sets of jobs and freelancers (any of), combined with the other conditions", async () => {
        expect((await store.interactions({ jobIds: ["j2", "j1", "j9"] })).map((i) => `${i.type}:${i.jobId}`)).toEqual(["view:j1", "apply:j1", "view:j2", "hire:j1"]);
        expect((await store.interactions({ freelancerIds: ["f3", "f2"] })).map((i) => i.jobId)).toEqual(["j2"]);
        expect((await store.interactions({ freelancerIds: ["f1", "f3"], types: ["view"] })).map((i) => i.freelancerId)).toEqual(["f1", "f3"]);
        expect((await store.interactions({ jobIds: ["j1", "j2"], freelancerId: "f3" })).map((i) => i.jobId)).toEqual(["j2"]);
        expect(await store.interactions({ jobIds: [] })).toEqual([]);
      });
    });
  });
}
