/**
 * Field repeats: the most times one response name is selected in one selection set, counting the
 * selections merged in from inline fragments and fragment spreads (as execution merges them).
 *
 * Why it is a limit: graphql-js's OverlappingFieldsCanBeMerged rule compares every pair of
 * selections sharing a response name, so a document repeating a field k times costs O(k²) to
 * validate. Measured (graphql 16.15): 200 copies of `searchJobs(query: "a") { profile }` (1,200
 * tokens, inside the token limit) take ~250 ms of CPU to validate; 300 fragments that each select
 * `name` ~370 ms. Real queries repeat a field a few times at most (fragments sharing `id`).
 */
import { Kind, visit, type DocumentNode, type SelectionSetNode } from "graphql";
import { fragmentMap, fragmentMeasure } from "./fragments.js";

export interface FieldRepeats {
  /** The largest number of selections of one response name in one selection set. */
  count: number;
  /** That response name ("" for a document without fields). */
  name: string;
}

/** Adds `counts` into `into`. */
function addAll(into: Map<string, number>, counts: ReadonlyMap<string, number>): void {
  for (const [name, n] of counts) into.set(name, (into.get(name) ?? 0) + n);
}

export function fieldRepeats(document: DocumentNode): FieldRepeats {
  const fragments = fragmentMap(document);
  /** Selections per response name in `set`, inline fragments and fragment spreads flattened in. */
  const countsOf = (set: SelectionSetNode, into = new Map<string, number>()): Map<string, number> => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = (sel.alias ?? sel.name).value;
        into.set(name, (into.get(name) ?? 0) + 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        countsOf(sel.selectionSet, into);
      } else {
        addAll(into, fragmentCounts(sel.name.value));
      }
    }
    return into;
  };
  const fragmentCounts = fragmentMeasure<ReadonlyMap<string, number>>(fragments, new Map(), (f) => countsOf(f.selectionSet));

  const worst: FieldRepeats = { count: 0, name: "" };
  const measure = (set: SelectionSetNode | undefined): void => {
    if (set === undefined) return;
    for (const [name, n] of countsOf(set)) {
      if (n > worst.count) {
        worst.count = n;
        worst.name = name;
      }
    }
  };
  // Every selection set that a field, an operation or a fragment owns (inline fragments' sets are
  // counted within their owner's).
  visit(document, {
    OperationDefinition: (node) => measure(node.selectionSet),
    FragmentDefinition: (node) => measure(node.selectionSet),
    Field: (node) => measure(node.selectionSet),
  });
  return worst;
}
