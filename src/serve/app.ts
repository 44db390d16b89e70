/**
 * The express app: GraphQL (graphql-yoga) at /graphql, liveness, readiness and Prometheus metrics,
 * the ranking inspector page at /inspect, request ids and structured access logs. `buildApp` only
 * builds; `server.ts` is the one place that listens (yoga's own layout), so tests and benchmarks can
 * mount the same app on any port.
 */
import express, { type NextFunction, type Request, type Response } from "express";
import type { DocumentNode } from "graphql";
import { createYoga, type Plugin, type YogaLogger } from "graphql-yoga";
import type { Logger as PinoLogger } from "pino";
import type { Config } from "../core/config.js";
import { createLiveWriter, type LiveWriter, type LiveWriterServices } from "../ingest/live-writer.js";
import type { RankingPipeline } from "../pipeline/types.js";
import { createAccessControl, type AccessControlOptions } from "./auth/access-control.js";
import { createMaskError, UNEXPECTED_ERROR_CODE, UNEXPECTED_ERROR_MESSAGE } from "./errors.js";
import { createInspectorRouter, INSPECTOR_PATH } from "./inspector/inspector-router.js";
import { limitPlugins, parserCache, resolveLimits, type ApiLimits, type LimitConfig } from "./limits/limits.js";
import { createLoaders } from "./loaders.js";
import { createServerLogger } from "./logger.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { NOT_EXECUTED, operationLabel } from "./operation.js";
import { createReadiness, type Readiness } from "./readiness.js";
import { currentRequest, requestContext, type RequestState } from "./request-context.js";
import type { GraphQLContext } from "./resolvers.js";
import { buildSchema } from "./schema.js";

export const GRAPHQL_PATH = "/graphql";
/** Routes with their own metrics label; everything else is "other" (bounded label values). */
const ROUTES = new Set([GRAPHQL_PATH, "/healthz", "/readyz", "/metrics"]);
/** Probe and scrape routes log at debug: they arrive every few seconds and say nothing new. */
const QUIET_ROUTES = new Set(["/healthz", "/readyz", "/metrics"]);

/** The services the app reads (a full `Services` fits). */
export type AppServices = LiveWriterServices & { config: Pick<Config, "mode" | "graphiql" | "logLevel"> & LimitConfig };

export interface AppOptions {
  /** JSON logger; default pino on stdout at `config.logLevel`. */
  logger?: PinoLogger;
  /** Metrics registry; default a fresh one with process metrics. */
  metrics?: Metrics;
  /** Readiness checks; default over `services` (the server passes its own to flag shutdown). */
  readiness?: Readiness;
  /** Overrides `config.mode` (GraphiQL is served only in development). */
  mode?: Config["mode"];
  /** Overrides `config.graphiql`. */
  graphiql?: boolean;
  /** Overrides the config's limits on requests (body, document, depth, aliases, cost, introspection, timeout; limits/limits.ts). */
  limits?: Partial<ApiLimits>;
  /** API keys, scopes, rate limits and CORS on /graphql (auth/access-control.ts). Default: open reads, no key store (so no writes), no CORS. */
  access?: AccessControlOptions;
  /** The write API's path into the stores; default one over `services` (the server passes its own, wired to index maintenance). */
  writer?: LiveWriter;
}

type ServerContext = { req: Request; res: Response };

/** Yoga's own log lines, routed to pino with the request id when there is one. */
function yogaLogger(base: PinoLogger): YogaLogger {
  const log = (): PinoLogger => currentRequest()?.log ?? base;
  return {
    debug: (...args: unknown[]) => log().debug({ args }, "yoga"),
    info: (...args: unknown[]) => log().info({ args }, "yoga"),
    warn: (...args: unknown[]) => log().warn({ args }, "yoga"),
    // Yoga logs every error it masks, including the exposable ones we rewrite on purpose; unexpected
    // errors are already logged (with the request id and the cause) by our maskError, so this is debug.
    error: (...args: unknown[]) => log().debug({ args }, "yoga error"),
  };
}

/** Labels each request with its operation and counts the errors returned, by code. */
function observabilityPlugin(metrics: Metrics): Plugin {
  return {
    onExecute({ args }) {
      const state = currentRequest();
      if (state) {
        // Envelop types execution args loosely; these two are what graphql-js's `execute` takes.
        const document = args.document as DocumentNode;
        const operationName = args.operationName as string | null | undefined;
        state.operation = operationLabel(document, operationName);
        if (operationName) state.operationName = operationName;
      }
    },
    onResultProcess({ result }) {
      const results = Array.isArray(result) ? result : Symbol.asyncIterator in result ? [] : [result];
      const operation = currentRequest()?.operation ?? NOT_EXECUTED;
      for (const r of results) {
        for (const e of r.errors ?? []) {
          const code = e.extensions?.code;
          metrics.countGraphQLError(operation, typeof code === "string" ? code : "UNKNOWN");
        }
      }
    },
  };
}

