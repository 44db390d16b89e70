/**
 * The SQLite key store: keys are shown once and stored only as salted hashes (checked on the file's
 * bytes), verify accepts exactly the valid keys, revoke takes effect at once, list never shows a
 * secret, and the store survives reopening (its own migration).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { isTalentgraphError } from "../../../../src/core/errors.js";
import { parseKey } from "../../../../src/serve/auth/api-key.js";
import { openSqliteKeyStore, type SqliteKeyStore } from "../../../../src/serve/auth/sqlite-key-store.js";

const dirs: string[] = [];
const stores: SqliteKeyStore[] = [];
function tmpFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tg-keys-"));
  dirs.push(dir);
  return path.join(dir, "keys.db");
}
function open(file = ":memory:", now?: () => Date): SqliteKeyStore {
  const store = openSqliteKeyStore({ path: file, ...(now ? { now } : {}) });
  stores.push(store);
  return store;
}
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isTalentgraphError(error) ? error.code : `not a TalentgraphError: ${String(error)}`;
  }
  return undefined;
}

afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("SqliteKeyStore", () => {
  it("creates keys as tg_<id>_<secret> with 256 random bits, each different", () => {
    const store = open();
    const a = store.create({ scope: "read" });
    const b = store.create({ scope: "read" });
    for (const k of [a, b]) {
      expect(k.key).toMatch(/^tg_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      expect(parseKey(k.key)?.id).toBe(k.info.id);
      expect(Buffer.from(parseKey(k.key)!.secret, "base64url")).toHaveLength(32);
    }
    expect(a.info.id).not.toBe(b.info.id);
    expect(parseKey(a.key)!.secret).not.toBe(parseKey(b.key)!.secret);
  });

  it("stores only a salted hash: the secret is nowhere in the database file", () => {
    const file = tmpFile();
    const store = open(file);
    const created = [store.create({ scope: "write", name: "ci" }), store.create({ scope: "admin" }), store.create({ scope: "read" })];
    store.close();
    const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
    for (const { key, info } of created) {
      const secret = parseKey(key)!.secret;
      // Positive control: the file read is the one holding the keys.
      expect(bytes.includes(Buffer.from(info.id)), "id on disk").toBe(true);
      expect(bytes.includes(Buffer.from(secret)), "secret on disk").toBe(false);
      expect(bytes.includes(Buffer.from(secret, "base64url")), "secret bytes on disk").toBe(false);
      expect(bytes.includes(Buffer.from(key)), "whole key on disk").toBe(false);
    }
    // Each key has its own salt: two hashes of the same secret would differ.
    const db = new Database(file, { readonly: true });
    const salts = (db.prepare("SELECT salt FROM api_keys").all() as Array<{ salt: Buffer }>).map((r) => r.salt.toString("hex"));
    db.close();
    expect(new Set(salts).size).toBe(3);
    expect(salts.every((s) => s.length === 32)).toBe(true);
  });

  it("verifies the exact key and refuses a wrong secret, an unknown id and a malformed key", () => {
    const store = open();
    const { key, info } = store.create({ scope: "write", name: "ingest bot", ratePerSecond: 5, burst: 7 });
    const ok = store.verify(key);
    expect(ok).toEqual({ ok: true, key: { ...info, lastUsedAt: expect.any(String) as string } });
    const { id, secret } = parseKey(key)!;
    const flipped = `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`;
    expect(store.verify(`tg_${id}_${flipped}`)).toEqual({ ok: false, reason: "mismatch", keyId: id });
    expect(store.verify(`tg_000000000000_${secret}`)).toEqual({ ok: false, reason: "unknown", keyId: "000000000000" });
    for (const bad of ["", "tg_", secret, `${key}x`, `tg_${id}`, key.toUpperCase(), ` ${key}`]) {
      expect(store.verify(bad).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it("revokes at once, keeps the key listed, and revoking twice keeps the first time", () => {
    let t = Date.parse("2026-03-01T10:00:00Z");
    const store = open(":memory:", () => new Date(t));
    const { key, info } = store.create({ scope: "read" });
    const other = store.create({ scope: "read" });
    t += 1000;
    const first = store.revoke(info.id);
    expect(first).toEqual({ alreadyRevoked: false, key: { ...info, revokedAt: "2026-03-01T10:00:01.000Z" } });
    expect(store.verify(key)).toEqual({ ok: false, reason: "revoked", keyId: info.id });
    expect(store.verify(other.key).ok).toBe(true);
    t += 1000;
    expect(store.revoke(info.id)).toEqual({ alreadyRevoked: true, key: first.key });
    expect(store.list().map((k) => [k.id, k.revokedAt])).toEqual([
      [info.id, "2026-03-01T10:00:01.000Z"],
      [other.info.id, null],
    ]);
    expect(codeOf(() => store.revoke("0123456789ab"))).toBe("NOT_FOUND");
  });

  it("lists every key oldest first with its public fields only", () => {
    let t = Date.parse("2026-03-01T10:00:00Z");
    const store = open(":memory:", () => new Date((t += 1000)));
    const a = store.create({ scope: "admin", name: "ops" });
    const b = store.create({ scope: "read", ratePerSecond: 0.5 });
    const list = store.list();
    expect(list.map((k) => k.id)).toEqual([a.info.id, b.info.id]);
    for (const k of list) {
      expect(Object.keys(k).sort()).toEqual(["burst", "createdAt", "id", "lastUsedAt", "name", "ratePerSecond", "revokedAt", "scope"]);
    }
    expect(list[0]).toMatchObject({ name: "ops", scope: "admin", ratePerSecond: null, burst: null, createdAt: "2026-03-01T10:00:01.000Z", lastUsedAt: null });
    expect(list[1]).toMatchObject({ name: null, scope: "read", ratePerSecond: 0.5 });
    expect(JSON.stringify(list)).not.toContain(parseKey(a.key)!.secret);
  });

  it("records the last use, at most once a minute", () => {
    let t = Date.parse("2026-03-01T10:00:00Z");
    const store = open(":memory:", () => new Date(t));
    const { key, info } = store.create({ scope: "read" });
    const lastUsed = () => store.list().find((k) => k.id === info.id)!.lastUsedAt;
    expect(lastUsed()).toBeNull();
    store.verify(key);
    expect(lastUsed()).toBe("2026-03-01T10:00:00.000Z");
    t += 30_000;
    store.verify(key);
    expect(lastUsed()).toBe("2026-03-01T10:00:00.000Z");
    t += 30_000;
    store.verify(key);
    expect(lastUsed()).toBe("2026-03-01T10:01:00.000Z");
  });

  it("refuses a bad scope, name, rate or burst with INVALID_INPUT", () => {
    const store = open();
    expect(codeOf(() => store.create({ scope: "root" as "read" }))).toBe("INVALID_INPUT");
    expect(codeOf(() => store.create({ scope: "read", name: "  " }))).toBe("INVALID_INPUT");
    expect(codeOf(() => store.create({ scope: "read", name: "x".repeat(101) }))).toBe("INVALID_INPUT");
    expect(codeOf(() => store.create({ scope: "read", name: "line\nbreak" }))).toBe("INVALID_INPUT");
    expect(codeOf(() => store.create({ scope: "read", ratePerSecond: -1 }))).toBe("INVALID_INPUT");
    expect(codeOf(() => store.create({ scope: "read", ratePerSecond: Number.NaN }))).toBe("INVALID_INPUT");
    expect(codeOf(() => store.create({ scope: "read", burst: 0 }))).toBe("INVALID_INPUT");
    expect(codeOf(() => store.create({ scope: "read", burst: 1.5 }))).toBe("INVALID_INPUT");
    expect(store.list()).toEqual([]);
  });

  it("keeps keys across reopening, refuses a newer schema and a file that is not a database", () => {
    const file = tmpFile();
    const first = open(file);
    const { key } = first.create({ scope: "write" });
    first.close();
    expect(open(file).verify(key).ok).toBe(true);

    const newer = tmpFile();
    const db = new Database(newer);
    db.pragma("user_version = 99");
    db.close();
    expect(codeOf(() => open(newer))).toBe("CONFIG_INVALID");

    const junk = tmpFile();
    writeFileSync(junk, "this is not a database, just some text long enough to have a header".repeat(20));
    expect(codeOf(() => open(junk))).toBe("INDEX_CORRUPT");
  });

  it("refuses use after close", () => {
    const store = open();
    store.close();
    expect(codeOf(() => store.list())).toBe("INTERNAL");
    store.close();
  });
});
