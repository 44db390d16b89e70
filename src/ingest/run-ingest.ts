/**
 * Ingests a directory with the configured services (their store, indexes, embedder and linker),
 * quarantining into the data dir, and records the summary as `<dataDir>/last-ingest.json`. The CLI's
 * `ingest`/`demo`/`start` and the evaluator's workspaces all ingest through this.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Logger } from "../core/logger.js";
import type { Progress } from "../core/progress.js";
import type { Services } from "../services.js";
import { ingest, type IngestSummary } from "./ingest.js";
import { Quarantine } from "./quarantine.js";

export interface IngestDirectoryOptions {
  logger: Logger;
  progress: (label: string, total?: number, unit?: string) => Progress;
  deleteFile?: string;
  batchSize?: number;
  linkTextSkills?: boolean;
}

export async function ingestDirectory(services: Services, inputDir: string, options: IngestDirectoryOptions): Promise<IngestSummary> {
  const { config } = services;
  const embedder = await services.embedder();
  const indexes = await services.indexes();
  const summary = await ingest(
    {
      store: services.store,
      indexes,
      embedder,
      createLinker: services.createLinker,
      quarantine: new Quarantine(config.dataDir),
      logger: options.logger,
      progress: (label, total) => options.progress(label, total, "records"),
    },
    {
      inputDir: path.resolve(inputDir),
      batchSize: options.batchSize ?? config.ingestBatchSize,
      embedBatchSize: config.embedBatchSize,
      ...(options.deleteFile === undefined ? {} : { deleteFile: path.resolve(options.deleteFile) }),
      ...(options.linkTextSkills === undefined ? {} : { linkTextSkills: options.linkTextSkills }),
    },
  );
  services.invalidateLinker();
  writeFileSync(
    path.join(config.dataDir, "last-ingest.json"),
    `${JSON.stringify({ ...summary, inputDir: path.resolve(inputDir), modelId: embedder.modelId, finishedAt: new Date().toISOString() }, null, 2)}\n`,
  );
  return summary;
}
