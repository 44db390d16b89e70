/**
 * What every system in the peers benchmark is fed: a corpus (ids, text fields, and the vectors
 * talentgraph stored for them) and query sets (text, the query's embedding by talentgraph's own
 * embedder, and graded judgements when the set is a quality task). Written once by the parent
 * process as `<name>.json` + `<name>.f32` (little-endian float32, row-major), read by each system's
 * child process, so no system re-embeds anything.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface Corpus {
  name: string;
  dims: number;
  /** Text fields, in the order of `texts[i]`, e.g. ["title", "overview", "skills"]. */
  fields: string[];
  ids: string[];
  /** Per document, one string per field. */
  texts: string[][];
  /** `ids.length × dims`, row i = document i. */
  vectors: Float32Array;
}

export interface PeerQuery {
  qid: string;
  text: string;
  /** Result id → gain (> 0 relevant); absent for latency-only sets. */
  relevant?: Record<string, number>;
}

export interface QuerySet {
  name: string;
  dims: number;
  queries: PeerQuery[];
  /** `queries.length × dims`, the query texts embedded by talentgraph's embedder. */
  vectors: Float32Array;
}

/** Row i of a row-major matrix (a view, not a copy). */
export function row(matrix: Float32Array, dims: number, i: number): Float32Array {
  return matrix.subarray(i * dims, (i + 1) * dims);
}

function writeMatrix(file: string, m: Float32Array): void {
  writeFileSync(file, Buffer.from(m.buffer, m.byteOffset, m.byteLength));
}
function readMatrix(file: string): Float32Array {
  const b = readFileSync(file);
  // Copy into an aligned buffer: a Buffer's byteOffset need not be a multiple of 4.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export function writeCorpus(dir: string, c: Corpus): void {
  const { vectors, ...rest } = c;
  writeFileSync(path.join(dir, `${c.name}.json`), JSON.stringify(rest));
  writeMatrix(path.join(dir, `${c.name}.f32`), vectors);
}
export function readCorpus(dir: string, name: string): Corpus {
  const rest = JSON.parse(readFileSync(path.join(dir, `${name}.json`), "utf8")) as Omit<Corpus, "vectors">;
  return { ...rest, vectors: readMatrix(path.join(dir, `${name}.f32`)) };
}
export function writeQuerySet(dir: string, q: QuerySet): void {
  const { vectors, ...rest } = q;
  writeFileSync(path.join(dir, `${q.name}.json`), JSON.stringify(rest));
  writeMatrix(path.join(dir, `${q.name}.f32`), vectors);
}
export function readQuerySet(dir: string, name: string): QuerySet {
  const rest = JSON.parse(readFileSync(path.join(dir, `${name}.json`), "utf8")) as Omit<QuerySet, "vectors">;
  return { ...rest, vectors: readMatrix(path.join(dir, `${name}.f32`)) };
}
