/**
 * The port every compared system implements in the peers benchmark: built from a {@link Corpus},
 * searched by text, by the query's stored embedding, or both. Scores are higher-is-better.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT } from "../../src/core/config.js";
import type { RankedItem } from "../../src/eval/metrics.js";
import type { Corpus } from "./corpus.js";

/** vector: nearest neighbours of the query embedding; keyword: the system's BM25; hybrid: its own fusion of both. */
export type SearchMode = "vector" | "keyword" | "hybrid";

export interface PeerIndex {
  /** Ranked results, best first, at most `k`. */
  search(mode: SearchMode, text: string, vector: Float32Array, k: number): Promise<RankedItem[]>;
  close(): Promise<void>;
}

export interface BuiltIndex {
  index: PeerIndex;
  /** Seconds per build phase (e.g. insert, vector index, FTS index). */
  phases: Record<string, number>;
}

export interface PeerSystem {
  name: string;
  modes: readonly SearchMode[];
  /** One line: index types and their parameters, as used. */
  setup: string;
  /** What the system cannot do that talentgraph's profiles use: reported, never emulated. */
  cannot: string[];
  build(corpus: Corpus, workDir: string): Promise<BuiltIndex>;
}

/** Letter/digit runs of a text joined by spaces: the same plain query for every peer's own tokenizer. */
export function plainTerms(text: string): string {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).join(" ");
}

/** Time one async step in seconds (two decimals). */
export async function timed<T>(phases: Record<string, number>, name: string, step: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await step();
  phases[name] = Math.round((performance.now() - t0) / 10) / 100;
  return out;
}

/** The installed version of a package (package.json pins may differ from what node_modules holds). */
export function installedVersion(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}
