/**
 * TreeEnsemble (prediction, NaN routing, float32 thresholds, exact TreeSHAP) and parseXgboostDump.
 *
 * Hand-checked fixture, base score 0.5, two features:
 *   tree A: f0 < 0.5 ? (f1 < 2 ? -1 : 0.5) : 1      missing: f0 → no (1), f1 → yes (-1)
 *           covers: root 10, left 6 (leaves 4 and 2), right 4
 *   tree B: f1 < 1 ? 0.2 : -0.3                      missing → yes; covers 3 and 7
 * Expected values: A = 0.6·(4/6·(−1) + 2/6·0.5) + 0.4·1 = 0.1, B = 0.3·0.2 + 0.7·(−0.3) = −0.15,
 * so base = 0.5 + 0.1 − 0.15 = 0.45.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DimensionMismatchError, InvalidInputError, ModelMismatchError } from "../../../src/core/errors.js";
import { TreeEnsemble, type TreeNode } from "../../../src/rerank/gbdt/tree-ensemble.js";
import { parseXgboostDump } from "../../../src/rerank/gbdt/xgboost-dump.js";

const TREE_A: TreeNode[] = [
  { kind: "split", feature: 0, threshold: 0.5, yes: 1, no: 2, missing: 2, cover: 10 },
  { kind: "split", feature: 1, threshold: 2, yes: 3, no: 4, missing: 3, cover: 6 },
  { kind: "leaf", value: 1, cover: 4 },
  { kind: "leaf", value: -1, cover: 4 },
  { kind: "leaf", value: 0.5, cover: 2 },
];
const TREE_B: TreeNode[] = [
  { kind: "split", feature: 1, threshold: 1, yes: 1, no: 2, missing: 1, cover: 10 },
  { kind: "leaf", value: 0.2, cover: 3 },
  { kind: "leaf", value: -0.3, cover: 7 },
];
const model = new TreeEnsemble([TREE_A, TREE_B], 0.5, 2);

const sum = (values: ArrayLike<number>): number => Array.from(values).reduce((a, b) => a + b, 0);

describe("TreeEnsemble.predict (hand-checked)", () => {
  it.each([
    { x: [0.2, 1.5], expected: 0.5 - 1 - 0.3, path: "A: yes, yes; B: no" },
    { x: [0.7, 0.5], expected: 0.5 + 1 + 0.2, path: "A: no; B: yes" },
    { x: [0.5, 2], expected: 0.5 + 1 - 0.3, path: "x equal to the threshold goes to no" },
    { x: [-3, 5], expected: 0.5 + 0.5 - 0.3, path: "A: yes, no; B: no" },
  ])("$x → $expected ($path)", ({ x, expected }) => {
    expect(model.predict(x)).toBeCloseTo(expected, 12);
    expect(model.predict(Float64Array.from(x))).toBeCloseTo(expected, 12);
  });

  it("sends NaN to each node's missing child, whether that is yes or no", () => {
    // A's root sends missing f0 to no (leaf 1); A's inner node and B send missing f1 to yes.
    expect(model.predict([Number.NaN, 5])).toBeCloseTo(0.5 + 1 - 0.3, 12);
    expect(model.predict([0.2, Number.NaN])).toBeCloseTo(0.5 - 1 + 0.2, 12);
    expect(model.predict([Number.NaN, Number.NaN])).toBeCloseTo(0.5 + 1 + 0.2, 12);
  });

  it("rounds features to float32 before comparing with the float32 threshold", () => {
    const stump = new TreeEnsemble(
      [
        [
          { kind: "split", feature: 0, threshold: 0.1, yes: 1, no: 2, missing: 1, cover: 2 },
          { kind: "leaf", value: -1, cover: 1 },
          { kind: "leaf", value: 1, cover: 1 },
        ],
      ],
      0,
      1,
    );
    const threshold = Math.fround(0.1); // 0.10000000149…, what XGBoost stores
    expect(0.1 < threshold).toBe(true); // a float64 comparison would say "yes"
    expect(stump.predict([0.1])).toBe(1); // XGBoost reads 0.1 as float32(0.1): not < threshold
    expect(stump.predict([threshold])).toBe(1);
    const below = threshold - 2 ** -27; // the float32 just below
    expect(Math.fround(below)).toBe(below);
    expect(stump.predict([below])).toBe(-1);
    // A float64 just below the threshold that rounds up to it goes to no as well.
    expect(stump.predict([threshold - 2 ** -40])).toBe(1);
    const c = stump.contributions([0.1]);
    expect(c.base + sum(c.values)).toBeCloseTo(1, 12);
  });

  it("rejects rows of the wrong length", () => {
    expect(() => model.predict([1])).toThrow(DimensionMismatchError);
    expect(() => model.contributions([1, 2, 3])).toThrow(DimensionMismatchError);
  });

  it("a tree that is a single leaf adds its value", () => {
    const m = new TreeEnsemble([[{ kind: "leaf", value: 0.25, cover: 3 }], TREE_B], 1, 2);
    expect(m.predict([0, 0])).toBeCloseTo(1.45, 12);
    expect(m.contributions([0, 0]).base).toBeCloseTo(1 + 0.25 - 0.15, 12);
  });
});

describe("TreeEnsemble.contributions (hand-checked)", () => {
  it("base is baseScore plus each tree's cover-weighted mean output", () => {
    expect(model.expectedValue).toBeCloseTo(0.45, 12);
    expect(model.contributions([0.7, 0.5]).base).toBeCloseTo(0.45, 12);
  });

  it("matches Shapley values computed by hand", () => {
    // Tree A at x = (0.7, 0.5): v(∅) = 0.1, v({0}) = 1, v({1}) = 0.6·(−1) + 0.4·1 = −0.2, v({0,1}) = 1;
    // φ0 = ½(0.9 + 1.2) = 1.05, φ1 = ½(−0.3 + 0) = −0.15. Tree B: φ1 = 0.2 − (−0.15) = 0.35.
    const c = model.contributions([0.7, 0.5]);
    expect(c.values[0]).toBeCloseTo(1.05, 12);
    expect(c.values[1]).toBeCloseTo(0.2, 12);
    expect(c.base + sum(c.values)).toBeCloseTo(model.predict([0.7, 0.5]), 12);
  });

  it("a NaN feature is known: it follows the missing branch and gets credit for it", () => {
    // Tree A with f0 missing goes to leaf 1 exactly as f0 ≥ 0.5 would.
    const missing = model.contributions([Number.NaN, 0.5]);
    const present = model.contributions([0.7, 0.5]);
    expect(Array.from(missing.values)).toEqual(Array.from(present.values));
  });
});

// ---- Property tests against brute-force Shapley values -------------------------------------

/** A tree as nested objects, the shape fast-check generates. */
type Spec = { leaf: number; cover: number } | { feature: number; threshold: number; missingYes: boolean; yes: Spec; no: Spec };

