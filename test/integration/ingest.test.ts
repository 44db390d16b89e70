/**
 * Ingestion end to end on real components: the tiny static model through transformers.js,
 * SQLite (file, WAL), hnswlib, the skill linker and the demo generator.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../src/core/config.js";
import { cosine } from "../../src/embed/embedder.js";
import { generateDemo } from "../../src/ingest/demo/generate-demo.js";
import { freelancerEmbedText } from "../../src/ingest/embed-text.js";
import { ingest, type IngestSummary } from "../../src/ingest/ingest.js";
import { Quarantine, type QuarantineEntry } from "../../src/ingest/quarantine.js";
import { openServices, type Services } from "../../src/services.js";

function tmp(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

function lines(file: string): string[] {
  return readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
}

async function open(dataDir: string): Promise<Services> {
  const config = loadConfig({ env: {}, overrides: { dataDir, model: inject("tinyModelDir"), logLevel: "silent" } });
  return openServices(config);
}

async function run(services: Services, inputDir: string, extra: { deleteFile?: string } = {}): Promise<IngestSummary> {
  return ingest(
    {
      store: services.store,
      indexes: await services.indexes(),
      embedder: await services.embedder(),
      createLinker: services.createLinker,
      quarantine: new Quarantine(services.config.dataDir),
    },
    { inputDir, batchSize: 64, ...extra },
  );
}

describe("ingest: demo marketplace", () => {
  const input = tmp("tg-demo-in-");
  const dataDir = tmp("tg-demo-data-");
  let services: Services;
  let first: IngestSummary;

  beforeAll(async () => {
    await generateDemo({ outDir: input, freelancers: 200, jobs: 60, seed: 3 });
    services = await open(dataDir);
    first = await run(services, input);
  });
  afterAll(async () => {
    await services.close();
  });

  it("ingests every generated record and quarantines nothing", async () => {
    expect(first.totals.quarantined).toBe(0);
    const stats = await services.store.stats();
    expect(stats.nodes.skills).toBe(lines(path.join(input, "skills.jsonl")).length);
    expect(stats.nodes.freelancers).toBe(lines(path.join(input, "freelancers.jsonl")).length);
    expect(stats.nodes.jobs).toBe(lines(path.join(input, "jobs.jsonl")).length);
    expect(stats.nodes.clients).toBe(lines(path.join(input, "clients.jsonl")).length);
    const interactions = Object.values(stats.interactions).reduce((a, b) => a + b, 0);
    expect(interactions).toBe(lines(path.join(input, "interactions.jsonl")).length);
    expect(stats.edges.RELATED_TO + stats.edges.BROADER_THAN).toBe(lines(path.join(input, "skill_relations.jsonl")).length);
    expect(stats.edges.HAS_SKILL).toBeGreaterThan(stats.nodes.freelancers);
    const ix = await services.indexes();
    expect(ix.freelancers.size()).toBe(stats.nodes.freelancers);
    expect(ix.jobs.size()).toBe(stats.nodes.jobs);
    expect(ix.skills.size()).toBe(stats.nodes.skills);
  });

  it("resolves skills given by name through the linker", async () => {
    const byName = lines(path.join(input, "freelancers.jsonl"))
      .map((l) => JSON.parse(l) as { id: string; skills: Array<{ id?: string; name?: string }> })
      .find((f) => f.skills.some((s) => s.id === undefined));
    expect(byName, "the demo should reference some skills by name").toBeDefined();
    const [stored] = await services.store.getFreelancers([byName!.id]);
    expect(stored!.skills.some((s) => s.source === "name")).toBe(true);
  });

  it("inserts and embeds nothing when the same input is ingested again", async () => {
    const again = await run(services, input);
    expect(again.totals.inserted).toBe(0);
    expect(again.totals.updated).toBe(0);
    expect(again.embedded).toBe(0);
    expect(again.totals.unchanged).toBe(again.totals.read);
  });

  it("re-embeds only the one record that changed, and the index follows", async () => {
    const edited = tmp("tg-edit-");
    const all = lines(path.join(input, "freelancers.jsonl"));
    const target = JSON.parse(all[5]!) as { id: string; overview: string };
    target.overview = "Now a specialist in quantum chemistry simulations and lab automation.";
    all[5] = JSON.stringify(target);
    writeFileSync(path.join(edited, "freelancers.jsonl"), `${all.join("\n")}\n`);
    const before = (await services.indexes()).freelancers.get(target.id);
    const summary = await run(services, edited);
    expect(summary.totals.updated).toBe(1);
    expect(summary.totals.inserted).toBe(0);
    expect(summary.embedded).toBe(1);
    const after = (await services.indexes()).freelancers.get(target.id);
    expect(after).toBeDefined();
    expect(Array.from(after!)).not.toEqual(Array.from(before!));
    const [stored] = await services.store.getFreelancers([target.id]);
    expect(stored!.overview).toBe(target.overview);
  });

  it("deletes by `deleted: true` and by --delete file, from every store", async () => {
    const dir = tmp("tg-del-");
    const [a, b] = lines(path.join(input, "freelancers.jsonl")).map((l) => JSON.parse(l) as { id: string });
    writeFileSync(path.join(dir, "freelancers.jsonl"), `${JSON.stringify({ ...a, deleted: true })}\n`);
    const delFile = path.join(dir, "ids.txt");
    writeFileSync(delFile, `# ids to remove\nfreelancers ${b!.id}\nno-such-id\n`);
    const before = (await services.store.stats()).nodes.freelancers;
    const summary = await run(services, dir, { deleteFile: delFile });
    expect(summary.totals.deleted).toBe(2);
    expect(summary.deletesNotFound).toEqual(["no-such-id"]);
    expect((await services.store.stats()).nodes.freelancers).toBe(before - 2);
    expect(await services.store.getFreelancers([a!.id, b!.id])).toEqual([]);
    const ix = await services.indexes();
    expect(ix.freelancers.has(a!.id)).toBe(false);
    expect(ix.freelancers.has(b!.id)).toBe(false);
    expect(ix.freelancers.size()).toBe(before - 2);
  });

  it("reopens from disk with the same counts, and rebuilds a stale index snapshot from stored vectors", async () => {
    const expected = await services.store.stats();
    await services.close();
    // Simulate a crash after a store commit but before the snapshot: the manifest's stamp is old.
    const manifestPath = path.join(dataDir, "freelancers.manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { generation: number };
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, generation: manifest.generation - 1 }));
    services = await open(dataDir);
    expect(await services.store.stats()).toEqual(expected);
    const ix = await services.indexes();
    expect(ix.freelancers.size()).toBe(expected.nodes.freelancers);
    expect(ix.freelancers.manifest().generation).toBe(await services.store.vectorGeneration("freelancers"));
  });
});

describe("ingest: pipelined batches", () => {
  it("gives every record its own vector when many small batches are embedded ahead of the writes", async () => {
    const input = tmp("tg-pipe-in-");
    await generateDemo({ outDir: input, freelancers: 120, jobs: 10, seed: 5 });
    const services = await open(tmp("tg-pipe-data-"));
    try {
      const embedder = await services.embedder();
      const deps = {
        store: services.store,
        indexes: await services.indexes(),
        embedder,
        createLinker: services.createLinker,
        quarantine: new Quarantine(services.config.dataDir),
      };
      const summary = await ingest(deps, { inputDir: input, batchSize: 7, embedBatchSize: 3, pipelineDepth: 3 });
      expect(summary.totals.quarantined).toBe(0);
      const ids = lines(path.join(input, "freelancers.jsonl")).map((l) => (JSON.parse(l) as { id: string }).id);
      const records = await services.store.getFreelancers(ids);
      expect(records).toHaveLength(ids.length);
      const skills = new Map((await services.store.allSkills()).map((k) => [k.id, k.name]));
      const expected = await embedder.embed(records.map((r) => freelancerEmbedText(r, (id) => skills.get(id))));
      records.forEach((r, i) => {
        const stored = deps.indexes.freelancers.get(r.id);
        expect(stored, r.id).toBeDefined();
        expect(cosine(stored as Float32Array, expected[i] as Float32Array), r.id).toBeGreaterThan(1 - 1e-5);
      });
      expect(summary.stages.store).toBeGreaterThan(0);
    } finally {
      await services.close();
    }
  });
});

describe("ingest: bad input", () => {
  const input = tmp("tg-bad-in-");
  const dataDir = tmp("tg-bad-data-");
  let services: Services;
  let summary: IngestSummary;
  let quarantined: QuarantineEntry[];

  beforeAll(async () => {
    writeFileSync(
      path.join(input, "skills.jsonl"),
      [
        { id: "react", name: "React", aliases: ["ReactJS"] },
        { id: "postgresql", name: "PostgreSQL", aliases: ["Postgres"] },
        { id: "node-js", name: "Node.js", aliases: ["NodeJS"] },
      ]
        .map((s) => JSON.stringify(s))
        .join("\n"),
    );
    writeFileSync(
      path.join(input, "skill_relations.jsonl"),
      [
        JSON.stringify({ from: "react", to: "node-js", type: "RELATED_TO", weight: 0.5 }),
        JSON.stringify({ from: "react", to: "vue", type: "RELATED_TO" }), // 2: unknown skill
        JSON.stringify({ from: "react", to: "node-js", type: "FRIEND_OF" }), // 3: bad type
      ].join("\n"),
    );
    const good = { id: "f-1", name: "Ana", title: "React developer", overview: "I build apps.", skills: [{ id: "react", level: 5 }] };
    writeFileSync(
      path.join(input, "freelancers.jsonl"),
      [
        JSON.stringify(good), // 1: good
        '{"id": "f-2", "name": "Bo", ', // 2: broken JSON
        JSON.stringify({ ...good, id: "f-3", rating: "five" }), // 3: wrong type
        JSON.stringify({ ...good, id: "f-4", skills: [{ id: "cobol-9000" }] }), // 4: unknown skill id
        JSON.stringify({ ...good, name: "Duplicate Ana" }), // 5: duplicate id
        JSON.stringify({ id: "f-6", name: "No title" }), // 6: missing fields
        "",
        JSON.stringify({ ...good, id: "f-8", skills: [{ name: "Postgres", level: 3 }, { name: "Underwater basket weaving" }] }), // 8: good, one unlinked name
        JSON.stringify([1, 2, 3]), // 9: not an object
      ].join("\n"),
    );
    writeFileSync(
      path.join(input, "jobs.jsonl"),
      [
        JSON.stringify({ id: "j-1", title: "Build a React app", description: "Needs React and Postgres.", skills: [{ id: "react" }] }),
        JSON.stringify({ id: "j-2", title: "x", description: "y", skills: [], budget: { type: "hourly", min: 90, max: 10 } }), // 2: min > max
      ].join("\n"),
    );
    writeFileSync(
      path.join(input, "interactions.jsonl"),
      [
        JSON.stringify({ type: "hire", jobId: "j-1", freelancerId: "f-1", at: "2026-10-01T10:00:00Z", rating: 5 }),
        JSON.stringify({ type: "hire", jobId: "j-404", freelancerId: "f-1", at: "2026-10-01T10:00:00Z" }), // 2: unknown job
        JSON.stringify({ type: "like", jobId: "j-1", freelancerId: "f-1", at: "2026-10-01T10:00:00Z" }), // 3: bad type
        JSON.stringify({ type: "apply", jobId: "j-1", freelancerId: "f-1", at: "yesterday" }), // 4: bad date
      ].join("\n"),
    );
    services = await open(dataDir);
    summary = await run(services, input);
    quarantined = lines(path.join(dataDir, "quarantine.jsonl")).map((l) => JSON.parse(l) as QuarantineEntry);
  });
  afterAll(async () => {
    await services.close();
  });

  const reasonFor = (file: string, line: number): string | undefined =>
    quarantined.find((q) => q.file === file && q.line === line)?.reason;

  it("puts every bad line in quarantine with its reason", () => {
    expect(reasonFor("skill_relations.jsonl", 2)).toMatch(/unknown skill id "vue"/);
    expect(reasonFor("skill_relations.jsonl", 3)).toMatch(/type/);
    expect(reasonFor("freelancers.jsonl", 2)).toMatch(/malformed JSON/);
    expect(reasonFor("freelancers.jsonl", 3)).toMatch(/rating/);
    expect(reasonFor("freelancers.jsonl", 4)).toMatch(/unknown skill id "cobol-9000"/);
    expect(reasonFor("freelancers.jsonl", 5)).toMatch(/duplicate id "f-1" \(first seen on line 1\)/);
    expect(reasonFor("freelancers.jsonl", 6)).toMatch(/title|overview|skills/);
    expect(reasonFor("freelancers.jsonl", 9)).toBeDefined();
    expect(reasonFor("jobs.jsonl", 2)).toMatch(/budget\.min must be <= budget\.max/);
    expect(reasonFor("interactions.jsonl", 2)).toMatch(/unknown job id "j-404"/);
    expect(reasonFor("interactions.jsonl", 3)).toMatch(/type/);
    expect(reasonFor("interactions.jsonl", 4)).toMatch(/at/);
    expect(quarantined).toHaveLength(12);
    expect(summary.totals.quarantined).toBe(12);
    for (const q of quarantined) expect(q.raw.length).toBeGreaterThan(0);
  });

  it("ingests every good line", async () => {
    const fl = await services.store.getFreelancers(["f-1", "f-8"]);
    expect(fl.map((f) => f.id).sort()).toEqual(["f-1", "f-8"]);
    expect((await services.store.getJobs(["j-1"])).map((j) => j.id)).toEqual(["j-1"]);
    expect(await services.store.interactions({ jobId: "j-1" })).toHaveLength(1);
    expect((await services.store.stats()).nodes.freelancers).toBe(2);
    expect((await services.indexes()).freelancers.size()).toBe(2);
  });

  it("links a skill named by alias and reports the name it could not link", async () => {
    const [f8] = await services.store.getFreelancers(["f-8"]);
    expect(f8!.skills).toContainEqual({ skillId: "postgresql", level: 3, source: "name" });
    expect(summary.unlinkedSkillNames).toEqual([{ file: "freelancers.jsonl", line: 8, name: "Underwater basket weaving" }]);
  });

  it("adds skills mentioned only in a job's text", async () => {
    const [j1] = await services.store.getJobs(["j-1"]);
    expect(j1!.skills).toContainEqual({ skillId: "postgresql", importance: "preferred", source: "text" });
  });
});
