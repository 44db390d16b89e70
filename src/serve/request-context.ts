/**
 * Per-request state (request id, logger, the GraphQL operation it ran) carried through the whole
 * request by AsyncLocalStorage, so code without access to the GraphQL context (yoga's error masking,
 * the metrics plugin) can still log with the request id.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Logger as PinoLogger } from "pino";

/** What the server knows about the request being handled. */
export interface RequestState {
  /** The client's `x-request-id` when it sent a usable one, else a fresh UUID; echoed in the response. */
  readonly id: string;
  /** Child logger bound to `reqId`. */
  readonly log: PinoLogger;
  /** `performance.now()` when the request arrived. */
  readonly startedAt: number;
  /** Metrics label of the GraphQL operation (its root field), set once the operation is known. */
  operation?: string;
  /** The client's GraphQL operation name, for logs only (unbounded, so never a metrics label). */
  operationName?: string;
}

const storage = new AsyncLocalStorage<RequestState>();

/** The state of the request whose code is running, or undefined outside a request. */
export function currentRequest(): RequestState | undefined {
  return storage.getStore();
}

export const REQUEST_ID_HEADER = "x-request-id";

/** A client id is kept only when it is short and plain, so it cannot forge log lines or bloat labels. */
const USABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id to use for an incoming header value: the client's when usable, else a new UUID. */
export function chooseRequestId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && USABLE_ID.test(value) ? value : randomUUID();
}

/**
 * Express middleware: assigns the request id, echoes it in `x-request-id`, binds a child logger and
 * runs the rest of the chain inside the request's async context. `onFinish` is called once the
 * response has been sent (metrics, access log).
 */
export function requestContext(
  logger: PinoLogger,
  onFinish: (state: RequestState, req: Request, res: Response) => void,
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const id = chooseRequestId(req.headers[REQUEST_ID_HEADER]);
    const state: RequestState = { id, log: logger.child({ reqId: id }), startedAt: performance.now() };
    res.setHeader(REQUEST_ID_HEADER, id);
    res.once("finish", () => onFinish(state, req, res));
    storage.run(state, next);
  };
}
