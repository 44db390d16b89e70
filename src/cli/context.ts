/**
 * What every subcommand needs: the parsed config (global flags override the environment),
 * a logger and a progress factory that respect --quiet.
 */
import { InvalidArgumentError, type Command } from "commander";
import { loadConfig, type Config } from "../core/config.js";
import { createLogger, type Logger } from "../core/logger.js";
import { createProgress, type Progress } from "../core/progress.js";

export interface GlobalOptions {
  dataDir?: string;
  model?: string;
  embedder?: string;
  quiet?: boolean;
}

export interface CliContext {
  config: Config;
  logger: Logger;
  quiet: boolean;
  progress: (label: string, total?: number, unit?: string) => Progress;
}

export function cliContext(command: Command, overrides: Record<string, unknown> = {}): CliContext {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const quiet = globals.quiet === true;
  const config = loadConfig({
    overrides: {
      dataDir: globals.dataDir,
      model: globals.model,
      embedder: globals.embedder,
      ...(quiet ? { logLevel: "warn" } : {}),
      ...overrides,
    },
  });
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  return {
    config,
    logger,
    quiet,
    progress: (label, total, unit) =>
      createProgress({ label, ...(total === undefined ? {} : { total }), ...(unit ? { unit } : {}), silent: quiet }),
  };
}

/** Parses a non-negative integer option, with a clear error naming the flag. */
export function nonNegativeInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${flag} must be a non-negative integer, got "${value}"`);
    return n;
  };
}
