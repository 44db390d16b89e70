/**
 * VectorIndex over hnswlib-node (cosine space). Files in `dir`, per kind:
 * - `<kind>.hnsw`: hnswlib's own index file;
 * - `<kind>.labels.json`: record id → integer label;
 * - `<kind>.manifest.json`: model, dimensions, counts, build time, store generation, HNSW
 *   parameters and a snapshot token shared with the labels file. Written last, so a crash mid-save
 *   leaves either the old snapshot or a mismatch that load() reports as INDEX_CORRUPT.
 *
 * Labels are never reused: a new id gets the next label, and hnswlib's replace-deleted mode puts
 * it into a slot freed by markDelete, so delete+insert cycles do not grow the index. Distances
 * stay in here; callers see cosine similarity (1 − distance).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import hnswlib from "hnswlib-node";
import { z } from "zod";
import {
  DimensionMismatchError,
  IndexCorruptError,
  InvalidInputError,
  ModelMismatchError,
  TalentgraphError,
} from "../core/errors.js";
import type { VectorHit, VectorIndex, VectorIndexManifest, VectorSearchOptions } from "./vector-index.js";
import { compareIds } from "../core/order.js";

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/** Options shared by create and load. */
interface CommonOptions {
  /** Folder holding the index files. */
  dir: string;
  /** Entity kind; names the files (`<kind>.hnsw`, …). */
  kind: string;
  /** Embedding model the vectors come from; a snapshot under another model refuses to load. */
  modelId: string;
  /** Vector length; every upsert and query must match. */
  dimensions: number;
  /** Default search breadth (HNSW ef), raised to k per search; default 64. */
  efSearch?: number;
  /**
   * With a filter, when at most this fraction of live vectors passes it, search scans the allowed
   * vectors exactly instead of walking the graph (filtered HNSW loses recall when selective).
   * In [0, 1]; default 0.01. Selectivity is estimated on a strided sample of ≤ 1,024 ids, so broad
   * filters never run `filter` over every id; the exact scan (~25 µs per allowed vector: hnswlib
   * getPoint) also runs when the filtered graph walk comes back with fewer than k hits, which
   * guarantees min(k, #allowed) results.
   */
  exactFilterRatio?: number;
  /** Clock for `builtAt`; injectable for tests. */
  now?: () => Date;
}

export interface CreateHnswVectorIndexOptions extends CommonOptions {
  /** Graph degree; default 16. */
  M?: number;
  /** Build breadth; default 200. */
  efConstruction?: number;
  /** Slots allocated up front; doubled whenever full. Default 1024. */
  initialCapacity?: number;
  /** hnswlib's level-generator seed; default 100. */
  seed?: number;
}

export type LoadHnswVectorIndexOptions = CommonOptions;

const manifestSchema = z.object({
  format: z.literal(1),
  modelId: z.string(),
  dimensions: z.number().int().positive(),
  count: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
  builtAt: z.string(),
  generation: z.number().int().nonnegative(),
  M: z.number().int().positive(),
  efConstruction: z.number().int().positive(),
  nextLabel: z.number().int().nonnegative(),
  snapshot: z.string(),
});
type StoredManifest = z.infer<typeof manifestSchema>;

const labelsSchema = z.object({ snapshot: z.string(), labels: z.record(z.string(), z.number().int().nonnegative()) });

/** Ids sampled to estimate a filter's selectivity (±0.3% at 1% selectivity). */
const SAMPLE_SIZE = 1024;

/** Extra neighbours fetched beyond k so that equal scores at the cut are ordered by id. */
const TIE_SLACK = 8;

function files(dir: string, kind: string): { index: string; labels: string; manifest: string } {
  return { index: join(dir, `${kind}.hnsw`), labels: join(dir, `${kind}.labels.json`), manifest: join(dir, `${kind}.manifest.json`) };
}

