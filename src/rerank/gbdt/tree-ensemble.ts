/**
 * A gradient-boosted tree ensemble evaluated in-process: the serving half of the LambdaMART
 * reranker (training runs the XGBoost CLI, see `xgboost-cli.ts`; serving never needs XGBoost).
 *
 * Semantics follow XGBoost 1.7 exactly:
 * - a split node sends a row to `yes` when `float32(x[f]) < threshold`, to `no` otherwise, and to
 *   `missing` when `x[f]` is NaN (our feature vectors mark missing features with NaN);
 * - thresholds are float32 (XGBoost stores and compares in float32), so features are rounded to
 *   float32 before comparing; comparing a float64 feature would disagree at exact boundaries
 *   (0.1 < float32(0.1) is true in float64, false in XGBoost);
 * - the prediction is the margin `baseScore + Σ leaf values`, which is what `task=pred` outputs for
 *   `rank:ndcg` (identity transform). Leaves are summed in float64, so results can differ from
 *   XGBoost's float32 accumulation in the 7th significant digit.
 *
 * `contributions` is exact TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent Individualized Feature
 * Attribution for Tree Ensembles", Algorithm 2), in the form XGBoost implements it (`RegTree::TreeShap`)
 * but in float64: the Shapley values of the game "expected tree output when only the features in S
 * are known", where an unknown feature's split averages its children weighted by cover. A NaN
 * feature is known: its row follows the missing branch (the "hot" path), as in XGBoost.
 * One deliberate difference: a child's weight is `cover(child) / (cover(yes) + cover(no))` rather
 * than XGBoost's `cover(child) / cover(node)`; the two agree up to the float32 rounding of the dumped
 * covers, and ours always sums to one, so `base` is a true expectation.
 */
import { DimensionMismatchError, InvalidInputError } from "../../core/errors.js";

/** A split node. Child fields are indexes into the tree's node array. */
export interface TreeSplitNode {
  readonly kind: "split";
  /** Feature index, 0-based, `< featureCount`. */
  readonly feature: number;
  /** Rows with `float32(x[feature]) < threshold` go to `yes`. Rounded to float32 on construction. */
  readonly threshold: number;
  readonly yes: number;
  readonly no: number;
  /** Child for NaN (missing) values; always `yes` or `no`. */
  readonly missing: number;
  /** Training cover (sum of hessians) of the rows that reached this node; ≥ 0. */
  readonly cover: number;
}

export interface TreeLeafNode {
  readonly kind: "leaf";
  /** Added to the margin when a row ends here. */
  readonly value: number;
  /** Training cover (sum of hessians); ≥ 0. */
  readonly cover: number;
}

/** One node of a tree; a tree is an array of nodes whose root is index 0. */
export type TreeNode = TreeSplitNode | TreeLeafNode;

/** Per-feature additive explanation of one prediction: `base + Σ values = predict(x)`. */
export interface Contributions {
  /** `baseScore` plus each tree's expected (cover-weighted mean) output: the score of an unknown row. */
  base: number;
  /** Contribution of each feature (length `featureCount`); positive raises the score. */
  values: Float64Array;
}

/** A tree stored as parallel arrays; `feature[i] < 0` marks a leaf. */
interface FlatTree {
  feature: Int32Array;
  threshold: Float32Array;
  yes: Int32Array;
  no: Int32Array;
  missing: Int32Array;
  /** Leaf value (0 for splits). */
  value: Float64Array;
  /** Share of a split's cover going to `yes` / `no` (each in [0, 1], summing to 1). */
  yesFraction: Float64Array;
  noFraction: Float64Array;
  /** Cover-weighted mean output of the subtree under the root. */
  expected: number;
  depth: number;
}

export class TreeEnsemble {
  /** Number of features a row must have. */
  readonly featureCount: number;
  /** Added to every prediction (XGBoost's `base_score`). */
  readonly baseScore: number;
  /** `contributions(x).base`: the prediction for a row about which nothing is known. */
  readonly expectedValue: number;
  /** Depth of the deepest tree (a lone leaf has depth 0). */
  readonly maxDepth: number;
  private readonly trees: FlatTree[];
  /** Scratch row rounded to float32, reused by every call (evaluation is synchronous). */
  private readonly row: Float32Array;
  // TreeSHAP path storage, shared by all trees; XGBoost's layout: one segment per recursion level.
  private readonly pathFeature: Int32Array;
  private readonly pathZero: Float64Array;
  private readonly pathOne: Float64Array;
  private readonly pathWeight: Float64Array;
  /** reciprocal[i] = 1 / i: TreeSHAP's divisions by small integers become multiplications. */
  private readonly reciprocal: Float64Array;

