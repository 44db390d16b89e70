/**
 * The server's structured JSON logger (pino) and an adapter that lets the services (which speak the
 * small core `Logger` interface) write to the same stream, so one process emits one log format.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from "pino";
import type { Config } from "../core/config.js";
import type { Logger } from "../core/logger.js";

/** A pino logger at the configured level writing JSON lines to `destination` (default stdout). */
export function createServerLogger(config: Pick<Config, "logLevel">, destination?: DestinationStream): PinoLogger {
  // ISO timestamps: log lines are read by people as often as by collectors.
  const options = { level: config.logLevel, base: { service: "talentgraph" }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** The core `Logger` interface over pino (message first there, fields first in pino). */
export function toCoreLogger(log: PinoLogger): Logger {
  return {
    debug: (msg, fields) => log.debug(fields ?? {}, msg),
    info: (msg, fields) => log.info(fields ?? {}, msg),
    warn: (msg, fields) => log.warn(fields ?? {}, msg),
    error: (msg, fields) => log.error(fields ?? {}, msg),
    child: (fields) => toCoreLogger(log.child(fields)),
  };
}
