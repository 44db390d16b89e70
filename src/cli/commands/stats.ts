import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { VECTOR_KINDS } from "../../core/records.js";
import type { StoreStats } from "../../graph-store/graph-store.js";
import { openServices } from "../../services.js";
import { cliContext, type CliContext } from "../context.js";

interface IndexStats {
  kind: string;
  present: boolean;
  count?: number;
  deleted?: number;
  deletedShare?: number;
  modelId?: string;
  dimensions?: number;
  builtAt?: string;
}

export interface Stats {
  dataDir: string;
  store: StoreStats;
  indexes: IndexStats[];
}

/** Counts from the store, and each HNSW manifest as saved (no model needs loading). */
export async function collectStats(ctx: CliContext): Promise<Stats> {
  const services = await openServices(ctx.config, { logger: ctx.logger });
  try {
    const store = await services.store.stats();
    const indexes = VECTOR_KINDS.map((kind): IndexStats => {
      const file = path.join(ctx.config.dataDir, `${kind}.manifest.json`);
      if (!existsSync(file)) return { kind, present: false };
      const m = JSON.parse(readFileSync(file, "utf8")) as Omit<IndexStats, "kind" | "present">;
      const count = m.count ?? 0;
      const deleted = m.deleted ?? 0;
      return {
        kind,
        present: true,
        count,
        deleted,
        deletedShare: count + deleted > 0 ? deleted / (count + deleted) : 0,
        ...(m.modelId === undefined ? {} : { modelId: m.modelId }),
        ...(m.dimensions === undefined ? {} : { dimensions: m.dimensions }),
        ...(m.builtAt === undefined ? {} : { builtAt: m.builtAt }),
      };
    });
    return { dataDir: ctx.config.dataDir, store, indexes };
  } finally {
    await services.close();
  }
}

export function formatStats(s: Stats): string {
  const kv = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v.toLocaleString("en-US")}`)
      .join(", ");
  const lines = [
    `data dir: ${s.dataDir}`,
    `nodes:        ${kv(s.store.nodes)}`,
    `edges:        ${kv(s.store.edges)}`,
    `interactions: ${kv(s.store.interactions)}`,
    `vectors:      ${kv(s.store.vectors)}`,
    "indexes:",
    ...s.indexes.map((i) =>
      i.present
        ? `  ${i.kind.padEnd(12)} ${String(i.count).padStart(8)} live, ${i.deleted} deleted (${((i.deletedShare ?? 0) * 100).toFixed(1)}%), ${i.dimensions}-d, model ${i.modelId}, built ${i.builtAt}`
        : `  ${i.kind.padEnd(12)} (none yet: nothing of this kind ingested)`,
    ),
  ];
  return lines.join("\n");
}

export function registerStats(program: Command): void {
  program
    .command("stats")
    .description("Show counts of every node kind, edge type, interaction type and index in the data dir.")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }, command: Command) => {
      const stats = await collectStats(cliContext(command));
      process.stdout.write(opts.json ? `${JSON.stringify(stats, null, 2)}\n` : `${formatStats(stats)}\n`);
    });
}
