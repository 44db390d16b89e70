/**
 * The metrics label of a GraphQL operation: its root field. Root fields are a fixed set (the Query
 * type's fields), unlike client-chosen operation names, so the label cannot explode Prometheus.
 */
import { getOperationAST, Kind, type DocumentNode, type SelectionSetNode } from "graphql";

/** Label when the request never reached execution (syntax or validation error, no operation). */
export const NOT_EXECUTED = "invalid";
/** Label when one request selects several root fields. */
export const MULTIPLE = "multiple";
/** Label for introspection-only requests (GraphiQL, codegen). */
export const INTROSPECTION = "introspection";

function rootFields(document: DocumentNode, set: SelectionSetNode, out: Set<string>, seen: Set<string>): void {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) out.add(sel.name.value);
    else if (sel.kind === Kind.INLINE_FRAGMENT) rootFields(document, sel.selectionSet, out, seen);
    else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === sel.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) rootFields(document, fragment.selectionSet, out, seen);
    }
  }
}

/** The root field an operation runs (e.g. "searchFreelancers"), or one of the fixed labels above. */
export function operationLabel(document: DocumentNode, operationName?: string | null): string {
  const op = getOperationAST(document, operationName ?? undefined);
  if (!op) return NOT_EXECUTED;
  const fields = new Set<string>();
  rootFields(document, op.selectionSet, fields, new Set());
  const real = [...fields].filter((f) => !f.startsWith("__"));
  if (real.length === 0) return fields.size > 0 ? INTROSPECTION : NOT_EXECUTED;
  return real.length === 1 ? real[0]! : MULTIPLE;
}
