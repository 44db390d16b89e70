/**
 * The KeyStore port: API keys for the GraphQL API. Keys are created with a scope (see scope.ts) and
 * optional rate limits, listed without their secrets, revoked by id, and verified on each request.
 * Only a salted hash of a key's secret is ever stored (see api-key.ts). Methods are synchronous:
 * verification runs on every request and the adapter (better-sqlite3) is synchronous.
 */
import type { Scope } from "./scope.js";

/** What is known about a key: never its secret or hash. */
export interface ApiKeyInfo {
  /** Public id: 12 hex digits, the `<id>` of `tg_<id>_<secret>`. */
  id: string;
  /** Free-text label given at creation (who or what uses the key); null when none. */
  name: string | null;
  scope: Scope;
  /** The key's own sustained rate, requests per second (0 = no limit); null means the server default. */
  ratePerSecond: number | null;
  /** The key's own bucket size, requests; null means the server default. */
  burst: number | null;
  /** ISO-8601 creation time. */
  createdAt: string;
  /** ISO-8601 revocation time; null while the key is valid. */
  revokedAt: string | null;
  /** ISO-8601 time of the last successful use, to the minute (updates are throttled); null when never used. */
  lastUsedAt: string | null;
}

export interface CreateKeyOptions {
  scope: Scope;
  /** 1..100 printable characters. */
  name?: string;
  /** Requests per second, 0..1,000,000 (0 = no limit); omitted means the server default. */
  ratePerSecond?: number;
  /** Bucket size, 1..1,000,000 requests; omitted means the server default. */
  burst?: number;
}

export interface CreatedKey {
  /** The whole key, `tg_<id>_<secret>`: show it once, it cannot be recovered. */
  key: string;
  info: ApiKeyInfo;
}

/**
 * The outcome of checking a presented key. The reasons are for server logs only: clients get the
 * same answer for every failure, so they cannot tell a revoked key from an unknown one.
 */
export type KeyVerification =
  | { ok: true; key: ApiKeyInfo }
  | { ok: false; reason: "malformed" | "unknown" | "mismatch" | "revoked"; keyId?: string };

export interface KeyStore {
  /** Creates a key. INVALID_INPUT for a bad name, rate or burst. */
  create(options: CreateKeyOptions): CreatedKey;
  /** Every key, revoked ones included, oldest first. */
  list(): ApiKeyInfo[];
  /** Revokes a key at once (it stays listed). NOT_FOUND for an unknown id; revoking twice keeps the first time. */
  revoke(id: string): { key: ApiKeyInfo; alreadyRevoked: boolean };
  /** Checks a presented key in time independent of which check fails; records the use when valid. */
  verify(presented: string): KeyVerification;
  /** Idempotent. */
  close(): void;
}
