/**
 * The GraphQL error a limit answers with: a stable `extensions.code` from the error catalogue and a
 * message that names the limit and what to do. Made with yoga's `createGraphQLError`, so yoga's own
 * checks (`instanceof GraphQLError` in its body parser) recognise it whichever build of graphql the
 * loader picked for this module; the API's error masking passes GraphQL errors through unchanged.
 */
import type { GraphQLError } from "graphql";
import { createGraphQLError } from "graphql-yoga";
import type { ErrorCode } from "../../core/errors.js";

/** The catalogue's codes for the API's limits. */
export type LimitCode = Extract<
  ErrorCode,
  | "PAYLOAD_TOO_LARGE"
  | "DOCUMENT_TOO_LONG"
  | "TOO_MANY_TOKENS"
  | "QUERY_TOO_DEEP"
  | "TOO_MANY_ALIASES"
  | "QUERY_TOO_COMPLEX"
  | "INTROSPECTION_DISABLED"
  | "TIMEOUT"
>;

/**
 * How the error sets the HTTP status: `request` errors (like GraphQL's own parse and validation
 * errors) are HTTP 200 for `application/json` clients and 400 for `application/graphql-response+json`
 * ones; a number is the status whatever the client accepts; absent leaves it to yoga (200).
 */
export type LimitStatus = "request" | number;

/** Groups digits so limits read as 1,048,576 rather than 1048576. */
export const formatCount = (n: number): string => n.toLocaleString("en-US");

export function limitError(code: LimitCode, message: string, status?: LimitStatus): GraphQLError {
  const http = status === undefined ? undefined : status === "request" ? { spec: true, status: 400 } : { status };
  return createGraphQLError(message, { extensions: { code, ...(http ? { http } : {}) } });
}
