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
  /** Live vectors in the snapshot. */
  count?: number;
  /** Deleted slots in the snapshot awaiting reuse. */
  deleted?: number;
  /** deleted / (count + deleted), in [0, 1]; lower is better (a server rebuilds past 0.3). */
  deletedShare?: number;
  modelId?: string;
  dimensions?: number;
  builtAt?: string;
  /** The store's vector generation the snapshot reflects. */
  generation?: number;
  /** The store's current vector generation of this kind. */
  storeGeneration: number;
  /**
   * Ids changed in the store since the snapshot: the vector-log replay the next open does. Absent
   * when the log no longer reaches back to the snapshot (the next open rebuilds the index instead).
   */
  logBacklog?: number;
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
    const indexes: IndexStats[] = [];
    for (const kind of VECTOR_KINDS) {
      const storeGeneration = await services.store.vectorGeneration(kind);
      const file = path.join(ctx.config.dataDir, `${kind}.manifest.json`);
      if (!existsSync(file)) {
        indexes.push({ kind, present: false, storeGeneration });
        continue;
      }
      const m = JSON.parse(readFileSync(file, "utf8")) as Omit<IndexStats, "kind" | "present" | "storeGeneration" | "logBacklog">;
      const count = m.count ?? 0;
      const deleted = m.deleted ?? 0;
      const generation = m.generation ?? 0;
      const log = generation <= storeGeneration ? await services.store.vectorChanges(kind, generation) : undefined;
      indexes.push({
        kind,
        present: true,
        count,
        deleted,
        deletedShare: count + deleted > 0 ? deleted / (count + deleted) : 0,
        ...(m.modelId === undefined ? {} : { modelId: m.modelId }),
        ...(m.dimensions === undefined ? {} : { dimensions: m.dimensions }),
        ...(m.builtAt === undefined ? {} : { builtAt: m.builtAt }),
        generation,
        storeGeneration,
        ...(log?.complete === true ? { logBacklog: log.changes.length } : {}),
      });
    }
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
        ? `  ${i.kind.padEnd(12)} ${String(i.count).padStart(8)} live, ${i.deleted} deleted (${((i.deletedShare ?? 0) * 100).toFixed(1)}%), ${i.dimensions}-d, model ${i.modelId}, built ${i.builtAt}, ${backlog(i)}`
        : `  ${i.kind.padEnd(12)} (none yet: nothing of this kind ingested)`,
    ),
  ];
  return lines.join("\n");
}

/** What the next open does with the snapshot: nothing, replay the vector log, or rebuild. */
function backlog(i: IndexStats): string {
  if (i.generation === i.storeGeneration) return "up to date";
  if (i.logBacklog !== undefined) return `${i.logBacklog.toLocaleString("en-US")} logged changes to replay`;
  return "stale, log trimmed: the next open rebuilds it";
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
