/**
 * Opaque pagination cursors. A cursor is base64url of a small versioned JSON object holding the
 * offset (number of results before the next page) and the fingerprint of the request that produced
 * it, so a cursor cannot be replayed against another query, filter or profile: the pages of a fused
 * ranking only line up when every page is cut from the same ranking.
 *
 * Cursors are not secret and not signed: changing the offset by hand only moves to another page of
 * the same ranking, which `first`/`after` allow anyway. The checksum catches corruption (truncated or
 * mangled copies) so it fails with INVALID_CURSOR instead of landing on a wrong page.
 */
import { z } from "zod";
import { InvalidCursorError, InvalidInputError } from "../core/errors.js";
import { contentHash } from "../core/hash.js";
import { MAX_RESULT_WINDOW } from "./types.js";

const VERSION = 1;
/** Far above any cursor encodeCursor writes (~100 chars); refuses absurd inputs before decoding them. */
const MAX_CURSOR_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const RESTART = "start again without `after`";
const MALFORMED = `cursor is malformed; pass a cursor from a previous page unchanged, or ${RESTART}`;

const payloadSchema = z
  .object({
    v: z.number(),
    o: z.number().int().min(0).max(MAX_RESULT_WINDOW),
    f: z.string().min(1).max(128),
    c: z.string(),
  })
  .strict();

function checksum(version: number, offset: number, fingerprint: string): string {
  return contentHash([version, offset, fingerprint]).slice(0, 8);
}

/**
 * Encodes the position after a page.
 *
 * @param offset number of results before the page the cursor opens: an integer in 0..MAX_RESULT_WINDOW.
 * @param fingerprint the request's fingerprint (see {@link requestFingerprint}).
 * @throws InvalidInputError for an offset outside that range or an empty fingerprint (a caller bug).
 */
export function encodeCursor(offset: number, fingerprint: string): string {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > MAX_RESULT_WINDOW) {
    throw new InvalidInputError(`encodeCursor: offset ${offset} is not an integer in 0..${MAX_RESULT_WINDOW}`);
  }
  if (fingerprint.length === 0 || fingerprint.length > 128) {
    throw new InvalidInputError("encodeCursor: fingerprint must be 1..128 characters (use requestFingerprint)");
  }
  const payload = { v: VERSION, o: offset, f: fingerprint, c: checksum(VERSION, offset, fingerprint) };
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

/**
 * Decodes a cursor from a client and checks it belongs to this request.
 *
 * @returns the offset: the number of results before the requested page (0..MAX_RESULT_WINDOW).
 * @throws InvalidCursorError (code INVALID_CURSOR, safe to show) when the cursor is malformed, from
 *   another version, or was issued for a different query, filter or profile.
 */
export function decodeCursor(cursor: string, fingerprint: string): number {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) {
    throw new InvalidCursorError(MALFORMED);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (error) {
    // Not JSON after decoding: garbage or a truncated copy. Keep the parse error as the cause for logs.
    throw new InvalidCursorError(MALFORMED, { cause: error });
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) throw new InvalidCursorError(MALFORMED, { cause: parsed.error });
  const { v, o, f, c } = parsed.data;
  if (v !== VERSION) {
    throw new InvalidCursorError(`cursor comes from an incompatible version of the API; ${RESTART}`);
  }
  if (c !== checksum(v, o, f)) throw new InvalidCursorError(MALFORMED);
  if (f !== fingerprint) {
    throw new InvalidCursorError(`cursor belongs to another query/profile/filter: ${RESTART}`);
  }
  return o;
}

/**
 * A short stable hash (16 hex chars) of what defines a ranking: operation, query text or source id,
 * filter, profile name (and flags such as includeApplied). Object key order does not matter and
 * undefined fields are dropped; pass normalised values (the parsed filter, the resolved profile name)
 * so that equivalent requests fingerprint alike. Page size is deliberately not part of it: a client
 * may change `first` between pages, the offset stays right.
 */
export function requestFingerprint(parts: unknown): string {
  return contentHash(parts).slice(0, 16);
}
