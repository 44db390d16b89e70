/**
 * The document analysers behind the API's limits (depth, aliases, cost, introspection), on
 * hand-checkable documents and on the real schema, including the inspector page's own queries,
 * which every default must admit with room to spare.
 */
import { readFileSync } from "node:fs";
import { buildSchema, getIntrospectionQuery, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMIT_DEFAULTS } from "../../../src/core/config.js";
import { aliasCount } from "../../../src/serve/limits/alias-count.js";
import { createBoundedCache, documentBytes } from "../../../src/serve/limits/document-cache.js";
import { documentLimitErrors, type DocumentLimits } from "../../../src/serve/limits/document-limits.js";
import { fieldRepeats } from "../../../src/serve/limits/field-repeats.js";
import { introspectionFields } from "../../../src/serve/limits/introspection-fields.js";
import { queryCost } from "../../../src/serve/limits/query-cost.js";
import { queryDepth } from "../../../src/serve/limits/query-depth.js";
import { SCHEMA_FILE } from "../../../src/serve/schema.js";

const schema = buildSchema(readFileSync(SCHEMA_FILE, "utf8"));
const cost = (query: string, variables?: Record<string, unknown>, operationName?: string): number =>
  queryCost(schema, parse(query), { ...(variables ? { variables } : {}), ...(operationName ? { operationName } : {}) });

/** A chain of `n` fragments, each spreading the next twice (2^n expansions if walked naively). */
function doublingFragments(n: number, leaf: string): string {
  const defs = Array.from({ length: n }, (_, i) => `fragment F${i} on Skill { ...F${i + 1} ...F${i + 1} }`);
  return `{ skill(id: "x") { ...F0 } } ${defs.join(" ")} fragment F${n} on Skill { ${leaf} }`;
}

describe("queryDepth", () => {
  it("counts field nesting from the root field, through fragments and inline fragments", () => {
    expect(queryDepth(parse(`{ rankProfiles { name } }`))).toBe(2);
    expect(queryDepth(parse(`{ skill(id: "react") { related { skill { name } } } }`))).toBe(4);
    expect(queryDepth(parse(`{ skill(id: "a") { ...S } } fragment S on Skill { related { skill { ... on Skill { related { weight } } } } }`))).toBe(5);
    // The deepest operation of the document, whichever one runs.
    expect(queryDepth(parse(`query A { rankProfiles { name } } query B { skill(id: "a") { related { skill { id } } } }`))).toBe(4);
  });

  it("leaves introspection to graphql-js's own rule, so GraphiQL's 15-deep introspection query passes", () => {
    expect(queryDepth(parse(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true })))).toBe(0);
    expect(queryDepth(parse(`{ __typename rankProfiles { __typename } }`))).toBe(2);
  });

  it("terminates on fragment cycles and costs linear time on fragments spread many times", () => {
    expect(queryDepth(parse(`{ skill(id: "a") { ...A } } fragment A on Skill { related { skill { ...B } } } fragment B on Skill { ...A }`))).toBe(3);
    expect(queryDepth(parse(doublingFragments(60, "id")))).toBe(2);
  });
});

describe("aliasCount", () => {
  it("counts aliases in the operation, a fragment's once per spread", () => {
    expect(aliasCount(parse(`{ a: rankProfiles { n: name } b: rankProfiles { name } }`))).toBe(3);
    expect(aliasCount(parse(`{ x: skill(id: "a") { ...S } y: skill(id: "b") { ...S } } fragment S on Skill { n1: name n2: name }`))).toBe(6);
    expect(aliasCount(parse(`{ rankProfiles { name } }`))).toBe(0);
  });

  it("holds the request to its largest operation", () => {
    expect(aliasCount(parse(`query A { a: rankProfiles { name } } query B { a: rankProfiles { name } b: rankProfiles { name } }`))).toBe(2);
  });

  it("sees the amplification of fragments spread in fragments, without walking it", () => {
    expect(aliasCount(parse(doublingFragments(30, "a: id")))).toBe(2 ** 30);
  });
});

describe("introspectionFields", () => {
  it("finds __schema and __type anywhere, fragments included, but not __typename", () => {
    const names = (q: string) => introspectionFields(parse(q)).map((f) => f.name.value);
    expect(names(`{ __schema { queryType { name } } }`)).toEqual(["__schema"]);
    expect(names(`{ rankProfiles { __typename } ...F } fragment F on Query { t: __type(name: "Skill") { name } }`)).toEqual(["__type"]);
    expect(names(`{ __typename rankProfiles { name } }`)).toEqual([]);
  });
});

