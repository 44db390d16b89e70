/**
 * Readiness: whether this process should receive traffic. Ready means the store answers a query
 * (the graph backend is reachable), the embedding model is loaded, the vector indexes are loaded,
 * and the server is not shutting down. Liveness (/healthz) is separate and never looks at these.
 */
import { errorMessage } from "../core/errors.js";
import type { Services } from "../services.js";

export interface CheckResult {
  ok: boolean;
  /** Why the check failed (or is still pending). */
  reason?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

export interface Readiness {
  /** Runs every check; cheap (one trivial store query), so probes may call it often. */
  report(): Promise<ReadinessReport>;
  /** From now on the process reports not ready (draining before shutdown). */
  markShuttingDown(): void;
}

type Settled = { state: "pending" } | { state: "ok" } | { state: "failed"; reason: string };

/**
 * Watches a cached service promise without changing it; its state becomes readable synchronously.
 * A failed load is retried when its state is next read (the services forget failed loads, so a
 * backend that was down at startup is picked up once it is back).
 */
function watch(load: () => Promise<unknown>): () => Settled {
  let settled: Settled = { state: "pending" };
  const start = (): void => {
    load().then(
      () => {
        settled = { state: "ok" };
      },
      (error: unknown) => {
        settled = { state: "failed", reason: errorMessage(error) };
      },
    );
  };
  start();
  return () => {
    const now = settled;
    if (now.state === "failed") {
      settled = { state: "pending" };
      start();
    }
    return now;
  };
}

function fromSettled(s: Settled, what: string): CheckResult {
  if (s.state === "ok") return { ok: true };
  return { ok: false, reason: s.state === "pending" ? `${what} is still loading` : `${what} failed to load: ${s.reason}` };
}

/**
 * Readiness of `services`. Calling it starts loading the model and indexes if nothing has yet
 * (services cache them, so the pipeline and this share one load).
 */
export function createReadiness(services: Pick<Services, "store" | "embedder" | "indexes">): Readiness {
  const model = watch(() => services.embedder());
  const indexes = watch(() => services.indexes());
  let shuttingDown = false;
  return {
    async report() {
      const checks: Record<string, CheckResult> = {};
      try {
        // One indexed single-row read: proves the store is open and answering.
        await services.store.vectorGeneration("skills");
        checks.store = { ok: true };
      } catch (error) {
        checks.store = { ok: false, reason: `store is not answering: ${errorMessage(error)}` };
      }
      checks.model = fromSettled(model(), "embedding model");
      checks.indexes = fromSettled(indexes(), "vector indexes");
      checks.server = shuttingDown ? { ok: false, reason: "shutting down" } : { ok: true };
      return { ready: Object.values(checks).every((c) => c.ok), checks };
    },
    markShuttingDown() {
      shuttingDown = true;
    },
  };
}
