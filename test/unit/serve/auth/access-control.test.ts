/**
 * The access-control middleware in front of a stub GraphQL handler (which answers 200 with what it
 * received): keys and scopes, reads told from writes in every body format yoga reads, rate limits on
 * a fake clock, CORS and preflight. The real yoga behind it is covered by test/e2e/auth.test.ts.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessControl, clientId, type AccessControlOptions } from "../../../../src/serve/auth/access-control.js";
import { openSqliteKeyStore, type SqliteKeyStore } from "../../../../src/serve/auth/sqlite-key-store.js";

interface Reply {
  status: number;
  headers: Headers;
  body: { reached?: boolean; bodyKind?: string; body?: unknown; errors?: Array<{ message: string; extensions: { code: string } }> };
}

interface Harness {
  url: string;
  clock: { advance(ms: number): void };
  close(): Promise<void>;
}

async function harness(options: AccessControlOptions): Promise<Harness> {
  let t = 0;
  const app = express();
  app.use("/graphql", createAccessControl({ now: () => t, ...options }));
  app.use("/graphql", (req, res) => {
    const body: unknown = req.body;
    const bodyKind = body === undefined ? "unset" : Buffer.isBuffer(body) ? "buffer" : "parsed";
    res.json({ reached: true, bodyKind, body: Buffer.isBuffer(body) ? body.toString("utf8") : body });
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    clock: { advance: (ms) => (t += ms) },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function send(url: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Reply> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? {} : (JSON.parse(text) as Reply["body"]) };
}

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  send(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(payload) });

const QUERY = { query: "{ rankProfiles { name } }" };
const MUTATION = { query: 'mutation { recordInteraction(input: {type: VIEW, jobId: "j", freelancerId: "f"}) { inserted } }' };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const codeOf = (r: Reply) => r.body.errors?.[0]?.extensions.code;

let keys: SqliteKeyStore;
let readKey: string;
let writeKey: string;
let adminKey: string;
const generous = { rateLimitPerSecond: 0, anonymousRateLimitPerSecond: 0 };

beforeAll(() => {
  keys = openSqliteKeyStore({ path: ":memory:" });
  readKey = keys.create({ scope: "read" }).key;
  writeKey = keys.create({ scope: "write" }).key;
  adminKey = keys.create({ scope: "admin" }).key;
});
afterAll(() => keys.close());

describe("access control: keys and scopes", () => {
  let open: Harness;
  let keyed: Harness;
  beforeAll(async () => {
    open = await harness({ keys, ...generous });
    keyed = await harness({ keys, readAccess: "keyed", ...generous });
  });
  afterAll(async () => {
    await open.close();
    await keyed.close();
  });

  it("lets anyone read when reads are open, and asks for a key when they are keyed", async () => {
    expect((await post(open.url, QUERY)).body.reached).toBe(true);
    const refused = await post(keyed.url, QUERY);
    expect(refused.status).toBe(401);
    expect(codeOf(refused)).toBe("UNAUTHENTICATED");
    expect(refused.body.reached).toBeUndefined();
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer realm="talentgraph"/);
    for (const key of [readKey, writeKey, adminKey]) expect((await post(keyed.url, QUERY, bearer(key))).body.reached).toBe(true);
  });

  it("needs a write key for a mutation: none → 401, read → 403, write or admin → through", async () => {
    const anonymous = await post(open.url, MUTATION);
    expect([anonymous.status, codeOf(anonymous)]).toEqual([401, "UNAUTHENTICATED"]);
    const reader = await post(open.url, MUTATION, bearer(readKey));
    expect([reader.status, codeOf(reader)]).toEqual([403, "FORBIDDEN"]);
    expect(reader.headers.get("www-authenticate")).toMatch(/error="insufficient_scope", scope="write"/);
    for (const key of [writeKey, adminKey]) {
      const r = await post(open.url, MUTATION, bearer(key));
      expect(r.status).toBe(200);
      expect(r.body.reached).toBe(true);
    }
  });

  it("accepts the key in x-api-key too, and refuses other Authorization schemes", async () => {
    expect((await post(keyed.url, QUERY, { "x-api-key": readKey })).body.reached).toBe(true);
    expect((await post(open.url, MUTATION, { "x-api-key": writeKey })).body.reached).toBe(true);
    const basic = await post(open.url, QUERY, { authorization: `Basic ${Buffer.from(`u:${writeKey}`).toString("base64")}` });
    expect([basic.status, codeOf(basic)]).toEqual([401, "UNAUTHENTICATED"]);
  });

  it("answers unknown, wrong, malformed and revoked keys alike with 401, even for reads that need no key", async () => {
    const victim = keys.create({ scope: "write" });
    keys.revoke(victim.info.id);
    const id = writeKey.split("_")[1]!;
    const wrong = `tg_${id}_${"A".repeat(43)}`;
    const unknown = `tg_0123456789ab_${"A".repeat(43)}`;
    const bodies = new Set<string>();
    for (const key of [victim.key, wrong, unknown, "nonsense"]) {
      const r = await post(open.url, QUERY, bearer(key));
      expect(r.status, key).toBe(401);
      expect(codeOf(r)).toBe("UNAUTHENTICATED");
      bodies.add(JSON.stringify(r.body));
    }
    expect(bodies.size, "one answer for every bad key").toBe(1);
  });

  it("refuses every key, and so every write, when no key store is configured", async () => {
    const bare = await harness({ ...generous });
    try {
      expect((await post(bare.url, QUERY)).body.reached).toBe(true);
      expect((await post(bare.url, MUTATION, bearer(writeKey))).status).toBe(401);
      expect((await post(bare.url, MUTATION)).status).toBe(401);
    } finally {
      await bare.close();
    }
  });
});

describe("access control: telling reads from writes", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ keys, ...generous, maxInspectedBodyBytes: 4096 });
  });
  afterAll(() => h.close());

  const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

  it("sees a mutation in every body format yoga reads", async () => {
    const cases: Array<[string, string, string]> = [
      ["json", "application/json", JSON.stringify(MUTATION)],
      ["json with charset", "application/json; charset=utf-8", JSON.stringify(MUTATION)],
      ["graphql+json", "application/graphql+json", JSON.stringify(MUTATION)],
      ["json batch", "application/json", JSON.stringify([QUERY, MUTATION])],
      ["json with a byte-order mark", "application/json", `\uFEFF${JSON.stringify(MUTATION)}`],
      ["application/graphql", "application/graphql", MUTATION.query],
      ["form", "application/x-www-form-urlencoded", form({ query: MUTATION.query })],
      ["a query and a mutation, the query named", "application/json", JSON.stringify({ query: `query Q { a } ${MUTATION.query.replace("mutation", "mutation M")}`, operationName: "Q" })],
      ["subscription", "application/json", JSON.stringify({ query: "subscription { a }" })],
    ];
    for (const [name, type, body] of cases) {
      const r = await send(h.url, { method: "POST", headers: { "content-type": type }, body });
      expect(r.status, name).toBe(401);
      expect(codeOf(r), name).toBe("UNAUTHENTICATED");
    }
  });

  it("passes reads on with the body yoga will read: JSON parsed, anything else as the same bytes", async () => {
    const json = await post(h.url, { ...QUERY, variables: { a: 1 } });
    expect(json.body).toEqual({ reached: true, bodyKind: "parsed", body: { ...QUERY, variables: { a: 1 } } });
    const batch = await post(h.url, [QUERY, QUERY]);
    expect(batch.body).toMatchObject({ reached: true, bodyKind: "parsed", body: [QUERY, QUERY] });
    const graphql = await send(h.url, { method: "POST", headers: { "content-type": "application/graphql" }, body: QUERY.query });
    expect(graphql.body).toEqual({ reached: true, bodyKind: "buffer", body: QUERY.query });
    const encoded = form({ query: QUERY.query });
    const viaForm = await send(h.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: encoded });
    expect(viaForm.body).toEqual({ reached: true, bodyKind: "buffer", body: encoded });
    const get = await send(`${h.url}?query=${encodeURIComponent(QUERY.query)}`);
    expect(get.body).toMatchObject({ reached: true, bodyKind: "unset" });
  });

  it("leaves documents and bodies yoga will refuse to yoga", async () => {
    for (const body of ["{ not json", JSON.stringify({ query: "mutation {" }), JSON.stringify({ query: 42 }), JSON.stringify(null), ""]) {
      const r = await send(h.url, { method: "POST", headers: { "content-type": "application/json" }, body });
      expect(r.body.reached, body).toBe(true);
    }
  });

  it("counts as writes the bodies it cannot read: multipart, unknown types, compressed", async () => {
    const multipart = new FormData();
    multipart.set("operations", JSON.stringify(QUERY));
    expect((await send(h.url, { method: "POST", body: multipart })).status).toBe(401);
    expect((await send(h.url, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify(QUERY) })).status).toBe(401);
    expect((await send(h.url, { method: "POST", headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: "x" })).status).toBe(401);
    expect((await send(h.url, { method: "POST", body: multipart, headers: bearer(writeKey) })).body.reached).toBe(true);
  });

  it("sees a mutation in a GET (yoga refuses it after us) and in a repeated query parameter", async () => {
    expect((await send(`${h.url}?query=${encodeURIComponent(MUTATION.query)}`)).status).toBe(401);
    expect((await send(`${h.url}?query=${encodeURIComponent(QUERY.query)}&query=${encodeURIComponent(MUTATION.query)}`)).status).toBe(401);
  });

  it("refuses a body over the inspection limit with 413 unless the key may write anyway", async () => {
    const big = { query: QUERY.query, variables: { pad: "x".repeat(5000) } };
    const r = await post(h.url, big);
    expect([r.status, codeOf(r)]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    expect((await post(h.url, big, bearer(readKey))).status).toBe(413);
    expect((await post(h.url, big, bearer(writeKey))).body.reached).toBe(true);
  });
});

describe("access control: rate limits", () => {
  it("gives each key its bucket (its own rate and burst, else the default) and says when to retry", async () => {
    const h = await harness({ keys, rateLimitPerSecond: 1, rateLimitBurst: 2, anonymousRateLimitPerSecond: 0 });
    const own = keys.create({ scope: "read", ratePerSecond: 0.25, burst: 1 }).key;
    try {
      const statuses = async (key: string, n: number) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) out.push((await post(h.url, QUERY, bearer(key))).status);
        return out;
      };
      expect(await statuses(readKey, 3)).toEqual([200, 200, 429]);
      const limited = await post(h.url, QUERY, bearer(readKey));
      expect(codeOf(limited)).toBe("RATE_LIMITED");
      expect(limited.headers.get("retry-after")).toBe("1");
      expect(await statuses(writeKey, 2), "another key has its own bucket").toEqual([200, 200]);
      expect(await statuses(own, 2)).toEqual([200, 429]);
      expect((await post(h.url, QUERY, bearer(own))).headers.get("retry-after")).toBe("4");
      h.clock.advance(1000);
      expect(await statuses(readKey, 2)).toEqual([200, 429]);
      expect(await statuses(own, 1)).toEqual([429]);
      h.clock.advance(3000);
      expect(await statuses(own, 1)).toEqual([200]);
    } finally {
      await h.close();
    }
  });

  it("limits requests without a valid key per client address, bad keys included", async () => {
    const h = await harness({ keys, anonymousRateLimitPerSecond: 1, anonymousRateLimitBurst: 3, rateLimitPerSecond: 0 });
    try {
      expect((await post(h.url, QUERY)).status).toBe(200);
      expect((await post(h.url, QUERY, bearer("tg_0123456789ab_nope"))).status).toBe(401);
      expect((await post(h.url, MUTATION)).status).toBe(401);
      const limited = await post(h.url, QUERY);
      expect([limited.status, codeOf(limited)]).toEqual([429, "RATE_LIMITED"]);
      expect(limited.headers.get("retry-after")).toBe("1");
      expect((await post(h.url, QUERY, bearer(readKey))).status, "a valid key is not the address's bucket").toBe(200);
      h.clock.advance(1000);
      expect((await post(h.url, QUERY)).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it("groups IPv6 clients by /64 and keeps IPv4 (also mapped) per address", () => {
    expect(clientId("2001:db8:1:2:aaaa::1")).toBe(clientId("2001:0db8:0001:0002:ffff:1:2:3"));
    expect(clientId("2001:db8:1:2::1")).not.toBe(clientId("2001:db8:1:3::1"));
    expect(clientId("::1")).toBe("ip6:0:0:0:0::/64");
    expect(clientId("::ffff:10.0.0.1")).toBe(clientId("10.0.0.1"));
    expect(clientId("10.0.0.1")).not.toBe(clientId("10.0.0.2"));
  });
});

describe("access control: CORS", () => {
  let h: Harness;
  let none: Harness;
  beforeAll(async () => {
    h = await harness({ keys, ...generous, corsOrigins: ["https://app.example.com"] });
    none = await harness({ keys, ...generous });
  });
  afterAll(async () => {
    await h.close();
    await none.close();
  });

  it("echoes an allowed origin with Vary: Origin, also on refusals, and sends nothing to others", async () => {
    const allowed = await post(h.url, QUERY, { origin: "https://app.example.com" });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(allowed.headers.get("vary")).toMatch(/\bOrigin\b/);
    expect(allowed.headers.get("access-control-expose-headers")).toMatch(/retry-after/);
    expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
    const refused = await post(h.url, MUTATION, { origin: "https://app.example.com" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    const other = await post(h.url, QUERY, { origin: "https://evil.example.com" });
    expect(other.body.reached).toBe(true);
    expect([...other.headers.keys()].filter((k) => k.startsWith("access-control-"))).toEqual([]);
    const unconfigured = await post(none.url, QUERY, { origin: "https://app.example.com" });
    expect([...unconfigured.headers.keys()].filter((k) => k.startsWith("access-control-") || k === "vary")).toEqual([]);
  });

  it("answers a preflight with the methods and headers the API takes, only for an allowed origin", async () => {
    const preflight = (origin: string, url = h.url) =>
      send(url, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" } });
    const ok = await preflight("https://app.example.com");
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(ok.headers.get("access-control-allow-methods")).toBe("GET, POST, OPTIONS");
    expect(ok.headers.get("access-control-allow-headers")).toBe("content-type, authorization, x-api-key, x-request-id");
    expect(ok.headers.get("access-control-max-age")).toBe("600");
    for (const r of [await preflight("https://evil.example.com"), await preflight("https://app.example.com", none.url)]) {
      expect(r.status).toBe(204);
      expect([...r.headers.keys()].filter((k) => k.startsWith("access-control-"))).toEqual([]);
    }
  });

  it("allows any origin only when * is listed", async () => {
    const any = await harness({ keys, ...generous, corsOrigins: ["*"] });
    try {
      const r = await post(any.url, QUERY, { origin: "https://whoever.example" });
      expect(r.headers.get("access-control-allow-origin")).toBe("https://whoever.example");
    } finally {
      await any.close();
    }
  });
});
