/**
 * Tells a GraphQL request that only reads from one that writes, before yoga sees it. Any operation
 * other than a query (a mutation; subscriptions do not exist here) is a write, and a request is a
 * write when any operation in any of its documents is, whichever one `operationName` selects: a
 * client cannot slip a mutation past by naming another operation.
 *
 * The rule that keeps this safe: never be stricter than yoga at reading a request. Where yoga would
 * execute something, this sees the same text: a JSON body is handed to yoga already parsed (the very
 * object inspected here), GET parameters are read the way yoga reads them, and the other bodies are
 * passed on byte for byte. A document that does not parse here does not parse in yoga either (same
 * graphql-js `parse`, same text), so it is left to yoga to refuse. A body this cannot read but yoga
 * might (multipart, an unknown content type, a compressed body) counts as a write.
 */
import type { Request } from "express";
import { Kind, OperationTypeNode, parse, type DocumentNode } from "graphql";

export type AccessNeed = "read" | "write";

export type BodyInspection = { need: AccessNeed } | { tooLarge: true };

/** The API's document limits (yoga refuses anything beyond them, so nothing beyond them is parsed here). */
export interface DocumentBounds {
  maxLength: number;
  maxTokens: number;
}
const UNBOUNDED: DocumentBounds = { maxLength: Number.POSITIVE_INFINITY, maxTokens: Number.POSITIVE_INFINITY };

/** Whether a `query` parameter's document holds a non-query operation. Unparsable or absent: read (yoga refuses it). */
export function documentNeed(query: unknown, bounds: DocumentBounds = UNBOUNDED): AccessNeed {
  if (typeof query !== "string") return "read";
  // Over the API's limits yoga refuses the document before parsing it; parsing it here would hand
  // anonymous clients a way to burn CPU and memory (measured: 1 MB cost 659 ms and 132 MB).
  if (query.length > bounds.maxLength) return "read";
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: true, maxTokens: bounds.maxTokens });
  } catch {
    // A syntax error: yoga parses the same text with the same parser and answers GRAPHQL_PARSE_FAILED.
    return "read";
  }
  return document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation !== OperationTypeNode.QUERY) ? "write" : "read";
}

/** The need of a parsed JSON body: one params object, or a batch (an array) where any write makes it a write. */
export function paramsNeed(body: unknown, bounds: DocumentBounds = UNBOUNDED): AccessNeed {
  const all = Array.isArray(body) ? (body as unknown[]) : [body];
  for (const params of all) {
    if (params !== null && typeof params === "object" && documentNeed((params as { query?: unknown }).query, bounds) === "write") return "write";
  }
  return "read";
}

/** yoga's content-type test: the first of a (non-standard) list, exactly or followed by parameters. Case-sensitive, like yoga. */
function contentTypeIs(req: Request, type: string): boolean {
  const header = req.headers["content-type"]?.split(",")[0];
  return header !== undefined && (header === type || header.startsWith(`${type};`));
}

/** The `query` parameter values yoga may execute from a GET: the URL's, with express's parsed query merged over it as yoga's adapter does. */
function getQueries(req: Request): string[] {
  const url = new URL(req.originalUrl, "http://localhost");
  const raw = url.searchParams.getAll("query");
  const parsed = req.query as Record<string, unknown>;
  for (const key of Object.keys(parsed)) url.searchParams.set(key, String(parsed[key]));
  const merged = url.searchParams.get("query");
  return merged === null ? raw : [...raw, merged];
}

/**
 * Reads the request (the body at most `maxBytes`) and says whether it writes. A JSON body is left on
 * `req.body` parsed, any other body as a Buffer; yoga's node adapter uses `req.body` when set.
 */
export async function inspectRequest(req: Request, maxBytes: number, bounds: DocumentBounds = UNBOUNDED): Promise<BodyInspection> {
  if (req.method === "GET" || req.method === "HEAD") {
    return { need: getQueries(req).some((q) => documentNeed(q, bounds) === "write") ? "write" : "read" };
  }
  // yoga executes nothing from other methods.
  if (req.method !== "POST") return { need: "read" };
  const encoding = req.headers["content-encoding"];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== "identity") return { need: "write" };
  const isJson = contentTypeIs(req, "application/json") || contentTypeIs(req, "application/graphql+json");
  const isGraphQL = contentTypeIs(req, "application/graphql");
  const isForm = contentTypeIs(req, "application/x-www-form-urlencoded");
  if (!isJson && !isGraphQL && !isForm) return { need: "write" };

  const body = await readBody(req, maxBytes);
  if (body === undefined) return { tooLarge: true };
  // TextDecoder drops a byte-order mark (as fetch's body readers do); JSON.parse alone would refuse one.
  const text = new TextDecoder("utf-8").decode(body);
  if (isJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // yoga reads the same bytes and answers "POST body sent invalid JSON."
      handOver(req, body);
      return { need: "read" };
    }
    if (parsed !== null && typeof parsed === "object" && Object.keys(parsed).length > 0) req.body = parsed;
    else handOver(req, body);
    return { need: paramsNeed(parsed, bounds) };
  }
  handOver(req, body);
  if (isGraphQL) return { need: documentNeed(text, bounds) };
  const form = new URLSearchParams(text);
  return { need: form.getAll("query").some((q) => documentNeed(q, bounds) === "write") ? "write" : "read" };
}

/**
 * Leaves the consumed bytes for yoga. An empty body stays unset: the adapter then reads the (ended)
 * stream and finds it empty, as it would have.
 */
function handOver(req: Request, body: Buffer): void {
  if (body.length > 0) req.body = body;
}

/** The whole body, or undefined once it exceeds `maxBytes` (the rest is not read). */
function readBody(req: Request, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}