/** A new, empty index (nothing is written until save()). */
export function createHnswVectorIndex(options: CreateHnswVectorIndexOptions): HnswVectorIndex {
  const M = options.M ?? 16;
  const efConstruction = options.efConstruction ?? 200;
  const capacity = Math.max(1, options.initialCapacity ?? 1024);
  if (!Number.isInteger(options.dimensions) || options.dimensions <= 0) {
    throw new InvalidInputError(`HnswVectorIndex.create: dimensions must be a positive integer, got ${options.dimensions}`);
  }
  const index = new HierarchicalNSW("cosine", options.dimensions);
  index.initIndex(capacity, M, efConstruction, options.seed ?? 100, true);
  const now = options.now ?? (() => new Date());
  return new HnswVectorIndex(index, new Map(), options, {
    format: 1,
    modelId: options.modelId,
    dimensions: options.dimensions,
    count: 0,
    deleted: 0,
    builtAt: now().toISOString(),
    generation: 0,
    M,
    efConstruction,
    nextLabel: 0,
    snapshot: "",
  });
}

/**
 * Loads a saved index. Throws MODEL_MISMATCH / DIMENSION_MISMATCH when it was built for another
 * model, INDEX_CORRUPT when files are missing, unreadable or inconsistent (re-run ingest).
 */
export async function loadHnswVectorIndex(options: LoadHnswVectorIndexOptions): Promise<HnswVectorIndex> {
  await Promise.resolve(); // keep the async contract even though hnswlib's sync reader is used
  const paths = files(options.dir, options.kind);
  const corrupt = (what: string, cause?: unknown): IndexCorruptError =>
    new IndexCorruptError(`HnswVectorIndex.load: ${what} (${options.kind} index in ${options.dir}); re-run ingest to rebuild it`, cause === undefined ? undefined : { cause });
  const readJson = (path: string): unknown => {
    if (!existsSync(path)) throw corrupt(`missing ${path}`);
    try {
      return JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw corrupt(`cannot read ${path}`, error);
    }
  };
  const parsedManifest = manifestSchema.safeParse(readJson(paths.manifest));
  if (!parsedManifest.success) throw corrupt(`invalid manifest ${paths.manifest}: ${parsedManifest.error.message}`, parsedManifest.error);
  const manifest = parsedManifest.data;
  const built = `index built with model ${manifest.modelId} (${manifest.dimensions}-d), configured model is ${options.modelId} (${options.dimensions}-d); re-run ingest`;
  if (manifest.modelId !== options.modelId) throw new ModelMismatchError(`HnswVectorIndex.load: ${built}`);
  if (manifest.dimensions !== options.dimensions) throw new DimensionMismatchError(`HnswVectorIndex.load: ${built}`);

  const parsedLabels = labelsSchema.safeParse(readJson(paths.labels));
  if (!parsedLabels.success) throw corrupt(`invalid labels file ${paths.labels}`, parsedLabels.error);
  const labels = parsedLabels.data;
  if (labels.snapshot !== manifest.snapshot) throw corrupt(`${paths.labels} belongs to another snapshot than ${paths.manifest} (interrupted save?)`);
  const ids = new Map(Object.entries(labels.labels));
  if (ids.size !== manifest.count) throw corrupt(`labels file lists ${ids.size} ids, manifest says ${manifest.count}`);

  if (!existsSync(paths.index)) throw corrupt(`missing ${paths.index}`);
  const index = new HierarchicalNSW("cosine", manifest.dimensions);
  try {
    index.readIndexSync(paths.index, true);
  } catch (error) {
    throw corrupt(`cannot read ${paths.index}`, error);
  }
  if (index.getCurrentCount() !== manifest.count + manifest.deleted) {
    throw corrupt(`${paths.index} holds ${index.getCurrentCount()} slots, manifest says ${manifest.count} live + ${manifest.deleted} deleted`);
  }
  return new HnswVectorIndex(index, ids, options, manifest);
}

export class HnswVectorIndex implements VectorIndex {
  readonly modelId: string;
  readonly dimensions: number;
  private readonly idToLabel: Map<string, number>;
  private readonly labelToId = new Map<number, string>();
  private readonly efSearch: number;
  private readonly exactFilterRatio: number;
  private readonly now: () => Date;
  private stored: StoredManifest;
  /** Strided id sample for selectivity estimates; dropped on every upsert of a new id and remove. */
  private sample: string[] | undefined;

