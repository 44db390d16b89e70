/**
 * Writes that arrive one at a time through the API, validated and applied exactly as ingestion
 * applies them (same zod schemas, same reference checks, same store transaction). Today: recorded
 * interactions, the feedback the reranker learns from.
 */
import { InvalidInputError, NotFoundError } from "../core/errors.js";
import { interactionInput, type Interaction } from "../core/records.js";
import type { GraphStore } from "../graph-store/graph-store.js";
import { prepareInteractions } from "./interactions.js";

export interface LiveWriter {
  /**
   * Validates and stores one interaction (`at` defaults to now). INVALID_INPUT for a malformed one,
   * NOT_FOUND when the job or freelancer does not exist. An identical interaction already stored is
   * not written again (`inserted: false`). Resolves once the write is committed.
   */
  recordInteraction(input: unknown): Promise<{ interaction: Interaction; inserted: boolean }>;
}

export function createLiveWriter(options: { store: GraphStore; now?: () => Date }): LiveWriter {
  const now = options.now ?? (() => new Date());
  return {
    async recordInteraction(input) {
      const withTime = input !== null && typeof input === "object" && (input as { at?: unknown }).at == null ? { ...input, at: now().toISOString() } : input;
      const parsed = interactionInput.safeParse(withTime);
      if (!parsed.success) {
        throw new InvalidInputError(`recordInteraction: ${parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`);
      }
      const interaction: Interaction = { ...parsed.data };
      const prepared = await prepareInteractions(options.store, [interaction]);
      const rejected = prepared.rejected[0];
      if (rejected) throw new NotFoundError(`recordInteraction: ${rejected.reason}`);
      if (prepared.writes.length > 0) await options.store.write({ interactions: prepared.writes });
      return { interaction, inserted: prepared.writes.length > 0 };
    },
  };
}
