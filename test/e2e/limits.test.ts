/**
 * The API's limits end to end: the real server (`startServer`) over a small demo marketplace ingested
 * with the tiny test model, driven over HTTP. A production server (default limits, 300 ms channel
 * budgets, a keyword channel that stalls on request) and a development one (introspection on, a
 * 400 ms request timeout, no channel budgets).
 */
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LIMIT_DEFAULTS, loadConfig, type Config } from "../../src/core/config.js";
import { ingestInto } from "../helpers/ingest-into.js";
import { generateDemo } from "../../src/ingest/demo/generate-demo.js";
import { createKeywordRetriever } from "../../src/retrieve/keyword-retriever.js";
import type { Retriever } from "../../src/retrieve/retriever.js";
import { startServer, type RunningServer } from "../../src/serve/server.js";

interface Answer {
  status: number;
  text: string;
  ms: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

const work = mkdtempSync(path.join(os.tmpdir(), "tg-limits-e2e-"));
const input = path.join(work, "input");
const dataDir = path.join(work, "data");
let prod: RunningServer;
let dev: RunningServer;

/** Queries containing this word make the production server's keyword channel stall for 3 s. */
const SLOW_KEYWORD = "slowkeyword";
/** Queries containing this word make the development server's keyword channel stall for 2 s. */
const STALL = "stallall";

/** The keyword channel, stalling first when the query text holds `word` (the real channel otherwise). */
function stallingKeyword(server: () => RunningServer, word: string, ms: number): Retriever {
  let real: Retriever | undefined;
  return {
    channel: "keyword",
    async retrieve(ctx, depth) {
      if (ctx.text.includes(word)) await sleep(ms);
      real ??= createKeywordRetriever({ keyword: server().services.keyword });
      return real.retrieve(ctx, depth);
    },
  };
}

function configFor(overrides: Record<string, unknown>): Config {
  return loadConfig({
    env: {},
    overrides: { dataDir, model: inject("tinyModelDir"), logLevel: "silent", port: 0, host: "127.0.0.1", anonymousRateLimitPerSecond: 0, ...overrides },
  });
}

async function send(server: RunningServer, body: string | Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started, body: JSON.parse(text) as Answer["body"] };
}

const gql = (server: RunningServer, query: string, variables: Record<string, unknown> = {}): Promise<Answer> => send(server, JSON.stringify({ query, variables }));

