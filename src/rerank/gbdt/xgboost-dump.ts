/**
 * Reads XGBoost's JSON model dump (`task=dump dump_format=json dump_stats=1`) into a TreeEnsemble.
 *
 * The dump is an array with one nested object per tree:
 * split `{ nodeid, depth, split, split_condition, yes, no, missing, gain, cover, children: [a, b] }`,
 * leaf `{ nodeid, leaf, cover }`. Node ids can have gaps (pruned nodes are not dumped), so nodes are
 * renumbered densely, root first. `split` is the feature index: XGBoost 1.7 writes a bare index
 * ("12") in JSON dumps and "f12" in text dumps; both are accepted, feature-map names are not.
 * The dump carries neither `base_score` nor the feature count; the caller passes both.
 */
import { InvalidInputError, ModelMismatchError } from "../../core/errors.js";
import { TreeEnsemble, type TreeNode } from "./tree-ensemble.js";

export interface ParseXgboostDumpOptions {
  /** Length of the feature vectors the model was trained on. */
  featureCount: number;
  /** XGBoost's `base_score` for the model (not part of the dump). */
  baseScore: number;
}

const OP = "parseXgboostDump";

export function parseXgboostDump(json: unknown, opts: ParseXgboostDumpOptions): TreeEnsemble {
  if (!Array.isArray(json)) {
    throw new InvalidInputError(`${OP}: expected an array of trees (dump_format=json), got ${describe(json)}`);
  }
  if (!Number.isSafeInteger(opts.featureCount) || opts.featureCount < 1) {
    throw new InvalidInputError(`${OP}: featureCount must be a positive integer, got ${opts.featureCount}`);
  }
  if (!Number.isFinite(opts.baseScore)) {
    throw new InvalidInputError(`${OP}: baseScore must be finite, got ${opts.baseScore}`);
  }
  const trees = (json as unknown[]).map((root, t) => parseTree(root, t, opts.featureCount));
  return new TreeEnsemble(trees, opts.baseScore, opts.featureCount);
}

interface Pending {
  raw: Record<string, unknown>;
  /** Dense index of this node. */
  index: number;
  /** Where this node was expected (for messages about malformed children). */
  path: string;
}

function parseTree(root: unknown, t: number, featureCount: number): TreeNode[] {
  const nodes: TreeNode[] = [];
  const idToIndex = new Map<number, number>();
  // Splits are resolved after all their children have been numbered.
  const splits: { index: number; at: string; raw: Record<string, unknown> }[] = [];

  const rootObj = asObject(root, `tree ${t}`);
  const stack: Pending[] = [{ raw: rootObj, index: 0, path: `tree ${t} root` }];
  let next = 1;
  nodes.length = 1;
  while (stack.length > 0) {
    const { raw, index, path } = stack.pop() as Pending;
    const id = raw.nodeid;
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) {
      throw new InvalidInputError(`${OP}: ${path}: 'nodeid' must be a non-negative integer, got ${describe(id)}`);
    }
    const at = `tree ${t} node ${id}`;
    if (idToIndex.has(id)) throw new InvalidInputError(`${OP}: ${at}: duplicate nodeid`);
    idToIndex.set(id, index);
    const cover = raw.cover;
    if (cover === undefined) {
      throw new InvalidInputError(`${OP}: ${at}: no 'cover'; dump the model with statistics (dump_stats=1)`);
    }
    const coverValue = finiteNumber(cover, `${at}: 'cover'`);
    if (coverValue < 0) throw new InvalidInputError(`${OP}: ${at}: negative cover ${coverValue}`);

    if ("leaf" in raw) {
      if ("children" in raw) throw new InvalidInputError(`${OP}: ${at}: has both 'leaf' and 'children'`);
      nodes[index] = { kind: "leaf", value: finiteNumber(raw.leaf, `${at}: 'leaf'`), cover: coverValue };
      continue;
    }
    const children = raw.children;
    if (!Array.isArray(children) || children.length !== 2) {
      throw new InvalidInputError(`${OP}: ${at}: a split needs exactly 2 'children', got ${describe(children)}`);
    }
    splits.push({ index, at, raw });
    // Placeholder, replaced once child ids are numbered.
    nodes[index] = { kind: "leaf", value: 0, cover: coverValue };
    for (const child of children as unknown[]) {
      stack.push({ raw: asObject(child, `${at} child`), index: next, path: `${at} child` });
      next += 1;
    }
  }

  for (const { index, at, raw } of splits) {
    const feature = parseFeature(raw.split, at);
    if (feature >= featureCount) {
      throw new ModelMismatchError(
        `${OP}: ${at}: split on f${feature} but the model has ${featureCount} features; ` +
          `the dump was trained on a different feature set, retrain or pass the matching featureCount`,
      );
    }
    const condition = raw.split_condition;
    if (typeof condition !== "number" || Number.isNaN(condition)) {
      throw new InvalidInputError(
        `${OP}: ${at}: 'split_condition' must be a number, got ${describe(condition)} (categorical splits are not supported)`,
      );
    }
    const child = (key: "yes" | "no" | "missing"): number => {
      const id = raw[key];
      if (typeof id !== "number" || !Number.isSafeInteger(id)) {
        throw new InvalidInputError(`${OP}: ${at}: '${key}' must be a node id, got ${describe(id)}`);
      }
      const childIndex = idToIndex.get(id);
      if (childIndex === undefined) throw new InvalidInputError(`${OP}: ${at}: '${key}' points to node ${id}, which is not in the tree`);
      return childIndex;
    };
    const yes = child("yes");
    const no = child("no");
    const missing = child("missing");
    const childIds = new Set((raw.children as Record<string, unknown>[]).map((c) => c.nodeid));
    if (!childIds.has(raw.yes) || !childIds.has(raw.no) || raw.yes === raw.no) {
      throw new InvalidInputError(`${OP}: ${at}: 'yes' (${describe(raw.yes)}) and 'no' (${describe(raw.no)}) must be its two children`);
    }
    if (missing !== yes && missing !== no) {
      throw new InvalidInputError(`${OP}: ${at}: 'missing' (${describe(raw.missing)}) must equal 'yes' or 'no'`);
    }
    const cover = nodes[index]?.cover ?? 0;
    nodes[index] = { kind: "split", feature, threshold: condition, yes, no, missing, cover };
  }
  return nodes;
}

function parseFeature(split: unknown, at: string): number {
  if (typeof split === "number" && Number.isSafeInteger(split) && split >= 0) return split;
  const match = typeof split === "string" ? /^f?(\d+)$/.exec(split) : null;
  if (!match?.[1]) {
    throw new InvalidInputError(
      `${OP}: ${at}: 'split' ${describe(split)} is not a feature index ("f12" or "12"); dump the model without a feature map`,
    );
  }
  return Number(match[1]);
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidInputError(`${OP}: ${where}: expected a node object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function finiteNumber(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InvalidInputError(`${OP}: ${where} must be a finite number, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object" && value !== null) return "an object";
  if (typeof value === "bigint") return `${value}n`;
  return JSON.stringify(value) ?? typeof value;
}
