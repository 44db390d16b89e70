/**
 * Port: approximate nearest-neighbour search over one entity kind's vectors.
 * Ids are the records' string ids; integer labels and distances stay inside adapters.
 */
export interface VectorHit {
  id: string;
  /** Cosine similarity in [-1, 1]; higher is better. */
  score: number;
}

export interface VectorSearchOptions {
  /** Only ids for which this returns true are returned. */
  filter?: (id: string) => boolean;
  /** Search breadth (HNSW ef); defaults to the adapter's configured value, raised to at least k. */
  ef?: number;
}

export interface VectorIndexManifest {
  modelId: string;
  dimensions: number;
  /** Live (not deleted) vectors. */
  count: number;
  /** Slots marked deleted and awaiting reuse. */
  deleted: number;
  /** ISO-8601 time of the last save. */
  builtAt: string;
  /** The record store's vector generation this snapshot reflects (see GraphStore.vectorGeneration). */
  generation: number;
}

export interface VectorIndex {
  readonly modelId: string;
  readonly dimensions: number;
  /** Number of live vectors. */
  size(): number;
  /** Number of deleted slots not yet reused. */
  deletedCount(): number;
  has(id: string): boolean;
  /** Inserts or replaces. Throws DIMENSION_MISMATCH on a wrong-length vector. Grows as needed; reuses deleted slots. */
  upsert(id: string, vector: Float32Array): void;
  /** Removes if present; returns whether it was present. */
  remove(id: string): boolean;
  /** The stored vector, or undefined. */
  get(id: string): Float32Array | undefined;
  /** Top-k by cosine similarity, best first, ties broken by id. Fewer than k only if fewer live ids pass the filter. */
  search(query: Float32Array, k: number, options?: VectorSearchOptions): VectorHit[];
  /**
   * Writes index, id map and manifest atomically (temp files then rename), stamping the
   * manifest with the record store's vector generation so a stale snapshot is detected on load.
   */
  save(stamp: { generation: number }): Promise<void>;
  /** The manifest as of the last load or save (count/deleted are live values). */
  manifest(): VectorIndexManifest;
}