describe("fieldRepeats", () => {
  it("counts one response name's selections in one selection set, through inline fragments and spreads", () => {
    expect(fieldRepeats(parse(`{ rankProfiles { name description } }`))).toEqual({ count: 1, name: "rankProfiles" });
    expect(fieldRepeats(parse(`{ rankProfiles { name name ... on RankProfile { name } ...F } } fragment F on RankProfile { name isDefault }`))).toEqual({
      count: 4,
      name: "name",
    });
    // Aliases are response names of their own; selection sets are counted apart.
    expect(fieldRepeats(parse(`{ a: rankProfiles { name } b: rankProfiles { name } }`)).count).toBe(1);
    expect(fieldRepeats(parse(`{ ${'searchJobs(query: "a") { profile } '.repeat(200)} }`))).toEqual({ count: 200, name: "searchJobs" });
  });

  it("terminates on fragment cycles", () => {
    // Validation refuses the cycle afterwards; the count only has to be finite.
    const { count } = fieldRepeats(parse(`{ rankProfiles { ...A } } fragment A on RankProfile { name ...B } fragment B on RankProfile { name ...A }`));
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(3);
  });
});

describe("createBoundedCache", () => {
  const weighed = () => createBoundedCache<string>({ maxBytes: 100, maxEntries: 3, weigh: (key) => key.length * 10 });

  it("evicts the least recently used entries past its byte or entry bound", () => {
    const cache = weighed();
    cache.set("a", "A");
    cache.set("bb", "B");
    expect(cache.get("a")).toBe("A");
    cache.set("cccc", "C"); // 10 + 20 + 40 = 70 bytes
    cache.set("ddd", "D"); // 100 bytes would fit, but 4 entries do not: "bb" (least recent) goes
    expect([cache.get("bb"), cache.get("a"), cache.get("cccc"), cache.get("ddd")]).toEqual([undefined, "A", "C", "D"]);
    cache.set("eeeee", "E"); // 50 more bytes: the least recent go until it fits
    expect(cache.bytes).toBeLessThanOrEqual(100);
    expect(cache.get("eeeee")).toBe("E");
    expect(cache.get("a")).toBeUndefined();
    // Larger than the whole budget: not kept, nothing evicted for it.
    const before = cache.size;
    cache.set("x".repeat(11), "X");
    expect([cache.get("x".repeat(11)), cache.size]).toEqual([undefined, before]);
  });

  it("replaces an entry under the same key without counting it twice", () => {
    const cache = weighed();
    cache.set("k", "1");
    cache.set("k", "2");
    expect([cache.get("k"), cache.size, cache.bytes]).toEqual(["2", 1, 10]);
  });

  it("weighs a parsed document by its tokens, so a dense document weighs more than its text", () => {
    const text = `{ rankProfiles { ${"name ".repeat(1_000)}} }`;
    expect(documentBytes(text, parse(text))).toBeGreaterThan(500 * 1_000);
    const comment = `{ rankProfiles { name } } #${"x".repeat(5_000)}`;
    expect(documentBytes(comment, parse(comment))).toBeLessThan(2 * comment.length + 500 * 10);
  });
});

describe("queryCost", () => {
  it("costs 1 a field, the working fields their own cost, and multiplies under `first`", () => {
    expect(cost(`{ rankProfiles { name description } }`)).toBe(3);
    expect(cost(`{ searchFreelancers(query: "x", first: 100) { edges { node { id } } } }`)).toBe(100 + 100 * 3);
    expect(cost(`{ skill(id: "x") { related(first: 100) { skill { related(first: 100) { skill { id } } } } } }`)).toBe(20_202);
    expect(cost(`{ searchJobs(query: "x", first: 2) { edges { explanation { summary } } } }`)).toBe(100 + 2 * (1 + 10 + 1));
  });

  it("takes `first` from the request's variables, else the variable's default, else the schema's default", () => {
    const q = `query($n: Int) { searchFreelancers(query: "x", first: $n) { edges { node { id } } } }`;
    expect(cost(q, { n: 50 })).toBe(100 + 50 * 3);
    expect(cost(`query($n: Int = 7) { searchFreelancers(query: "x", first: $n) { edges { node { id } } } }`)).toBe(100 + 7 * 3);
    // searchFreelancers' `first` defaults to 10 in the schema.
    expect(cost(q)).toBe(100 + 10 * 3);
    expect(cost(`{ searchFreelancers(query: "x") { edges { node { id } } } }`)).toBe(100 + 10 * 3);
    // A variable of the wrong type (which execution refuses) is costed at the default, never NaN.
    expect(cost(q, { n: "lots" })).toBe(100 + 10 * 3);
    expect(cost(q, { n: 1e12 })).toBe(100 + 1e12 * 3);
  });

  it("costs the operation that runs, fragments and inline fragments included", () => {
    const doc = `query Cheap { rankProfiles { name } } query Dear { recommendJobs(freelancerId: "f", first: 10) { ...E } }
      fragment E on JobConnection { edges { ... on JobEdge { node { id title } } } }`;
    expect(cost(doc, {}, "Cheap")).toBe(2);
    expect(cost(doc, {}, "Dear")).toBe(100 + 10 * 4);
    // Several operations and no name: nothing to cost (execution reports it).
    expect(cost(doc)).toBe(0);
    const withMutation = buildSchema(`type Query { a: Int } type Mutation { record(x: Int): Result } type Result { inserted: Boolean }`);
    const write = parse(`mutation { record(x: 1) { inserted } }`);
    expect(queryCost(withMutation, write, { fieldCosts: { "Mutation.record": 10 } })).toBe(11);
  });

  it("costs fragment amplification without walking it", () => {
    expect(cost(doublingFragments(40, "id"))).toBe(1 + 2 ** 40);
  });
});

