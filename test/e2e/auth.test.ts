/**
 * API keys, scopes, rate limits and CORS end to end: two real servers (`startServer`) over one small
 * demo data dir (tiny test model), one with open reads and an allowed CORS origin, one with keyed
 * reads, sharing `<dataDir>/keys.db` with the `talentgraph keys` CLI run as a separate process.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig, PACKAGE_ROOT, type Config } from "../../src/core/config.js";
import { generateDemo } from "../../src/ingest/demo/generate-demo.js";
import { ingest } from "../../src/ingest/ingest.js";
import { Quarantine } from "../../src/ingest/quarantine.js";
import { startServer, type RunningServer } from "../../src/serve/server.js";
import { openKeyStore, openServices } from "../../src/services.js";

const BIN = path.join(PACKAGE_ROOT, "bin", "talentgraph.js");
const ORIGIN = "https://app.example.com";
const work = mkdtempSync(path.join(os.tmpdir(), "tg-auth-e2e-"));
const input = path.join(work, "input");
const dataDir = path.join(work, "data");

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

let open: RunningServer;
let keyed: RunningServer;
let jobIds: string[];
let freelancerIds: string[];
const keys = { read: "", write: "", admin: "", slow: "" };

const ids = (file: string): string[] =>
  readFileSync(path.join(input, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => (JSON.parse(l) as { id: string }).id);

async function send(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text === "" ? {} : (JSON.parse(text) as Reply["body"]) };
}

function gql(server: RunningServer, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Reply> {
  return send(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const codeOf = (r: Reply) => r.body.errors?.[0]?.extensions?.code;
const READ = "{ rankProfiles { name } }";
const RECORD = `mutation($input: InteractionInput!) { recordInteraction(input: $input) { inserted interaction { type job { id } freelancer { id } } } }`;
let at = Date.parse("2026-11-01T00:00:00Z");
/** A fresh interaction each call (the time differs), so `inserted` is true when the write happens. */
const interaction = () => ({ input: { type: "VIEW", jobId: jobIds[0], freelancerId: freelancerIds[0], at: new Date((at += 60_000)).toISOString() } });

/**
 * Runs the CLI without blocking: the servers live in this process, and a blocked event loop would
 * let their keep-alive timers and the client's expire together (a reset connection).
 */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, TALENTGRAPH_DATA_DIR: dataDir, TALENTGRAPH_MODEL: inject("tinyModelDir"), LOG_LEVEL: "warn" }, encoding: "utf8", timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  await generateDemo({ outDir: input, freelancers: 60, jobs: 20, seed: 7 });
  const config = (overrides: Record<string, unknown>): Config =>
    loadConfig({ env: {}, overrides: { dataDir, model: inject("tinyModelDir"), logLevel: "silent", port: 0, host: "127.0.0.1", ...overrides } });
  const services = await openServices(config({}));
  try {
    await ingest(
      { store: services.store, indexes: await services.indexes(), embedder: await services.embedder(), createLinker: services.createLinker, quarantine: new Quarantine(dataDir) },
      { inputDir: input },
    );
  } finally {
    await services.close();
  }
  jobIds = ids("jobs.jsonl");
  freelancerIds = ids("freelancers.jsonl");
  const store = openKeyStore(config({}));
  keys.read = store.create({ scope: "read", name: "reader" }).key;
  keys.write = store.create({ scope: "write", name: "writer" }).key;
  keys.admin = store.create({ scope: "admin", name: "ops" }).key;
  // 2 at once, then one every 5 s: the third quick request is refused whatever the machine's speed.
  keys.slow = store.create({ scope: "read", name: "slow", ratePerSecond: 0.2, burst: 2 }).key;
  store.close();
  open = await startServer(config({ corsOrigins: [ORIGIN] }), { handleSignals: false });
  keyed = await startServer(config({ readAccess: "keyed" }), { handleSignals: false });
});

