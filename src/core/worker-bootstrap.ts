/**
 * Starting worker threads that run this package's modules, from TypeScript sources (tsx) or built
 * JavaScript alike. The worker's entry is a tiny ES module (a data: URL) that, when the thread module
 * is a `.ts` file, registers tsx's loader in the worker first (loader hooks are per thread), then
 * imports the thread module named in `workerData.threadModule`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { TalentgraphError } from "./errors.js";

/** The entry URL to pass to `new Worker(...)` for `threadModule` (which goes in `workerData.threadModule`). */
export function workerBootstrapUrl(threadModule: URL, who: string): URL {
  const lines: string[] = [];
  if (threadModule.pathname.endsWith(".ts")) {
    const tsxApi = pathToFileURL(tsxEsmApi(who)).href;
    lines.push(`const { register } = await import(${JSON.stringify(tsxApi)});`, "register();");
  }
  lines.push(`const { workerData } = await import("node:worker_threads");`, "await import(workerData.threadModule);");
  return new URL(`data:text/javascript,${encodeURIComponent(lines.join("\n"))}`);
}

/** Path of tsx's ESM loader API (`tsx/esm/api`, import condition), found through its package.json. */
function tsxEsmApi(who: string): string {
  const pkgPath = createRequire(import.meta.url).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports?: Record<string, { import?: { default?: string } } | string> };
  const entry = pkg.exports?.["./esm/api"];
  const rel = typeof entry === "object" ? entry.import?.default : undefined;
  if (rel === undefined) throw new TalentgraphError("INTERNAL", `${who}: ${pkgPath} exports no ./esm/api; cannot run TypeScript sources in a worker`);
  return path.join(path.dirname(pkgPath), rel);
}
