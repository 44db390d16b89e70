/**
 * Ingests a directory of JSONL records into the stores `config` names (the same path as
 * `talentgraph ingest`), asserting nothing was quarantined. For suites that set up a data dir.
 */
import { expect } from "vitest";
import type { Config } from "../../src/core/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { silentProgress } from "../../src/core/progress.js";
import { ingestDirectory } from "../../src/ingest/run-ingest.js";
import { openServices } from "../../src/services.js";

export async function ingestInto(config: Config, input: string): Promise<void> {
  const services = await openServices(config);
  try {
    const summary = await ingestDirectory(services, input, { logger: silentLogger, progress: () => silentProgress });
    expect(summary.totals.quarantined).toBe(0);
  } finally {
    await services.close();
  }
}
