/**
 * The introspection fields (`__schema`, `__type`) a document asks for anywhere, operations and
 * fragments alike, so a production server can refuse them before anything runs.
 */
import { visit, type DocumentNode, type FieldNode } from "graphql";
import { INTROSPECTION_FIELDS } from "./fragments.js";

export function introspectionFields(document: DocumentNode): FieldNode[] {
  const found: FieldNode[] = [];
  visit(document, {
    Field(node) {
      if (INTROSPECTION_FIELDS.has(node.name.value)) found.push(node);
    },
  });
  return found;
}
