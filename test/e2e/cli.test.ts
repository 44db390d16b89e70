/**
 * The CLI as a user runs it: a separate process (bin/talentgraph.js through tsx), real stores,
 * the tiny model via TALENTGRAPH_MODEL. Includes a SIGKILL in the middle of an ingest.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/core/config.js";

const BIN = path.join(PACKAGE_ROOT, "bin", "talentgraph.js");

function env(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, TALENTGRAPH_DATA_DIR: dataDir, TALENTGRAPH_MODEL: inject("tinyModelDir"), LOG_LEVEL: "warn" };
}

function cli(dataDir: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: env(dataDir), encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
const count = (file: string) => readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "").length;

interface StatsJson {
  store: { nodes: Record<string, number>; edges: Record<string, number>; interactions: Record<string, number>; vectors: Record<string, number> };
  indexes: Array<{ kind: string; present: boolean; count?: number; deleted?: number }>;
}

describe("talentgraph CLI", () => {
  it("lists its commands in --help and rejects unknown ones with exit 2", () => {
    const help = cli(tmp("tg-cli-"), "--help");
    expect(help.code).toBe(0);
    for (const c of ["start", "demo", "ingest", "import-esco", "build-model", "stats", "link-skills"]) expect(help.stdout).toContain(c);
    const bad = cli(tmp("tg-cli-"), "frobnicate");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command/);
  });

  it("demo then stats shows every node kind, edge type and index", () => {
    const dataDir = tmp("tg-cli-demo-");
    const demo = cli(dataDir, "demo", "--freelancers", "150", "--jobs", "50");
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/quarantined 0/);
    const stats = cli(dataDir, "stats", "--json");
    expect(stats.code, stats.stderr).toBe(0);
    const s = JSON.parse(stats.stdout) as StatsJson;
    expect(s.store.nodes.freelancers).toBe(150);
    expect(s.store.nodes.jobs).toBe(50);
    expect(s.store.nodes.skills).toBe(count(path.join(PACKAGE_ROOT, "graph", "taxonomy", "skills.jsonl")));
    for (const [type, n] of Object.entries(s.store.edges)) expect(n, type).toBeGreaterThan(0);
    for (const [type, n] of Object.entries(s.store.interactions)) expect(n, type).toBeGreaterThan(0);
    for (const i of s.indexes) expect(i.present && i.count, i.kind).toBeGreaterThan(0);

    const human = cli(dataDir, "stats");
    expect(human.stdout).toMatch(/freelancers 150/);
    expect(human.stdout).toMatch(/HAS_SKILL/);

    const linked = cli(dataDir, "link-skills", "senior react developer with node.js and postgres", "--json");
    expect(linked.code, linked.stderr).toBe(0);
    const ids = (JSON.parse(linked.stdout) as Array<{ skillId: string }>).slice(0, 3).map((l) => l.skillId);
    expect(ids.sort()).toEqual(["node-js", "postgresql", "react"]);
  });

  it("exits 3 when lines were quarantined, 0 with --accept-quarantine, and explains bad flags", () => {
    const dataDir = tmp("tg-cli-bad-");
    const input = tmp("tg-cli-bad-in-");
    writeFileSync(path.join(input, "skills.jsonl"), '{"id":"react","name":"React"}\n{"id": 7}\n');
    const first = cli(dataDir, "ingest", "--input", input);
    expect(first.code).toBe(3);
    expect(first.stderr).toMatch(/1 line\(s\) quarantined/);
    expect(readFileSync(path.join(dataDir, "quarantine.jsonl"), "utf8")).toMatch(/"line":2/);
    expect(cli(dataDir, "ingest", "--input", input, "--accept-quarantine").code).toBe(0);
    const missing = cli(dataDir, "ingest", "--input", path.join(input, "nope"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error \[INVALID_INPUT\]: ingest: input directory .* does not exist/);
    const badFlag = cli(dataDir, "demo", "--freelancers", "lots");
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--freelancers must be a non-negative integer/);
  });

  it("survives SIGKILL mid-ingest: the stores stay loadable and a re-run completes the work", async () => {
    const dataDir = tmp("tg-cli-kill-");
    const input = tmp("tg-cli-kill-in-");
    expect(cli(dataDir, "demo", "--no-ingest", "--out", input, "--freelancers", "4000", "--jobs", "200").code).toBe(0);
    // Small batches so the kill lands between many committed transactions.
    const child = spawn(process.execPath, [BIN, "ingest", "--input", input, "--batch-size", "50"], {
      env: { ...env(dataDir), LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    const killed = await new Promise<boolean>((resolve) => {
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes("ingest freelancers.jsonl")) {
          setTimeout(() => resolve(child.kill("SIGKILL")), 300);
        }
      });
      child.on("exit", () => resolve(false));
    });
    await new Promise((r) => child.once("close", r));
    expect(killed, "the ingest finished before it could be killed; enlarge the input").toBe(true);

    // Whatever the moment of the kill, the stores open and agree with each other.
    const mid = JSON.parse(cli(dataDir, "stats", "--json").stdout) as StatsJson;
    expect(mid.store.nodes.freelancers).toBeLessThan(4000);

    const rerun = cli(dataDir, "ingest", "--input", input);
    expect(rerun.code, rerun.stderr).toBe(0);
    const after = JSON.parse(cli(dataDir, "stats", "--json").stdout) as StatsJson;
    expect(after.store.nodes.freelancers).toBe(4000);
    expect(after.store.nodes.jobs).toBe(200);
    expect(after.store.vectors.freelancers).toBe(4000);
    const fl = after.indexes.find((i) => i.kind === "freelancers");
    expect(fl?.count).toBe(4000);
    const interactions = Object.values(after.store.interactions).reduce((a, b) => a + b, 0);
    expect(interactions).toBe(count(path.join(input, "interactions.jsonl")));
  });
});
