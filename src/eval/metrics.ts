/**
 * Per-query ranking metrics for the evaluation harness: nDCG, MRR, recall, MAP, R-precision and
 * precision, each optionally cut at k, all in [0, 1] and higher-is-better.
 *
 * Conventions shared by every metric:
 * - Relevance comes from {@link Qrels}: a gain > 0 means relevant; an absent id or a gain ≤ 0 means
 *   not relevant (and contributes gain 0 to nDCG).
 * - A ranking is an array in rank order, best first; rank 1 is the first element.
 * - Duplicated ids: only the first occurrence counts. Later occurrences are dropped before scoring,
 *   so the items after them move up a rank (as if the system had not repeated itself).
 * - Ties: when adjacent items carry equal `score` values they form a tied group, and every metric
 *   is the exact expected value over a uniformly random order within each tied group (McSherry &
 *   Najork 2008). Items without a `score` never tie; their order is taken as given. A system that
 *   scores everything equally therefore gets the metric of a random order, not of whatever order its
 *   tiebreak happened to produce.
 * - A query with no relevant items scores 0 on every metric. Such queries carry no signal, so
 *   callers usually drop them ({@link hasRelevant}) and report how many they skipped.
 */
import { InvalidInputError } from "../core/errors.js";

/** Document id → graded gain (e.g. hire 3, interview 2, apply 1). Gain > 0 means relevant. */
export type Qrels = ReadonlyMap<string, number>;

/** One ranked result. `score` (higher is better) only matters for detecting ties. */
export interface RankedItem {
  id: string;
  score?: number;
}

/** The metric families {@link parseMetricName} understands. */
export type MetricKind = "ndcg" | "mrr" | "recall" | "map" | "rp" | "p";

/** A parsed metric name: its family and cutoff (`undefined` = the whole ranking). */
export interface MetricSpec {
  kind: MetricKind;
  /** Rank cutoff, a positive integer; `undefined` when the name has no `@k`. */
  k: number | undefined;
}

const METRIC_NAME = /^(ndcg|mrr|recall|map|rp|p)(?:@(\d+))?$/;

/**
 * Parses a metric name: `ndcg`, `ndcg@k`, `mrr`, `mrr@k`, `recall`, `recall@k`, `map`, `map@k`,
 * `rp`, `rp@k` and `p@k` (lowercase, k a positive integer). Throws INVALID_INPUT on anything else,
 * e.g. `ndcg@0`, `p` (precision needs a cutoff) or `foo`.
 */
export function parseMetricName(name: string): MetricSpec {
  const m = METRIC_NAME.exec(name);
  const kind = m?.[1] as MetricKind | undefined;
  const kText = m?.[2];
  const k = kText === undefined ? undefined : Number(kText);
  if (kind === undefined || (k !== undefined && (!Number.isSafeInteger(k) || k < 1))) {
    throw new InvalidInputError(
      `parseMetricName: unknown metric "${name}"; use ndcg, mrr, recall, map or rp (each optionally @k with k ≥ 1), or p@k`,
    );
  }
  if (kind === "p" && k === undefined) {
    throw new InvalidInputError(`parseMetricName: "p" needs a cutoff; write p@k, e.g. p@10`);
  }
  return { kind, k };
}

/** Whether the query has at least one relevant item (gain > 0); queries without one score 0 everywhere. */
export function hasRelevant(qrels: Qrels): boolean {
  for (const gain of qrels.values()) if (gain > 0) return true;
  return false;
}

/** A run of adjacent items with equal scores (size 1 when untied). Positions are 0-based. */
interface TieGroup {
  start: number;
  size: number;
  relevant: number;
  gainSum: number;
}

interface PreparedQuery {
  groups: TieGroup[];
  /** Relevant items in the qrels, retrieved or not. */
  totalRelevant: number;
  /** Positive gains of the qrels, highest first: the ideal ranking for nDCG. */
  idealGains: number[];
}

