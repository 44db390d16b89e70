/**
 * The limit plugins inside a real yoga server (in-process `yoga.fetch`, the API's own error masking)
 * over a small schema: each limit answers with its code and status, checks run in the right phase
 * (length before parsing, tokens while parsing, static limits instead of the standard validation
 * rules, cost with the request's variables), and the execution timeout.
 */
import { createSchema, createYoga } from "graphql-yoga";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createMaskError, UNEXPECTED_ERROR_MESSAGE } from "../../../src/serve/errors.js";
import { limitPlugins, resolveLimits, type ApiLimits } from "../../../src/serve/limits/limits.js";

const typeDefs = /* GraphQL */ `
  type Query {
    item(id: ID!): Item
    items(first: Int = 10): [Item!]!
    slow(ms: Int!): Int!
    busy(ms: Int!): Int!
    boom: Int
  }
  type Item {
    id: ID!
    child: Item
    children(first: Int = 5): [Item!]!
  }
`;

const item = (id: string) => ({ id, child: () => item(`${id}.c`), children: ({ first }: { first: number }) => Array.from({ length: first }, (_, i) => item(`${id}.${i}`)) });
const resolvers = {
  Query: {
    item: (_: unknown, { id }: { id: string }) => item(id),
    items: (_: unknown, { first }: { first: number }) => Array.from({ length: first }, (_x, i) => item(String(i))),
    slow: async (_: unknown, { ms }: { ms: number }) => {
      await new Promise((r) => setTimeout(r, ms));
      return ms;
    },
    busy: (_: unknown, { ms }: { ms: number }) => {
      const end = performance.now() + ms;
      while (performance.now() < end) {
        // Synchronous CPU work: nothing can interrupt it.
      }
      return ms;
    },
    boom: () => {
      throw new Error("secret detail at /srv/app/db.ts:12");
    },
  },
};

const SMALL: Partial<ApiLimits> = {
  maxBodyBytes: 2_000,
  maxDocumentLength: 600,
  maxDocumentTokens: 60,
  maxQueryDepth: 4,
  maxAliases: 3,
  maxFieldRepeats: 12,
  maxQueryCost: 200,
  requestTimeoutMs: 300,
};

function makeYoga(overrides: Partial<ApiLimits> = SMALL, mode: "production" | "development" = "production") {
  const limits = resolveLimits({}, mode, overrides);
  return createYoga({
    schema: createSchema({ typeDefs, resolvers }),
    maskedErrors: { maskError: createMaskError(pino({ level: "silent" })), errorMessage: UNEXPECTED_ERROR_MESSAGE, isDev: false },
    logging: false,
    maxRequestBodySize: false,
    plugins: limitPlugins(limits),
  });
}

interface Answer {
  status: number;
  text: string;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

async function post(yoga: ReturnType<typeof makeYoga>, payload: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await yoga.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: typeof payload === "string" ? payload : JSON.stringify(payload),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Answer["body"] };
}

const codes = (a: Answer) => (a.body.errors ?? []).map((e) => e.extensions?.code);

