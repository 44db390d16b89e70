/**
 * Fusion: merges the channels' ranked lists into one ranking, as the rank profile says.
 *
 * - RRF (reciprocal rank fusion): contribution = weight / (k + rank). Uses ranks only, so channel
 *   scales never matter; sensitive to k.
 * - Weighted: contribution = weight × normalised score, each list normalised on its own (min–max or
 *   logistic z-score, see normalize.ts). A tuned convex combination of normalised scores beats RRF
 *   (Bruch et al. 2023), which is why the default profile uses it.
 *
 * The fused score is the sum of the contributions. Every candidate carries every channel that ran
 * (null where the channel did not retrieve it), so explanations can say "not retrieved" instead of
 * omitting the channel.
 */
import { InvalidInputError } from "../core/errors.js";
import type { RankProfile } from "../pipeline/rank-profile.js";
import { CHANNELS, type ChannelCandidate, type ChannelName, type ChannelResult } from "../retrieve/retriever.js";
import type { ChannelScore, FusedCandidate } from "./fused-candidate.js";
import { normalize } from "./normalize.js";
import { compareIds } from "../core/order.js";

/**
 * One channel's list made canonical: one entry per id (the best-scoring one; among equal scores, the
 * first in the list, which is the channel's better rank), sorted by score desc then id asc, ranks
 * re-assigned 1..n. A well-behaved channel's list comes out unchanged; fusion does not trust a
 * channel's order or ranks blindly because a duplicate would otherwise count twice.
 */
function canonicalList(result: ChannelResult): ChannelCandidate[] {
  const best = new Map<string, ChannelCandidate>();
  for (const [i, c] of result.candidates.entries()) {
    if (!Number.isFinite(c.score)) {
      throw new InvalidInputError(
        `fuse: channel ${result.channel} returned a non-finite score (${String(c.score)}) for id ${c.id} at position ${i}`,
      );
    }
    const kept = best.get(c.id);
    if (kept === undefined || c.score > kept.score) best.set(c.id, c);
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || compareIds(a.id, b.id))
    .map((c, i) => (c.rank === i + 1 ? c : { ...c, rank: i + 1 }));
}

/** Per candidate of a canonical list: the RRF term 1/(k + rank), or the normalised score. */
function normalizedTerms(list: readonly ChannelCandidate[], profile: RankProfile): number[] {
  const fusion = profile.fusion;
  if (fusion.method === "weighted") return normalize(list.map((c) => c.score), fusion.normalization);
  const k = fusion.k;
  if (!Number.isFinite(k) || k < 0) throw new InvalidInputError(`fuse: profile ${profile.name} has RRF k = ${k}; use a finite k ≥ 0 (60 is customary)`);
  return list.map((c) => 1 / (k + c.rank));
}

/**
 * Fuses channel results under a rank profile.
 *
 * @param results one result per channel that ran, in any order (the output does not depend on it).
 *   A channel may appear at most once and must be configured in the profile.
 * @param profile supplies the fusion method (RRF with `k`, or weighted with a normalisation) and each
 *   channel's weight (`profile.channels[c].weight`, ≥ 0; 0 keeps the channel visible but scoreless).
 * @returns the union of all retrieved ids, sorted by fused score desc then id asc, ranks 1..n; each
 *   candidate's `channels` holds every channel in `results` (in the fixed channel order), with a
 *   ChannelScore or null. Empty when no channel retrieved anything. Never NaN.
 * @throws InvalidInputError for a channel listed twice, a channel missing from the profile, or a
 *   non-finite score or weight.
 */
export function fuse(results: readonly ChannelResult[], profile: RankProfile): FusedCandidate[] {
  const byChannel = new Map<ChannelName, ChannelResult>();
  for (const r of results) {
    if (byChannel.has(r.channel)) throw new InvalidInputError(`fuse: channel ${r.channel} appears twice in the results`);
    byChannel.set(r.channel, r);
  }
  // The fixed channel order makes the floating-point sum, and so the ranking, independent of the
  // order the retrievers finished in.
  const ran = CHANNELS.filter((c) => byChannel.has(c));

  const scores = new Map<string, Partial<Record<ChannelName, ChannelScore | null>>>();
  for (const channel of ran) {
    const weight = profile.channels[channel]?.weight;
    if (weight === undefined) {
      throw new InvalidInputError(`fuse: channel ${channel} ran but profile ${profile.name} does not configure it`);
    }
    if (!Number.isFinite(weight) || weight < 0) {
      throw new InvalidInputError(`fuse: profile ${profile.name} gives channel ${channel} the weight ${weight}; use a finite weight ≥ 0`);
    }
    const list = canonicalList(byChannel.get(channel)!);
    const normalized = normalizedTerms(list, profile);
    for (const [i, candidate] of list.entries()) {
      const norm = normalized[i]!;
      let entry = scores.get(candidate.id);
      if (entry === undefined) {
        entry = {};
        scores.set(candidate.id, entry);
      }
      entry[channel] = { raw: candidate.score, normalized: norm, rank: candidate.rank, contribution: weight * norm, candidate };
    }
  }

  const fused = [...scores.entries()].map(([id, found]): Omit<FusedCandidate, "rank"> => {
    const channels: Partial<Record<ChannelName, ChannelScore | null>> = {};
    let score = 0;
    for (const channel of ran) {
      const s = found[channel] ?? null;
      channels[channel] = s;
      if (s !== null) score += s.contribution;
    }
    return { id, score, channels };
  });
  return fused
    .sort((a, b) => b.score - a.score || compareIds(a.id, b.id))
    .map((c, i) => ({ id: c.id, score: c.score, rank: i + 1, channels: c.channels }));
}