  /** Use createHnswVectorIndex / loadHnswVectorIndex. */
  constructor(
    private readonly index: Hnsw,
    ids: Map<string, number>,
    private readonly options: CommonOptions,
    manifest: StoredManifest,
  ) {
    this.modelId = manifest.modelId;
    this.dimensions = manifest.dimensions;
    this.idToLabel = ids;
    for (const [id, label] of ids) this.labelToId.set(label, id);
    this.efSearch = options.efSearch ?? 64;
    this.exactFilterRatio = options.exactFilterRatio ?? 0.01;
    this.now = options.now ?? (() => new Date());
    this.stored = manifest;
  }

  size(): number {
    return this.idToLabel.size;
  }

  deletedCount(): number {
    return this.index.getCurrentCount() - this.idToLabel.size;
  }

  has(id: string): boolean {
    return this.idToLabel.has(id);
  }

  upsert(id: string, vector: Float32Array): void {
    this.checkVector("upsert", vector, `for "${id}"`);
    const point = Array.from(vector);
    const label = this.idToLabel.get(id);
    if (label !== undefined) {
      // Same label, live point: hnswlib updates the vector and re-links its neighbours.
      this.index.addPoint(point, label, false);
      return;
    }
    if (this.deletedCount() === 0 && this.index.getCurrentCount() >= this.index.getMaxElements()) {
      this.index.resizeIndex(this.index.getMaxElements() * 2);
    }
    const fresh = this.stored.nextLabel++;
    this.sample = undefined;
    // replaceDeleted: reuse a slot freed by markDelete when there is one.
    this.index.addPoint(point, fresh, true);
    this.idToLabel.set(id, fresh);
    this.labelToId.set(fresh, id);
  }

  remove(id: string): boolean {
    const label = this.idToLabel.get(id);
    if (label === undefined) return false;
    this.index.markDelete(label);
    this.sample = undefined;
    this.idToLabel.delete(id);
    this.labelToId.delete(label);
    return true;
  }

  /** The stored vector, unit-normalised (the cosine space normalises on insert). */
  get(id: string): Float32Array | undefined {
    const label = this.idToLabel.get(id);
    return label === undefined ? undefined : Float32Array.from(this.index.getPoint(label));
  }

  search(query: Float32Array, k: number, options: VectorSearchOptions = {}): VectorHit[] {
    this.checkVector("search", query, "query");
    if (!Number.isInteger(k) || k < 0) throw new InvalidInputError(`HnswVectorIndex.search: k must be a non-negative integer, got ${k}`);
    const live = this.size();
    if (k === 0 || live === 0) return [];
    const { filter } = options;
    const ef = Math.max(options.ef ?? this.efSearch, k);
    if (filter === undefined) return this.graphSearch(query, Math.min(k + TIE_SLACK, live), ef).slice(0, k);

    // Selectivity decides the method: a narrow filter starves the graph walk, so scan instead.
    // Estimated on a strided sample: running `filter` over every id costs ~0.3–1 µs each (a string
    // map lookup), ~30–100 ms at 100k, more than the graph walk a broad filter needs.
    if (this.estimateSelectivity(filter) > this.exactFilterRatio) {
      const hits = this.graphSearch(query, Math.min(k + TIE_SLACK, live), ef, (label) => {
        const id = this.labelToId.get(label);
        return id !== undefined && filter(id);
      });
      if (hits.length >= k) return hits.slice(0, k);
      // Short: the estimate was off or few ids pass; fall through to the exact guarantee.
    }
    const allowed: number[] = [];
    for (const [id, label] of this.idToLabel) if (filter(id)) allowed.push(label);
    if (allowed.length === 0) return [];
    // Exact search guarantees min(k, #allowed).
    return this.exactSearch(query, allowed).slice(0, k);
  }