  /**
   * @param trees each tree's nodes, root at index 0; every node must be reachable exactly once.
   * @param baseScore XGBoost's `base_score` (the margin every tree adds to).
   * @param featureCount length of the feature vectors; every split feature must be below it.
   */
  constructor(trees: readonly (readonly TreeNode[])[], baseScore: number, featureCount: number) {
    if (!Number.isSafeInteger(featureCount) || featureCount < 1) {
      throw new InvalidInputError(`TreeEnsemble: featureCount must be a positive integer, got ${featureCount}`);
    }
    if (!Number.isFinite(baseScore)) {
      throw new InvalidInputError(`TreeEnsemble: baseScore must be finite, got ${baseScore}`);
    }
    this.featureCount = featureCount;
    this.baseScore = baseScore;
    this.trees = trees.map((nodes, t) => flatten(nodes, t, featureCount));
    this.expectedValue = this.trees.reduce((sum, tree) => sum + tree.expected, baseScore);
    this.maxDepth = this.trees.reduce((max, tree) => Math.max(max, tree.depth), 0);
    this.row = new Float32Array(featureCount);
    // A node at depth d keeps a path of at most d + 1 elements in a segment starting at most at
    // (d + 1)(d + 2) / 2, so (D + 2)(D + 3) / 2 elements cover a tree of depth D.
    const size = ((this.maxDepth + 2) * (this.maxDepth + 3)) / 2;
    this.pathFeature = new Int32Array(size);
    this.pathZero = new Float64Array(size);
    this.pathOne = new Float64Array(size);
    this.pathWeight = new Float64Array(size);
    this.reciprocal = Float64Array.from({ length: this.maxDepth + 3 }, (_, i) => (i === 0 ? 0 : 1 / i));
  }

  get treeCount(): number {
    return this.trees.length;
  }

  /** The margin `baseScore + Σ leaf values` (higher is better). NaN features are missing. */
  predict(x: ArrayLike<number>): number {
    const row = this.load(x, "predict");
    let sum = this.baseScore;
    for (const tree of this.trees) sum += tree.value[leafOf(tree, row)] ?? 0;
    return sum;
  }

  /** Exact TreeSHAP values: `base + Σ values` equals `predict(x)` up to float64 rounding. */
  contributions(x: ArrayLike<number>): Contributions {
    const row = this.load(x, "contributions");
    const values = new Float64Array(this.featureCount);
    for (const tree of this.trees) {
      // The root's path holds one dummy element (feature -1) that never receives credit.
      this.shap(tree, row, values, 0, 0, 0, 1, 1, -1);
    }
    return { base: this.expectedValue, values };
  }

  private load(x: ArrayLike<number>, op: string): Float32Array {
    if (x.length !== this.featureCount) {
      throw new DimensionMismatchError(
        `TreeEnsemble.${op}: row has ${x.length} features, the model expects ${this.featureCount}; ` +
          `extract features with the extractor the model was trained with`,
      );
    }
    // Float32Array.set rounds like Math.fround and keeps NaN.
    this.row.set(x);
    return this.row;
  }

  /**
   * One node of XGBoost's `RegTree::TreeShap` with `condition = 0`. The path of this call lives in
   * the segment starting at `parentStart + depth + 1`; `depth` is the number of real elements.
   * Hot loops use `!`: every index is inside arrays sized for the deepest tree.
   */
  private shap(
    tree: FlatTree,
    row: Float32Array,
    phi: Float64Array,
    node: number,
    depth: number,
    parentStart: number,
    zeroFraction: number,
    oneFraction: number,
    feature: number,
  ): void {
    const start = parentStart + depth + 1;
    const pf = this.pathFeature;
    const pz = this.pathZero;
    const po = this.pathOne;
    const pw = this.pathWeight;
    // Paths are short; a loop beats four copyWithin calls.
    for (let i = 0; i < depth; i++) {
      pf[start + i] = pf[parentStart + i]!;
      pz[start + i] = pz[parentStart + i]!;
      po[start + i] = po[parentStart + i]!;
      pw[start + i] = pw[parentStart + i]!;
    }
    this.extendPath(start, depth, zeroFraction, oneFraction, feature);

    const split = tree.feature[node]!;
    if (split < 0) {
      const leaf = tree.value[node]!;
      for (let i = 1; i <= depth; i++) {
        const w = this.unwoundPathSum(start, depth, i);
        const f = pf[start + i]!;
        phi[f]! += w * (po[start + i]! - pz[start + i]!) * leaf;
      }
      return;
    }

    const yes = tree.yes[node]!;
    const no = tree.no[node]!;
    const hot = nextNode(tree, node, row[split]!);
    const cold = hot === yes ? no : yes;
    const hotZero = hot === yes ? tree.yesFraction[node]! : tree.noFraction[node]!;
    const coldZero = 1 - hotZero;
    let incomingZero = 1;
    let incomingOne = 1;
    let d = depth;
    // A feature already on the path is unwound and re-added with the fractions of both splits.
    let k = 0;
    while (k <= d && pf[start + k] !== split) k++;
    if (k <= d) {
      incomingZero = pz[start + k]!;
      incomingOne = po[start + k]!;
      this.unwindPath(start, d, k);
      d -= 1;
    }
    // A branch no feature subset can reach (both fractions 0) adds nothing.
    if (hotZero * incomingZero !== 0 || incomingOne !== 0) {
      this.shap(tree, row, phi, hot, d + 1, start, hotZero * incomingZero, incomingOne, split);
    }
    if (coldZero * incomingZero !== 0) this.shap(tree, row, phi, cold, d + 1, start, coldZero * incomingZero, 0, split);
  }

