/**
 * The API's limits on hostile and broken requests, resolved from config and turned into yoga
 * plugins (body size, document length/tokens/depth/aliases/cost, introspection, execution timeout).
 * The per-channel budgets of the ranking pipeline and Node's receive timeout are set where the
 * pipeline and the HTTP server are made (server.ts).
 */
import type { Plugin } from "graphql-yoga";
import { LIMIT_DEFAULTS, type Config } from "../../core/config.js";
import { useBodyLimit } from "./body-limit.js";
import { boundedParserCache } from "./document-cache.js";
import { useDocumentLimits, type DocumentLimits } from "./document-limits.js";
import { useRequestTimeout } from "./request-timeout.js";

/** Every limit the GraphQL endpoint applies. */
export interface ApiLimits extends DocumentLimits {
  /** Largest request body, bytes. */
  maxBodyBytes: number;
  /** Execution timeout, ms; 0 for none. */
  requestTimeoutMs: number;
}

const LIMIT_KEYS = [
  "maxBodyBytes",
  "maxDocumentLength",
  "maxDocumentTokens",
  "maxQueryDepth",
  "maxAliases",
  "maxFieldRepeats",
  "maxQueryCost",
  "requestTimeoutMs",
] as const;

/** The config fields limits are read from (any may be absent: defaults apply). */
export type LimitConfig = Partial<Pick<Config, (typeof LIMIT_KEYS)[number] | "introspection">>;

/**
 * The limits for an app: `overrides`, else the config's values, else LIMIT_DEFAULTS. Introspection
 * is answered in development mode only unless the config says otherwise.
 */
export function resolveLimits(config: LimitConfig, mode: Config["mode"], overrides: Partial<ApiLimits> = {}): ApiLimits {
  const defaults: ApiLimits = {
    maxBodyBytes: LIMIT_DEFAULTS.maxBodyBytes,
    maxDocumentLength: LIMIT_DEFAULTS.maxDocumentLength,
    maxDocumentTokens: LIMIT_DEFAULTS.maxDocumentTokens,
    maxQueryDepth: LIMIT_DEFAULTS.maxQueryDepth,
    maxAliases: LIMIT_DEFAULTS.maxAliases,
    maxFieldRepeats: LIMIT_DEFAULTS.maxFieldRepeats,
    maxQueryCost: LIMIT_DEFAULTS.maxQueryCost,
    requestTimeoutMs: LIMIT_DEFAULTS.requestTimeoutMs,
    introspection: config.introspection ?? mode === "development",
  };
  const fromConfig = Object.fromEntries(LIMIT_KEYS.map((k) => [k, config[k]]));
  return { ...defaults, ...definedOnly(fromConfig), ...definedOnly(overrides) };
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The yoga plugins that enforce `limits`, in the order they must run. */
export function limitPlugins(limits: ApiLimits): Plugin[] {
  return [useBodyLimit(limits.maxBodyBytes), useDocumentLimits(limits), useRequestTimeout(limits.requestTimeoutMs)];
}

/** Estimated heap yoga's parse caches may hold (see document-cache.ts): ~65,000 tokens of parsed documents, ~350 of the inspector's queries. */
export const PARSE_CACHE_BYTES = 32 * 1024 * 1024;

/** Yoga's `parserAndValidationCache`, bounded by memory rather than by entry count alone. */
export function parserCache(): ReturnType<typeof boundedParserCache> {
  return boundedParserCache({ maxBytes: PARSE_CACHE_BYTES });
}