afterAll(async () => {
  await open?.close();
  await keyed?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("API keys and scopes over HTTP", () => {
  it("serves anonymous reads when reads are open and refuses them with 401 when keyed", async () => {
    const anonymous = await gql(open, READ);
    expect(anonymous.status, anonymous.text).toBe(200);
    expect(anonymous.body.data?.rankProfiles).toEqual(expect.arrayContaining([expect.objectContaining({ name: expect.any(String) as string })]));
    const refused = await gql(keyed, READ);
    expect(refused.status).toBe(401);
    expect(codeOf(refused)).toBe("UNAUTHENTICATED");
    expect(refused.body.data).toBeUndefined();
    for (const key of [keys.read, keys.write, keys.admin]) {
      const r = await gql(keyed, READ, {}, bearer(key));
      expect(r.status, r.text).toBe(200);
      expect(r.body.errors).toBeUndefined();
    }
    expect((await gql(keyed, READ, {}, { "x-api-key": keys.read })).status).toBe(200);
  });

  it("runs recordInteraction only with a write key: none → 401, read → 403, write and admin → recorded", async () => {
    const none = await gql(open, RECORD, interaction());
    expect([none.status, codeOf(none)]).toEqual([401, "UNAUTHENTICATED"]);
    const reader = await gql(open, RECORD, interaction(), bearer(keys.read));
    expect([reader.status, codeOf(reader)]).toEqual([403, "FORBIDDEN"]);
    expect(reader.body.errors?.[0]?.message).toMatch(/write scope/);
    for (const key of [keys.write, keys.admin]) {
      const r = await gql(open, RECORD, interaction(), bearer(key));
      expect(r.status, r.text).toBe(200);
      expect(r.body.errors, r.text).toBeUndefined();
      expect(r.body.data?.recordInteraction).toMatchObject({ inserted: true, interaction: { type: "VIEW", job: { id: jobIds[0] } } });
    }
    // The keyed server applies the same rule to writes.
    expect((await gql(keyed, RECORD, interaction(), bearer(keys.read))).status).toBe(403);
    expect((await gql(keyed, RECORD, interaction(), bearer(keys.write))).body.data?.recordInteraction).toMatchObject({ inserted: true });
  });

  it("reads every body format yoga takes after checking it, and keeps GET for queries only", async () => {
    const asGraphQL = await send(open.url, { method: "POST", headers: { "content-type": "application/graphql", accept: "application/json" }, body: READ });
    expect(asGraphQL.status, asGraphQL.text).toBe(200);
    expect(asGraphQL.body.data?.rankProfiles).toBeDefined();
    const asForm = await send(open.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ query: READ }).toString(),
    });
    expect(asForm.status, asForm.text).toBe(200);
    expect(asForm.body.data?.rankProfiles).toBeDefined();
    const viaGet = await send(`${open.url}?query=${encodeURIComponent(READ)}`, { headers: { accept: "application/json" } });
    expect(viaGet.body.data?.rankProfiles).toBeDefined();
    const badJson = await send(open.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{ nope" });
    expect(badJson.status).toBe(400);
    const syntax = await gql(open, "mutation {");
    expect(codeOf(syntax), syntax.text).toBe("GRAPHQL_PARSE_FAILED");
    const mutationAsForm = await send(open.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: RECORD, variables: JSON.stringify(interaction()) }).toString(),
    });
    expect(mutationAsForm.status).toBe(401);
    const mutationViaGet = await send(`${open.url}?query=${encodeURIComponent(RECORD)}&variables=${encodeURIComponent(JSON.stringify(interaction()))}`, {
      headers: { accept: "application/json", ...bearer(keys.write) },
    });
    expect(mutationViaGet.status, "yoga still refuses mutations over GET").toBe(405);
  });

  it("answers a burst beyond the key's bucket with 429 and Retry-After", async () => {
    const statuses: number[] = [];
    let last: Reply | undefined;
    for (let i = 0; i < 3; i++) {
      last = await gql(open, READ, {}, bearer(keys.slow));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(codeOf(last!)).toBe("RATE_LIMITED");
    const retryAfter = last!.headers.get("retry-after");
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(5);
    // Other keys are not affected.
    expect((await gql(open, READ, {}, bearer(keys.read))).status).toBe(200);
  });

  it("sends CORS headers to the allowed origin only, and answers its preflight", async () => {
    const allowed = await gql(open, READ, {}, { origin: ORIGIN });
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(allowed.headers.get("vary")).toMatch(/Origin/);
    const other = await gql(open, READ, {}, { origin: "https://evil.example.com" });
    expect(other.status).toBe(200);
    expect([...other.headers.keys()].filter((k) => k.startsWith("access-control-"))).toEqual([]);
    // yoga's own CORS (which echoes every origin) is off: a server without an allow-list sends none.
    const unlisted = await gql(keyed, READ, {}, { origin: ORIGIN, ...bearer(keys.read) });
    expect([...unlisted.headers.keys()].filter((k) => k.startsWith("access-control-"))).toEqual([]);

    const preflight = await send(open.url, {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(preflight.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    const keyedPreflight = await send(keyed.url, { method: "OPTIONS", headers: { origin: ORIGIN, "access-control-request-method": "POST" } });
    expect(keyedPreflight.status, "a preflight needs no key").toBe(204);
  });

  it("keeps /healthz, /readyz, /metrics and /inspect open when reads are keyed", async () => {
    for (const route of ["/healthz", "/readyz", "/metrics", "/inspect/"]) {
      expect((await fetch(`${keyed.origin}${route}`)).status, route).toBe(200);
    }
  });
});

describe("talentgraph keys (CLI) against a running server", () => {
  it("creates a key printed once that works, lists it without secrets, and revokes it for the running servers", async () => {
    const created = await cli("keys", "create", "--scope", "write", "--name", "ci pipeline");
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^tg_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/shown only this once/);
    const id = key.split("_")[1]!;

    const write = await gql(open, RECORD, interaction(), bearer(key));
    expect(write.status, write.text).toBe(200);
    expect(write.body.data?.recordInteraction).toMatchObject({ inserted: true });
    expect((await gql(keyed, READ, {}, bearer(key))).status).toBe(200);

    const listed = await cli("keys", "list", "--json");
    expect(listed.code, listed.stderr).toBe(0);
    const all = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    const mine = all.find((k) => k.id === id);
    expect(mine).toMatchObject({ name: "ci pipeline", scope: "write", revokedAt: null, lastUsedAt: expect.any(String) as string });
    expect(all.map((k) => k.name)).toEqual(expect.arrayContaining(["reader", "writer", "ops", "slow", "ci pipeline"]));
    const table = await cli("keys", "list");
    expect(table.stdout).toMatch(new RegExp(`${id}\\s+ci pipeline\\s+write`));
    for (const out of [listed.stdout, table.stdout]) {
      expect(out).not.toContain(key.split("_").slice(2).join("_"));
      expect(out).not.toMatch(/hash|salt/i);
    }

    const revoked = await cli("keys", "revoke", id);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`revoked API key ${id}`));
    for (const server of [open, keyed]) {
      const r = await gql(server, READ, {}, bearer(key));
      expect([r.status, codeOf(r)]).toEqual([401, "UNAUTHENTICATED"]);
    }
    // A revoked key and a made-up one get the same answer.
    const madeUp = await gql(open, READ, {}, bearer(`tg_${"0".repeat(12)}_${"A".repeat(43)}`));
    const again = await gql(open, READ, {}, bearer(key));
    expect(again.text).toBe(madeUp.text);
    const store = openKeyStore({ dataDir });
    try {
      expect(store.list().find((k) => k.id === id)?.revokedAt).toEqual(expect.any(String));
    } finally {
      store.close();
    }
  });

  it("explains bad input: unknown id, unknown scope, a malformed rate", async () => {
    const unknown = await cli("keys", "revoke", "0123456789ab");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/error \[NOT_FOUND\]: .*no API key with id "0123456789ab"/);
    const scope = await cli("keys", "create", "--scope", "root");
    expect(scope.code).toBe(1);
    expect(scope.stderr).toMatch(/error \[INVALID_INPUT\]: keys create: scope must be one of read, write, admin/);
    const rate = await cli("keys", "create", "--scope", "read", "--rate", "fast");
    expect(rate.code).toBe(2);
    expect(rate.stderr).toMatch(/--rate must be requests per second/);
    const perKey = await cli("keys", "create", "--scope", "read", "--rate", "5/s", "--burst", "9", "--json");
    expect(perKey.code, perKey.stderr).toBe(0);
    expect(JSON.parse(perKey.stdout)).toMatchObject({ scope: "read", ratePerSecond: 5, burst: 9, key: expect.stringMatching(/^tg_/) as string });
  });
});
