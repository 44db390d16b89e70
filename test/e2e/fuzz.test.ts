/**
 * Fuzzing the running API (the real server over a small demo marketplace, production mode, default
 * limits) with fast-check: random and malformed documents, deep nesting, floods of aliases, random
 * operations built from schema.graphql with random (often wrong) arguments and variables, random JSON
 * bodies, binary and invalid UTF-8 bodies, wrong content types and methods, oversized bodies, and
 * bursts of concurrent requests. Whatever arrives, the server must answer: never a 5xx, always within
 * RESPONSE_BOUND_MS, always a JSON body (except the bodiless answers HTTP defines: 406/415 from
 * content negotiation, HEAD), with no internals shown, and without its memory growing without bound.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig, type Config } from "../../src/core/config.js";
import { createRng, type Rng } from "../../src/core/rng.js";
import { generateDemo } from "../../src/ingest/demo/generate-demo.js";
import { ingest } from "../../src/ingest/ingest.js";
import { Quarantine } from "../../src/ingest/quarantine.js";
import { loadTypeDefs } from "../../src/serve/schema.js";
import { startServer, type RunningServer } from "../../src/serve/server.js";
import { openServices } from "../../src/services.js";

/** Every answer must arrive within this. */
const RESPONSE_BOUND_MS = 10_000;
/**
 * Resident memory in use may grow at most this much over the run: RSS after a full collection, less
 * the heap pages V8 keeps committed but empty afterwards (it returns them under memory pressure;
 * measured, they are most of the raw RSS growth here). Includes SQLite's page cache filling up.
 */
const RSS_GROWTH_BOUND = 200 * 1024 * 1024;
/**
 * Live heap (after a full collection) may grow at most this much: the parse cache's 32 MiB budget
 * and slack. Nothing else may be retained (yoga's default parse cache would hold ~80 MiB after the
 * 80 large documents below, and ~1 GB at its 1,024 entries).
 */
const HEAP_GROWTH_BOUND = 64 * 1024 * 1024;

// A full garbage collection on demand, for a live-heap measurement (the flag is read at first use of `gc`).
v8.setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
/** Memory use after a full collection. */
const collectedUsage = (): NodeJS.MemoryUsage => {
  collectGarbage();
  return process.memoryUsage();
};
/** RSS less the heap pages V8 holds committed but empty. */
const rssInUse = (m: NodeJS.MemoryUsage): number => m.rss - (m.heapTotal - m.heapUsed);

const work = mkdtempSync(path.join(os.tmpdir(), "tg-fuzz-e2e-"));
const input = path.join(work, "input");
const dataDir = path.join(work, "data");
const schema = buildSchema(loadTypeDefs());
let server: RunningServer;
let ids: { freelancers: string[]; jobs: string[] } = { freelancers: [], jobs: [] };
let before: NodeJS.MemoryUsage;
const seen = { requests: 0, slowestMs: 0, statuses: new Map<number, number>() };