/** The one error code of an answer, after checking it shows no internals. */
function codeOf(a: Answer): string | undefined {
  expect(a.text).not.toMatch(/"stack"|\bat [\w.<>]+ \(|\.ts:\d+|node_modules|originalError/);
  expect(a.body.errors?.length ?? 0, a.text).toBeLessThanOrEqual(1);
  return a.body.errors?.[0]?.extensions?.code;
}

beforeAll(async () => {
  await generateDemo({ outDir: input, freelancers: 200, jobs: 60, seed: 7 });
  const ingestConfig = configFor({});
  await ingestInto(ingestConfig, input);
  prod = await startServer(configFor({ mode: "production", channelBudgetMs: 300, receiveTimeoutMs: 1_500 }), {
    handleSignals: false,
    pipeline: { retrievers: { keyword: stallingKeyword(() => prod, SLOW_KEYWORD, 3_000) } },
  });
  dev = await startServer(configFor({ mode: "development", channelBudgetMs: 0, requestTimeoutMs: 400 }), {
    handleSignals: false,
    pipeline: { retrievers: { keyword: stallingKeyword(() => dev, STALL, 2_000) } },
  });
});

afterAll(async () => {
  await Promise.all([prod?.close(), dev?.close()]);
  rmSync(work, { recursive: true, force: true });
});

const EXPLANATION = `explanation { profile finalScore summary
  channels { channel retrieved rawScore normalizedScore rank contribution note }
  fusion { method normalization k weights { channel weight } }
  reranker { model applied score base note contributions { feature value contribution } }
  graphPaths { fromSkillId toSkillId fromSkill { name } toSkill { name } weight text
    steps { fromSkillId toSkillId from { name } to { name } type direction weight } }
  matchedSkills { skillId name via } missingSkills { skillId name } }`;

/** `{ skill(id: "react") { related(first: 1) { skill { … { name } } } } }` with `levels` related/skill pairs: depth 2 × levels + 2. */
function nestedSkills(levels: number): string {
  return `{ skill(id: "react") { ${"related(first: 1) { skill { ".repeat(levels)}name${" } }".repeat(levels)} } }`;
}

describe("limits on a production server", () => {
  it("admits the heaviest legitimate request: 100 hits with every explanation field", async () => {
    const a = await gql(
      prod,
      `query($q: String!) { ranking: searchFreelancers(query: $q, first: 100) {
        profile tookMs pageInfo { hasNextPage endCursor } timings { stage ms }
        edges { rank score node { id name title } ${EXPLANATION} } } }`,
      { q: "senior react developer" },
    );
    expect(codeOf(a)).toBeUndefined();
    expect((a.body.data!.ranking as { edges: unknown[] }).edges).toHaveLength(100);
  });

  it("answers each limit with its code, HTTP 200 and a message naming the limit", async () => {
    const cases: Array<[string, string, Record<string, unknown>, string, RegExp]> = [
      ["depth", nestedSkills(6), {}, "QUERY_TOO_DEEP", /nests fields 14 deep; the limit is 12/],
      [
        "cost from literals",
        `{ searchFreelancers(query: "react", first: 100) { edges { node { skills { skill { related(first: 100) { skill { id name } } } } } } } }`,
        {},
        "QUERY_TOO_COMPLEX",
        /costs 30,600; the limit is 25,000/,
      ],
      [
        "cost from variables",
        `query($n: Int) { searchFreelancers(query: "react", first: $n) { edges { node { id } ${EXPLANATION} } } }`,
        { n: 1_000 },
        "QUERY_TOO_COMPLEX",
        /the limit is 25,000/,
      ],
      ["field repeats", `{ ${'searchJobs(query: "a") { profile } '.repeat(200)} }`, {}, "QUERY_TOO_COMPLEX", /"searchJobs" is selected 200 times in one selection set/],
      ["aliases", `{ ${Array.from({ length: 21 }, (_, i) => `p${i}: rankProfiles { name }`).join(" ")} }`, {}, "TOO_MANY_ALIASES", /21 aliases; the limit is 20/],
      ["document length", `{ rankProfiles { name } } ${"#".repeat(20_000)}`, {}, "DOCUMENT_TOO_LONG", /20,0\d\d characters; the limit is 20,000/],
      ["tokens", `{ rankProfiles(${"a: 1 ".repeat(700)}) { name } }`, {}, "TOO_MANY_TOKENS", /more than 2,000 tokens/],
      ["introspection", `{ __schema { types { name } } }`, {}, "INTROSPECTION_DISABLED", /disabled on this server/],
      ["type introspection", `{ __type(name: "Freelancer") { fields { name } } }`, {}, "INTROSPECTION_DISABLED", /__type/],
    ];
    for (const [name, query, variables, code, message] of cases) {
      const a = await gql(prod, query, variables);
      expect(a.status, name).toBe(200);
      expect(codeOf(a), `${name}: ${a.text.slice(0, 300)}`).toBe(code);
      expect(a.body.errors![0]!.message, name).toMatch(message);
    }
    // Just inside the limits, the same shapes run.
    expect(codeOf(await gql(prod, nestedSkills(5)))).toBeUndefined();
    expect(codeOf(await gql(prod, `{ ${Array.from({ length: 20 }, (_, i) => `p${i}: rankProfiles { name }`).join(" ")} }`))).toBeUndefined();
    expect(codeOf(await gql(prod, `{ __typename rankProfiles { __typename name } }`))).toBeUndefined();
    const metrics = await (await fetch(`${prod.origin}/metrics`)).text();
    expect(metrics).toMatch(/talentgraph_graphql_errors_total\{operation="invalid",code="QUERY_TOO_DEEP"\} [1-9]/);
    expect(metrics).toMatch(/talentgraph_graphql_errors_total\{operation="searchFreelancers",code="QUERY_TOO_COMPLEX"\} [1-9]/);
  });

  it("refuses batched operations cleanly (batching is off)", async () => {
    const a = await send(prod, JSON.stringify([{ query: "{ rankProfiles { name } }" }, { query: "{ rankProfiles { name } }" }]));
    expect(a.status).toBe(400);
    expect(codeOf(a)).toBe("BAD_REQUEST");
    expect(a.body.errors![0]!.message).toMatch(/Batching is not supported/);
  });

  it("refuses a body over the limit with HTTP 413 and a JSON error, declared or streamed", async () => {
    const payload = JSON.stringify({ query: "{ rankProfiles { name } }", variables: { pad: "x".repeat(LIMIT_DEFAULTS.maxBodyBytes) } });
    const declared = await send(prod, payload);
    expect(declared.status).toBe(413);
    expect(codeOf(declared)).toBe("PAYLOAD_TOO_LARGE");
    expect(declared.body.errors![0]!.message).toMatch(/larger than 1,048,576 bytes/);
    // Chunked, without a content-length: refused as it streams.
    const bytes = new TextEncoder().encode(payload);
    const streamed = await send(
      prod,
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
          controller.close();
        },
      }),
    );
    expect(streamed.status).toBe(413);
    expect(codeOf(streamed)).toBe("PAYLOAD_TOO_LARGE");
    // The server still answers afterwards.
    expect(codeOf(await gql(prod, "{ rankProfiles { name } }"))).toBeUndefined();
  });

  it("answers from the other channels when one outlasts its budget, and says the channel timed out", async () => {
    const a = await gql(
      prod,
      `query($q: String!) { searchFreelancers(query: $q, first: 20) { timings { stage ms } edges { rank node { id } ${EXPLANATION} } } }`,
      { q: `${SLOW_KEYWORD} senior react developer` },
    );
    expect(codeOf(a), a.text.slice(0, 300)).toBeUndefined();
    // Well before the stalled channel's 3 s.
    expect(a.ms).toBeLessThan(2_500);
    const page = a.body.data!.searchFreelancers as {
      timings: Array<{ stage: string; ms: number }>;
      edges: Array<{ explanation: { channels: Array<{ channel: string; retrieved: boolean; note: string | null }> } }>;
    };
    expect(page.edges.length).toBe(20);
    for (const e of page.edges) {
      const keyword = e.explanation.channels.find((c) => c.channel === "KEYWORD")!;
      expect(keyword.retrieved).toBe(false);
      expect(keyword.note).toBe("not retrieved by this channel: timed out after 300 ms: left out of this ranking");
      expect(e.explanation.channels.some((c) => c.channel !== "KEYWORD" && c.retrieved)).toBe(true);
    }
    const keywordMs = page.timings.find((t) => t.stage === "keyword")!.ms;
    expect(keywordMs).toBeGreaterThanOrEqual(290);
    expect(keywordMs).toBeLessThan(2_000);
    // Without the stall the keyword channel takes part again.
    const normal = await gql(prod, `{ searchFreelancers(query: "senior react developer", first: 20) { edges { ${EXPLANATION} } } }`);
    const edges = (normal.body.data!.searchFreelancers as typeof page).edges;
    expect(edges.some((e) => e.explanation.channels.some((c) => c.channel === "KEYWORD" && c.retrieved))).toBe(true);
  });

  it("closes a connection whose request does not arrive in time (HTTP 408)", async () => {
    const started = performance.now();
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(prod.port, "127.0.0.1", () => {
        socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":`);
      });
      let data = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => (data += chunk));
      socket.on("close", () => resolve(data));
      socket.on("error", reject);
      setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer after 8 s: ${data}`));
      }, 8_000).unref();
    });
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_400);
  });
});

describe("a development server", () => {
  it("answers introspection, including GraphiQL's full introspection query", async () => {
    const small = await gql(dev, `{ __schema { queryType { name } } }`);
    expect(small.body).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
    const full = await gql(dev, getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true }));
    expect(codeOf(full)).toBeUndefined();
    expect((full.body.data!.__schema as { types: unknown[] }).types.length).toBeGreaterThan(30);
  });

  it("answers TIMEOUT when a request outlasts the request timeout, then serves the next one", async () => {
    const a = await gql(dev, `{ searchFreelancers(query: "${STALL} react") { edges { node { id } } } }`);
    expect(a.status).toBe(200);
    expect(codeOf(a)).toBe("TIMEOUT");
    expect(a.body.data).toBeNull();
    expect(a.body.errors![0]!.message).toMatch(/did not finish within 400 ms/);
    expect(a.ms).toBeLessThan(1_800);
    const next = await gql(dev, `{ searchFreelancers(query: "react") { edges { node { id } } } }`);
    expect(codeOf(next)).toBeUndefined();
  });
});