describe("limit plugins in yoga", () => {
  const yoga = makeYoga();

  it("refuses an over-long document before parsing it (DOCUMENT_TOO_LONG)", async () => {
    const long = `{ items { id } ${"#".repeat(700)}\n}`;
    const a = await post(yoga, { query: long });
    expect([a.status, codes(a)]).toEqual([200, ["DOCUMENT_TOO_LONG"]]);
    expect(a.body.errors![0]!.message).toMatch(/is 7\d\d characters; the limit is 600/);
    // GraphQL-over-HTTP clients get 400, like GraphQL's own request errors.
    const strict = await post(yoga, { query: long }, { accept: "application/graphql-response+json" });
    expect([strict.status, codes(strict)]).toEqual([400, ["DOCUMENT_TOO_LONG"]]);
  });

  it("stops the parser at the token limit (TOO_MANY_TOKENS) and leaves other syntax errors to GraphQL", async () => {
    const many = `{ ${Array.from({ length: 40 }, () => "items { id }").join(" ")} }`;
    expect(many.length).toBeLessThan(600);
    const a = await post(yoga, { query: many });
    expect([a.status, codes(a)]).toEqual([200, ["TOO_MANY_TOKENS"]]);
    expect(a.body.errors![0]!.message).toMatch(/more than 60 tokens/);
    const broken = await post(yoga, { query: "{ items { id " });
    expect(codes(broken)).toEqual(["GRAPHQL_PARSE_FAILED"]);
  });

  it("refuses deep, alias-heavy and introspection documents instead of running the standard validation rules", async () => {
    // Too deep *and* naming an unknown field: only the limit is reported (the standard rules were skipped).
    const deep = await post(yoga, { query: `{ item(id: "a") { child { child { child { nope } } } } }` });
    expect([deep.status, codes(deep)]).toEqual([200, ["QUERY_TOO_DEEP"]]);
    const aliases = await post(yoga, { query: `{ a: items { id } b: items { id } c: items { id } d: items { id } }` });
    expect(codes(aliases)).toEqual(["TOO_MANY_ALIASES"]);
    const repeats = await post(yoga, { query: `{ ${"items { id } ".repeat(13)}}` });
    expect(codes(repeats)).toEqual(["QUERY_TOO_COMPLEX"]);
    expect(repeats.body.errors![0]!.message).toMatch(/"items" is selected 13 times in one selection set \(fragments included\); the limit is 12/);
    const intro = await post(yoga, { query: `{ __schema { queryType { name } } }` });
    expect(codes(intro)).toEqual(["INTROSPECTION_DISABLED"]);
    expect(intro.body.errors![0]!.message).toMatch(/schema\.graphql/);
    // Within limits, the standard rules still run.
    const unknown = await post(yoga, { query: `{ item(id: "a") { nope } }` });
    expect(codes(unknown)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect((await post(yoga, { query: `{ __typename items(first: 2) { id } }` })).body).toEqual({ data: { __typename: "Query", items: [{ id: "0" }, { id: "1" }] } });
  });

  it("answers a document nested too deeply for graphql-js's recursive parser with QUERY_TOO_DEEP", async () => {
    // Only reachable with the token limit raised far above its default.
    const roomy = makeYoga({ ...SMALL, maxBodyBytes: 1_000_000, maxDocumentLength: 1_000_000, maxDocumentTokens: 20_000 });
    const levels = 6_000;
    const a = await post(roomy, { query: `{ ${"item(id: 1) { child ".repeat(levels)}{ id }${" }".repeat(levels)} }` });
    expect([a.status, codes(a)]).toEqual([200, ["QUERY_TOO_DEEP"]]);
    expect(a.body.errors![0]!.message).toMatch(/too deeply to parse/);
  });

  it("answers introspection in development mode", async () => {
    const dev = makeYoga(SMALL, "development");
    const a = await post(dev, { query: `{ __schema { queryType { name } } }` });
    expect(a.body).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
  });

  it("costs the operation with the request's variables, whatever the validation cache holds (QUERY_TOO_COMPLEX)", async () => {
    const query = `query($n: Int) { items(first: $n) { id children(first: 3) { id } } }`;
    const small = await post(yoga, { query, variables: { n: 2 } });
    expect(small.body.errors, small.text).toBeUndefined();
    const big = await post(yoga, { query, variables: { n: 100 } });
    expect([big.status, codes(big)]).toEqual([200, ["QUERY_TOO_COMPLEX"]]);
    expect(big.body.errors![0]!.message).toMatch(/costs 501; the limit is 200/);
    expect((await post(yoga, { query, variables: { n: 2 } })).body.errors).toBeUndefined();
    // Fan-out without variables: 1 + 10 × (1 + 1 + 5 × (1 + 1 + 5 × 1)).
    const fan = await post(yoga, { query: `{ items { id children { id children { id } } } }` });
    expect(codes(fan)).toEqual(["QUERY_TOO_COMPLEX"]);
  });

  it("refuses a body over the limit with HTTP 413 and a JSON error, declared or streamed (PAYLOAD_TOO_LARGE)", async () => {
    const payload = JSON.stringify({ query: "{ items { id } }", variables: { pad: "x".repeat(3_000) } });
    const declared = await post(yoga, payload, { "content-length": String(Buffer.byteLength(payload)) });
    expect([declared.status, codes(declared)]).toEqual([413, ["PAYLOAD_TOO_LARGE"]]);
    expect(declared.body.errors![0]!.message).toMatch(/larger than 2,000 bytes/);
    // No content-length: counted as it streams.
    const bytes = new TextEncoder().encode(payload);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 500) controller.enqueue(bytes.slice(i, i + 500));
        controller.close();
      },
    });
    const res = await yoga.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const text = await res.text();
    expect(res.status, text).toBe(413);
    expect((JSON.parse(text) as Answer["body"]).errors?.[0]?.extensions?.code).toBe("PAYLOAD_TOO_LARGE");
    // Just under the limit is fine.
    const fits = JSON.stringify({ query: "{ items(first: 1) { id } }", variables: { pad: "x".repeat(1_900) } });
    expect((await post(yoga, fits)).status).toBe(200);
  });

  it("answers TIMEOUT when execution outlasts the limit, and the next request is served", async () => {
    const started = performance.now();
    const slow = await post(yoga, { query: `{ slow(ms: 2000) }` });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect([slow.status, slow.body.data, codes(slow)]).toEqual([200, null, ["TIMEOUT"]]);
    expect(slow.body.errors![0]!.message).toMatch(/within 300 ms/);
    expect((await post(yoga, { query: `{ slow(ms: 10) }` })).body).toEqual({ data: { slow: 10 } });
  });

  it("cannot interrupt synchronous work: a busy resolver's complete answer arrives late", async () => {
    const a = await post(yoga, { query: `{ busy(ms: 500) }` });
    expect(a.body).toEqual({ data: { busy: 500 } });
  });

  it("never shows a stack or internal message, for limit errors and unexpected ones alike", async () => {
    const answers = [
      await post(yoga, { query: `{ boom }` }),
      await post(yoga, { query: `{ slow(ms: 1000) }` }),
      await post(yoga, { query: `{ __type(name: "Item") { name } }` }),
      await post(yoga, JSON.stringify({ query: "{ items { id } }", variables: { pad: "y".repeat(5_000) } })),
    ];
    expect(answers[0]!.body.errors![0]).toMatchObject({ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    for (const a of answers) {
      expect(a.text).not.toMatch(/"stack"|secret detail|\bat [\w.<>]+ \(|\.ts:\d+|originalError/);
    }
  });
});
