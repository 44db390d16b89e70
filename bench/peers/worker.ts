/**
 * Measures one system of the peers benchmark, normally in its own process so that its peak RSS is
 * its own: `node --import tsx bench/peers/worker.ts <job.json>` writes the {@link SystemResult} to
 * `job.out`. {@link runSystem} is the same thing in-process.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateQuery, hasRelevant } from "../../src/eval/metrics.js";
import { readCorpus, readQuerySet, row } from "./corpus.js";
import type { Checkpoint, SystemResult, WorkerJob } from "./job.js";
import { measureLatency } from "./latency.js";
import { peakRssMiB, rssMiB } from "./measure.js";
import type { PeerIndex, PeerSystem } from "./peer-index.js";

// Imported lazily: a child process loads only the system it measures, so its RSS is that system's.
async function peerOf(job: WorkerJob): Promise<PeerSystem> {
  switch (job.system) {
    case "exact":
      return (await import("./exact-peer.js")).exactPeer;
    case "lancedb":
      return (await import("./lancedb-peer.js")).lancedbPeer({ ef: job.ef });
    case "orama":
      return (await import("./orama-peer.js")).oramaPeer;
    case "talentgraph":
      throw new Error("peerOf: talentgraph is not a peer");
  }
}

/** Writes the result to `job.out` (atomically: a kill between writes leaves the previous one whole). */
export function checkpointTo(job: WorkerJob): Checkpoint {
  return (partial) => {
    writeFileSync(`${job.out}.tmp`, JSON.stringify(partial));
    renameSync(`${job.out}.tmp`, job.out);
  };
}

export async function runSystem(job: WorkerJob, checkpoint: Checkpoint = () => undefined): Promise<SystemResult> {
  if (job.system === "talentgraph") return (await import("./talentgraph-runner.js")).runTalentgraph(job, checkpoint);
  const peer = await peerOf(job);
  const corpus = readCorpus(job.dir, job.scale.corpus);
  const queries = readQuerySet(job.dir, job.scale.queries);
  const baselineRssMiB = rssMiB();
  const scratch = path.join(job.workDir, job.system);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const result: SystemResult = {
    system: job.system,
    setup: peer.setup,
    cannot: peer.cannot,
    build: { seconds: NaN, phases: {}, docs: corpus.ids.length, what: "build from the stored vectors and texts (in memory or on local disk)" },
    memory: { baselineRssMiB, peakRssMiB: NaN, note: "baseline = after reading the corpus and queries into memory; peak after build and the latency queries" },
    latency: {},
    vectorMode: "vector",
    vectorTopK: [],
    quality: [],
    errors: [],
    pending: ["build", ...peer.modes.map((m) => `latency ${m}`), ...job.quality.map((q) => `quality ${q.task}`)],
  };
  const done = (step: string): void => {
    result.pending = result.pending.filter((p) => p !== step);
    checkpoint(result);
  };

  const t0 = performance.now();
  const built = await peer.build(corpus, path.join(scratch, "scale"));
  result.build.seconds = Math.round((performance.now() - t0) / 10) / 100;
  result.build.phases = built.phases;
  result.memory.peakRssMiB = peakRssMiB();
  done("build");
  const texts = queries.queries.map((q) => q.text);
  for (const mode of peer.modes) {
    try {
      result.latency[mode] = await measureLatency(texts, job, async (q, record, i) => {
        const hits = await built.index.search(mode, q, row(queries.vectors, queries.dims, i), job.k);
        if (record && mode === "vector") result.vectorTopK.push(hits.map((h) => h.id));
      });
    } catch (error) {
      result.errors.push(`${peer.name} ${mode} search failed at scale: ${error instanceof Error ? error.message : String(error)}`);
    }
    result.memory.peakRssMiB = peakRssMiB();
    done(`latency ${mode}`);
  }
  await built.index.close();

  for (const spec of job.quality) {
    const c = readCorpus(job.dir, spec.corpus);
    const set = readQuerySet(job.dir, spec.queries);
    let index: PeerIndex | undefined;
    try {
      index = (await peer.build(c, path.join(scratch, spec.task))).index;
      const runs: Record<string, Record<string, number>> = {};
      const judged = set.queries.map((q, i) => ({ q, i, qrels: new Map(Object.entries(q.relevant ?? {})) })).filter((x) => hasRelevant(x.qrels));
      for (const mode of peer.modes) {
        const sums: Record<string, number> = Object.fromEntries(spec.metrics.map((m) => [m, 0]));
        for (const { q, i, qrels } of judged) {
          const ranking = await index.search(mode, q.text, row(set.vectors, set.dims, i), job.depth);
          const m = evaluateQuery(ranking, qrels, spec.metrics);
          for (const name of spec.metrics) sums[name] = (sums[name] ?? 0) + (m[name] ?? 0);
        }
        runs[mode] = Object.fromEntries(spec.metrics.map((name) => [name, (sums[name] ?? 0) / Math.max(1, judged.length)]));
      }
      result.quality.push({ task: spec.task, queries: judged.length, runs });
    } catch (error) {
      result.errors.push(`${peer.name} on ${spec.task} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await index?.close();
    }
    done(`quality ${spec.task}`);
  }
  rmSync(scratch, { recursive: true, force: true });
  return result;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const jobFile = process.argv[2];
  if (jobFile === undefined) throw new Error("usage: node --import tsx bench/peers/worker.ts <job.json>");
  const job = JSON.parse(readFileSync(jobFile, "utf8")) as WorkerJob;
  const checkpoint = checkpointTo(job);
  checkpoint(await runSystem(job, checkpoint));
}