const THRESHOLDS = [-0.5, 0, 0.1, 0.25, 0.5, 1] as const;

function specs(featureCount: number, maxDepth: number): fc.Arbitrary<Spec> {
  const { tree } = fc.letrec<{ tree: Spec; leaf: Spec; split: Spec }>((tie) => ({
    tree: fc.oneof({ maxDepth, depthIdentifier: "tree" }, tie("leaf"), tie("split"), tie("split")),
    leaf: fc.record({
      leaf: fc.double({ min: -2, max: 2, noNaN: true }),
      // Zero covers occur (min_child_weight = 0) and must not break the attribution.
      cover: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 10, noNaN: true })),
    }),
    split: fc.record({
      feature: fc.integer({ min: 0, max: featureCount - 1 }),
      threshold: fc.constantFrom(...THRESHOLDS),
      missingYes: fc.boolean(),
      yes: tie("tree"),
      no: tie("tree"),
    }),
  }));
  return tree;
}

/** Flattens a spec; a split's cover is the sum of its children's, as in XGBoost. */
function flatten(spec: Spec): TreeNode[] {
  const nodes: TreeNode[] = [];
  const visit = (s: Spec): number => {
    const index = nodes.length;
    if ("leaf" in s) {
      nodes.push({ kind: "leaf", value: s.leaf, cover: s.cover });
      return index;
    }
    nodes.push({ kind: "leaf", value: 0, cover: 0 }); // replaced below
    const yes = visit(s.yes);
    const no = visit(s.no);
    const cover = (nodes[yes]?.cover ?? 0) + (nodes[no]?.cover ?? 0);
    nodes[index] = { kind: "split", feature: s.feature, threshold: s.threshold, yes, no, missing: s.missingYes ? yes : no, cover };
    return index;
  };
  visit(spec);
  return nodes;
}

