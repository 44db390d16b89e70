import { describe, expect, it } from "vitest";
import type { Freelancer } from "../../src/core/records.js";
import type { Upsert } from "../../src/graph-store/graph-store.js";
import { openSqliteGraphStore } from "../../src/graph-store/sqlite-graph-store.js";
import { SqliteKeywordIndex } from "../../src/keyword/sqlite-keyword-index.js";
import { describeKeywordIndex } from "./keyword-index.contract.js";

describeKeywordIndex("SqliteKeywordIndex", () => {
  const store = openSqliteGraphStore({ path: ":memory:" });
  return Promise.resolve({ store, index: new SqliteKeywordIndex(store) });
});

describe("SqliteKeywordIndex: common-term pruning", () => {
  const make = (title: string, i: number): Upsert<Freelancer> => ({
    record: { id: `p${i}`, name: `P${i}`, title, overview: "", skills: [] },
    hash: `h${i}`,
  });

  it("leaves the most common terms out once rarer terms use the postings budget, and says which", async () => {
    const store = openSqliteGraphStore({ path: ":memory:" });
    // "developer" in all 6 documents, "rust" in 2, "haskell" in 1, "or" in none (costs nothing).
    const titles = ["rust developer", "rust developer", "haskell developer", "go developer", "java developer", "php developer"];
    await store.write({ freelancers: titles.map(make) });
    const tight = new SqliteKeywordIndex(store, { postingsBudget: 4 });
    expect(await tight.plan("freelancers", "Haskell or Rust developer")).toEqual({ terms: ["haskell", "or", "rust"], dropped: ["developer"] });
    const hits = await tight.search("freelancers", "Haskell or Rust developer", 10);
    expect(hits.map((h) => h.id).sort()).toEqual(["p0", "p1", "p2"]);
    // The rarest term is kept even when it alone exceeds the budget.
    expect((await tight.plan("freelancers", "developer")).terms).toEqual(["developer"]);
    // With the default budget nothing here is pruned.
    const roomy = new SqliteKeywordIndex(store);
    expect((await roomy.plan("freelancers", "Haskell or Rust developer")).dropped).toEqual([]);
    expect(await roomy.search("freelancers", "Haskell or Rust developer", 10)).toHaveLength(6);
    await store.close();
  });
});
