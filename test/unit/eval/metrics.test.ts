import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../../src/core/errors.js";
import { createRng } from "../../../src/core/rng.js";
import { evaluateQuery, hasRelevant, parseMetricName, type Qrels, type RankedItem } from "../../../src/eval/metrics.js";

const ids = (...xs: string[]): RankedItem[] => xs.map((id) => ({ id }));
const qrels = (gains: Record<string, number>): Qrels => new Map(Object.entries(gains));
const one = (ranking: RankedItem[], q: Qrels, metric: string): number => evaluateQuery(ranking, q, [metric])[metric]!;
const log2 = Math.log2;

describe("parseMetricName", () => {
  it("reads the family and the cutoff", () => {
    expect(parseMetricName("ndcg@10")).toEqual({ kind: "ndcg", k: 10 });
    expect(parseMetricName("mrr")).toEqual({ kind: "mrr", k: undefined });
    expect(parseMetricName("mrr@5")).toEqual({ kind: "mrr", k: 5 });
    expect(parseMetricName("recall@100")).toEqual({ kind: "recall", k: 100 });
    expect(parseMetricName("map")).toEqual({ kind: "map", k: undefined });
    expect(parseMetricName("rp@5")).toEqual({ kind: "rp", k: 5 });
    expect(parseMetricName("p@10")).toEqual({ kind: "p", k: 10 });
  });

  it.each(["ndcg@0", "foo", "p", "NDCG@10", "ndcg@", "ndcg@1.5", "ndcg@-1", " mrr", "recall@10x", ""])("rejects %j with INVALID_INPUT", (name) => {
    expect(() => parseMetricName(name)).toThrow(InvalidInputError);
  });

  it("names the bad metric in the message, and evaluateQuery rejects it too", () => {
    expect(() => parseMetricName("ndcg@0")).toThrow(/unknown metric "ndcg@0"/);
    expect(() => evaluateQuery(ids("a"), qrels({ a: 1 }), ["mrr", "foo"])).toThrow(/"foo"/);
  });
});

describe("nDCG (hand-computed)", () => {
  it("works a small graded example through", () => {
    // qrels: h 3 (hire), i 2 (interview), x 1 (apply). Ranking x, n, h, i; cutoff 3.
    // DCG@3  = 1/log2(2) + 0/log2(3) + 3/log2(4)          = 1 + 0 + 1.5            = 2.5
    // IDCG@3 = 3/log2(2) + 2/log2(3) + 1/log2(4)          = 3 + 1.2618595 + 0.5    = 4.7618595
    // nDCG@3 = 2.5 / 4.7618595                                                       = 0.5250050
    // (i at rank 4 is past the cutoff and does not count.)
    const q = qrels({ h: 3, i: 2, x: 1 });
    const value = one(ids("x", "n", "h", "i"), q, "ndcg@3");
    expect(value).toBeCloseTo(2.5 / (3 + 2 / log2(3) + 0.5), 12);
    expect(value).toBeCloseTo(0.525005, 6);
  });

  it("is 1 for the ideal order and uses the whole ranking without a cutoff", () => {
    const q = qrels({ h: 3, i: 2, x: 1 });
    expect(one(ids("h", "i", "x", "n"), q, "ndcg@3")).toBeCloseTo(1, 12);
    // Full ranking: DCG = 1 + 0 + 1.5 + 2/log2(5); IDCG = 3 + 2/log2(3) + 0.5.
    expect(one(ids("x", "n", "h", "i"), q, "ndcg")).toBeCloseTo((2.5 + 2 / log2(5)) / (3.5 + 2 / log2(3)), 12);
  });

  it("cuts the ideal DCG at k even when more items are relevant", () => {
    // IDCG@1 is just the best gain, 3; a ranking starting with the 3 scores 1.
    expect(one(ids("h", "n"), qrels({ h: 3, i: 3, x: 1 }), "ndcg@1")).toBe(1);
    expect(one(ids("x", "h"), qrels({ h: 3, i: 3, x: 1 }), "ndcg@1")).toBeCloseTo(1 / 3, 12);
  });

  it("treats gains ≤ 0 as not relevant", () => {
    // a has gain −1: neither a penalty in DCG nor part of the ideal.
    expect(one(ids("a", "b"), qrels({ a: -1, b: 2 }), "ndcg@2")).toBeCloseTo(2 / log2(3) / 2, 12);
  });

  it("handles k larger than the list", () => {
    // Ranking holds b only (gain 1, rank 1); ideal holds b and c (gain 1 each).
    expect(one(ids("b"), qrels({ b: 1, c: 1 }), "ndcg@10")).toBeCloseTo(1 / (1 + 1 / log2(3)), 12);
  });
});