  /** Fraction of a strided sample of ids (≤ SAMPLE_SIZE) that passes `filter`, in [0, 1]. */
  private estimateSelectivity(filter: (id: string) => boolean): number {
    if (this.sample === undefined) {
      const stride = Math.max(1, Math.floor(this.idToLabel.size / SAMPLE_SIZE));
      const sample: string[] = [];
      let i = 0;
      for (const id of this.idToLabel.keys()) if (i++ % stride === 0) sample.push(id);
      this.sample = sample;
    }
    if (this.sample.length === 0) return 0;
    let passed = 0;
    for (const id of this.sample) if (filter(id)) passed++;
    return passed / this.sample.length;
  }

  async save(stamp: { generation: number }): Promise<void> {
    const { dir, kind } = this.options;
    const paths = files(dir, kind);
    const snapshot = randomUUID();
    const manifest: StoredManifest = {
      ...this.stored,
      count: this.size(),
      deleted: this.deletedCount(),
      builtAt: this.now().toISOString(),
      generation: stamp.generation,
      snapshot,
    };
    const suffix = `.tmp-${process.pid}-${snapshot}`;
    try {
      mkdirSync(dir, { recursive: true });
      // hnswlib writes synchronously; no mutation can interleave with it.
      this.index.writeIndexSync(paths.index + suffix);
      await writeFile(paths.labels + suffix, JSON.stringify({ snapshot, labels: Object.fromEntries(this.idToLabel) }));
      await writeFile(paths.manifest + suffix, `${JSON.stringify(manifest, null, 2)}\n`);
      await rename(paths.index + suffix, paths.index);
      await rename(paths.labels + suffix, paths.labels);
      await rename(paths.manifest + suffix, paths.manifest);
    } catch (error) {
      throw new TalentgraphError("BACKEND_UNAVAILABLE", `HnswVectorIndex.save: cannot write the ${kind} index to ${dir}; check the path, permissions and disk space`, { cause: error });
    }
    // Keep what upserts did during the awaits above (nextLabel moves on every new id); only the
    // snapshot's own facts change.
    this.stored = { ...this.stored, builtAt: manifest.builtAt, generation: manifest.generation, snapshot: manifest.snapshot };
  }

  manifest(): VectorIndexManifest {
    const { modelId, dimensions, builtAt, generation } = this.stored;
    return { modelId, dimensions, count: this.size(), deleted: this.deletedCount(), builtAt, generation };
  }

  private checkVector(operation: string, vector: Float32Array, what: string): void {
    if (vector.length !== this.dimensions) {
      throw new DimensionMismatchError(`HnswVectorIndex.${operation}: ${what} has ${vector.length} dimensions, the ${this.options.kind} index (model ${this.modelId}) expects ${this.dimensions}`);
    }
    for (const x of vector) {
      if (!Number.isFinite(x)) throw new InvalidInputError(`HnswVectorIndex.${operation}: ${what} has non-finite values`);
    }
  }

  private graphSearch(query: Float32Array, k: number, ef: number, filter?: (label: number) => boolean): VectorHit[] {
    this.index.setEf(Math.max(ef, k));
    const { neighbors, distances } = this.index.searchKnn(Array.from(query), k, filter);
    const hits: VectorHit[] = [];
    neighbors.forEach((label, i) => {
      const id = this.labelToId.get(label);
      if (id !== undefined) hits.push({ id, score: clampScore(1 - (distances[i] ?? 1)) });
    });
    return hits.sort(compareHits);
  }

  /** Exact cosine over the given labels (stored points are unit vectors). */
  private exactSearch(query: Float32Array, labels: readonly number[]): VectorHit[] {
    let norm = 0;
    for (const x of query) norm += x * x;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const hits: VectorHit[] = [];
    for (const label of labels) {
      const point = this.index.getPoint(label);
      let dot = 0;
      for (let i = 0; i < point.length; i++) dot += (point[i] ?? 0) * (query[i] ?? 0);
      hits.push({ id: this.labelToId.get(label) ?? "", score: clampScore(dot * scale) });
    }
    return hits.sort(compareHits);
  }
}

function clampScore(score: number): number {
  return Math.min(1, Math.max(-1, score));
}

function compareHits(a: VectorHit, b: VectorHit): number {
  return b.score - a.score || compareIds(a.id, b.id);
}