interface FuzzRequest {
  method: string;
  /** Appended to the endpoint URL (a query string for GET). */
  search?: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

/** Sends one request and checks the answer against the invariants; returns status and parsed body. */
async function hit(req: FuzzRequest): Promise<{ status: number; body: unknown }> {
  const started = performance.now();
  const res = await fetch(`${server.url}${req.search ?? ""}`, {
    method: req.method,
    headers: req.headers,
    ...(req.body === undefined ? {} : { body: req.body }),
    signal: AbortSignal.timeout(RESPONSE_BOUND_MS),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  seen.requests++;
  seen.slowestMs = Math.max(seen.slowestMs, ms);
  seen.statuses.set(res.status, (seen.statuses.get(res.status) ?? 0) + 1);
  const what = `${req.method} ${(req.search ?? "").slice(0, 120)} ${String(req.body ?? "").slice(0, 200)} → ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, what).toBeLessThan(500);
  expect(ms, what).toBeLessThan(RESPONSE_BOUND_MS);
  // Bodiless answers: HEAD, 204 (an OPTIONS preflight), and content negotiation's 406 and 415.
  if (req.method === "HEAD" || res.status === 204 || (text === "" && (res.status === 406 || res.status === 415))) return { status: res.status, body: undefined };
  let payloads: unknown[] = [];
  expect(() => (payloads = jsonPayloads(res.headers.get("content-type") ?? "", text)), what).not.toThrow();
  expect(payloads.length, what).toBeGreaterThan(0);
  expect(text, what).not.toMatch(/"stack"|\bat [\w.<>]+ \(|\.ts:\d+|node_modules/);
  for (const payload of payloads) {
    for (const e of (payload as { errors?: Array<{ extensions?: { originalError?: { name?: string } } }> }).errors ?? []) {
      // Yoga names the JSON parser's complaint about the client's own body; nothing else may surface.
      if (e.extensions?.originalError !== undefined) expect(e.extensions.originalError.name, what).toBe("SyntaxError");
    }
  }
  return { status: res.status, body: payloads[0] };
}

/**
 * The JSON payloads of an answer: the body itself, or each event of a GraphQL-over-SSE answer
 * (`accept: text/event-stream`), or each part of an incremental-delivery answer (`multipart/mixed`).
 */
function jsonPayloads(contentType: string, text: string): unknown[] {
  if (contentType.startsWith("text/event-stream")) {
    return text
      .split("\n")
      .filter((line) => line.startsWith("data:") && line.slice(5).trim() !== "")
      .map((line) => JSON.parse(line.slice(5)) as unknown);
  }
  if (contentType.startsWith("multipart/mixed")) {
    return text
      .split(/\r?\n--[^\r\n]*/)
      .map((part) => part.split(/\r?\n\r?\n/).slice(1).join("\n\n").trim())
      .filter((body) => body !== "")
      .map((body) => JSON.parse(body) as unknown);
  }
  return [JSON.parse(text) as unknown];
}

const json = (payload: unknown, headers: Record<string, string> = {}): FuzzRequest => ({
  method: "POST",
  headers: { "content-type": "application/json", accept: "application/json", ...headers },
  body: JSON.stringify(payload),
});

// ---- random operations from the schema --------------------------------------------------------

const STRINGS = ["react", "senior react developer", "", " ", "python django", "job-001", "fl-0001", "\u0000", "ünïcødé 🚀", "x".repeat(1_200), "' OR 1=1 --", '"}]){', "NEAR(a b)", "*"];
const WRONG_LITERALS = ['"text"', "42", "-1", "3.5", "true", "null", "[1, 2]", "{ a: 1 }", "NOT_AN_ENUM", "$undeclared", "2147483648", "1e400"];

function stringLiteral(r: Rng): string {
  const pool = [...STRINGS, ...ids.freelancers.slice(0, 3), ...ids.jobs.slice(0, 3)];
  return JSON.stringify(r.pick(pool));
}

/** A GraphQL literal for `type`, wrong on purpose now and then. */
function literalFor(type: GraphQLInputType, r: Rng, depth: number): string {
  if (r.chance(0.1)) return r.pick(WRONG_LITERALS);
  if (isNonNullType(type)) return literalFor(type.ofType, r, depth);
  if (isListType(type)) {
    const n = r.int(0, depth > 2 ? 1 : 4);
    return `[${Array.from({ length: n }, () => literalFor(type.ofType, r, depth + 1)).join(", ")}]`;
  }
  if (isEnumType(type)) return r.pick(type.getValues()).name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter(() => r.chance(0.4));
    return `{ ${fields.map((f) => `${f.name}: ${literalFor(f.type, r, depth + 1)}`).join(", ")} }`;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case "Int":
        return String(r.pick([0, 1, 3, 10, 50, 100, 101, 1000, -5, 2_147_483_647]));
      case "Float":
        return String(r.pick([0, 0.5, 4.8, 20, 90, 1e9, -1, 1e308]));
      case "Boolean":
        return r.chance(0.5) ? "true" : "false";
      default:
        return stringLiteral(r);
    }
  }
  return "null";
}

/** A JSON value for a variable of `type`, as often wrong as right. */
function variableValue(type: GraphQLInputType, r: Rng): unknown {
  if (r.chance(0.3)) return r.pick<unknown>(["a string", 12, -7.5, true, null, [], {}, { deep: { deeper: [1, "2"] } }, "9".repeat(40)]);
  const named = getNamedType(type);
  if (isScalarType(named)) return named.name === "Int" ? r.int(-10, 200) : named.name === "Float" ? r.next() * 100 : named.name === "Boolean" ? r.chance(0.5) : r.pick(STRINGS);
  if (isEnumType(named)) return r.pick(named.getValues()).name;
  return {};
}

/** A random selection on `type`: some of its fields, with arguments, aliases and unknown names now and then. */
function selectionOn(type: GraphQLObjectType, r: Rng, depth: number, vars: Array<{ name: string; type: string; value: unknown }>): string {
  const fields = Object.values(type.getFields());
  const picked = Array.from({ length: r.int(1, 4) }, () => r.pick(fields));
  const parts = picked.map((f: GraphQLField<unknown, unknown>) => {
    const alias = r.chance(0.15) ? `a${r.int(0, 99)}: ` : "";
    const args = f.args
      .filter((a) => isNonNullType(a.type) || r.chance(0.5))
      .map((a) => {
        if (r.chance(0.25)) {
          const name = `v${vars.length}`;
          const declared = r.chance(0.8) ? String(a.type) : r.pick(["Int", "String!", "[ID!]", "Boolean", "FreelancerFilter"]);
          vars.push({ name, type: declared, value: variableValue(a.type, r) });
          return `${a.name}: $${name}`;
        }
        return `${a.name}: ${literalFor(a.type, r, 0)}`;
      });
    const argText = args.length > 0 ? `(${args.join(", ")})` : "";
    const named = getNamedType(f.type);
    const sub = isObjectType(named) || isInterfaceType(named) ? (depth < 5 ? ` { ${selectionOn(named as GraphQLObjectType, r, depth + 1, vars)} }` : " { __typename }") : "";
    return `${alias}${f.name}${argText}${sub}`;
  });
  if (r.chance(0.05)) parts.push("notAField");
  if (r.chance(0.1)) parts.push("__typename");
  return parts.join(" ");
}

/** A random operation from the schema, with its variables. */
function schemaOperation(seed: number): FuzzRequest {
  const r = createRng(seed);
  const vars: Array<{ name: string; type: string; value: unknown }> = [];
  const mutation = schema.getMutationType();
  const root = mutation && r.chance(0.1) ? mutation : schema.getQueryType()!;
  const selection = selectionOn(root, r, 1, vars);
  const decl = vars.length > 0 ? `(${vars.map((v) => `$${v.name}: ${v.type}`).join(", ")})` : "";
  const query = `${root === mutation ? "mutation" : "query"} Fuzz${decl} { ${selection} }`;
  return json({ query, variables: Object.fromEntries(vars.map((v) => [v.name, v.value])) });
}

// ---- the other families -----------------------------------------------------------------------

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/graphql",
  "application/graphql+json",
  "application/graphql-response+json",
  "text/plain",
  "text/html",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=----fuzz",
  "application/octet-stream",
  "image/png",
  "application/json; charset=latin1",
];
const ACCEPTS = ["application/json", "application/graphql-response+json", "*/*", "text/html", "text/event-stream", "multipart/mixed", "image/png"];

const deepDocument = fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom("related { skill { ", "child { ", "a { ", "edges { node { ")).map(([n, open]) => {
  const close = "} ".repeat(open.split("{").length - 1);
  return json({ query: `{ skill(id: "react") { ${open.repeat(n)} id ${close.repeat(n)} } }` });
});

const aliasFlood = fc.tuple(fc.integer({ min: 1, max: 3_000 }), fc.constantFrom("rankProfiles { name }", 'skill(id: "react") { id }', 'searchJobs(query: "python", first: 5) { edges { node { id } } }', "__typename")).map(
  ([n, field]) => json({ query: `{ ${Array.from({ length: n }, (_, i) => `f${i}: ${field}`).join(" ")} }` }),
);

const randomDocument = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 200 })).map((query) => json({ query }));

const wrongVariables = fc
  .tuple(
    fc.constantFrom(
      `query($q: String!, $first: Int, $filter: FreelancerFilter) { searchFreelancers(query: $q, first: $first, filter: $filter) { edges { node { id } } } }`,
      `query($id: ID!, $first: Int, $filter: JobFilter, $applied: Boolean) { recommendJobs(freelancerId: $id, first: $first, filter: $filter, includeApplied: $applied) { edges { node { id } } } }`,
      `query($j: ID!, $f: ID!) { explainMatch(jobId: $j, freelancerId: $f) { score rank } }`,
      `query($t: String!, $n: Int) { linkSkills(text: $t, first: $n) { skillId } }`,
    ),
    fc.dictionary(fc.constantFrom("q", "first", "filter", "id", "applied", "j", "f", "t", "n", "extra"), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
  )
  .map(([query, variables]) => json({ query, variables }));

const randomJsonBody = fc.jsonValue({ maxDepth: 4 }).map((value) => json(value));

const binaryBody = fc.tuple(fc.uint8Array({ maxLength: 4_096 }), fc.constantFrom(...CONTENT_TYPES)).map(
  ([bytes, type]): FuzzRequest => ({ method: "POST", headers: { "content-type": type, accept: "application/json" }, body: Uint8Array.from(bytes) }),
);

const invalidUtf8 = fc.tuple(fc.string({ maxLength: 50 }), fc.constantFrom([0xc3, 0x28], [0xff, 0xfe], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80])).map(
  ([text, bad]): FuzzRequest => {
    const head = new TextEncoder().encode(`{"query": "{ searchFreelancers(query: \\"${text.replace(/["\\]/g, "")}`);
    const tail = new TextEncoder().encode(`\\") { edges { node { id } } } }"}`);
    return { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: Uint8Array.from([...head, ...bad, ...tail]) };
  },
);

const wrongContentType = fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.constantFrom(...ACCEPTS), fc.oneof(fc.string({ maxLength: 200 }), fc.constant('{"query":"{ rankProfiles { name } }"}'), fc.constant("query={ rankProfiles { name } }"))).map(
  ([type, accept, body]): FuzzRequest => ({ method: "POST", headers: { "content-type": type, accept }, body }),
);

const otherMethods = fc.tuple(fc.constantFrom("GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"), fc.string({ maxLength: 100 }), fc.jsonValue({ maxDepth: 2 })).map(
  ([method, query, variables]): FuzzRequest => ({
    method,
    search: `?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`,
    headers: { accept: "application/json" },
  }),
);

/** Distinct documents at the token limit (each parsed document costs ~1 MB of heap while cached). */
const bigDocuments = fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) =>
  json({ query: `{ rankProfiles { n${seed}: name ${"name ".repeat(1_980)}} }` }),
);

const oversized = fc.tuple(fc.integer({ min: 1_100_000, max: 3_000_000 }), fc.boolean()).map(([size, asVariable]) =>
  json(asVariable ? { query: "{ rankProfiles { name } }", variables: { pad: "x".repeat(size) } } : { query: `{ rankProfiles { name } } #${"x".repeat(size)}` }),
);

// -----------------------------------------------------------------------------------------------

beforeAll(async () => {
  await generateDemo({ outDir: input, freelancers: 150, jobs: 50, seed: 3 });
  const config: Config = loadConfig({
    env: {},
    overrides: { dataDir, model: inject("tinyModelDir"), logLevel: "silent", port: 0, host: "127.0.0.1", anonymousRateLimitPerSecond: 0 },
  });
  const services = await openServices(config);
  try {
    await ingest(
      { store: services.store, indexes: await services.indexes(), embedder: await services.embedder(), createLinker: services.createLinker, quarantine: new Quarantine(dataDir) },
      { inputDir: input },
    );
  } finally {
    await services.close();
  }
  const idsOf = (file: string) =>
    readFileSync(path.join(input, file), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => (JSON.parse(l) as { id: string }).id);
  ids = { freelancers: idsOf("freelancers.jsonl"), jobs: idsOf("jobs.jsonl") };
  server = await startServer(config, { handleSignals: false });
  // Warm up before taking the memory baseline: the model and indexes, SQLite's page cache (up to
  // 128 MiB configured), V8's and malloc's pools, with a sample of every kind of request below.
  const warmup = fc.sample(fc.oneof(fc.integer().map(schemaOperation), randomDocument, deepDocument, aliasFlood, wrongVariables, randomJsonBody, binaryBody, bigDocuments), {
    numRuns: 60,
    seed: 1,
  });
  for (const req of warmup) await hit(req);
  for (const words of ["react developer", "python data", "designer logo", "accountant tax", "devops kubernetes"]) {
    await hit(json({ query: `{ searchFreelancers(query: "${words}", first: 100) { edges { node { id } explanation { summary } } } }` }));
    await hit(json({ query: `{ searchJobs(query: "${words}", first: 100) { edges { node { id } explanation { summary } } } }` }));
  }
  await hit(fc.sample(oversized, { numRuns: 1, seed: 1 })[0]!);
  before = collectedUsage();
});

afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

/** fast-check settings: bounded runs, no shrinking (each step is a request to a live server). */
const runs = (numRuns: number) => ({ numRuns, endOnFailure: true });

describe("fuzzing the running API", () => {
  it("survives random operations built from the schema, with random and wrong arguments and variables", async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => void (await hit(schemaOperation(seed)))), runs(150));
  });

  it("survives random documents, deep nesting, floods of aliases and wrong variable types", async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(randomDocument, deepDocument, aliasFlood, wrongVariables), async (req) => void (await hit(req))), runs(120));
  });

  it("survives random JSON, binary and invalid UTF-8 bodies, wrong content types and methods", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(randomJsonBody, binaryBody, invalidUtf8, wrongContentType, otherMethods), async (req) => void (await hit(req))),
      runs(150),
    );
  });

  it("survives a stream of distinct documents at the token limit (the parse cache stays bounded)", async () => {
    await fc.assert(fc.asyncProperty(bigDocuments, async (req) => void (await hit(req))), runs(80));
  });

  it("refuses oversized bodies with 413 and stays up", async () => {
    await fc.assert(
      fc.asyncProperty(oversized, async (req) => {
        expect((await hit(req)).status).toBe(413);
      }),
      runs(8),
    );
  });

  it("survives bursts of concurrent hostile requests", async () => {
    const any = fc.oneof(fc.integer().map(schemaOperation), randomDocument, deepDocument, aliasFlood, wrongVariables, randomJsonBody, binaryBody, wrongContentType);
    await fc.assert(fc.asyncProperty(fc.array(any, { minLength: 4, maxLength: 8 }), async (reqs) => void (await Promise.all(reqs.map(hit)))), runs(10));
  });

  it("keeps answering and its memory bounded afterwards", async () => {
    const { status, body } = await hit(json({ query: "{ rankProfiles { name } }" }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ data: { rankProfiles: expect.any(Array) as unknown } });
    const after = collectedUsage();
    const heapGrowth = after.heapUsed - before.heapUsed;
    const inUseGrowth = rssInUse(after) - rssInUse(before);
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
    const summary =
      `${seen.requests} requests, slowest ${Math.round(seen.slowestMs)} ms; growth: RSS in use ${mib(inUseGrowth)}, ` +
      `raw RSS ${mib(after.rss - before.rss)}, live heap ${mib(heapGrowth)}, V8 heap committed ${mib(after.heapTotal - before.heapTotal)}, ` +
      `external ${mib(after.external - before.external)}; statuses ${JSON.stringify(Object.fromEntries(seen.statuses))}`;
    if (process.env.FUZZ_REPORT) console.info(`fuzz: ${summary}`);
    expect(seen.requests).toBeGreaterThan(400);
    expect(inUseGrowth, summary).toBeLessThan(RSS_GROWTH_BOUND);
    expect(heapGrowth, summary).toBeLessThan(HEAP_GROWTH_BOUND);
  });
});
