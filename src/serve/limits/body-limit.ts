/**
 * The request body limit: a body over `maxBytes` is refused with HTTP 413 and a JSON GraphQL error
 * (`PAYLOAD_TOO_LARGE`) before it is parsed. A declared `content-length` over the limit is refused
 * before a byte is read; a body without one (chunked) or lying about it is counted as it streams
 * and refused the moment it passes the limit, so at most `maxBytes` (plus one chunk) is ever held.
 *
 * This replaces yoga's own `maxRequestBodySize` (same mechanism, but a generic code and a message
 * that does not say the limit); the app turns yoga's off.
 */
import type { Plugin } from "graphql-yoga";
import { formatCount, limitError } from "./limit-error.js";

const DIGITS = /^\d+$/;

export function bodyTooLarge(maxBytes: number): Error {
  return limitError(
    "PAYLOAD_TOO_LARGE",
    `The request body is larger than ${formatCount(maxBytes)} bytes, this server's limit; send a smaller document and smaller variables (long texts and lists belong in several requests)`,
    413,
  );
}

/** The request with its body counted as it is read, failing past `maxBytes`. */
function countedRequest(request: Request, maxBytes: number, fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream }): Request {
  const body = request.body;
  if (!body) return request;
  // A native stream needs the native TransformStream; whatwg-node's ponyfill stream its own (as yoga does).
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let read = 0;
  const counted = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        if (read > maxBytes) controller.error(bodyTooLarge(maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: counted,
    // Node's fetch needs this for a streamed body; the DOM typings do not know it.
    duplex: "half",
  } as RequestInit);
}

export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get("content-length");
      // Node's HTTP parser has already refused malformed lengths; a well-formed one over the limit stops here.
      if (declared !== null && DIGITS.test(declared) && Number(declared) > maxBytes) throw bodyTooLarge(maxBytes);
      if (requestParser === undefined || request.body === null) return;
      const parse = requestParser;
      setRequestParser((req) => parse(countedRequest(req, maxBytes, fetchAPI)));
    },
  };
}
