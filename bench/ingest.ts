/**
 * Ingestion benchmark (`npm run bench:ingest`): docs/s of embedding alone vs the whole ingest
 * (validate, hash, link, embed, SQLite write, HNSW insert) of N demo freelancers with the default
 * model, and the default model's throughput and quality against USE-lite direct on skill linking
 * (../shared/data/skill-extraction validation). Writes bench/reports/ingest.{md,json}.
 *
 *   npm run bench:ingest -- [--freelancers 100000] [--skip-quality]
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig, PACKAGE_ROOT } from "../src/core/config.js";
import { createLogger } from "../src/core/logger.js";
import { createProgress } from "../src/core/progress.js";
import type { Freelancer } from "../src/core/records.js";
import type { Embedder } from "../src/embed/embedder.js";
import { createUseLiteEmbedder } from "../src/embed/use-lite-embedder.js";
import { generateDemo } from "../src/ingest/demo/generate-demo.js";
import { freelancerEmbedText } from "../src/ingest/embed-text.js";
import { ingest } from "../src/ingest/ingest.js";
import { Quarantine } from "../src/ingest/quarantine.js";
import { readJsonl } from "../src/ingest/read-jsonl.js";
import { openServices } from "../src/services.js";
import { skillLinkingQuality, type LinkingQuality } from "./skill-linking-quality.js";

const { values } = parseArgs({
  options: {
    freelancers: { type: "string", default: "100000" },
    "skip-quality": { type: "boolean", default: false },
  },
});
const n = Number(values.freelancers);
const logger = createLogger({ level: "info" });
const progress = (label: string, total?: number, unit?: string) =>
  createProgress({ label, ...(total === undefined ? {} : { total }), ...(unit ? { unit } : {}) });

const work = mkdtempSync(path.join(os.tmpdir(), "tg-bench-ingest-"));
const input = path.join(work, "input");
const config = loadConfig({ overrides: { dataDir: path.join(work, "data") } });

logger.info(`generating ${n} demo freelancers`, { work });
await generateDemo({ outDir: input, freelancers: n, jobs: Math.max(1, Math.round(n / 5)), seed: 42 });

const services = await openServices(config, { logger, progress });
const embedder = await services.embedder();
const skills = await (async () => {
  // Ingest the taxonomy first (not timed): profiles link against it.
  const only = path.join(work, "taxonomy");
  mkdirSync(only, { recursive: true });
  cpSync(path.join(input, "skills.jsonl"), path.join(only, "skills.jsonl"));
  cpSync(path.join(input, "skill_relations.jsonl"), path.join(only, "skill_relations.jsonl"));
  await ingest(
    { store: services.store, indexes: await services.indexes(), embedder, createLinker: services.createLinker, quarantine: new Quarantine(config.dataDir) },
    { inputDir: only },
  );
  return new Map((await services.store.allSkills()).map((s) => [s.id, s.name]));
})();

// 1. Embedding alone: the exact texts ingest embeds, same batch size.
const texts: string[] = [];
for await (const line of readJsonl(path.join(input, "freelancers.jsonl"))) {
  const f = line.value as Omit<Freelancer, "skills"> & { skills: Array<{ id?: string }> };
  const linked = f.skills.flatMap((s) => (s.id === undefined ? [] : [{ skillId: s.id, level: 3, source: "id" as const }]));
  texts.push(freelancerEmbedText({ ...f, skills: linked }, (id) => skills.get(id)));
}
const embedOnly = await timeEmbedding(embedder, texts, config.embedBatchSize);
logger.info("embedding alone", embedOnly);

// 2. The whole ingest of the freelancers file.
const flDir = path.join(work, "freelancers-only");
mkdirSync(flDir, { recursive: true });
cpSync(path.join(input, "freelancers.jsonl"), path.join(flDir, "freelancers.jsonl"));
const rssBefore = process.memoryUsage().rss;
const summary = await ingest(
  {
    store: services.store,
    indexes: await services.indexes(),
    embedder,
    createLinker: services.createLinker,
    quarantine: new Quarantine(config.dataDir),
    progress: (label, total) => progress(label, total, "records"),
  },
  { inputDir: flDir, batchSize: config.ingestBatchSize, embedBatchSize: config.embedBatchSize },
);
const whole = { docs: summary.totals.read, seconds: summary.seconds, docsPerSecond: summary.totals.read / summary.seconds };
logger.info("whole ingest", whole);

let quality: { default: LinkingQuality; useLite: LinkingQuality; useLiteThroughput: { textsPerSecond: number } } | undefined;
if (!values["skip-quality"]) {
  const useLite = await createUseLiteEmbedder();
  const sample = texts.slice(0, 2000);
  const useLiteThroughput = await timeEmbedding(useLite, sample, 32);
  quality = {
    default: await skillLinkingQuality(embedder, config.sharedDataDir, logger),
    useLite: await skillLinkingQuality(useLite, config.sharedDataDir, logger),
    useLiteThroughput,
  };
  await useLite.close();
}

const report = {
  generatedAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  model: embedder.modelId,
  freelancers: n,
  embeddingAlone: embedOnly,
  wholeIngest: whole,
  ratioWholeToEmbedding: whole.docsPerSecond / embedOnly.textsPerSecond,
  peakRssMiB: Math.round(Math.max(rssBefore, process.memoryUsage().rss) / 2 ** 20),
  quarantined: summary.totals.quarantined,
  quality,
};
const outDir = path.join(PACKAGE_ROOT, "bench", "reports");
writeFileSync(path.join(outDir, "ingest.json"), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(outDir, "ingest.md"), renderMarkdown(report));
process.stdout.write(renderMarkdown(report));
await services.close();
rmSync(work, { recursive: true, force: true });

async function timeEmbedding(e: Embedder, all: string[], batch: number): Promise<{ texts: number; seconds: number; textsPerSecond: number }> {
  await e.embed(all.slice(0, batch)); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < all.length; i += batch) await e.embed(all.slice(i, i + batch));
  const seconds = (performance.now() - t0) / 1000;
  return { texts: all.length, seconds, textsPerSecond: all.length / seconds };
}

function renderMarkdown(r: typeof report): string {
  const q = r.quality;
  return [
    `# Ingest benchmark (${r.generatedAt})`,
    "",
    `Machine: ${r.machine.cpus} cores, Node ${r.machine.node}. Model: \`${r.model}\`. ${r.freelancers.toLocaleString("en-US")} demo freelancers.`,
    "",
    "| stage | docs | seconds | docs/s |",
    "|---|---:|---:|---:|",
    `| embedding alone | ${r.embeddingAlone.texts} | ${r.embeddingAlone.seconds.toFixed(1)} | ${r.embeddingAlone.textsPerSecond.toFixed(0)} |`,
    `| whole ingest (validate, link, embed, SQLite, HNSW) | ${r.wholeIngest.docs} | ${r.wholeIngest.seconds.toFixed(1)} | ${r.wholeIngest.docsPerSecond.toFixed(0)} |`,
    "",
    `Whole ingest / embedding alone: **${(r.ratioWholeToEmbedding * 100).toFixed(0)}%** (target ≥ 80%). Peak RSS ${r.peakRssMiB} MiB.`,
    "",
    ...(q
      ? [
          "## Default model vs USE-lite direct: skill linking by embedding alone",
          "",
          "Posting sentence → nearest ESCO skills (vector search only, no phrase matching), on the skill-extraction validation sets (third-party labels).",
          "",
          "| model | texts/s | TECH MRR | TECH RP@5 | HOUSE MRR | HOUSE RP@5 |",
          "|---|---:|---:|---:|---:|---:|",
          `| default (${r.model}) | ${r.embeddingAlone.textsPerSecond.toFixed(0)} | ${fmt(q.default.tech?.mrr)} | ${fmt(q.default.tech?.rp5)} | ${fmt(q.default.house?.mrr)} | ${fmt(q.default.house?.rp5)} |`,
          `| USE-lite direct | ${q.useLiteThroughput.textsPerSecond.toFixed(0)} | ${fmt(q.useLite.tech?.mrr)} | ${fmt(q.useLite.tech?.rp5)} | ${fmt(q.useLite.house?.mrr)} | ${fmt(q.useLite.house?.rp5)} |`,
          "",
        ]
      : []),
  ].join("\n");
}

function fmt(x: number | undefined): string {
  return x === undefined ? "n/a" : x.toFixed(3);
}
