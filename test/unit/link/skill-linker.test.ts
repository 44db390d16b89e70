import { describe, expect, it } from "vitest";
import { ConfigInvalidError, DimensionMismatchError, ModelMismatchError } from "../../../src/core/errors.js";
import type { Skill } from "../../../src/core/records.js";
import { cosine, normalize, type Embedder } from "../../../src/embed/embedder.js";
import { createSkillLinker, type SkillLink, type SkillLinkerOptions } from "../../../src/link/skill-linker.js";
import type { VectorHit, VectorIndex, VectorIndexManifest, VectorSearchOptions } from "../../../src/vector/vector-index.js";

const skill = (id: string, name: string, aliases: string[] = []): Skill => ({ id, name, aliases });

const SKILLS: Skill[] = [
  skill("pg", "PostgreSQL", ["Postgres", "PostgreSQL database"]),
  skill("js", "JavaScript", ["JS", "ECMAScript"]),
  skill("node", "Node.js", ["NodeJS"]),
  skill("ml", "machine learning", ["ML"]),
  skill("learn", "learning"),
  skill("r", "R", ["R programming"]),
  skill("go", "Go", ["Golang"]),
  skill("c", "C"),
  skill("cpp", "C++"),
  skill("cs", "C#"),
  skill("pm", "project management"),
  skill("mp", "manage projects", ["project management"]),
  skill("sheets", "use spreadsheets software", ["spreadsheets"]),
  skill("excel", "Microsoft Excel", ["spreadsheets"]),
  skill("regex", "regular expressions", ["re"]),
];

const linker = createSkillLinker({ skills: SKILLS });
const ids = (links: SkillLink[]): string[] => links.map((l) => l.skillId);

describe("SkillLinker.linkLexical", () => {
  it("is tolerant of case, plurals and punctuation, and reports every mention as a span", () => {
    const text = "Worked with POSTGRES, nodejs and Node JS; some Javascripts.";
    const links = linker.linkLexical(text);
    expect(ids(links).sort()).toEqual(["js", "node", "pg"]);
    const node = links.find((l) => l.skillId === "node");
    expect(node?.method).toBe("exact");
    expect(node?.spans.map((s) => s.text)).toEqual(["nodejs", "Node JS"]);
    expect(links.find((l) => l.skillId === "pg")?.method).toBe("alias");
    expect(links.find((l) => l.skillId === "js")?.spans).toEqual([{ start: 47, end: 58, text: "Javascripts" }]);
    for (const link of links) for (const span of link.spans) expect(text.slice(span.start, span.end)).toBe(span.text);
  });

  it("takes the longest match and does not also report its parts", () => {
    expect(ids(linker.linkLexical("applied machine-learning research"))).toEqual(["ml"]);
    expect(ids(linker.linkLexical("PostgreSQL databases"))).toEqual(["pg"]);
    expect(linker.linkLexical("PostgreSQL databases")[0]?.spans[0]?.text).toBe("PostgreSQL databases");
    expect(ids(linker.linkLexical("continuous learning"))).toEqual(["learn"]);
  });

  it("ranks a preferred-name match above another skill's identical alias", () => {
    const links = linker.linkLexical("strong project management");
    expect(ids(links)).toEqual(["pm", "mp"]);
    expect(links[0]?.method).toBe("exact");
    expect(links[1]?.method).toBe("alias");
    expect(links[0]!.score).toBeGreaterThan(links[1]!.score);
  });

  it("scores an alias shared by several skills lower for each, tied by id", () => {
    const shared = linker.linkLexical("spreadsheets");
    expect(ids(shared)).toEqual(["excel", "sheets"]);
    expect(shared[0]?.score).toBe(shared[1]?.score);
    const alone = createSkillLinker({ skills: SKILLS.filter((s) => s.id !== "excel") }).linkLexical("spreadsheets");
    expect(shared[0]!.score).toBeCloseTo(alone[0]!.score / 1.5, 10);
  });

  it("matches one- and two-letter names only with their exact casing, not at a sentence start if Title-case", () => {
    expect(ids(linker.linkLexical("We use R, C and Go daily, plus ML.")).sort()).toEqual(["c", "go", "ml", "r"]);
    expect(linker.linkLexical("we use r, c and go to the ml of water")).toEqual([]);
    expect(ids(linker.linkLexical("Go to the shop. Then R and Go.")).sort()).toEqual(["go", "r"]);
    expect(linker.linkLexical("Go to the shop.")).toEqual([]);
    // A short alias with no capital letter cannot be told from ordinary text.
    expect(linker.linkLexical("re-use the re module")).toEqual([]);
  });

  it("keeps symbol tokens apart: C, C++ and C#", () => {
    expect(ids(linker.linkLexical("C++ and C# but not C")).sort()).toEqual(["c", "cpp", "cs"]);
    expect(linker.linkLexical("C++")[0]?.spans[0]).toEqual({ start: 0, end: 3, text: "C++" });
  });

  it("sorts by score then id, and applies limit and minScore", () => {
    const all = linker.linkLexical("machine learning, JavaScript, Postgres, Golang, spreadsheets");
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!];
      expect(a.score > b.score || (a.score === b.score && a.skillId < b.skillId)).toBe(true);
    }
    expect(all.every((l) => l.score > 0 && l.score <= 1)).toBe(true);
    expect(linker.linkLexical("machine learning, JavaScript, Postgres", { limit: 2 })).toEqual(all.slice(0, 2));
    expect(linker.linkLexical("machine learning, JavaScript, Postgres", { minScore: 0.9 }).every((l) => l.method === "exact")).toBe(true);
  });

  it("returns nothing for empty or unmatched text", () => {
    expect(linker.linkLexical("")).toEqual([]);
    expect(linker.linkLexical("   ,;  ")).toEqual([]);
    expect(linker.linkLexical("gardening and pottery")).toEqual([]);
  });
});

