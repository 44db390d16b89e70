/**
 * Contract for KeywordIndex adapters: `describeKeywordIndex(name, make)`. `make` returns an empty
 * GraphStore and the keyword index derived from it; the suite writes records through the store,
 * so it also checks that keyword search follows writes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Freelancer, Job, Skill } from "../../src/core/records.js";
import type { GraphStore, WriteBatch } from "../../src/graph-store/graph-store.js";
import type { KeywordIndex } from "../../src/keyword/keyword-index.js";

const skills: Skill[] = [
  { id: "cpp", name: "C++", aliases: [] },
  { id: "py", name: "Python", aliases: [] },
  { id: "react", name: "React", aliases: ["ReactJS"] },
  { id: "js", name: "JavaScript", aliases: ["ECMAScript"], description: "The language of the web" },
  { id: "csharp", name: "C#", aliases: [] },
];

const freelancer = (id: string, title: string, overview: string, skillIds: string[] = [], extra: Partial<Freelancer> = {}): Freelancer => ({
  id,
  name: id,
  title,
  overview,
  skills: skillIds.map((skillId) => ({ skillId, level: 3, source: "id" })),
  ...extra,
});

const freelancers: Freelancer[] = [
  freelancer("k1", "Senior C++ developer", "Game engines and low-latency trading systems", ["cpp"]),
  freelancer("k2", "Data engineer", "I build ETL pipelines in Python, some C++ and Rust", ["py"]),
  freelancer("k3", "Frontend developer", "Single page apps with Node.js. I love the café culture.", ["react", "js"]),
  freelancer("k4", "Backend architect", "ASP.NET Core services in C# and F#", ["csharp"]),
  freelancer("k5", "Software developer", "Develops C++ and Python software", ["cpp", "py"], { archetype: true }),
  // Same term, title vs overview, equal lengths: title must weigh more.
  freelancer("k6", "Kotlin developer", "Mobile apps and other things", []),
  freelancer("k7", "Mobile developer", "Kotlin apps and other things", []),
  // Identical documents: ties ordered by id.
  freelancer("k9", "Haskell consultant", "Functional programming", []),
  freelancer("k8", "Haskell consultant", "Functional programming", []),
];

const jobs: Job[] = [
  { id: "j1", title: "Build a React dashboard", description: "Charts and tables", skills: [{ skillId: "react", importance: "required", source: "id" }], status: "open" },
  { id: "j2", title: "Python scraper", description: "Scrape a few sites", skills: [], status: "open" },
];

const batch = (): WriteBatch => ({
  skills: skills.map((record) => ({ record, hash: record.id })),
  freelancers: freelancers.map((record) => ({ record, hash: record.id })),
  jobs: jobs.map((record) => ({ record, hash: record.id })),
});

/** Strings that are FTS syntax, or otherwise hostile, in user text. */
export const HOSTILE_QUERIES = [
  "",
  " ",
  '"',
  '""',
  '"unbalanced',
  "AND",
  "OR",
  "NOT",
  "a AND",
  "NEAR(",
  "NEAR(a b, 2)",
  "*",
  "c*",
  "-",
  "-foo",
  "^",
  "title:foo",
  "{title overview}: x",
  "(",
  ")",
  "a OR (b",
  "\u0000",
  "\u0301",
  "e\u0301",
  "😀 emoji 🚀",
  "\ud800",
  "x".repeat(10_000),
  "word ".repeat(2_000),
];