/** Expected output given only the features in `known`: unknown splits average their children by cover. */
function conditionalExpectation(nodes: TreeNode[], i: number, x: number[], known: Set<number>): number {
  const node = nodes[i];
  if (!node) throw new Error(`no node ${i}`);
  if (node.kind === "leaf") return node.value;
  if (known.has(node.feature)) {
    const v = x[node.feature] ?? Number.NaN;
    const next = Number.isNaN(v) ? node.missing : Math.fround(v) < Math.fround(node.threshold) ? node.yes : node.no;
    return conditionalExpectation(nodes, next, x, known);
  }
  const cy = nodes[node.yes]?.cover ?? 0;
  const cn = nodes[node.no]?.cover ?? 0;
  const wy = cy + cn > 0 ? cy / (cy + cn) : 0.5;
  return wy * conditionalExpectation(nodes, node.yes, x, known) + (1 - wy) * conditionalExpectation(nodes, node.no, x, known);
}

/** Exact Shapley values by enumerating all subsets. */
function bruteForceShapley(trees: TreeNode[][], baseScore: number, x: number[]): { base: number; values: number[] } {
  const n = x.length;
  const value = (mask: number): number => {
    const known = new Set<number>();
    for (let f = 0; f < n; f++) if (mask & (1 << f)) known.add(f);
    return trees.reduce((s, t) => s + conditionalExpectation(t, 0, x, known), baseScore);
  };
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const values = Array.from({ length: n }, (_, i) => {
    let phi = 0;
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let f = 0; f < n; f++) if (mask & (1 << f)) size++;
      const weight = (factorial(size) * factorial(n - size - 1)) / factorial(n);
      phi += weight * (value(mask | (1 << i)) - value(mask));
    }
    return phi;
  });
  return { base: value(0), values };
}

const cases = fc.integer({ min: 1, max: 5 }).chain((featureCount) =>
  fc.record({
    featureCount: fc.constant(featureCount),
    trees: fc.array(specs(featureCount, 6), { minLength: 1, maxLength: 3 }),
    baseScore: fc.double({ min: -1, max: 1, noNaN: true }),
    rows: fc.array(
      fc.array(
        fc.oneof(fc.constant(Number.NaN), fc.constantFrom(...THRESHOLDS), fc.double({ min: -1, max: 1.5, noNaN: true })),
        { minLength: featureCount, maxLength: featureCount },
      ),
      { minLength: 1, maxLength: 4 },
    ),
  }),
);