describe("MRR, recall, MAP, R-precision, P@k (hand-computed, no ties)", () => {
  const q = qrels({ r1: 1, r2: 2, r3: 1 });
  // Ranking: n1, r1, n2, r2; r3 is never retrieved.
  const ranking = ids("n1", "r1", "n2", "r2");

  it("MRR is 1 / rank of the first relevant item, with an optional cutoff", () => {
    expect(one(ranking, q, "mrr")).toBe(1 / 2);
    expect(one(ranking, q, "mrr@2")).toBe(1 / 2);
    expect(one(ranking, q, "mrr@1")).toBe(0);
    expect(one(ids("n1", "n2"), q, "mrr")).toBe(0);
  });

  it("recall counts unretrieved relevant items in the denominator", () => {
    expect(one(ranking, q, "recall@2")).toBeCloseTo(1 / 3, 12);
    expect(one(ranking, q, "recall@4")).toBeCloseTo(2 / 3, 12);
    expect(one(ranking, q, "recall")).toBeCloseTo(2 / 3, 12);
    expect(one(ranking, q, "recall@100")).toBeCloseTo(2 / 3, 12);
  });

  it("MAP averages precision at each relevant rank over all relevant items", () => {
    // r1 at rank 2: P = 1/2; r2 at rank 4: P = 2/4; r3 unretrieved: 0. AP = (0.5 + 0.5) / 3.
    expect(one(ranking, q, "map")).toBeCloseTo(1 / 3, 12);
    // map@3 keeps r1 only but still divides by all 3 relevant items.
    expect(one(ranking, q, "map@3")).toBeCloseTo(0.5 / 3, 12);
    // r, n, r with 3 relevant: (1 + 2/3) / 3.
    expect(one(ids("r1", "n1", "r2"), q, "map")).toBeCloseTo(5 / 9, 12);
  });

  it("R-precision divides by min(k, #relevant); plain rp cuts at #relevant", () => {
    expect(one(ranking, q, "rp@2")).toBeCloseTo(1 / 2, 12);
    expect(one(ranking, q, "rp@4")).toBeCloseTo(2 / 3, 12);
    expect(one(ids("r1", "r2", "r3", "n1"), q, "rp@10")).toBe(1);
    // rp: top 3 of the ranking hold r1 only.
    expect(one(ranking, q, "rp")).toBeCloseTo(1 / 3, 12);
  });

  it("P@k divides by k even when the list is shorter", () => {
    expect(one(ranking, q, "p@2")).toBe(1 / 2);
    expect(one(ranking, q, "p@4")).toBe(2 / 4);
    expect(one(ranking, q, "p@10")).toBe(2 / 10);
  });

  it("returns one value per requested name, names as given", () => {
    expect(Object.keys(evaluateQuery(ranking, q, ["ndcg@10", "mrr", "p@2"]))).toEqual(["ndcg@10", "mrr", "p@2"]);
  });
});

describe("queries with nothing relevant", () => {
  const all = ["ndcg@10", "ndcg", "mrr", "recall@10", "map", "map@5", "rp@5", "rp", "p@10"];

  it("score 0 on every metric, whether the qrels are empty or hold only gains ≤ 0", () => {
    for (const q of [qrels({}), qrels({ a: 0, b: -2 })]) {
      const values = evaluateQuery(ids("a", "b"), q, all);
      for (const m of all) expect(values[m], m).toBe(0);
      expect(hasRelevant(q)).toBe(false);
    }
    expect(hasRelevant(qrels({ a: 0, b: 0.5 }))).toBe(true);
  });

  it("an empty ranking scores 0 too", () => {
    const values = evaluateQuery([], qrels({ a: 1 }), all);
    for (const m of all) expect(values[m], m).toBe(0);
  });
});

