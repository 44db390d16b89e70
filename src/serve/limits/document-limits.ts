/**
 * The limits on the GraphQL document itself, as one yoga plugin, each checked as early as it can be:
 *
 * - length (characters of the `query` string): before parsing;
 * - tokens: graphql-js's `parse` stops at `maxTokens`, so parse time is bounded too;
 * - introspection (refused unless allowed), depth, aliases and field repeats: on the parsed
 *   document, before the standard validation rules, which are skipped when a limit is hit (one of
 *   them is quadratic in repeated fields); the outcome is cached with yoga's validation cache;
 * - cost: at execution, because `first` may come from the request's variables.
 *
 * Every refusal is a GraphQL error with a stable `extensions.code` (HTTP 200 for `application/json`
 * clients, 400 for `application/graphql-response+json`, like GraphQL's own validation errors).
 */
import type { DocumentNode, GraphQLError, GraphQLSchema } from "graphql";
import type { Plugin } from "graphql-yoga";
import { aliasCount } from "./alias-count.js";
import { fieldRepeats } from "./field-repeats.js";
import { introspectionFields } from "./introspection-fields.js";
import { formatCount, limitError } from "./limit-error.js";
import { queryCost } from "./query-cost.js";
import { queryDepth } from "./query-depth.js";

export interface DocumentLimits {
  /** Longest `query` string, in characters (UTF-16 code units). */
  maxDocumentLength: number;
  /** Most tokens (names, punctuation, values; not comments) `parse` reads before giving up. */
  maxDocumentTokens: number;
  /** Deepest field nesting, root field = 1 (see queryDepth). */
  maxQueryDepth: number;
  /** Most aliases in the executed operation (see aliasCount). */
  maxAliases: number;
  /** Most selections of one response name in one selection set (see fieldRepeats). */
  maxFieldRepeats: number;
  /** Highest query cost (see queryCost). */
  maxQueryCost: number;
  /** Answer `__schema` / `__type`. */
  introspection: boolean;
}

/** graphql-js's message when the token limit stops the parser ("more that" in 16.15, "more than" before). */
const TOKEN_LIMIT_MESSAGE = /Document contains more tha[nt] \d+ tokens/;

/** The static limits a parsed document breaks (introspection, depth, aliases, field repeats), as GraphQL errors. */
export function documentLimitErrors(document: DocumentNode, limits: DocumentLimits): GraphQLError[] {
  const errors: GraphQLError[] = [];
  if (!limits.introspection) {
    const names = [...new Set(introspectionFields(document).map((f) => f.name.value))];
    if (names.length > 0) {
      errors.push(
        limitError(
          "INTROSPECTION_DISABLED",
          `Introspection (${names.join(", ")}) is disabled on this server; the schema is published as schema.graphql, and development mode answers introspection`,
          "request",
        ),
      );
    }
  }
  const depth = queryDepth(document);
  if (depth > limits.maxQueryDepth) {
    errors.push(
      limitError(
        "QUERY_TOO_DEEP",
        `The query nests fields ${depth} deep; the limit is ${limits.maxQueryDepth} (the root field is depth 1); select less deeply, or fetch the nested records by id in a second request`,
        "request",
      ),
    );
  }
  const aliases = aliasCount(document);
  if (aliases > limits.maxAliases) {
    errors.push(
      limitError(
        "TOO_MANY_ALIASES",
        `The operation uses ${formatCount(aliases)} aliases; the limit is ${formatCount(limits.maxAliases)}; split it into several requests`,
        "request",
      ),
    );
  }
  const repeats = fieldRepeats(document);
  if (repeats.count > limits.maxFieldRepeats) {
    errors.push(
      limitError(
        "QUERY_TOO_COMPLEX",
        `The field "${repeats.name}" is selected ${formatCount(repeats.count)} times in one selection set (fragments included); the limit is ${formatCount(limits.maxFieldRepeats)}; select it once`,
        "request",
      ),
    );
  }
  return errors;
}

export function useDocumentLimits(limits: DocumentLimits): Plugin {
  return {
    onParams({ params }) {
      const query: unknown = params.query;
      // Anything but a string is yoga's to refuse (BAD_REQUEST), after this hook.
      if (typeof query === "string" && query.length > limits.maxDocumentLength) {
        throw limitError(
          "DOCUMENT_TOO_LONG",
          `The GraphQL document is ${formatCount(query.length)} characters; the limit is ${formatCount(limits.maxDocumentLength)}; pass long texts as variables and ask for fewer fields`,
          "request",
        );
      }
    },
    onParse({ parseFn, setParseFn }) {
      // Wraps the engine's own parse (not this module's import of graphql: under some loaders the
      // two are different builds, and yoga recognises only its own GraphQLError).
      setParseFn((source, options) => {
        try {
          // `maxLexicalTokens` in current graphql 16; `maxTokens` is its deprecated older name.
          return parseFn(source, { ...options, maxLexicalTokens: limits.maxDocumentTokens, maxTokens: limits.maxDocumentTokens }) as DocumentNode;
        } catch (error) {
          if (error instanceof Error && TOKEN_LIMIT_MESSAGE.test(error.message)) {
            throw limitError(
              "TOO_MANY_TOKENS",
              `The GraphQL document has more than ${formatCount(limits.maxDocumentTokens)} tokens (names, punctuation and values), this server's limit; ask for fewer fields or split the request`,
              "request",
            );
          }
          // graphql-js parses recursively: a document nested ~2,000 deep overflows the stack before
          // the depth limit sees it (only reachable when the token limit is raised past ~6,000).
          if (error instanceof RangeError) {
            throw limitError(
              "QUERY_TOO_DEEP",
              `The GraphQL document nests too deeply to parse; the limit is ${limits.maxQueryDepth} levels of fields`,
              "request",
            );
          }
          throw error;
        }
      });
    },
    onValidate({ params, setResult }) {
      const errors = documentLimitErrors(params.documentAST as DocumentNode, limits);
      if (errors.length > 0) setResult(errors);
    },
    onExecute({ args, setResultAndStopExecution }) {
      // Envelop types execution args loosely; these are what graphql-js's `execute` takes.
      const cost = queryCost(args.schema as GraphQLSchema, args.document as DocumentNode, {
        operationName: args.operationName as string | null | undefined,
        variables: args.variableValues as Record<string, unknown> | null | undefined,
      });
      if (cost > limits.maxQueryCost) {
        setResultAndStopExecution({
          errors: [
            limitError(
              "QUERY_TOO_COMPLEX",
              `The query costs ${Number.isFinite(cost) ? formatCount(cost) : "more than can be counted"}; the limit is ${formatCount(limits.maxQueryCost)} (1 a field, multiplied by \`first\` under paged fields; a ranking costs 100, an explanation 10); ask for fewer results or fewer fields`,
              "request",
            ),
          ],
        });
      }
    },
  };
}
