/**
 * The one place that listens: opens the services, builds the ranking pipeline (loading the model
 * and indexes before the first request), builds the app, listens, and shuts down cleanly on
 * SIGINT/SIGTERM (report not ready, stop accepting, let in-flight requests finish, close the stores).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger as PinoLogger } from "pino";
import type { Config } from "../core/config.js";
import { BackendUnavailableError } from "../core/errors.js";
import { createRankingPipeline, describeProfiles, type PipelineOptions } from "../pipeline/pipeline.js";
import { RankProfiles } from "../pipeline/rank-profile.js";
import type { RankingPipeline } from "../pipeline/types.js";
import { createLiveWriter } from "../ingest/live-writer.js";
import { openKeyStore, openServices, type Services } from "../services.js";
import { buildApp, GRAPHQL_PATH } from "./app.js";
import { accessControlOptions } from "./auth/access-control.js";
import type { KeyStore } from "./auth/key-store.js";
import { createServerLogger, toCoreLogger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { createReadiness } from "./readiness.js";

export interface ServerOptions {
  /** JSON logger; default pino on stderr at `config.logLevel`. */
  logger?: PinoLogger;
  /** Passed to `createRankingPipeline` (profiles, reranker). */
  pipeline?: PipelineOptions;
  /** Close on SIGINT/SIGTERM (default true; tests turn it off and call `close`). */
  handleSignals?: boolean;
  /** How long in-flight requests may run after shutdown starts before their connections are cut, ms (default 10 000). */
  drainMs?: number;
}

export interface RunningServer {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** Base URL without a path, e.g. `http://127.0.0.1:4000`. */
  origin: string;
  /** The bound port (the real one when `config.port` was 0). */
  port: number;
  services: Services;
  pipeline: RankingPipeline;
  /** Stops accepting, drains, closes the services. Idempotent. */
  close(): Promise<void>;
}

/** `http://host:port` with IPv6 bracketed and wildcard binds shown as localhost (what a user can open). */
function originOf(address: AddressInfo): string {
  const host = address.address === "0.0.0.0" || address.address === "::" ? "localhost" : address.address;
  return `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * The server's ranking pipeline. Creating it loads the model and the indexes, which read the graph
 * store: when the backend (Neo4j) is unreachable at startup, the server starts anyway (so /readyz can
 * say why) and the pipeline is created by the first request after the backend is back; until then
 * requests fail with BACKEND_UNAVAILABLE.
 */
async function servingPipeline(create: () => Promise<RankingPipeline>, profiles: RankProfiles, logger: PinoLogger): Promise<RankingPipeline> {
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof BackendUnavailableError)) throw error;
    logger.warn({ reason: error.message }, "ranking pipeline not loaded: the graph backend is unavailable; it loads with the first request after the backend is back");
  }
  let pending: Promise<RankingPipeline> | undefined;
  const get = (): Promise<RankingPipeline> =>
    (pending ??= create().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
  return {
    searchFreelancers: async (req) => (await get()).searchFreelancers(req),
    searchJobs: async (req) => (await get()).searchJobs(req),
    recommendFreelancers: async (req) => (await get()).recommendFreelancers(req),
    recommendJobs: async (req) => (await get()).recommendJobs(req),
    explainMatch: async (jobId, freelancerId, profile) => (await get()).explainMatch(jobId, freelancerId, profile),
    linkSkills: async (text, first) => (await get()).linkSkills(text, first),
    profiles: () => describeProfiles(profiles),
    fusedCandidates: async (req, depth) => (await get()).fusedCandidates(req, depth),
  };
}

/** Starts the API on `config.host:config.port` over the data in `config.dataDir`. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createServerLogger(config, process.stderr);
  const services = await openServices(config, { logger: toCoreLogger(logger.child({ component: "services" })) });
  let server: Server | undefined;
  let keys: KeyStore | undefined;
  try {
    const stats = await services.store.stats().catch((error: unknown) => {
      // A graph backend that is down at startup (Neo4j) does not stop the server: /readyz says why.
      if (!(error instanceof BackendUnavailableError)) throw error;
      logger.warn({ reason: error.message }, "the graph backend is unavailable; serving starts anyway and /readyz reports it until it is back");
      return undefined;
    });
    if (stats !== undefined && stats.nodes.freelancers === 0 && stats.nodes.jobs === 0) {
      logger.warn({ dataDir: config.dataDir }, "the data dir holds no freelancers or jobs; run `talentgraph demo` or ingest data first");
    }
    const readiness = createReadiness(services);
    const started = performance.now();
    // Channel budgets are the API's: offline runs (eval, batch, CLI) must not depend on machine load.
    const pipelineOptions = { channelBudgetMs: config.channelBudgetMs, ...options.pipeline };
    const pipeline = await servingPipeline(() => createRankingPipeline(services, pipelineOptions), pipelineOptions.profiles ?? new RankProfiles(), logger);
    logger.info({ ms: Math.round(performance.now() - started), dataDir: config.dataDir }, "model and indexes loaded");
    keys = openKeyStore(config);
    // Live writes tell index maintenance what changed: it snapshots the HNSW indexes (and trims the
    // vector log) every so many changes, and rebuilds one in the background when deletions pile up.
    // Started now when it can be (the backend may be down: then with the first write after it is back).
    await services.maintenance().catch(() => undefined);
    const writer = createLiveWriter(services, {
      onVectorsChanged: (kind, count) => {
        services.maintenance().then(
          (m) => m.changed(kind, count),
          (error: unknown) => logger.warn({ err: error }, "index maintenance is not running"),
        );
      },
    });
    const app = buildApp(services, pipeline, { logger, readiness, metrics: createMetrics(), access: accessControlOptions(config, keys), writer });
    // A client gets `receiveTimeoutMs` to send a whole request (Node answers 408), checked every second.
    server = createServer(
      { requestTimeout: config.receiveTimeoutMs, headersTimeout: config.receiveTimeoutMs, connectionsCheckingInterval: 1000 },
      app,
    );
    const address = await listen(server, config.port, config.host);
    const origin = originOf(address);
    const url = `${origin}${GRAPHQL_PATH}`;
    logger.info({ url, mode: config.mode, graphiql: config.mode === "development" && config.graphiql }, `talentgraph API listening at ${url}`);

    const running: RunningServer = { url, origin, port: address.port, services, pipeline, close: () => Promise.resolve() };
    let closing: Promise<void> | undefined;
    const onSignal = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, "shutting down");
      running.close().then(
        () => logger.info("stopped"),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          process.exitCode = 1;
        },
      );
    };
    const httpServer = server;
    running.close = () =>
      (closing ??= (async () => {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        readiness.markShuttingDown();
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          // Idle keep-alive sockets would hold close() open forever; busy ones get `drainMs` to finish.
          httpServer.closeIdleConnections();
          setTimeout(() => httpServer.closeAllConnections(), options.drainMs ?? 10_000).unref();
        });
        // Flushes index snapshots (maintenance) before closing the store.
        await services.close();
        keys?.close();
      })());
    if (options.handleSignals !== false) {
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
    }
    return running;
  } catch (error) {
    server?.close();
    keys?.close();
    await services.close();
    throw error;
  }
}