function routeOf(req: Request): string {
  const pathname = req.originalUrl.split("?")[0] ?? "";
  return ROUTES.has(pathname) ? pathname : "other";
}

/**
 * Builds the express app over opened services and a ranking pipeline. Nothing listens here.
 */
export function buildApp(services: AppServices, pipeline: RankingPipeline, options: AppOptions = {}): express.Express {
  const logger = options.logger ?? createServerLogger(services.config);
  const metrics = options.metrics ?? createMetrics();
  const readiness = options.readiness ?? createReadiness(services);
  const mode = options.mode ?? services.config.mode;
  const graphiql = mode === "development" && (options.graphiql ?? services.config.graphiql);
  const limits = resolveLimits(services.config, mode, options.limits);

  const yoga = createYoga<ServerContext, GraphQLContext>({
    schema: buildSchema(pipeline, metrics, options.writer ?? createLiveWriter(services)),
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql,
    landingPage: false,
    // CORS is the access control's (allow-listed origins only); yoga's default echoes every origin.
    cors: false,
    maskedErrors: { maskError: createMaskError(logger), errorMessage: UNEXPECTED_ERROR_MESSAGE, isDev: false },
    logging: yogaLogger(logger),
    context: (): GraphQLContext => ({ requestId: currentRequest()?.id ?? "-", loaders: createLoaders(services.store) }),
    // The body limit is limits/body-limit.ts (yoga's own has a generic code and does not say the limit).
    maxRequestBodySize: false,
    // Yoga's default parse cache holds 1,024 documents whatever their size (~1 GB at the token limit).
    parserAndValidationCache: parserCache(),
    plugins: [observabilityPlugin(metrics), ...limitPlugins(limits)],
  });

  const onFinish = (state: RequestState, req: Request, res: Response): void => {
    const route = routeOf(req);
    const seconds = (performance.now() - state.startedAt) / 1000;
    const operation = route === GRAPHQL_PATH ? (state.operation ?? NOT_EXECUTED) : "-";
    metrics.observeHttp({ method: req.method, route, status: res.statusCode, operation }, seconds);
    const line = {
      method: req.method,
      url: req.originalUrl,
      status: res.statusCode,
      ms: Math.round(seconds * 1e5) / 100,
      ...(route === GRAPHQL_PATH ? { operation, ...(state.operationName ? { operationName: state.operationName } : {}) } : {}),
    };
    if (QUIET_ROUTES.has(route)) state.log.debug(line, "request");
    else state.log.info(line, "request");
  };

  const app = express();
  app.disable("x-powered-by");
  app.use(requestContext(logger, onFinish));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const report = await readiness.report();
    res.status(report.ready ? 200 : 503).json(report);
  });
  app.get("/metrics", async (_req, res) => {
    res.setHeader("content-type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  // API keys, scopes, rate limits and CORS, before yoga sees the request.
  app.use(
    GRAPHQL_PATH,
    createAccessControl({
      maxInspectedBodyBytes: limits.maxBodyBytes,
      documentBounds: { maxLength: limits.maxDocumentLength, maxTokens: limits.maxDocumentTokens },
      ...options.access,
    }),
  );
  // Yoga is a Node request listener, not an express app: call it directly. It reads `originalUrl`, so
  // the mount path is not lost.
  app.use(GRAPHQL_PATH, (req: Request, res: Response) => yoga(req, res, { req, res }));
  // The ranking inspector page (static files calling the API above from the same origin).
  app.use(INSPECTOR_PATH, createInspectorRouter({ graphqlPath: GRAPHQL_PATH }));

  app.use((req, res) => {
    res.status(404).json({ error: `no route ${req.method} ${req.path}; the API is at ${GRAPHQL_PATH}` });
  });
  // Express 5 forwards rejected handlers here; never show a stack (express's default does in development).
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const state = currentRequest();
    (state?.log ?? logger).error({ err: error }, "unhandled error outside GraphQL");
    if (res.headersSent) {
      next(error);
      return;
    }
    res.status(500).json({ error: UNEXPECTED_ERROR_MESSAGE, code: UNEXPECTED_ERROR_CODE, requestId: state?.id });
  });
  return app;
}