function prepare(ranking: readonly RankedItem[], qrels: Qrels): PreparedQuery {
  const idealGains: number[] = [];
  for (const [id, gain] of qrels) {
    if (!Number.isFinite(gain)) {
      throw new InvalidInputError(`evaluateQuery: gain of "${id}" is ${String(gain)}; qrels gains must be finite numbers`);
    }
    if (gain > 0) idealGains.push(gain);
  }
  idealGains.sort((x, y) => y - x);

  const seen = new Set<string>();
  const groups: TieGroup[] = [];
  let previousScore: number | undefined;
  let position = 0;
  for (const item of ranking) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    const rawGain = qrels.get(item.id) ?? 0;
    const gain = rawGain > 0 ? rawGain : 0;
    const last = groups[groups.length - 1];
    // NaN never equals itself, so NaN scores never tie; undefined scores never tie either.
    if (last !== undefined && item.score !== undefined && item.score === previousScore) {
      last.size++;
      last.gainSum += gain;
      if (gain > 0) last.relevant++;
    } else {
      groups.push({ start: position, size: 1, relevant: gain > 0 ? 1 : 0, gainSum: gain });
    }
    previousScore = item.score;
    position++;
  }
  return { groups, totalRelevant: idealGains.length, idealGains };
}

/** Positions of the group that fall inside the top k. */
function insideCutoff(g: TieGroup, k: number): number {
  return Math.max(0, Math.min(g.size, k - g.start));
}

/** Expected number of relevant items in the top k: a group straddling k contributes pro rata. */
function expectedHits(q: PreparedQuery, k: number): number {
  let hits = 0;
  for (const g of q.groups) {
    if (g.start >= k) break;
    hits += (g.relevant * insideCutoff(g, k)) / g.size;
  }
  return hits;
}

function discount(rank: number): number {
  return 1 / Math.log2(rank + 1);
}

/**
 * nDCG@k = DCG@k / IDCG@k with DCG@k = Σ_{rank ≤ k} gain(rank) / log2(rank + 1), linear gains from
 * the qrels, and IDCG@k the DCG of the qrels' positive gains sorted descending, cut at k. Ties: every
 * position of a tied group gets the group's average gain (the expected gain there).
 */
function ndcg(q: PreparedQuery, k: number): number {
  let ideal = 0;
  const idealDepth = Math.min(k, q.idealGains.length);
  for (let i = 0; i < idealDepth; i++) ideal += q.idealGains[i]! * discount(i + 1);
  if (ideal === 0) return 0;
  let dcg = 0;
  for (const g of q.groups) {
    if (g.start >= k || g.gainSum === 0) continue;
    const meanGain = g.gainSum / g.size;
    const end = g.start + insideCutoff(g, k);
    for (let p = g.start; p < end; p++) dcg += meanGain * discount(p + 1);
  }
  return dcg / ideal;
}

/**
 * Reciprocal rank of the first relevant item, 0 if none is within the cutoff. Ties: only the first
 * group holding a relevant item matters; with n items of which r relevant, the first relevant one
 * lands at its j-th position with probability C(n − j, r − 1) / C(n, r), and the result is
 * Σ_j P(j) / rank(j) over the positions inside the cutoff.
 */
function reciprocalRank(q: PreparedQuery, k: number): number {
  for (const g of q.groups) {
    if (g.start >= k) return 0;
    if (g.relevant === 0) continue;
    let expected = 0;
    // P(first j − 1 positions all non-relevant), updated as j advances.
    let allMissSoFar = 1;
    const lastJ = Math.min(g.size - g.relevant + 1, insideCutoff(g, k));
    for (let j = 1; j <= lastJ; j++) {
      const remaining = g.size - j + 1;
      expected += (allMissSoFar * g.relevant) / remaining / (g.start + j);
      allMissSoFar *= (remaining - g.relevant) / remaining;
    }
    return expected;
  }
  return 0;
}

