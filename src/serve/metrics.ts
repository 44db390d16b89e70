/**
 * Prometheus metrics (prom-client) on a registry owned by one app, so several apps in one process
 * (tests, benchmarks) never clash over global metric names. Label values are bounded: GraphQL
 * operations are labelled by their root field (a fixed set), never by client-chosen operation names.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import type { StageTimings } from "../pipeline/types.js";

/** Latency buckets in seconds: sub-millisecond stages up to multi-second cold requests. */
const SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface Metrics {
  readonly registry: Registry;
  /** Records one finished HTTP request. `operation` is the GraphQL root field, or "-" for other routes. */
  observeHttp(labels: { method: string; route: string; status: number; operation: string }, seconds: number): void;
  /** Records one ranked page's per-stage timings (milliseconds, as the pipeline reports them) and its total. */
  observePipeline(operation: string, timings: StageTimings, tookMs: number): void;
  /** Counts GraphQL errors by operation and `extensions.code`. */
  countGraphQLError(operation: string, code: string): void;
}

/** Creates a registry with default process metrics and talentgraph's request and stage metrics. */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: "talentgraph_http_requests_total",
    help: "HTTP requests by method, route, status and GraphQL operation (root field; '-' outside /graphql).",
    labelNames: ["method", "route", "status", "operation"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "talentgraph_http_request_duration_seconds",
    help: "HTTP request latency in seconds, from arrival to the last byte written, by route and GraphQL operation.",
    labelNames: ["method", "route", "operation"] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const stageDuration = new Histogram({
    name: "talentgraph_pipeline_stage_duration_seconds",
    help: "Ranking pipeline stage latency in seconds (embed, link, filter, vector, keyword, graph, collaborative, fuse, rerank, hydrate).",
    labelNames: ["operation", "stage"] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const pipelineDuration = new Histogram({
    name: "talentgraph_pipeline_duration_seconds",
    help: "Ranking pipeline latency per page in seconds (RankedPage.tookMs), by operation.",
    labelNames: ["operation"] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const graphqlErrors = new Counter({
    name: "talentgraph_graphql_errors_total",
    help: "GraphQL errors returned to clients, by operation and extensions.code.",
    labelNames: ["operation", "code"] as const,
    registers: [registry],
  });
  return {
    registry,
    observeHttp: ({ method, route, status, operation }, seconds) => {
      httpRequests.inc({ method, route, status: String(status), operation });
      httpDuration.observe({ method, route, operation }, seconds);
    },
    observePipeline: (operation, timings, tookMs) => {
      for (const [stage, ms] of Object.entries(timings)) {
        if (Number.isFinite(ms)) stageDuration.observe({ operation, stage }, ms / 1000);
      }
      if (Number.isFinite(tookMs)) pipelineDuration.observe({ operation }, tookMs / 1000);
    },
    countGraphQLError: (operation, code) => graphqlErrors.inc({ operation, code }),
  };
}
