/**
 * The API's error policy, in one place (yoga's masking hook). Exposable TalentgraphErrors become
 * GraphQL errors with their message and `extensions.code`; GraphQL's own errors (syntax, validation,
 * argument coercion) pass through with yoga's codes; anything else is logged with the request id and
 * shown as "Unexpected error." with no stack, cause or internals, whatever the mode.
 */
import type { GraphQLError, GraphQLErrorOptions } from "graphql";
import { createGraphQLError } from "graphql-yoga";
import type { Logger as PinoLogger } from "pino";
import { isTalentgraphError, type TalentgraphError } from "../core/errors.js";
import { currentRequest } from "./request-context.js";

export const UNEXPECTED_ERROR_MESSAGE = "Unexpected error.";
export const UNEXPECTED_ERROR_CODE = "INTERNAL_SERVER_ERROR";

/**
 * Whether a value is a GraphQLError. By tag rather than `instanceof`: graphql ships CJS and ESM builds,
 * and a loader that picks different ones for yoga and for us (vitest does) yields two GraphQLError classes.
 */
export function isGraphQLErrorLike(value: unknown): value is GraphQLError {
  return Object.prototype.toString.call(value) === "[object GraphQLError]";
}

/** The innermost error a GraphQLError wraps (resolvers' throws are wrapped once or more). */
function originalOf(error: unknown): unknown {
  let current = error;
  while (isGraphQLErrorLike(current) && current.originalError !== undefined && current.originalError !== null) {
    current = current.originalError;
  }
  return current;
}

function locationOf(error: unknown): GraphQLErrorOptions {
  if (!isGraphQLErrorLike(error)) return {};
  return {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.path ? { path: error.path } : {}),
  };
}

/** A GraphQL error showing an exposable TalentgraphError's message and code. */
function exposed(error: unknown, original: TalentgraphError): GraphQLError {
  return createGraphQLError(original.message, { ...locationOf(error), extensions: { code: original.code } });
}

/**
 * Yoga's `maskError` for this API. `fallbackLog` is used outside a request context (should not
 * happen, but an error must never go unlogged).
 */
export function createMaskError(fallbackLog: PinoLogger): (error: unknown, message: string) => Error {
  return (error) => {
    const original = originalOf(error);
    if (isTalentgraphError(original) && original.exposable) return exposed(error, original);
    // A GraphQLError at the bottom of the chain is GraphQL's own (parse, validation, coercion): its
    // message is written for clients and yoga has already given it a code.
    if (isGraphQLErrorLike(original)) return error instanceof Error ? error : original;
    const log = currentRequest()?.log ?? fallbackLog;
    log.error(
      {
        err: original,
        ...(isGraphQLErrorLike(error) && error.path ? { path: error.path.join(".") } : {}),
        ...(isTalentgraphError(original) ? { code: original.code } : {}),
      },
      "unexpected error in a GraphQL request",
    );
    return createGraphQLError(UNEXPECTED_ERROR_MESSAGE, {
      ...locationOf(error),
      // No `unexpected` flag: yoga would turn a data-less response into HTTP 500, and clients of this
      // API get 200 with errors (the code says what happened).
      extensions: { code: UNEXPECTED_ERROR_CODE },
    });
  };
}
