/**
 * Query depth: how deeply fields nest in the deepest operation of a document, through fragments,
 * the root field being depth 1 (`{ skill(id: "react") { related { skill { name } } } }` is 4).
 *
 * Introspection (`__schema`, `__type` and everything under them) does not count: GraphiQL's own
 * introspection query nests `ofType` 15 deep, and graphql-js's MaxIntrospectionDepthRule (one of
 * the standard validation rules) already bounds introspection's fan-out.
 */
import { Kind, type DocumentNode, type SelectionSetNode } from "graphql";
import { fragmentMap, fragmentMeasure, INTROSPECTION_FIELDS } from "./fragments.js";

export function queryDepth(document: DocumentNode): number {
  const fragments = fragmentMap(document);
  const depthOf = (set: SelectionSetNode): number => {
    let deepest = 0;
    for (const sel of set.selections) {
      let depth: number;
      if (sel.kind === Kind.FIELD) {
        if (INTROSPECTION_FIELDS.has(sel.name.value)) continue;
        depth = 1 + (sel.selectionSet ? depthOf(sel.selectionSet) : 0);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        depth = depthOf(sel.selectionSet);
      } else {
        depth = fragmentDepth(sel.name.value);
      }
      if (depth > deepest) deepest = depth;
    }
    return deepest;
  };
  const fragmentDepth = fragmentMeasure(fragments, 0, (f) => depthOf(f.selectionSet));
  let deepest = 0;
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) deepest = Math.max(deepest, depthOf(def.selectionSet));
  }
  return deepest;
}