/**
 * Average precision: Σ over relevant items retrieved at rank ≤ k of precision@rank, divided by the
 * total number of relevant items (unretrieved ones add 0, as in trec_eval's map and map_cut).
 * Ties: by linearity, a relevant item in a group of n with r relevant, h relevant ranked before the
 * group and s items before it, sits at each of the group's positions j with probability 1/n and then
 * has on average (j − 1)(r − 1)/(n − 1) relevant group-mates above it, so it contributes
 * (1/n) Σ_j (h + 1 + (j − 1)(r − 1)/(n − 1)) / (s + j). This is the exact expectation.
 */
function averagePrecision(q: PreparedQuery, k: number): number {
  if (q.totalRelevant === 0) return 0;
  let sum = 0;
  let relevantBefore = 0;
  for (const g of q.groups) {
    if (g.start >= k) break;
    if (g.relevant > 0) {
      const end = insideCutoff(g, k);
      const mateRate = g.size > 1 ? (g.relevant - 1) / (g.size - 1) : 0;
      let perItem = 0;
      for (let j = 1; j <= end; j++) perItem += (relevantBefore + 1 + (j - 1) * mateRate) / (g.start + j);
      sum += (g.relevant * perItem) / g.size;
    }
    relevantBefore += g.relevant;
  }
  return sum / q.totalRelevant;
}

function metricValue(spec: MetricSpec, q: PreparedQuery): number {
  const k = spec.k ?? Infinity;
  switch (spec.kind) {
    case "ndcg":
      return ndcg(q, k);
    case "mrr":
      return reciprocalRank(q, k);
    case "map":
      return averagePrecision(q, k);
    case "recall":
      return q.totalRelevant === 0 ? 0 : expectedHits(q, k) / q.totalRelevant;
    case "rp": {
      // Plain "rp" is classic R-precision: the cutoff is the number of relevant items.
      const cutoff = spec.k ?? q.totalRelevant;
      const denominator = Math.min(cutoff, q.totalRelevant);
      return denominator === 0 ? 0 : expectedHits(q, cutoff) / denominator;
    }
    case "p":
      return expectedHits(q, k) / k;
  }
}

/**
 * Scores one query's ranking against its qrels on each named metric (see {@link parseMetricName}).
 * Returns `{ [name]: value }` with the names exactly as given, every value in [0, 1].
 *
 * Definitions (rank is 1-based; "hits@k" is the number of relevant items in the top k):
 * - `ndcg@k`: Σ_{rank ≤ k} gain / log2(rank + 1), divided by the same sum over the qrels' gains
 *   sorted descending and cut at k. Linear graded gains straight from the qrels.
 * - `mrr` / `mrr@k`: 1 / rank of the first relevant item (at rank ≤ k), 0 if none.
 * - `recall@k`: hits@k / total relevant.
 * - `map` / `map@k`: average precision: Σ precision@rank over relevant items retrieved at rank ≤ k,
 *   divided by the total relevant (unretrieved relevant items count 0).
 * - `rp@k`: hits@k / min(k, total relevant), so a ranking that puts every relevant item it can in
 *   the top k scores 1 even when there are fewer than k; plain `rp` is classic R-precision
 *   (k = total relevant).
 * - `p@k`: hits@k / k (a ranking shorter than k is padded with misses).
 * Without a cutoff, `ndcg`, `mrr`, `recall` and `map` use the whole ranking.
 *
 * Ties (adjacent equal scores) give the exact expectation over random orders within each group: for
 * hits@k a group straddling k contributes its relevant count × (its positions inside k / its size);
 * see the module comment. A query with no relevant items scores 0 on every metric.
 *
 * Throws INVALID_INPUT on an unknown metric name or a non-finite gain.
 */
export function evaluateQuery(ranking: readonly RankedItem[], qrels: Qrels, metrics: readonly string[]): Record<string, number> {
  const specs = metrics.map((name) => [name, parseMetricName(name)] as const);
  const prepared = prepare(ranking, qrels);
  const out: Record<string, number> = {};
  for (const [name, spec] of specs) out[name] = metricValue(spec, prepared);
  return out;
}
