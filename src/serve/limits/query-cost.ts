/**
 * Query cost: a rough count of the work an operation asks for, before it runs. Every field costs 1,
 * except the few that do real work (below); a paged field (one taking `first`) multiplies the cost
 * of everything selected under it by `first` — its literal value, the request's variable, or the
 * schema's default. Other lists are not multiplied: their sizes are bounded by the data (a
 * profile's skills, a profile's channels), not by the client.
 *
 * So `searchFreelancers(first: 100) { edges { node { id } } }` costs 100 + 100 × 3 = 400, and
 * `skill(id: "x") { related(first: 100) { skill { related(first: 100) { skill { id } } } } }` costs
 * 1 + 1 + 100 × (1 + 1 + 100 × (1 + 1)) = 20,202: fan-out multiplies, which depth alone misses.
 *
 * Works on the executed operation with the request's variables (hence at execution, not
 * validation, whose results are cached per document). Reads the schema by duck typing rather than
 * graphql-js's `instanceof` predicates, so it works whichever graphql build the schema came from.
 */
import { getOperationAST, Kind, OperationTypeNode, type DocumentNode, type FieldNode, type GraphQLSchema, type SelectionSetNode } from "graphql";
import { fragmentMap, fragmentMeasure } from "./fragments.js";

/**
 * The cost of fields that do more than read a value, as `Type.field` (everything else costs 1).
 * A ranking runs the whole pipeline (embedding, every channel, fusion, reranking): ~40 ms at 100k
 * profiles, the price of thousands of plain fields. `explainMatch` ranks to rank 1,000 and may
 * score the pair a second time; an explanation walks graph paths and skills for one result.
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = Object.freeze({
  "Query.searchFreelancers": 100,
  "Query.searchJobs": 100,
  "Query.recommendFreelancers": 100,
  "Query.recommendJobs": 100,
  "Query.explainMatch": 200,
  "Query.linkSkills": 20,
  "FreelancerEdge.explanation": 10,
  "JobEdge.explanation": 10,
  "Mutation.recordInteraction": 10,
});

/** The argument whose value multiplies a paged field's selection. */
const PAGE_ARGUMENT = "first";

export interface QueryCostOptions {
  /** The operation to cost when the document has several (as in the request). */
  operationName?: string | null | undefined;
  /** The request's variables, as sent (before coercion). */
  variables?: Readonly<Record<string, unknown>> | null | undefined;
  /** Field costs; default FIELD_COSTS. */
  fieldCosts?: Readonly<Record<string, number>>;
}

interface FieldDef {
  type: unknown;
  args: ReadonlyArray<{ name: string; defaultValue?: unknown }>;
}
interface TypeWithFields {
  name: string;
  getFields(): Record<string, FieldDef>;
}

function hasFields(type: unknown): type is TypeWithFields {
  return typeof type === "object" && type !== null && typeof (type as { getFields?: unknown }).getFields === "function";
}

/** The named type under any list and non-null wrappers. */
function namedType(type: unknown): unknown {
  let t = type;
  while (typeof t === "object" && t !== null && "ofType" in t) t = t.ofType;
  return t;
}

const asCount = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? Math.max(1, value) : undefined);

/**
 * The executed operation's cost, or 0 when the document has no such operation (execution then
 * reports it). May be Infinity for absurd multipliers, which no limit admits.
 */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, options: QueryCostOptions = {}): number {
  const operation = getOperationAST(document, options.operationName ?? undefined);
  if (!operation) return 0;
  const fieldCosts = options.fieldCosts ?? FIELD_COSTS;
  const variables = options.variables ?? {};
  const variableDefaults = new Map<string, unknown>();
  for (const v of operation.variableDefinitions ?? []) {
    if (v.defaultValue?.kind === Kind.INT) variableDefaults.set(v.variable.name.value, Number(v.defaultValue.value));
  }
  const fragments = fragmentMap(document);

  /** The multiplier of a paged field's selection; 1 for fields without `first`. */
  const pageSize = (node: FieldNode, def: FieldDef | undefined): number => {
    const arg = def?.args.find((a) => a.name === PAGE_ARGUMENT);
    if (!arg) return 1;
    const given = node.arguments?.find((a) => a.name.value === PAGE_ARGUMENT)?.value;
    if (given === undefined) return asCount(arg.defaultValue) ?? 1;
    if (given.kind === Kind.INT) return asCount(Number(given.value)) ?? 1;
    if (given.kind === Kind.VARIABLE) {
      const name = given.name.value;
      return asCount(Object.hasOwn(variables, name) ? variables[name] : variableDefaults.get(name)) ?? asCount(arg.defaultValue) ?? 1;
    }
    // Null or a literal of the wrong kind: validation or the field itself refuses it.
    return 1;
  };

  const costOf = (set: SelectionSetNode, parent: unknown): number => {
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const typed = hasFields(parent) ? parent : undefined;
        const def = typed?.getFields()[sel.name.value];
        const own = (typed && fieldCosts[`${typed.name}.${sel.name.value}`]) ?? 1;
        cost += own + (sel.selectionSet ? pageSize(sel, def) * costOf(sel.selectionSet, namedType(def?.type)) : 0);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        cost += costOf(sel.selectionSet, sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent);
      } else {
        cost += fragmentCost(sel.name.value);
      }
    }
    return cost;
  };
  // A fragment's cost does not depend on where it is spread (its type condition fixes its type;
  // multipliers apply outside), so each is costed once.
  const fragmentCost = fragmentMeasure(fragments, 0, (f) => costOf(f.selectionSet, schema.getType(f.typeCondition.name.value)));

  const root =
    operation.operation === OperationTypeNode.MUTATION
      ? schema.getMutationType()
      : operation.operation === OperationTypeNode.SUBSCRIPTION
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  return costOf(operation.selectionSet, root);
}
