/** Keyword search treats any user string as plain text: it never throws. */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteGraphStore, type SqliteGraphStore } from "../../src/graph-store/sqlite-graph-store.js";
import { ftsMatchExpression } from "../../src/keyword/fts-text.js";
import { SqliteKeywordIndex } from "../../src/keyword/sqlite-keyword-index.js";

const FTS_SYNTAX = ['"', "AND", "OR", "NOT", "NEAR(", "NEAR", ")", "(", "*", "-", "+", "^", ":", "{", "}", "title:", "c++", "c#", ".net", "node.js", "\u0000", "\u0301", "😀"];

describe("SqliteKeywordIndex properties", () => {
  let store: SqliteGraphStore;
  let index: SqliteKeywordIndex;
  beforeAll(async () => {
    store = openSqliteGraphStore({ path: ":memory:" });
    await store.write({
      skills: [{ record: { id: "s", name: "Python", aliases: [] }, hash: "h" }],
      freelancers: [{ record: { id: "f", name: "F", title: "Python developer", overview: "C++ and node.js", skills: [{ skillId: "s", level: 3, source: "id" }] }, hash: "h" }],
    });
    index = new SqliteKeywordIndex(store);
  });
  afterAll(async () => {
    await store.close();
  });

  const hostile = fc.oneof(
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.array(fc.oneof(fc.constantFrom(...FTS_SYNTAX), fc.string({ maxLength: 8 })), { maxLength: 30 }).map((parts) => parts.join(" ")),
    fc.array(fc.constantFrom(...FTS_SYNTAX), { maxLength: 30 }).map((parts) => parts.join("")),
  );

  it("never throws on arbitrary strings, for every kind", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom("freelancers" as const, "jobs" as const, "skills" as const), async (text, kind) => {
        const hits = await index.search(kind, text, 5);
        expect(Array.isArray(hits)).toBe(true);
        for (const h of hits) expect(h.score).toBeGreaterThan(0);
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it("builds match expressions of quoted terms only", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const match = ftsMatchExpression(text);
        if (match !== undefined) expect(match).toMatch(/^"[^"]+"( OR "[^"]+")*$/u);
      }),
      { numRuns: 1000, seed: 12 },
    );
  });
});