  private extendPath(start: number, depth: number, zeroFraction: number, oneFraction: number, feature: number): void {
    const pw = this.pathWeight;
    const inv = this.reciprocal[depth + 1]!;
    this.pathFeature[start + depth] = feature;
    this.pathZero[start + depth] = zeroFraction;
    this.pathOne[start + depth] = oneFraction;
    pw[start + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      const w = pw[start + i]!;
      pw[start + i + 1]! += oneFraction * w * (i + 1) * inv;
      pw[start + i] = zeroFraction * w * (depth - i) * inv;
    }
  }

  private unwindPath(start: number, depth: number, index: number): void {
    const pw = this.pathWeight;
    const rec = this.reciprocal;
    const one = this.pathOne[start + index]!;
    const zero = this.pathZero[start + index]!;
    let nextOne = pw[start + depth]!;
    if (one !== 0) {
      const invOne = 1 / one;
      const invDepth = rec[depth + 1]!;
      for (let i = depth - 1; i >= 0; i--) {
        const tmp = pw[start + i]!;
        const w = nextOne * (depth + 1) * rec[i + 1]! * invOne;
        pw[start + i] = w;
        nextOne = tmp - w * zero * (depth - i) * invDepth;
      }
    } else {
      const invZero = 1 / zero;
      for (let i = depth - 1; i >= 0; i--) pw[start + i] = pw[start + i]! * (depth + 1) * rec[depth - i]! * invZero;
    }
    const pf = this.pathFeature;
    const pz = this.pathZero;
    const po = this.pathOne;
    for (let i = start + index; i < start + depth; i++) {
      pf[i] = pf[i + 1]!;
      pz[i] = pz[i + 1]!;
      po[i] = po[i + 1]!;
    }
  }

  /** Total permutation weight of the path with element `index` removed (without modifying it). */
  private unwoundPathSum(start: number, depth: number, index: number): number {
    const pw = this.pathWeight;
    const rec = this.reciprocal;
    const one = this.pathOne[start + index]!;
    const zero = this.pathZero[start + index]!;
    let total = 0;
    if (one !== 0) {
      const invOne = 1 / one;
      const invDepth = rec[depth + 1]!;
      let nextOne = pw[start + depth]!;
      for (let i = depth - 1; i >= 0; i--) {
        const tmp = nextOne * (depth + 1) * rec[i + 1]! * invOne;
        total += tmp;
        nextOne = pw[start + i]! - tmp * zero * (depth - i) * invDepth;
      }
    } else if (zero !== 0) {
      for (let i = depth - 1; i >= 0; i--) total += pw[start + i]! * (depth + 1) * rec[depth - i]!;
      total /= zero;
    }
    return total;
  }
}

function nextNode(tree: FlatTree, node: number, value: number): number {
  if (Number.isNaN(value)) return tree.missing[node] ?? 0;
  return value < (tree.threshold[node] ?? 0) ? (tree.yes[node] ?? 0) : (tree.no[node] ?? 0);
}

function leafOf(tree: FlatTree, row: Float32Array): number {
  const { feature, threshold, yes, no, missing } = tree;
  let node = 0;
  let f = feature[0] ?? -1;
  while (f >= 0) {
    const v = row[f] ?? Number.NaN;
    // `v !== v` is the NaN test; this loop is the serving hot path.
    node = (v !== v ? missing[node] : v < (threshold[node] ?? 0) ? yes[node] : no[node]) ?? 0;
    f = feature[node] ?? -1;
  }
  return node;
}

