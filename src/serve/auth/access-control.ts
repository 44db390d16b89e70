/**
 * Access control for /graphql, as one express middleware in front of yoga: CORS (allow-list),
 * API keys (`Authorization: Bearer <key>` or `x-api-key`), scopes and rate limits.
 *
 * - Reads (queries) are open to anyone with `readAccess: "open"` (the default) and need a key of any
 *   scope with `"keyed"`. Writes (mutations) always need a key with `write` scope; see
 *   operation-access.ts for how a request is classified.
 * - No key where one is needed, or an unknown, revoked or malformed key: 401 UNAUTHENTICATED (one
 *   message for every bad key). A valid key with too small a scope: 403 FORBIDDEN.
 * - Each key has a token bucket (its own rate and burst, else the defaults); requests without a
 *   valid key share one bucket per client IP (IPv6: per /64). Over the limit: 429 RATE_LIMITED with
 *   `Retry-After`. Buckets live in memory, per process.
 * - Preflight `OPTIONS` requests are answered here, before any key check (browsers send none).
 * Refusals are JSON bodies shaped like GraphQL errors: `{"errors":[{"message","extensions":{"code"}}]}`.
 */
import type { NextFunction, Request, Response } from "express";
import { ACCESS_DEFAULTS, type Config } from "../../core/config.js";
import { ForbiddenError, RateLimitedError, TalentgraphError, UnauthenticatedError } from "../../core/errors.js";
import { currentRequest } from "../request-context.js";
import { createCorsPolicy } from "./cors.js";
import type { ApiKeyInfo, KeyStore } from "./key-store.js";
import { inspectRequest, type DocumentBounds } from "./operation-access.js";
import { RateLimiter, type RateLimit } from "./rate-limiter.js";
import { hasScope } from "./scope.js";

export const API_KEY_HEADER = "x-api-key";
/** Largest body read to tell a query from a mutation (only requests without a write key are read). */
export const DEFAULT_MAX_INSPECTED_BODY_BYTES = 1024 * 1024;

export interface AccessControlOptions {
  /** Verifies presented keys. Without one every presented key is refused, so no write can pass. */
  keys?: Pick<KeyStore, "verify">;
  /** `open`: anyone may read; `keyed`: reads need a key of any scope. Default `open`. */
  readAccess?: Config["readAccess"];
  /** Origins allowed cross-origin (`*` for any). Default none: no CORS headers. */
  corsOrigins?: readonly string[];
  /** A key's sustained requests per second unless it has its own; 0 = no limit. Default 50. */
  rateLimitPerSecond?: number;
  /** A key's bucket size unless it has its own. Default 100. */
  rateLimitBurst?: number;
  /** Sustained requests per second per client IP without a valid key; 0 = no limit. Default 20. */
  anonymousRateLimitPerSecond?: number;
  /** Bucket size per client IP without a valid key. Default 40. */
  anonymousRateLimitBurst?: number;
  /** Monotonic clock for the rate limiter, ms. Default `performance.now`. */
  now?: () => number;
  /** Buckets kept in memory before idle ones are evicted. Default 10,000. */
  maxBuckets?: number;
  /** Largest request body read to classify a request, bytes; larger ones get 413 PAYLOAD_TOO_LARGE. Default 1 MiB (pass the API's body limit). */
  maxInspectedBodyBytes?: number;
  /** The API's document limits: a document beyond them is left to yoga to refuse, never parsed here. Default unbounded. */
  documentBounds?: DocumentBounds;
}

/** The access-control settings of a config, over an opened key store. */
export function accessControlOptions(
  config: Pick<Config, "readAccess" | "corsOrigins" | "rateLimitPerSecond" | "rateLimitBurst" | "anonymousRateLimitPerSecond" | "anonymousRateLimitBurst">,
  keys: Pick<KeyStore, "verify">,
): AccessControlOptions {
  return {
    keys,
    readAccess: config.readAccess,
    corsOrigins: config.corsOrigins,
    rateLimitPerSecond: config.rateLimitPerSecond,
    rateLimitBurst: config.rateLimitBurst,
    anonymousRateLimitPerSecond: config.anonymousRateLimitPerSecond,
    anonymousRateLimitBurst: config.anonymousRateLimitBurst,
  };
}

/** What a request presented as its key. */
type Presented = { key: string } | { badHeader: string } | undefined;

const INVALID_KEY = "API key is not valid (unknown, revoked or malformed); ask for a new one (`talentgraph keys create`)";
const REALM = 'Bearer realm="talentgraph"';

function presentedKey(req: Request): Presented {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    return match ? { key: match[1]! } : { badHeader: "Authorization must be `Bearer <API key>`" };
  }
  const header = req.headers[API_KEY_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined ? undefined : { key: value.trim() };
}

