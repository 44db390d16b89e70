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
import { ERROR_CODES, TalentgraphError, type ErrorCode } from "./errors.js";

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

/** What a worker thread posts when it fails (a TalentgraphError's code, or another error's name). */
export interface WorkerFailureMessage {
  code: string;
  message: string;
  name?: string;
  stack?: string;
}

/** A worker's failure as an error of this thread: its code kept when it is one of ours, INTERNAL otherwise. */
export function errorFromWorker(e: WorkerFailureMessage, where: string): TalentgraphError {
  const code: ErrorCode = (ERROR_CODES as readonly string[]).includes(e.code) ? (e.code as ErrorCode) : "INTERNAL";
  const error = new TalentgraphError(code, e.message);
  if (e.name) error.name = e.name;
  if (e.stack) error.stack = `${error.name}: ${e.message}\n    (${where})\n${e.stack.split("\n").slice(1).join("\n")}`;
  return error;
}