describe("duplicate ids", () => {
  it("count only the first occurrence; later ones are dropped and the rest move up", () => {
    // a, a, b → a, b: b is at rank 2.
    expect(one(ids("a", "a", "b"), qrels({ b: 1 }), "mrr")).toBe(1 / 2);
    expect(one(ids("a", "a", "b"), qrels({ b: 1 }), "p@2")).toBe(1 / 2);
  });

  it("never count a relevant item twice", () => {
    const q = qrels({ b: 1, c: 1 });
    expect(one(ids("b", "b"), q, "recall@2")).toBe(1 / 2);
    expect(one(ids("b", "b"), q, "p@2")).toBe(1 / 2);
    expect(one(ids("b", "b"), qrels({ b: 1 }), "ndcg@2")).toBe(1);
    expect(one(ids("b", "b", "c"), q, "map")).toBe(1);
  });
});

describe("ties (expected value over random order within equal scores)", () => {
  const scored = (pairs: Array<[string, number]>): RankedItem[] => pairs.map(([id, score]) => ({ id, score }));

  it("nDCG gives every tied position the group's average gain", () => {
    // b (gain 2) and c (gain 0) tie at ranks 2–3: average gain 1 there.
    // DCG = 1/log2(3) + 1/log2(4); IDCG = 2/log2(2) = 2.
    const ranking = scored([["a", 0.9], ["b", 0.5], ["c", 0.5], ["d", 0.1]]);
    expect(one(ranking, qrels({ b: 2 }), "ndcg@10")).toBeCloseTo((1 / log2(3) + 0.5) / 2, 12);
    // Cutoff inside the group: only rank 2 counts.
    expect(one(ranking, qrels({ b: 2 }), "ndcg@2")).toBeCloseTo(1 / log2(3) / 2, 12);
  });

  it("recall, R-precision and P@k count a group straddling the cutoff pro rata", () => {
    // a | b c d tied at ranks 2–4 | e. Relevant: b, d, e (3).
    const ranking = scored([["a", 0.9], ["b", 0.5], ["c", 0.5], ["d", 0.5], ["e", 0.1]]);
    const q = qrels({ b: 1, d: 1, e: 1 });
    // k = 2: 1 of the group's 3 positions is inside, the group holds 2 relevant → 2/3 expected hits.
    expect(one(ranking, q, "recall@2")).toBeCloseTo(2 / 3 / 3, 12);
    expect(one(ranking, q, "p@2")).toBeCloseTo(2 / 3 / 2, 12);
    expect(one(ranking, q, "rp@2")).toBeCloseTo(2 / 3 / 2, 12);
    // k = 3: 2 of 3 positions inside → 4/3 expected hits.
    expect(one(ranking, q, "recall@3")).toBeCloseTo(4 / 3 / 3, 12);
    expect(one(ranking, q, "p@3")).toBeCloseTo(4 / 3 / 3, 12);
    // k = 5: everything is inside.
    expect(one(ranking, q, "recall@5")).toBe(1);
  });

  it("MRR is the expected reciprocal rank", () => {
    // One relevant among three tied items: (1 + 1/2 + 1/3) / 3.
    expect(one(scored([["a", 1], ["r", 1], ["b", 1]]), qrels({ r: 1 }), "mrr")).toBeCloseTo(11 / 18, 12);
    // Two relevant among three: orders RRN, RNR, NRR → 1, 1, 1/2 → 5/6.
    expect(one(scored([["a", 1], ["r", 1], ["s", 1]]), qrels({ r: 1, s: 1 }), "mrr")).toBeCloseTo(5 / 6, 12);
    // Cutoff 2 inside the group: (1 + 1/2 + 0) / 3.
    expect(one(scored([["a", 1], ["r", 1], ["b", 1]]), qrels({ r: 1 }), "mrr@2")).toBeCloseTo(1 / 2, 12);
    // Groups before the first relevant one only shift ranks: n | r, m tied → (1/2 + 1/3) / 2.
    expect(one(scored([["n", 2], ["r", 1], ["m", 1]]), qrels({ r: 1 }), "mrr")).toBeCloseTo(5 / 12, 12);
  });

  it("AP is the expected average precision", () => {
    // r and n tied, r the only relevant: r first (AP 1) or second (AP 1/2) → 3/4.
    expect(one(scored([["n", 1], ["r", 1]]), qrels({ r: 1 }), "map")).toBeCloseTo(3 / 4, 12);
    // x | r, s, n tied; relevant x, r, s. Orders of the group (each 1/6):
    // rsn, srn → (1 + 1 + 1)/3 = 1; rns, snr → (1 + 1 + 3/4)/3 = 11/12; nrs, nsr → (1 + 2/3 + 3/4)/3 = 29/36.
    // Mean = (1 + 11/12 + 29/36) / 3 = 49/54.
    const ranking = scored([["x", 2], ["r", 1], ["s", 1], ["n", 1]]);
    expect(one(ranking, qrels({ x: 1, r: 1, s: 1 }), "map")).toBeCloseTo(49 / 54, 12);
  });

  it("gives a constant-score ranking the metric of a random order, not of its listed order", () => {
    const q = qrels({ z: 1 });
    const listedFirst = scored([["z", 0], ["a", 0], ["b", 0], ["c", 0]]);
    const listedLast = scored([["a", 0], ["b", 0], ["c", 0], ["z", 0]]);
    expect(one(listedFirst, q, "mrr")).toBeCloseTo(one(listedLast, q, "mrr"), 12);
    expect(one(listedFirst, q, "p@1")).toBeCloseTo(1 / 4, 12);
  });

  it("only ties adjacent items that both carry equal scores", () => {
    const q = qrels({ r: 1 });
    expect(one(ids("n", "r"), q, "mrr")).toBe(1 / 2);
    expect(one([{ id: "n" }, { id: "r", score: 1 }], q, "mrr")).toBe(1 / 2);
    expect(one(scored([["n", 1], ["m", 0], ["r", 1]]), q, "mrr")).toBe(1 / 3);
    expect(one(scored([["n", NaN], ["r", NaN]]), q, "mrr")).toBe(1 / 2);
  });

  it("match brute-force enumeration of every order within the tied groups", () => {
    const rng = createRng(7);
    const metrics = ["ndcg", "ndcg@3", "mrr", "mrr@2", "recall@3", "map", "map@4", "rp", "rp@3", "p@2", "p@5"];
    for (let trial = 0; trial < 60; trial++) {
      const length = rng.int(1, 7);
      const ranking: RankedItem[] = [];
      const gains: Record<string, number> = {};
      let score = 10;
      for (let i = 0; i < length; i++) {
        if (rng.chance(0.4)) score--;
        ranking.push({ id: `d${i}`, score });
        if (rng.chance(0.5)) gains[`d${i}`] = rng.int(1, 3);
      }
      if (rng.chance(0.5)) gains.unretrieved = rng.int(1, 3);
      const q = qrels(gains);
      const expected = averageOverTiedOrders(ranking, q, metrics);
      const actual = evaluateQuery(ranking, q, metrics);
      for (const m of metrics) expect(actual[m], `trial ${trial} ${m}`).toBeCloseTo(expected[m]!, 10);
    }
  });
});