describe("SkillLinker.linkName", () => {
  it("resolves a whole name by name or alias", () => {
    expect(linker.linkName("Postgres")).toMatchObject({ skillId: "pg", name: "PostgreSQL", method: "alias" });
    expect(linker.linkName("node js")).toMatchObject({ skillId: "node", method: "exact" });
    expect(linker.linkName("Project Management")).toMatchObject({ skillId: "pm", method: "exact" });
    expect(linker.linkName("spreadsheets")?.skillId).toBe("excel");
  });

  it("accepts short names in any case (a skill-name field has no other reading) but not partial names", () => {
    expect(linker.linkName("go")?.skillId).toBe("go");
    expect(linker.linkName("r")?.skillId).toBe("r");
    expect(linker.linkName("Postgres expert")).toBeUndefined();
    expect(linker.linkName("  ")).toBeUndefined();
  });
});

// ---- vector path -----------------------------------------------------------------------------
// TEST DOUBLES. The real embedding model and the hnswlib index are built by other engineers in
// parallel; these stand-ins only exercise the linker's vector plumbing (batching, thresholds,
// score scaling, merging), not semantic quality. The embedder hashes character trigrams, so
// "cosine" here is spelling similarity.

class TrigramEmbedder implements Embedder {
  readonly modelId = "test-trigram";
  readonly dimensions = 64;
  calls = 0;
  embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls++;
    return Promise.resolve(
      texts.map((text) => {
        const v = new Float32Array(this.dimensions);
        const s = ` ${text.toLowerCase()} `;
        for (let i = 0; i + 3 <= s.length; i++) {
          let h = 0;
          for (let j = i; j < i + 3; j++) h = (h * 31 + s.charCodeAt(j)) % 9973;
          v[h % this.dimensions] = (v[h % this.dimensions] ?? 0) + 1;
        }
        return normalize(v);
      }),
    );
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

class BruteForceIndex implements VectorIndex {
  readonly vectors = new Map<string, Float32Array>();
  constructor(
    readonly modelId: string,
    readonly dimensions: number,
  ) {}
  size(): number {
    return this.vectors.size;
  }
  deletedCount(): number {
    return 0;
  }
  has(id: string): boolean {
    return this.vectors.has(id);
  }
  upsert(id: string, vector: Float32Array): void {
    this.vectors.set(id, vector);
  }
  remove(id: string): boolean {
    return this.vectors.delete(id);
  }
  get(id: string): Float32Array | undefined {
    return this.vectors.get(id);
  }
  search(query: Float32Array, k: number, options?: VectorSearchOptions): VectorHit[] {
    return [...this.vectors]
      .filter(([id]) => options?.filter?.(id) ?? true)
      .map(([id, v]) => ({ id, score: cosine(query, v) }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, k);
  }
  save(): Promise<void> {
    return Promise.resolve();
  }
  manifest(): VectorIndexManifest {
    return { modelId: this.modelId, dimensions: this.dimensions, count: this.size(), deleted: 0, builtAt: "", generation: 0 };
  }
}

async function vectorLinker(options: SkillLinkerOptions = {}) {
  const embedder = new TrigramEmbedder();
  const index = new BruteForceIndex(embedder.modelId, embedder.dimensions);
  const vectors = await embedder.embed(SKILLS.map((s) => s.name));
  SKILLS.forEach((s, i) => index.upsert(s.id, vectors[i]!));
  embedder.calls = 0;
  return { embedder, linker: createSkillLinker({ skills: SKILLS, embedder, skillIndex: index, options }) };
}

describe("SkillLinker vector path (test doubles)", () => {
  it("adds neighbours of uncovered text below lexical matches, in one embedding batch", async () => {
    const { embedder, linker: vl } = await vectorLinker();
    const text = "PostgreSQL, and some machine lerning";
    const links = await vl.link(text);
    expect(embedder.calls).toBe(1);
    expect(links[0]).toMatchObject({ skillId: "pg", method: "exact" });
    const ml = links.find((l) => l.skillId === "ml");
    expect(ml?.method).toBe("vector");
    expect(ml!.score).toBeLessThanOrEqual(0.75);
    expect(ml!.score).toBeLessThan(links[0]!.score);
    expect(ml?.spans.map((s) => s.text)).toContain("some machine lerning");
    expect(new Set(ids(links)).size).toBe(links.length);
    expect(ids(await vl.link(text, { useVectors: false }))).toEqual(["pg"]);
  });

  it("does not embed when every clause matched lexically", async () => {
    const { embedder, linker: vl } = await vectorLinker();
    expect(ids(await vl.link("PostgreSQL, JavaScript"))).toEqual(["js", "pg"]);
    expect(embedder.calls).toBe(0);
  });

  it("resolveName falls back to the nearest vector only above the threshold", async () => {
    const { linker: strict } = await vectorLinker();
    expect(await strict.resolveName("Javascrpt")).toBeUndefined();
    const { linker: lenient } = await vectorLinker({ nameVectorThreshold: 0.5 });
    expect(await lenient.resolveName("Javascrpt")).toMatchObject({ skillId: "js", method: "vector" });
    expect(await lenient.resolveName("Postgres")).toMatchObject({ skillId: "pg", method: "alias" });
  });

  it("refuses an index from another model or of another dimension", () => {
    const embedder = new TrigramEmbedder();
    expect(() => createSkillLinker({ skills: SKILLS, embedder, skillIndex: new BruteForceIndex("other", 64) })).toThrow(ModelMismatchError);
    expect(() => createSkillLinker({ skills: SKILLS, embedder, skillIndex: new BruteForceIndex("test-trigram", 32) })).toThrow(DimensionMismatchError);
    expect(() => createSkillLinker({ skills: SKILLS, embedder })).toThrow(ConfigInvalidError);
  });
});