/** The client's rate-limit identity: its IP address, or its /64 network for IPv6 (one host usually holds a whole /64). */
export function clientId(address: string | undefined): string {
  if (address === undefined || address === "") return "ip:unknown";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return `ip:${mapped[1]}`;
  if (!address.includes(":")) return `ip:${address}`;
  const [head = "", tail = ""] = address.split("%")[0]!.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = address.includes("::") ? (tail === "" ? [] : tail.split(":")) : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `ip6:${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

function refuse(res: Response, status: number, error: TalentgraphError, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(status).json({ errors: [{ message: error.message, extensions: { code: error.code } }] });
}

/** The express middleware to mount on the GraphQL path, before yoga. */
export function createAccessControl(options: AccessControlOptions = {}): (req: Request, res: Response, next: NextFunction) => Promise<void> {
  const readAccess = options.readAccess ?? ACCESS_DEFAULTS.readAccess;
  const cors = createCorsPolicy(options.corsOrigins ?? ACCESS_DEFAULTS.corsOrigins);
  const limiter = new RateLimiter({ ...(options.now ? { now: options.now } : {}), ...(options.maxBuckets ? { maxBuckets: options.maxBuckets } : {}) });
  const keyDefaults: RateLimit = {
    perSecond: options.rateLimitPerSecond ?? ACCESS_DEFAULTS.rateLimitPerSecond,
    burst: options.rateLimitBurst ?? ACCESS_DEFAULTS.rateLimitBurst,
  };
  const anonymous: RateLimit = {
    perSecond: options.anonymousRateLimitPerSecond ?? ACCESS_DEFAULTS.anonymousRateLimitPerSecond,
    burst: options.anonymousRateLimitBurst ?? ACCESS_DEFAULTS.anonymousRateLimitBurst,
  };
  const maxBody = options.maxInspectedBodyBytes ?? DEFAULT_MAX_INSPECTED_BODY_BYTES;

  /** Takes a token; on refusal answers 429 and returns false. */
  const admit = (res: Response, bucket: string, limit: RateLimit, who: string): boolean => {
    const decision = limiter.take(bucket, limit);
    if (decision.allowed) return true;
    const error = new RateLimitedError(
      `rate limit of ${limit.perSecond} requests/s (burst ${limit.burst}) exceeded for ${who}; retry in ${decision.retryAfterSeconds} s`,
      decision.retryAfterSeconds,
    );
    refuse(res, 429, error, { "retry-after": String(error.retryAfterSeconds) });
    return false;
  };

  return async (req, res, next) => {
    if (req.method === "OPTIONS") {
      cors.preflight(req, res);
      return;
    }
    cors.apply(req, res);
    const log = currentRequest()?.log;
    const client = clientId(req.ip ?? req.socket.remoteAddress);
    const presented = presentedKey(req);

    let key: ApiKeyInfo | undefined;
    if (presented !== undefined) {
      const verdict = "key" in presented && options.keys ? options.keys.verify(presented.key) : undefined;
      if (verdict?.ok !== true) {
        // Every failure costs the client address a token, so guessing is as slow as anonymous use.
        log?.info({ keyId: verdict?.keyId, reason: verdict?.reason ?? ("badHeader" in presented ? "bad-header" : "no-key-store") }, "refused an API key");
        if (!admit(res, client, anonymous, "this client address without a valid API key")) return;
        const message = "badHeader" in presented ? presented.badHeader : INVALID_KEY;
        refuse(res, 401, new UnauthenticatedError(message), { "www-authenticate": `${REALM}, error="invalid_token"` });
        return;
      }
      key = verdict.key;
      const limit = { perSecond: key.ratePerSecond ?? keyDefaults.perSecond, burst: key.burst ?? keyDefaults.burst };
      if (!admit(res, `key:${key.id}`, limit, `API key ${key.id}`)) return;
      res.locals.apiKey = { id: key.id, scope: key.scope };
      log?.debug({ keyId: key.id, scope: key.scope }, "API key accepted");
      // Write and admin keys may do anything /graphql offers: no need to read the body.
      if (hasScope(key.scope, "write")) {
        next();
        return;
      }
    } else {
      if (!admit(res, client, anonymous, "this client address without an API key (send one for a higher limit)")) return;
      if (readAccess === "keyed") {
        refuse(res, 401, new UnauthenticatedError("this API needs an API key: send `Authorization: Bearer <key>` or `x-api-key: <key>`"), {
          "www-authenticate": REALM,
        });
        return;
      }
    }

    const inspection = await inspectRequest(req, maxBody, options.documentBounds);
    if ("tooLarge" in inspection) {
      const error = new TalentgraphError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBody.toLocaleString("en-US")} bytes, this server's limit; send a smaller request`);
      refuse(res, 413, error, { connection: "close" });
      return;
    }
    if (inspection.need === "write") {
      if (key === undefined) {
        refuse(res, 401, new UnauthenticatedError("mutations need an API key with write scope: send `Authorization: Bearer <key>`"), {
          "www-authenticate": REALM,
        });
      } else {
        refuse(res, 403, new ForbiddenError(`API key ${key.id} has scope ${key.scope}; mutations need write scope`), {
          "www-authenticate": `${REALM}, error="insufficient_scope", scope="write"`,
        });
      }
      return;
    }
    next();
  };
}
