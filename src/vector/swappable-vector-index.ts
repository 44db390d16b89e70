/**
 * A VectorIndex that forwards every call to the index it currently holds, so that a rebuilt
 * index can replace a live one while retrievers, the linker and the writer keep their reference.
 * Calls are synchronous (except save), so a swap never lands in the middle of one; callers that
 * make several calls in a row and need them to see one index hold `services.consistency`, under
 * whose write side the swap happens (see index-maintenance.ts).
 */
import { InvalidInputError, ModelMismatchError } from "../core/errors.js";
import type { VectorHit, VectorIndex, VectorIndexManifest, VectorSearchOptions } from "./vector-index.js";

export class SwappableVectorIndex implements VectorIndex {
  private inner: VectorIndex;

  constructor(initial: VectorIndex) {
    this.inner = initial;
  }

  get modelId(): string {
    return this.inner.modelId;
  }

  get dimensions(): number {
    return this.inner.dimensions;
  }

  /** The index calls go to now. */
  current(): VectorIndex {
    return this.inner;
  }

  /**
   * Makes `next` the index every later call goes to and returns the previous one. `next` must
   * hold vectors of the same model (MODEL_MISMATCH otherwise): a swap never changes what a
   * score means.
   */
  swap(next: VectorIndex): VectorIndex {
    if (next === this) throw new InvalidInputError("SwappableVectorIndex.swap: cannot swap an index into itself");
    if (next.modelId !== this.inner.modelId || next.dimensions !== this.inner.dimensions) {
      throw new ModelMismatchError(
        `SwappableVectorIndex.swap: the new index holds model ${next.modelId} (${next.dimensions}-d), the live one ${this.inner.modelId} (${this.inner.dimensions}-d); rebuild with the live model`,
      );
    }
    const previous = this.inner;
    this.inner = next;
    return previous;
  }

  size(): number {
    return this.inner.size();
  }

  deletedCount(): number {
    return this.inner.deletedCount();
  }

  has(id: string): boolean {
    return this.inner.has(id);
  }

  upsert(id: string, vector: Float32Array): void {
    this.inner.upsert(id, vector);
  }

  remove(id: string): boolean {
    return this.inner.remove(id);
  }

  get(id: string): Float32Array | undefined {
    return this.inner.get(id);
  }

  search(query: Float32Array, k: number, options?: VectorSearchOptions): VectorHit[] {
    return this.inner.search(query, k, options);
  }

  save(stamp: { generation: number }): Promise<void> {
    return this.inner.save(stamp);
  }

  manifest(): VectorIndexManifest {
    return this.inner.manifest();
  }
}