/** Validates one tree and lays it out as arrays. */
function flatten(nodes: readonly TreeNode[], t: number, featureCount: number): FlatTree {
  const n = nodes.length;
  const where = (i: number): string => `TreeEnsemble: tree ${t} node ${i}`;
  if (n === 0) throw new InvalidInputError(`TreeEnsemble: tree ${t} has no nodes`);
  const tree: FlatTree = {
    feature: new Int32Array(n),
    threshold: new Float32Array(n),
    yes: new Int32Array(n),
    no: new Int32Array(n),
    missing: new Int32Array(n),
    value: new Float64Array(n),
    yesFraction: new Float64Array(n),
    noFraction: new Float64Array(n),
    expected: 0,
    depth: 0,
  };
  const covers = new Float64Array(n);
  nodes.forEach((node, i) => {
    if (!Number.isFinite(node.cover) || node.cover < 0) {
      throw new InvalidInputError(`${where(i)}: cover must be a finite number ≥ 0, got ${node.cover}`);
    }
    covers[i] = node.cover;
    if (node.kind === "leaf") {
      if (!Number.isFinite(node.value)) {
        throw new InvalidInputError(`${where(i)}: leaf value must be finite, got ${node.value}`);
      }
      tree.feature[i] = -1;
      tree.value[i] = node.value;
      return;
    }
    if (!Number.isInteger(node.feature) || node.feature < 0 || node.feature >= featureCount) {
      throw new InvalidInputError(`${where(i)}: split on feature ${node.feature} but the model has ${featureCount} features`);
    }
    if (Number.isNaN(node.threshold)) throw new InvalidInputError(`${where(i)}: threshold is NaN`);
    for (const [name, child] of [["yes", node.yes], ["no", node.no], ["missing", node.missing]] as const) {
      if (!Number.isInteger(child) || child <= 0 || child >= n || child === i) {
        throw new InvalidInputError(`${where(i)}: ${name} child ${child} is not a node index in 1..${n - 1}`);
      }
    }
    if (node.yes === node.no) throw new InvalidInputError(`${where(i)}: yes and no are both node ${node.yes}`);
    if (node.missing !== node.yes && node.missing !== node.no) {
      throw new InvalidInputError(`${where(i)}: missing child ${node.missing} is neither yes (${node.yes}) nor no (${node.no})`);
    }
    tree.feature[i] = node.feature;
    tree.threshold[i] = node.threshold;
    tree.yes[i] = node.yes;
    tree.no[i] = node.no;
    tree.missing[i] = node.missing;
  });

  // Walk from the root: every node must be reached exactly once (a tree, no cycles, no orphans).
  const order: number[] = [];
  const depthOf = new Int32Array(n);
  const seen = new Uint8Array(n);
  const stack = [0];
  seen[0] = 1;
  while (stack.length > 0) {
    const i = stack.pop() ?? 0;
    order.push(i);
    if ((tree.feature[i] ?? -1) < 0) continue;
    for (const child of [tree.yes[i] ?? 0, tree.no[i] ?? 0]) {
      if (seen[child]) throw new InvalidInputError(`${where(i)}: child ${child} is reached twice (not a tree)`);
      seen[child] = 1;
      depthOf[child] = (depthOf[i] ?? 0) + 1;
      stack.push(child);
    }
  }
  if (order.length !== n) {
    const orphan = seen.findIndex((s) => s === 0);
    throw new InvalidInputError(`TreeEnsemble: tree ${t} node ${orphan} is not reachable from the root`);
  }

  // Children before parents: fractions, expected values and depth bottom-up.
  const expected = new Float64Array(n);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k] ?? 0;
    tree.depth = Math.max(tree.depth, depthOf[i] ?? 0);
    if ((tree.feature[i] ?? -1) < 0) {
      expected[i] = tree.value[i] ?? 0;
      continue;
    }
    const yes = tree.yes[i] ?? 0;
    const no = tree.no[i] ?? 0;
    const total = (covers[yes] ?? 0) + (covers[no] ?? 0);
    // Two empty children (possible with min_child_weight = 0) are weighted equally.
    const fy = total > 0 ? (covers[yes] ?? 0) / total : 0.5;
    tree.yesFraction[i] = fy;
    tree.noFraction[i] = 1 - fy;
    expected[i] = fy * (expected[yes] ?? 0) + (1 - fy) * (expected[no] ?? 0);
  }
  tree.expected = expected[0] ?? 0;
  return tree;
}
