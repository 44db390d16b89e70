/**
 * The one error catalogue. Every error that crosses a module boundary is a
 * TalentgraphError with a stable `code`; messages start with the operation and
 * say what to do next.
 */
export const ERROR_CODES = [
  "INVALID_INPUT",
  "INVALID_CURSOR",
  "NOT_FOUND",
  "DIMENSION_MISMATCH",
  "MODEL_MISMATCH",
  "BACKEND_UNAVAILABLE",
  "INDEX_CORRUPT",
  "CONFIG_INVALID",
  "MODEL_UNAVAILABLE",
  "DATA_UNAVAILABLE",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "RATE_LIMITED",
  // API limits on hostile or broken requests (src/serve/limits): each names the limit it hit.
  "PAYLOAD_TOO_LARGE",
  "DOCUMENT_TOO_LONG",
  "TOO_MANY_TOKENS",
  "QUERY_TOO_DEEP",
  "TOO_MANY_ALIASES",
  "QUERY_TOO_COMPLEX",
  "INTROSPECTION_DISABLED",
  "TIMEOUT",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class TalentgraphError extends Error {
  readonly code: ErrorCode;
  /** Safe to show to API clients (no internals in the message). */
  readonly exposable: boolean;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; exposable?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exposable = options?.exposable ?? code !== "INTERNAL";
  }
}

export class InvalidInputError extends TalentgraphError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("INVALID_INPUT", message, options);
  }
}

export class InvalidCursorError extends TalentgraphError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("INVALID_CURSOR", message, options);
  }
}

export class NotFoundError extends TalentgraphError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("NOT_FOUND", message, options);
  }
}

export class DimensionMismatchError extends TalentgraphError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("DIMENSION_MISMATCH", message, options);
  }
}

export class ModelMismatchError extends TalentgraphError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("MODEL_MISMATCH", message, options);
  }
}

export class BackendUnavailableError extends TalentgraphError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("BACKEND_UNAVAILABLE", message, options);
  }
}

export class IndexCorruptError extends TalentgraphError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("INDEX_CORRUPT", message, options);
  }
}

export class ConfigInvalidError extends TalentgraphError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("CONFIG_INVALID", message, options);
  }
}

export class ModelUnavailableError extends TalentgraphError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("MODEL_UNAVAILABLE", message, options);
  }
}

export class DataUnavailableError extends TalentgraphError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("DATA_UNAVAILABLE", message, options);
  }
}

/** No API key where one is needed, or a key that is unknown, revoked or malformed (HTTP 401). */
export class UnauthenticatedError extends TalentgraphError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("UNAUTHENTICATED", message, options);
  }
}

/** A valid API key whose scope is too small for the operation (HTTP 403). */
export class ForbiddenError extends TalentgraphError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("FORBIDDEN", message, options);
  }
}

/** Too many requests for the key or client (HTTP 429); `retryAfterSeconds` is a whole number ≥ 1. */
export class RateLimitedError extends TalentgraphError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, options?: { cause?: unknown }) {
    super("RATE_LIMITED", message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isTalentgraphError(error: unknown): error is TalentgraphError {
  return error instanceof TalentgraphError;
}

/** Message of any thrown value, for logs and quarantine reasons. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
