/**
 * The API key format and its hashing. A key is `tg_<id>_<secret>`: `id` is 12 lowercase hex digits
 * (6 random bytes; public, shown by `keys list`), `secret` is 32 random bytes in base64url (256 bits).
 * Only HMAC-SHA-256(salt, secret) is stored, with a random 16-byte salt per key.
 *
 * Why HMAC and not scrypt: the secret is 256 random bits, not a password, so key stretching adds
 * nothing against guessing, while a slow hash on every request would let bogus keys burn the
 * server's CPU. The salt keeps equal secrets (there are none in practice) from hashing alike.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const KEY_PREFIX = "tg_";
const ID_BYTES = 6;
const SECRET_BYTES = 32;
const SALT_BYTES = 16;
const KEY_PATTERN = /^tg_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const ID_PATTERN = /^[0-9a-f]{12}$/;

/** A freshly generated key: what to show once, and what to store. */
export interface KeyMaterial {
  id: string;
  /** The whole key (`tg_<id>_<secret>`), shown to the user once and never stored. */
  key: string;
  salt: Buffer;
  hash: Buffer;
}

/** The parts of a presented key. */
export interface ParsedKey {
  id: string;
  secret: string;
}

export function generateKey(): KeyMaterial {
  const id = randomBytes(ID_BYTES).toString("hex");
  const secret = randomBytes(SECRET_BYTES).toString("base64url");
  const salt = randomBytes(SALT_BYTES);
  return { id, key: `${KEY_PREFIX}${id}_${secret}`, salt, hash: hashSecret(secret, salt) };
}

/** The id and secret of a well-formed key, or undefined. */
export function parseKey(key: string): ParsedKey | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

export function isKeyId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/** HMAC-SHA-256 of the secret keyed by the salt: 32 bytes. */
export function hashSecret(secret: string, salt: Buffer): Buffer {
  return createHmac("sha256", salt).update(secret, "utf8").digest();
}

/** Constant-time comparison of a presented secret with a stored hash (false for a hash of another length). */
export function secretMatches(secret: string, salt: Buffer, hash: Buffer): boolean {
  const computed = hashSecret(secret, salt);
  return computed.length === hash.length && timingSafeEqual(computed, hash);
}