export function describeKeywordIndex(name: string, make: () => Promise<{ store: GraphStore; index: KeywordIndex }>): void {
  describe(`KeywordIndex contract: ${name}`, () => {
    let store: GraphStore;
    let index: KeywordIndex;
    beforeEach(async () => {
      ({ store, index } = await make());
      await store.write(batch());
    });
    afterEach(async () => {
      await store.close();
    });

    const ids = async (kind: "freelancers" | "jobs" | "skills", text: string, k = 10, options = {}): Promise<string[]> =>
      (await index.search(kind, text, k, options)).map((h) => h.id);

    it("ranks by BM25 with positive scores, best first", async () => {
      const hits = await index.search("freelancers", "python", 10);
      expect(hits.length).toBeGreaterThan(0);
      for (const h of hits) expect(h.score).toBeGreaterThan(0);
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
      // k2 has Python in its overview and skills; the archetype k5 is excluded by default.
      expect(hits.map((h) => h.id)).toEqual(["k2"]);
    });

    it("weights the title above the overview", async () => {
      expect(await ids("freelancers", "kotlin")).toEqual(["k6", "k7"]);
    });

    it("orders equal scores by id", async () => {
      expect(await ids("freelancers", "haskell")).toEqual(["k8", "k9"]);
    });

    it("handles c++, c#, .net and node.js as terms", async () => {
      expect((await ids("freelancers", "C++"))[0]).toBe("k1");
      expect(await ids("freelancers", "C++")).toEqual(["k1", "k2"]);
      expect(await ids("freelancers", "c#")).toEqual(["k4"]);
      expect(await ids("freelancers", ".NET")).toEqual(["k4"]);
      expect(await ids("freelancers", "asp.net")).toEqual(["k4"]);
      expect(await ids("freelancers", "node.js")).toEqual(["k3"]);
      // "c" alone is not C++.
      expect(await ids("freelancers", "c")).toEqual([]);
    });

    it("folds case and diacritics", async () => {
      expect(await ids("freelancers", "CAFE")).toEqual(["k3"]);
      expect(await ids("freelancers", "café")).toEqual(["k3"]);
    });

    it("ORs the terms of a query", async () => {
      expect(await ids("freelancers", "kotlin haskell")).toEqual(expect.arrayContaining(["k6", "k7", "k8", "k9"]));
    });

    it("includes archetypes on request", async () => {
      expect(await ids("freelancers", "python", 10, { includeArchetypes: true })).toEqual(expect.arrayContaining(["k2", "k5"]));
    });

    it("applies the filter and still fills k when enough documents pass", async () => {
      expect(await ids("freelancers", "developer", 2, { filter: (id: string) => id !== "k1" && id !== "k6" })).toHaveLength(2);
      expect(await ids("freelancers", "c++", 5, { filter: (id: string) => id === "k2" })).toEqual(["k2"]);
      expect(await ids("freelancers", "c++", 5, { filter: () => false })).toEqual([]);
    });

    it("searches jobs (title, description, skill names) and skills (name, aliases, description)", async () => {
      expect(await ids("jobs", "react")).toEqual(["j1"]);
      expect(await ids("jobs", "scraper python")).toEqual(["j2"]);
      expect(await ids("skills", "ecmascript")).toEqual(["js"]);
      expect(await ids("skills", "web")).toEqual(["js"]);
      expect(await ids("skills", "c#")).toEqual(["csharp"]);
    });

    it("indexes skill names on records and follows skill renames and deletes", async () => {
      expect(await ids("freelancers", "javascript")).toEqual(["k3"]);
      await store.write({ skills: [{ record: { id: "js", name: "EcmaScriptish", aliases: [] }, hash: "x" }] });
      expect(await ids("freelancers", "javascript")).toEqual([]);
      expect(await ids("freelancers", "ecmascriptish")).toEqual(["k3"]);
      await store.write({ deletes: [{ kind: "skills", id: "js" }] });
      expect(await ids("freelancers", "ecmascriptish")).toEqual([]);
    });

    it("follows record updates and deletes in the same transaction", async () => {
      await store.write({ freelancers: [{ record: { ...freelancers[0]!, title: "Rust developer", overview: "Embedded", skills: [] }, hash: "y" }] });
      expect(await ids("freelancers", "rust")).toEqual(["k1", "k2"]);
      expect(await ids("freelancers", "trading")).toEqual([]);
      await store.write({ deletes: [{ kind: "freelancers", id: "k1" }] });
      expect(await ids("freelancers", "rust")).toEqual(["k2"]);
    });

    it("returns [] for k = 0 and for text without terms", async () => {
      expect(await ids("freelancers", "python", 0)).toEqual([]);
      expect(await ids("freelancers", "  -- ** ")).toEqual([]);
    });

    it("never treats user text as query syntax", async () => {
      for (const text of HOSTILE_QUERIES) {
        await expect(index.search("freelancers", text, 5), JSON.stringify(text.slice(0, 20))).resolves.toBeInstanceOf(Array);
      }
      expect(await ids("freelancers", "NEAR(python")).toEqual(["k2"]);
      expect(await ids("freelancers", '"python"')).toEqual(["k2"]);
      expect(await ids("freelancers", "python*")).toEqual(["k2"]);
      expect(await ids("freelancers", "-python")).toEqual(["k2"]);
    });
  });
}