describe("input checks", () => {
  it("rejects non-finite gains", () => {
    expect(() => evaluateQuery(ids("a"), qrels({ a: NaN }), ["mrr"])).toThrow(InvalidInputError);
    expect(() => evaluateQuery(ids("a"), qrels({ a: Infinity }), ["mrr"])).toThrow(/finite/);
  });
});

/** Mean of each metric over every order of the tied groups, each order scored without scores. */
function averageOverTiedOrders(ranking: RankedItem[], q: Qrels, metrics: string[]): Record<string, number> {
  const groups: RankedItem[][] = [];
  for (const item of ranking) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[0]!.score === item.score) last.push(item);
    else groups.push([item]);
  }
  let orders: string[][] = [[]];
  for (const g of groups) {
    const next: string[][] = [];
    for (const prefix of orders) for (const perm of permutations(g.map((i) => i.id))) next.push([...prefix, ...perm]);
    orders = next;
  }
  const sums: Record<string, number> = Object.fromEntries(metrics.map((m) => [m, 0]));
  for (const order of orders) {
    const values = evaluateQuery(ids(...order), q, metrics);
    for (const m of metrics) sums[m]! += values[m]!;
  }
  for (const m of metrics) sums[m]! /= orders.length;
  return sums;
}

function permutations(xs: string[]): string[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}
