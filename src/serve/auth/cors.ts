/**
 * CORS for /graphql, allow-list only. An allowed origin is echoed in `Access-Control-Allow-Origin`
 * (with `Vary: Origin`); any other origin gets no CORS headers, so browsers keep the response from
 * the page. No credentials: the API authenticates with API keys in headers, never cookies.
 */
import type { Request, Response } from "express";

export const ALLOWED_METHODS = ["GET", "POST", "OPTIONS"] as const;
export const ALLOWED_HEADERS = ["content-type", "authorization", "x-api-key", "x-request-id"] as const;
/** Response headers a page may read: the retry delay of a 429 and the request id to report. */
export const EXPOSED_HEADERS = ["retry-after", "x-request-id"] as const;
/** How long a browser may cache a preflight answer, seconds. */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;

export interface CorsPolicy {
  /** Sets the CORS headers of a response to `req` (none for an origin not allowed). */
  apply(req: Request, res: Response): void;
  /** Answers a preflight (`OPTIONS`) request: 204, with the CORS headers only for an allowed origin. */
  preflight(req: Request, res: Response): void;
}

function appendVary(res: Response, field: string): void {
  const current = res.getHeader("vary");
  const fields = (typeof current === "string" ? current : "")
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f !== "");
  if (!fields.some((f) => f.toLowerCase() === field.toLowerCase() || f === "*")) fields.push(field);
  res.setHeader("vary", fields.join(", "));
}

/** A policy over an allow-list of origins (`*` allows every origin). An empty list sends no CORS headers at all. */
export function createCorsPolicy(origins: readonly string[]): CorsPolicy {
  const any = origins.includes("*");
  const allowed = new Set(origins);
  const allowedOrigin = (req: Request): string | undefined => {
    const origin = req.headers.origin;
    return origin !== undefined && (any || allowed.has(origin)) ? origin : undefined;
  };
  const apply = (req: Request, res: Response): void => {
    if (origins.length === 0) return;
    // The answer depends on Origin whenever CORS is configured: caches must keep one per origin.
    appendVary(res, "Origin");
    const origin = allowedOrigin(req);
    if (origin === undefined) return;
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-expose-headers", EXPOSED_HEADERS.join(", "));
  };
  return {
    apply,
    preflight(req, res) {
      apply(req, res);
      if (allowedOrigin(req) !== undefined && origins.length > 0) {
        res.setHeader("access-control-allow-methods", ALLOWED_METHODS.join(", "));
        res.setHeader("access-control-allow-headers", ALLOWED_HEADERS.join(", "));
        res.setHeader("access-control-max-age", String(PREFLIGHT_MAX_AGE_SECONDS));
      }
      res.setHeader("allow", ALLOWED_METHODS.join(", "));
      res.setHeader("content-length", "0");
      res.status(204).end();
    },
  };
}
