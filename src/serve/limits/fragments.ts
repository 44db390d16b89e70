/**
 * What the document analysers share: the document's fragments by name and the introspection fields.
 * The analysers run before graphql-js validation (so a hostile document is refused before the
 * validation rules' own costs), hence they tolerate unknown fragments and fragment cycles (which
 * validation refuses later) rather than trusting the document.
 */
import { Kind, type DocumentNode, type FragmentDefinitionNode } from "graphql";

/** Root fields of introspection. `__typename` is not one of them: it is allowed everywhere. */
export const INTROSPECTION_FIELDS: ReadonlySet<string> = new Set(["__schema", "__type"]);

/** The document's fragment definitions by name (the first one wins when a name repeats; validation refuses repeats). */
export function fragmentMap(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(def.name.value)) fragments.set(def.name.value, def);
  }
  return fragments;
}

/**
 * Memoises a per-fragment measure, breaking cycles: a fragment being measured (a cycle) or
 * unknown measures `empty`. Each fragment is measured once, so a document whose fragments spread
 * each other many times costs linear time to analyse.
 */
export function fragmentMeasure<T>(
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  empty: T,
  measure: (fragment: FragmentDefinitionNode) => T,
): (name: string) => T {
  const memo = new Map<string, T>();
  const visiting = new Set<string>();
  return (name) => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (fragment === undefined || visiting.has(name)) return empty;
    visiting.add(name);
    const value = measure(fragment);
    visiting.delete(name);
    memo.set(name, value);
    return value;
  };
}