describe("TreeEnsemble.contributions (properties)", () => {
  it("base + Σ contributions = predict(x) for random trees and rows", () => {
    fc.assert(
      fc.property(cases, ({ featureCount, trees, baseScore, rows }) => {
        const m = new TreeEnsemble(trees.map(flatten), baseScore, featureCount);
        for (const x of rows) {
          const c = m.contributions(x);
          expect(c.values).toHaveLength(featureCount);
          expect(Math.abs(c.base + sum(c.values) - m.predict(x))).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("equals brute-force Shapley values (all feature subsets) on random trees with ≤ 5 features", () => {
    fc.assert(
      fc.property(cases, ({ featureCount, trees, baseScore, rows }) => {
        const flat = trees.map(flatten);
        const m = new TreeEnsemble(flat, baseScore, featureCount);
        for (const x of rows) {
          const exact = bruteForceShapley(flat, baseScore, x);
          const c = m.contributions(x);
          expect(c.base).toBeCloseTo(exact.base, 9);
          Array.from(c.values).forEach((v, f) => expect(v).toBeCloseTo(exact.values[f] ?? Number.NaN, 9));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("brute force agrees with predict when every feature is known (the reference is sound)", () => {
    fc.assert(
      fc.property(cases, ({ featureCount, trees, baseScore, rows }) => {
        const flat = trees.map(flatten);
        const m = new TreeEnsemble(flat, baseScore, featureCount);
        const all = new Set(Array.from({ length: featureCount }, (_, f) => f));
        for (const x of rows) {
          const full = flat.reduce((s, t) => s + conditionalExpectation(t, 0, x, all), baseScore);
          expect(full).toBeCloseTo(m.predict(x), 12);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("TreeEnsemble construction", () => {
  const leaf = (value = 0, cover = 1): TreeNode => ({ kind: "leaf", value, cover });
  const split = (over: Partial<Extract<TreeNode, { kind: "split" }>> = {}): TreeNode => ({
    kind: "split",
    feature: 0,
    threshold: 0,
    yes: 1,
    no: 2,
    missing: 1,
    cover: 2,
    ...over,
  });

  it.each([
    { name: "a split feature beyond featureCount", trees: [[split({ feature: 2 }), leaf(), leaf()]], message: /split on feature 2 but the model has 2 features/ },
    { name: "a child index out of range", trees: [[split({ no: 3 }), leaf(), leaf()]], message: /no child 3/ },
    { name: "a missing child that is neither yes nor no", trees: [[split({ yes: 1, no: 2, missing: 3 }), leaf(), leaf(), leaf()]], message: /missing child 3/ },
    { name: "a node reached twice", trees: [[split({ yes: 1, no: 2 }), split({ yes: 2, no: 3, missing: 2 }), leaf(), leaf()]], message: /reached twice/ },
    { name: "an orphan node", trees: [[split(), leaf(), leaf(), leaf()]], message: /node 3 is not reachable/ },
    { name: "a negative cover", trees: [[leaf(1, -1)]], message: /cover/ },
    { name: "an empty tree", trees: [[]], message: /no nodes/ },
  ])("rejects $name", ({ trees, message }) => {
    expect(() => new TreeEnsemble(trees, 0, 2)).toThrow(InvalidInputError);
    expect(() => new TreeEnsemble(trees, 0, 2)).toThrow(message);
  });

  it("an empty ensemble predicts the base score", () => {
    const m = new TreeEnsemble([], 0.5, 3);
    expect(m.predict([1, 2, 3])).toBe(0.5);
    expect(m.contributions([1, 2, 3])).toEqual({ base: 0.5, values: new Float64Array(3) });
  });
});

// ---- parseXgboostDump ------------------------------------------------------------------------

/** Tree A above as XGBoost 1.7 dumps it (JSON, dump_stats=1); node 2's id is 5 to mimic pruning gaps. */
function dumpA(): Record<string, unknown> {
  return {
    nodeid: 0, depth: 0, split: "0", split_condition: 0.5, yes: 1, no: 5, missing: 5, gain: 3.2, cover: 10,
    children: [
      {
        nodeid: 1, depth: 1, split: "f1", split_condition: 2, yes: 3, no: 4, missing: 3, gain: 1.1, cover: 6,
        children: [
          { nodeid: 3, leaf: -1, cover: 4 },
          { nodeid: 4, leaf: 0.5, cover: 2 },
        ],
      },
      { nodeid: 5, leaf: 1, cover: 4 },
    ],
  };
}
const DUMP_B = {
  nodeid: 0, depth: 0, split: "1", split_condition: 1, yes: 2, no: 1, missing: 2, gain: 1, cover: 10,
  // Children listed no-first, as XGBoost may order them.
  children: [
    { nodeid: 1, leaf: -0.3, cover: 7 },
    { nodeid: 2, leaf: 0.2, cover: 3 },
  ],
};

describe("parseXgboostDump", () => {
  it("builds the same model as the hand-built trees, accepting 'f1' and '1' feature names", () => {
    const parsed = parseXgboostDump([dumpA(), DUMP_B], { featureCount: 2, baseScore: 0.5 });
    for (const x of [[0.2, 1.5], [0.7, 0.5], [Number.NaN, 5], [0.2, Number.NaN], [0.5, 2]]) {
      expect(parsed.predict(x)).toBeCloseTo(model.predict(x), 12);
      const expected = model.contributions(x).values;
      parsed.contributions(x).values.forEach((v, f) => expect(v).toBeCloseTo(expected[f] ?? Number.NaN, 12));
    }
    expect(parsed.expectedValue).toBeCloseTo(0.45, 12);
  });

  const mutate = (change: (tree: Record<string, unknown>) => void): unknown[] => {
    const tree = dumpA();
    change(tree);
    return [DUMP_B, tree];
  };
  const child = (tree: Record<string, unknown>, i: number): Record<string, unknown> =>
    (tree.children as Record<string, unknown>[])[i] as Record<string, unknown>;

  it("names the tree and node of a feature beyond featureCount (ModelMismatchError)", () => {
    const json = mutate((t) => (child(t, 0).split = "f40"));
    expect(() => parseXgboostDump(json, { featureCount: 38, baseScore: 0.5 })).toThrow(ModelMismatchError);
    expect(() => parseXgboostDump(json, { featureCount: 38, baseScore: 0.5 })).toThrow(/tree 1 node 1: split on f40 but the model has 38 features/);
  });

  it.each([
    { name: "not an array", json: {}, message: /expected an array of trees/ },
    { name: "no cover (dumped without stats)", json: mutate((t) => delete child(t, 1).cover), message: /tree 1 node 5: no 'cover'.*dump_stats=1/ },
    { name: "a feature-map name", json: mutate((t) => (t.split = "skill_overlap")), message: /tree 1 node 0: 'split' "skill_overlap" is not a feature index/ },
    { name: "a yes pointing outside the tree", json: mutate((t) => (t.yes = 9)), message: /tree 1 node 0: 'yes' points to node 9/ },
    { name: "missing equal to neither child", json: mutate((t) => (child(t, 0).missing = 5)), message: /tree 1 node 1: 'missing'/ },
    { name: "yes not among the children", json: mutate((t) => (t.yes = 3)), message: /tree 1 node 0: 'yes' \(3\) and 'no' \(5\) must be its two children/ },
    { name: "one child", json: mutate((t) => (t.children = [child(t, 0)])), message: /tree 1 node 0: a split needs exactly 2 'children'/ },
    { name: "a duplicate nodeid", json: mutate((t) => (child(t, 1).nodeid = 1)), message: /duplicate nodeid/ },
    { name: "a non-numeric leaf", json: mutate((t) => (child(t, 1).leaf = "1")), message: /tree 1 node 5: 'leaf' must be a finite number/ },
    { name: "a categorical split", json: mutate((t) => (t.split_condition = [1, 2])), message: /'split_condition' must be a number/ },
  ])("rejects $name with the tree and node", ({ json, message }) => {
    expect(() => parseXgboostDump(json, { featureCount: 2, baseScore: 0.5 })).toThrow(InvalidInputError);
    expect(() => parseXgboostDump(json, { featureCount: 2, baseScore: 0.5 })).toThrow(message);
  });
});
