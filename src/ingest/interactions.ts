/**
 * The one path interactions take into the store, for batch ingestion and the `recordInteraction`
 * mutation alike: each must name a stored job and a stored freelancer, and an identical
 * (type, job, freelancer, time) already stored is not written twice.
 */
import type { Interaction } from "../core/records.js";
import type { GraphStore } from "../graph-store/graph-store.js";

export interface PreparedInteractions {
  /** New interactions to write, in input order. */
  writes: Interaction[];
  /** Input positions already stored (identical type, job, freelancer and time). */
  unchanged: number[];
  /** Input positions refused, with why (unknown job or freelancer). */
  rejected: Array<{ index: number; reason: string }>;
}

export function interactionKey(i: Interaction): string {
  return `${i.type}|${i.jobId}|${i.freelancerId}|${new Date(i.at).toISOString()}`;
}

const unique = (xs: string[]): string[] => [...new Set(xs)];

/** Checks references and duplicates against the store; writes nothing. */
export async function prepareInteractions(store: GraphStore, inputs: readonly Interaction[]): Promise<PreparedInteractions> {
  const jobIds = new Set((await store.contentHashes("jobs", unique(inputs.map((i) => i.jobId)))).keys());
  const freelancerIds = new Set((await store.contentHashes("freelancers", unique(inputs.map((i) => i.freelancerId)))).keys());
  const existing = new Set<string>();
  const known = unique(inputs.map((i) => i.jobId)).filter((id) => jobIds.has(id));
  if (known.length > 0) for (const i of await store.interactions({ jobIds: known })) existing.add(interactionKey(i));
  const out: PreparedInteractions = { writes: [], unchanged: [], rejected: [] };
  inputs.forEach((input, index) => {
    const missing: string[] = [];
    if (!jobIds.has(input.jobId)) missing.push(`unknown job id ${JSON.stringify(input.jobId)}`);
    if (!freelancerIds.has(input.freelancerId)) missing.push(`unknown freelancer id ${JSON.stringify(input.freelancerId)}`);
    if (missing.length > 0) {
      out.rejected.push({ index, reason: missing.join("; ") });
      return;
    }
    const key = interactionKey(input);
    if (existing.has(key)) {
      out.unchanged.push(index);
      return;
    }
    existing.add(key);
    out.writes.push({ ...input });
  });
  return out;
}
