/**
 * Aliases per operation: every `alias: field` the operation runs, counting a fragment's aliases once
 * per place it is spread (an alias inside a fragment spread twice asks for two results). The
 * largest count among the document's operations is what a request is held to.
 */
import { Kind, type DocumentNode, type SelectionSetNode } from "graphql";
import { fragmentMap, fragmentMeasure } from "./fragments.js";

export function aliasCount(document: DocumentNode): number {
  const fragments = fragmentMap(document);
  const countIn = (set: SelectionSetNode): number => {
    let n = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.alias !== undefined) n++;
        if (sel.selectionSet) n += countIn(sel.selectionSet);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        n += countIn(sel.selectionSet);
      } else {
        n += fragmentCount(sel.name.value);
      }
    }
    return n;
  };
  const fragmentCount = fragmentMeasure(fragments, 0, (f) => countIn(f.selectionSet));
  let most = 0;
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) most = Math.max(most, countIn(def.selectionSet));
  }
  return most;
}
