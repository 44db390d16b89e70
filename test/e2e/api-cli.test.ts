/**
 * The API's command-line drivers as a user runs them (separate processes through bin/talentgraph.js):
 * `search`, `recommend`, `explain`, and `serve` from start to a clean SIGTERM shutdown.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig, PACKAGE_ROOT } from "../../src/core/config.js";
import { generateDemo } from "../../src/ingest/demo/generate-demo.js";
import { ingest } from "../../src/ingest/ingest.js";
import { Quarantine } from "../../src/ingest/quarantine.js";
import { openServices } from "../../src/services.js";

const BIN = path.join(PACKAGE_ROOT, "bin", "talentgraph.js");
const work = mkdtempSync(path.join(os.tmpdir(), "tg-api-cli-"));
const dataDir = path.join(work, "data");
const input = path.join(work, "input");
/** A job id of the generated demo (ids are zero-padded to the demo's size). */
let jobId = "";

function env(): NodeJS.ProcessEnv {
  return { ...process.env, TALENTGRAPH_DATA_DIR: dataDir, TALENTGRAPH_MODEL: inject("tinyModelDir"), LOG_LEVEL: "warn", COLUMNS: "140" };
}

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: env(), encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  await generateDemo({ outDir: input, freelancers: 150, jobs: 50, seed: 5 });
  const services = await openServices(loadConfig({ env: {}, overrides: { dataDir, model: inject("tinyModelDir"), logLevel: "silent" } }));
  try {
    await ingest(
      { store: services.store, indexes: await services.indexes(), embedder: await services.embedder(), createLinker: services.createLinker, quarantine: new Quarantine(dataDir) },
      { inputDir: input },
    );
  } finally {
    await services.close();
  }
  jobId = (JSON.parse(readFileSync(path.join(input, "jobs.jsonl"), "utf8").split("\n")[0]!) as { id: string }).id;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface PageJson {
  profile: string;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  hits: Array<{ rank: number; score: number; node: { id: string }; explanation: { summary: string; channels: unknown[] } }>;
}

describe("talentgraph search / recommend / explain / serve", () => {
  it("searches with --json and as a table, and refuses bad input with its code", () => {
    const json = cli("search", "freelancers", "react developer", "--first", "5", "--filter-json", '{"available":true}', "--json");
    expect(json.code, json.stderr).toBe(0);
    const page = JSON.parse(json.stdout) as PageJson;
    expect(page.hits.map((h) => h.rank)).toEqual([1, 2, 3, 4, 5]);
    for (const h of page.hits) expect(h.explanation.channels.length).toBeGreaterThan(0);

    const table = cli("search", "jobs", "python backend", "--first", "3");
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines[0]).toMatch(/^#\s+score\s+id\s+title \/ name\s+why$/);
    expect(lines.slice(1, 4).every((l) => /^\d\s+\d+\.\d{4}\s+job-\d+/.test(l)), table.stdout).toBe(true);
    expect(table.stdout).toMatch(/profile hybrid, [\d.]+ ms/);
    expect(table.stdout).toMatch(/more: --after \S+/);

    const bad = cli("search", "freelancers", "react", "--first", "500");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error \[INVALID_INPUT\]: searchFreelancers: first must be/m);
    const badFilter = cli("search", "freelancers", "react", "--filter-json", "{nope");
    expect(badFilter.code).toBe(1);
    expect(badFilter.stderr).toMatch(/error \[INVALID_INPUT\]: search: --filter-json is not valid JSON/);
  });

  it("recommends for a job or a freelancer, and explains a match as a readable tree", () => {
    const forJob = cli("recommend", "--job", jobId, "--first", "3", "--json");
    expect(forJob.code, forJob.stderr).toBe(0);
    const page = JSON.parse(forJob.stdout) as PageJson;
    expect(page.hits).toHaveLength(3);
    const usage = cli("recommend", "--first", "3");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/exactly one of --job <id> or --freelancer <id>/);
    const unknown = cli("recommend", "--freelancer", "nobody");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/error \[NOT_FOUND\]/);

    const top = page.hits[0]!.node.id;
    const explained = cli("explain", "--job", jobId, "--freelancer", top);
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).toMatch(new RegExp(`^${top} for ${jobId} \\(profile hybrid\\): score [\\d.]+, rank 1$`, "m"));
    expect(explained.stdout.split("\n").length).toBeGreaterThan(4);
    const asJson = JSON.parse(cli("explain", "--job", jobId, "--freelancer", top, "--json").stdout) as { rank: number; explanation: { channels: unknown[] } };
    expect(asJson.rank).toBe(1);
    expect(asJson.explanation.channels).toHaveLength(4);
  });

  it("serves on the given port, answers GraphQL, and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--host", "127.0.0.1"], { env: env(), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString("utf8");
          const m = /talentgraph API at (http:\/\/\S+\/graphql)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        void exited.then((code) => reject(new Error(`serve exited early with ${code}: ${stderr}`)));
      });
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `{ searchFreelancers(query: "react", first: 2) { edges { rank } } }` }),
      });
      expect(await res.json()).toEqual({ data: { searchFreelancers: { edges: [{ rank: 1 }, { rank: 2 }] } } });
      expect((await fetch(url.replace("/graphql", "/readyz"))).status).toBe(200);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
