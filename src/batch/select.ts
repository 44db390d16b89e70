/**
 * The batch's business rules, applied to the pipeline's ranking of one recipient (never a ranking
 * of their own: candidates keep the pipeline's scores, and without MMR its order):
 *   1. leave out items the recipient already engaged with (applied, interviewed, hired),
 *   2. leave out items sent to the recipient in its last N runs (dedupe),
 *   3. leave out items scoring below the minimum score,
 *   4. pick the list: in pipeline order, or by maximal marginal relevance (MMR) when asked, with at
 *      most K items from one client (diversity).
 * Pure: everything it needs is passed in, so each rule is unit-testable.
 */
import { InvalidInputError } from "../core/errors.js";

export interface RankedCandidate {
  id: string;
  /** The pipeline's score (higher is better). */
  score: number;
  /** 1-based rank in the pipeline's ranking. */
  pipelineRank: number;
  /** The client who posted the job (freelancers mode; drives max-per-client). */
  clientId?: string;
}

/** Candidates left out, by rule. Diagnostics; the shortfall reason is derived from them. */
export interface ExclusionCounts {
  /** Already applied to / interviewed for / hired for. */
  engaged: number;
  /** Sent to this recipient in its last N runs. */
  sent: number;
  /** Scored below the minimum score. */
  belowMinScore: number;
  /** Left out because their client already had the maximum number of items in the list (counted among candidates ranked above the list's last item, or all of them when the list is short). */
  clientCap: number;
}

export interface SelectionRules {
  top: number;
  minScore: number;
  maxPerClient?: number;
  /** MMR re-ordering: λ in [0, 1] and the candidates' stored vectors (any norm; undefined when absent). */
  mmr?: { lambda: number; vector: (id: string) => Float32Array | undefined };
}

export interface Selection<C extends RankedCandidate> {
  /** The list, best first (at most `top`). */
  items: C[];
  excluded: ExclusionCounts;
  /** Candidates that passed rules 1–3. */
  eligible: number;
}

export const noExclusions = (): ExclusionCounts => ({ engaged: 0, sent: 0, belowMinScore: 0, clientCap: 0 });

/**
 * Applies the rules to `candidates` (in pipeline order). `engaged` and `sent` are the ids to leave
 * out; an id in both counts as engaged.
 */
export function selectItems<C extends RankedCandidate>(
  candidates: readonly C[],
  rules: SelectionRules,
  exclude: { engaged: ReadonlySet<string>; sent: ReadonlySet<string> },
): Selection<C> {
  if (!Number.isInteger(rules.top) || rules.top < 1) throw new InvalidInputError(`selectItems: top must be a positive integer, got ${rules.top}`);
  const excluded = noExclusions();
  const eligible: C[] = [];
  for (const c of candidates) {
    if (exclude.engaged.has(c.id)) excluded.engaged++;
    else if (exclude.sent.has(c.id)) excluded.sent++;
    else if (c.score < rules.minScore) excluded.belowMinScore++;
    else eligible.push(c);
  }
  const items = rules.mmr === undefined ? inOrder(eligible, rules) : byMmr(eligible, rules, rules.mmr);
  excluded.clientCap = cappedOut(eligible, items, rules);
  return { items, excluded, eligible: eligible.length };
}

/** Counts per client, and whether adding `c` would break the cap. */
class ClientCap {
  private readonly counts = new Map<string, number>();
  constructor(private readonly max: number | undefined) {}
  full(c: RankedCandidate): boolean {
    return this.max !== undefined && c.clientId !== undefined && (this.counts.get(c.clientId) ?? 0) >= this.max;
  }
  add(c: RankedCandidate): void {
    if (c.clientId !== undefined) this.counts.set(c.clientId, (this.counts.get(c.clientId) ?? 0) + 1);
  }
}

function inOrder<C extends RankedCandidate>(eligible: readonly C[], rules: SelectionRules): C[] {
  const cap = new ClientCap(rules.maxPerClient);
  const out: C[] = [];
  for (const c of eligible) {
    if (out.length >= rules.top) break;
    if (cap.full(c)) continue;
    cap.add(c);
    out.push(c);
  }
  return out;
}

/**
 * Greedy MMR (Carbonell & Goldstein 1998): next = argmax λ·rel(c) − (1 − λ)·max cos(c, chosen),
 * where rel is the pipeline score min-max normalised over the eligible candidates (1 when they all
 * score alike), so it is on the same [0, 1] scale as the cosine. Ties go to the better pipeline rank.
 * Candidates without a vector count as dissimilar to everything.
 */
function byMmr<C extends RankedCandidate>(eligible: readonly C[], rules: SelectionRules, mmr: NonNullable<SelectionRules["mmr"]>): C[] {
  const n = eligible.length;
  if (n === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of eligible) {
    lo = Math.min(lo, c.score);
    hi = Math.max(hi, c.score);
  }
  const rel = eligible.map((c) => (hi > lo ? (c.score - lo) / (hi - lo) : 1));
  const unit = eligible.map((c) => normalised(mmr.vector(c.id)));
  const maxSim = new Float64Array(n).fill(-Infinity);
  const taken = new Uint8Array(n);
  const cap = new ClientCap(rules.maxPerClient);
  const out: C[] = [];
  while (out.length < rules.top) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < n; i++) {
      const c = eligible[i] as C;
      if (taken[i] === 1 || cap.full(c)) continue;
      const sim = out.length === 0 ? 0 : Math.max(0, maxSim[i] as number);
      const value = mmr.lambda * (rel[i] as number) - (1 - mmr.lambda) * sim;
      // Strictly greater: equal values keep the earlier (better-ranked) candidate.
      if (value > bestValue + 1e-12) {
        best = i;
        bestValue = value;
      }
    }
    if (best < 0) break;
    const chosen = eligible[best] as C;
    taken[best] = 1;
    cap.add(chosen);
    out.push(chosen);
    const v = unit[best];
    for (let i = 0; i < n; i++) {
      if (taken[i] === 1) continue;
      const u = unit[i];
      const sim = v === undefined || u === undefined ? 0 : dot(u, v);
      if (sim > (maxSim[i] as number)) maxSim[i] = sim;
    }
  }
  return out;
}

function cappedOut<C extends RankedCandidate>(eligible: readonly C[], items: readonly C[], rules: SelectionRules): number {
  if (rules.maxPerClient === undefined) return 0;
  const chosen = new Set(items.map((c) => c.id));
  const perClient = new Map<string, number>();
  for (const c of items) if (c.clientId !== undefined) perClient.set(c.clientId, (perClient.get(c.clientId) ?? 0) + 1);
  const short = items.length < rules.top;
  const lastRank = Math.max(0, ...items.map((c) => c.pipelineRank));
  let n = 0;
  for (const c of eligible) {
    if (chosen.has(c.id) || c.clientId === undefined) continue;
    if (!short && c.pipelineRank > lastRank) continue;
    if ((perClient.get(c.clientId) ?? 0) >= rules.maxPerClient) n++;
  }
  return n;
}

function normalised(v: Float32Array | undefined): Float32Array | undefined {
  if (v === undefined) return undefined;
  let s = 0;
  for (const x of v) s += x * x;
  if (s === 0) return undefined;
  const r = 1 / Math.sqrt(s);
  return v.map((x) => x * r);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
