/**
 * The stores the built-in tasks run against, built under a work folder and reused while their
 * recipe (sizes, seed, model) is unchanged:
 * - `<work>/demo`: the generated marketplace with validation/test interactions held out;
 * - `<work>/esco`: the ESCO taxonomy (skills, relations, occupations as archetypes).
 * Each has `input/` (JSONL), `data/` (the data dir) and `READY.json` (the recipe it was built
 * from); a folder whose READY.json is missing or differs is rebuilt from scratch.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadConfig, type Config } from "../core/config.js";
import { DataUnavailableError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Progress } from "../core/progress.js";
import { importEsco } from "../ingest/esco/import-esco.js";
import { generateDemo } from "../ingest/demo/generate-demo.js";
import { ingestDirectory } from "../ingest/run-ingest.js";
import { openServices, type Services } from "../services.js";
import { escoDataFiles } from "./tasks/esco.js";
import { holdOutInteractions } from "./tasks/demo-marketplace.js";

export interface WorkspaceContext {
  config: Config;
  logger: Logger;
  progress: (label: string, total?: number, unit?: string) => Progress;
}

export interface DemoRecipe {
  freelancers: number;
  jobs: number;
  seed: number;
}

export const DEFAULT_DEMO_RECIPE: DemoRecipe = { freelancers: 5000, jobs: 1500, seed: 42 };

export interface Workspace {
  inputDir: string;
  /** Config of the workspace: the caller's, with `dataDir` pointing into the workspace. */
  config: Config;
  open(): Promise<Services>;
}

function workspaceOf(ctx: WorkspaceContext, dir: string): Workspace {
  const config = loadConfig({ overrides: { ...ctx.config, dataDir: path.join(dir, "data") } });
  return { inputDir: path.join(dir, "input"), config, open: () => openServices(config, { logger: ctx.logger, progress: ctx.progress }) };
}

async function build(ctx: WorkspaceContext, dir: string, recipe: Record<string, unknown>, make: (ws: Workspace) => Promise<void>): Promise<Workspace> {
  const stamp = path.join(dir, "READY.json");
  const want = JSON.stringify(recipe);
  const ws = workspaceOf(ctx, dir);
  if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === want) {
    ctx.logger.info(`reusing ${dir}`);
    return ws;
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(ws.inputDir, { recursive: true });
  await make(ws);
  await writeFile(stamp, `${want}\n`);
  return ws;
}

async function ingestInto(ctx: WorkspaceContext, ws: Workspace): Promise<void> {
  const services = await ws.open();
  try {
    const summary = await ingestDirectory(services, ws.inputDir, { logger: ctx.logger, progress: ctx.progress });
    if (summary.totals.quarantined > 0) ctx.logger.warn(`${summary.totals.quarantined} lines quarantined while building ${ws.inputDir}; see ${summary.quarantinePath}`);
  } finally {
    await services.close();
  }
}

/** The demo marketplace store with held-out interactions (see tasks/demo-marketplace.ts). */
export function demoWorkspace(ctx: WorkspaceContext, workDir: string, recipe: DemoRecipe = DEFAULT_DEMO_RECIPE): Promise<Workspace> {
  const dir = path.join(workDir, "demo");
  return build(ctx, dir, { kind: "demo", ...recipe, model: ctx.config.model, embedder: ctx.config.embedder }, async (ws) => {
    await generateDemo({ outDir: ws.inputDir, ...recipe, progress: ctx.progress("generate demo", recipe.freelancers + recipe.jobs, "records") });
    const held = await holdOutInteractions(ws.inputDir);
    ctx.logger.info(`demo interactions: ${held.kept} kept, ${held.heldOut} held out (validation from ${held.validationStart}, test from ${held.testStart})`);
    await ingestInto(ctx, ws);
  });
}

/** The ESCO store: skills, relations and occupations as archetypes. DATA_UNAVAILABLE without ESCO. */
export function escoWorkspace(ctx: WorkspaceContext, workDir: string): Promise<Workspace> {
  const escoDir = escoDataFiles(ctx.config.sharedDataDir).esco;
  if (!existsSync(escoDir)) return Promise.reject(new DataUnavailableError(`ESCO workspace: ${escoDir} is absent (set TALENTGRAPH_SHARED_DATA)`));
  const dir = path.join(workDir, "esco");
  return build(ctx, dir, { kind: "esco", escoDir, model: ctx.config.model, embedder: ctx.config.embedder }, async (ws) => {
    await importEsco({ escoDir, outDir: ws.inputDir, progress: ctx.progress("import-esco", undefined, "rows") });
    await ingestInto(ctx, ws);
  });
}