describe("documentLimitErrors", () => {
  const limits: DocumentLimits = {
    maxDocumentLength: 1000,
    maxDocumentTokens: 100,
    maxQueryDepth: 3,
    maxAliases: 1,
    maxFieldRepeats: 2,
    maxQueryCost: 100,
    introspection: false,
  };
  const codes = (q: string, l: DocumentLimits = limits) => documentLimitErrors(parse(q), l).map((e) => e.extensions.code);

  it("answers each broken limit with its code and a message naming the limit", () => {
    expect(codes(`{ rankProfiles { name } }`)).toEqual([]);
    const deep = documentLimitErrors(parse(`{ skill(id: "a") { related { skill { name } } } }`), limits);
    expect(deep.map((e) => e.extensions.code)).toEqual(["QUERY_TOO_DEEP"]);
    expect(deep[0]!.message).toMatch(/4 deep; the limit is 3/);
    expect(codes(`{ a: rankProfiles { name } b: rankProfiles { name } }`)).toEqual(["TOO_MANY_ALIASES"]);
    expect(codes(`{ __schema { types { name } } }`)).toEqual(["INTROSPECTION_DISABLED"]);
    expect(codes(`{ __schema { types { name } } }`, { ...limits, introspection: true })).toEqual([]);
    const repeated = documentLimitErrors(parse(`{ rankProfiles { name ...F ... on RankProfile { name } } } fragment F on RankProfile { name }`), limits);
    expect(repeated.map((e) => e.extensions.code)).toEqual(["QUERY_TOO_COMPLEX"]);
    expect(repeated[0]!.message).toMatch(/"name" is selected 3 times in one selection set \(fragments included\); the limit is 2/);
    expect(codes(`{ a: __type(name: "Skill") { name } b: skill(id: "x") { related { skill { id } } } }`)).toEqual([
      "INTROSPECTION_DISABLED",
      "QUERY_TOO_DEEP",
      "TOO_MANY_ALIASES",
    ]);
  });
});

describe("the defaults admit the inspector page's own queries with room to spare", () => {
  const sent: Array<{ query: string; variables: Record<string, unknown> }> = [];
  const saved = { document: (globalThis as Record<string, unknown>).document, fetch: globalThis.fetch };

  beforeAll(async () => {
    // The page's api.js builds its queries at run time; capture them as it would send them.
    (globalThis as Record<string, unknown>).document = { querySelector: () => null };
    globalThis.fetch = (_url: unknown, init?: RequestInit): Promise<Response> => {
      sent.push(JSON.parse(init?.body as string) as { query: string; variables: Record<string, unknown> });
      return Promise.resolve(new Response(JSON.stringify({ data: null })));
    };
    // Plain browser JavaScript without typings: imported by URL.
    const api = (await import(new URL("../../../src/serve/inspector/public/api.js", import.meta.url).href)) as {
      fetchProfiles(): Promise<unknown>;
      fetchRanking(state: unknown, profile: string): Promise<unknown>;
    };
    await api.fetchProfiles();
    for (const mode of ["searchFreelancers", "searchJobs", "recommendFreelancers", "recommendJobs"]) {
      await api.fetchRanking({ mode, q: "x", first: 100, filters: { available: "true" }, options: {}, profiles: [], open: [] }, "hybrid");
    }
  });

  afterAll(() => {
    (globalThis as Record<string, unknown>).document = saved.document;
    globalThis.fetch = saved.fetch;
  });

  it("at 100 hits with every explanation field: depth, aliases, cost, length well inside the defaults", () => {
    const rankings = sent.filter((s) => s.query.includes("query Inspect("));
    expect(rankings).toHaveLength(4);
    for (const { query, variables } of rankings) {
      const doc = parse(query);
      expect(queryDepth(doc)).toBe(7);
      expect(queryDepth(doc) + 4).toBeLessThanOrEqual(LIMIT_DEFAULTS.maxQueryDepth);
      expect(aliasCount(doc)).toBeLessThanOrEqual(LIMIT_DEFAULTS.maxAliases / 10);
      const c = queryCost(schema, doc, { variables });
      expect(c).toBeGreaterThan(5_000);
      expect(c * 2.5).toBeLessThanOrEqual(LIMIT_DEFAULTS.maxQueryCost);
      expect(query.length * 10).toBeLessThanOrEqual(LIMIT_DEFAULTS.maxDocumentLength);
      expect(documentLimitErrors(doc, { ...LIMIT_DEFAULTS, introspection: false })).toEqual([]);
    }
  });
});
