/**
 * The ranking inspector: a static page for engineers (plain ES modules and CSS under `public/`, no
 * build step) that calls the GraphQL API from the same origin. This router serves it; `app.ts` mounts
 * it at `INSPECTOR_PATH`. The page holds no data of its own, so it exposes nothing the API does not.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import express, { type Request, type Response } from "express";
import { PACKAGE_ROOT } from "../../core/config.js";
import { ConfigInvalidError } from "../../core/errors.js";

export const INSPECTOR_PATH = "/inspect";

/** The page's files, found from the package root (not the cwd), whether run from source or installed. */
export const INSPECTOR_ASSETS_DIR = path.join(PACKAGE_ROOT, "src", "serve", "inspector", "public");

/** Where index.html names the GraphQL endpoint; replaced when the page is served. */
const ENDPOINT_PLACEHOLDER = "%GRAPHQL_PATH%";

export interface InspectorOptions {
  /** Path of the GraphQL endpoint on the same origin, e.g. `/graphql`. */
  graphqlPath: string;
}

/**
 * Same-origin only, no inline script or style: the page builds every element with DOM calls and sets
 * data as text, so a CSP this strict costs nothing and blocks whatever escaping might miss.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function readIndex(graphqlPath: string): string {
  const file = path.join(INSPECTOR_ASSETS_DIR, "index.html");
  let html: string;
  try {
    html = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigInvalidError(`createInspectorRouter: cannot read ${file}; the package is incomplete, reinstall it`, { cause: error });
  }
  if (!html.includes(ENDPOINT_PLACEHOLDER)) {
    throw new ConfigInvalidError(`createInspectorRouter: ${file} has no ${ENDPOINT_PLACEHOLDER} placeholder for the GraphQL endpoint`);
  }
  return html.replaceAll(ENDPOINT_PLACEHOLDER, escapeAttribute(graphqlPath));
}

/** An express router serving the inspector page and its assets; mount it at `INSPECTOR_PATH`. */
export function createInspectorRouter(options: InspectorOptions): express.Router {
  const index = readIndex(options.graphqlPath);
  const router = express.Router({ strict: true });

  router.use((_req: Request, res: Response, next) => {
    res.setHeader("content-security-policy", CONTENT_SECURITY_POLICY);
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "no-referrer");
    next();
  });

  router.get("/", (req: Request, res: Response) => {
    // The page's assets are relative ("./main.js"), so `/inspect` must become `/inspect/`; the query
    // string carries the shared state and is kept.
    const url = new URL(req.originalUrl, "http://localhost");
    if (!url.pathname.endsWith("/")) {
      res.redirect(302, `${url.pathname}/${url.search}`);
      return;
    }
    res.setHeader("cache-control", "no-cache");
    res.type("html").send(index);
  });
  // The raw template still holds the placeholder: never serve it as a file.
  router.get("/index.html", (req: Request, res: Response) => {
    res.redirect(302, `./${new URL(req.originalUrl, "http://localhost").search}`);
  });

  router.use(
    express.static(INSPECTOR_ASSETS_DIR, {
      index: false,
      redirect: false,
      dotfiles: "ignore",
      // Revalidate every time (ETag makes that cheap): an engineer editing the files sees the change.
      cacheControl: true,
      maxAge: 0,
    }),
  );
  return router;
}
