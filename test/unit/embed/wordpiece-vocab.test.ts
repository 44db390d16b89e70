import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AutoTokenizer } from "@huggingface/transformers";
import { afterAll, describe, expect, it } from "vitest";
import {
  BASE_CHARS,
  SPECIAL_TOKENS,
  UNK_ID,
  WordCounter,
  buildVocab,
  preTokenize,
  tokenFrequencies,
  tokenizeText,
  tokenizerConfigJson,
  tokenizerJson,
  wordpieceIds,
} from "../../../src/embed/wordpiece-vocab.js";

const CORPUS = [
  "Senior React developer for a React Native app",
  "React developers wanted: frontend, React hooks, Redux",
  "Tax accountant for bookkeeping; accountants welcome",
  "Café owner needs a barista trainer in Zürich",
  "Kubernetes and Docker for our developer platform",
];

function countWords(texts: readonly string[]): WordCounter {
  const counter = new WordCounter();
  for (const t of texts) counter.add(t);
  return counter;
}

describe("preTokenize", () => {
  it("lowercases, strips accents and splits punctuation like the BERT pre-tokenizer", () => {
    expect(preTokenize("Senior C++ Developer (m/f/d) — Zürich!")).toEqual([
      "senior", "c", "+", "+", "developer", "(", "m", "/", "f", "/", "d", ")", "—", "zurich", "!",
    ]);
    expect(preTokenize("  \t\n ")).toEqual([]);
  });
});

describe("wordpieceIds", () => {
  const vocab = new Map(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "u", "##n", "##a", "##f"].map((t, i) => [t, i]));

  it("splits greedily, longest match first", () => {
    expect(wordpieceIds("unaffable", vocab)).toEqual([5, 6, 7]);
    expect(wordpieceIds("unf", vocab)).toEqual([5, 11]);
  });

  it("maps a word with an unmatchable part to a single [UNK]", () => {
    expect(wordpieceIds("unzip", vocab)).toEqual([UNK_ID]);
  });
});

describe("buildVocab", () => {
  const counter = countWords(CORPUS);
  const vocab = buildVocab(counter.counts, { maxVocab: 400, minCount: 2, maxPieces: 40 });

  it("puts the special tokens first, in the documented order", () => {
    expect(vocab.tokens.slice(0, SPECIAL_TOKENS.length)).toEqual([...SPECIAL_TOKENS]);
  });

  it("keeps frequent words whole and every base character in both forms", () => {
    expect(vocab.ids.has("react")).toBe(true);
    expect(vocab.ids.has("developer")).toBe(true);
    expect(vocab.ids.has("kubernetes")).toBe(false); // seen once < minCount
    for (const ch of BASE_CHARS) {
      expect(vocab.ids.has(ch)).toBe(true);
      expect(vocab.ids.has(`##${ch}`)).toBe(true);
    }
    expect(vocab.tokens.length).toBeLessThanOrEqual(400);
    expect(new Set(vocab.tokens).size).toBe(vocab.tokens.length);
    expect(vocab.sources.special + vocab.sources.chars + vocab.sources.pieces + vocab.sources.words).toBe(vocab.tokens.length);
  });

  it("tokenizes words it never saw into pieces, without [UNK]", () => {
    for (const word of ["kubernetes", "zookeeper", "xyz123", "redux-saga"]) {
      for (const w of preTokenize(word)) expect(wordpieceIds(w, vocab.ids)).not.toContain(UNK_ID);
    }
  });

  it("respects the size cap and is deterministic", () => {
    const small = buildVocab(counter.counts, { maxVocab: 180, minCount: 1, maxPieces: 10 });
    expect(small.tokens.length).toBe(180);
    expect(buildVocab(counter.counts, { maxVocab: 400, minCount: 2, maxPieces: 40 }).tokens).toEqual(vocab.tokens);
  });

  it("counts token frequencies as the tokenizer will see them", () => {
    const freq = tokenFrequencies(counter.counts, vocab);
    expect(freq[vocab.ids.get("react") as number]).toBe(4);
    // "kubernetes" is not a token, so its pieces get its count.
    const pieces = wordpieceIds("kubernetes", vocab.ids);
    for (const id of pieces) expect(freq[id]).toBeGreaterThanOrEqual(1);
  });
});

describe("tokenizer.json", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it("tokenizes in transformers.js exactly like the reference WordPiece", async () => {
    const counter = countWords(CORPUS);
    const vocab = buildVocab(counter.counts, { maxVocab: 400, minCount: 1, maxPieces: 40 });
    const dir = await mkdtemp(path.join(tmpdir(), "tg-tokenizer-"));
    dirs.push(dir);
    await writeFile(path.join(dir, "tokenizer.json"), JSON.stringify(tokenizerJson(vocab.tokens)));
    await writeFile(path.join(dir, "tokenizer_config.json"), JSON.stringify(tokenizerConfigJson(512)));
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const samples = [
      ...CORPUS,
      "Kubernetes/Docker DevOps engineer, 5+ years — remote (EU)",
      "Ünïcödé accents, emoji 🚀 and 中文 characters",
      "",
    ];
    for (const text of samples) {
      const expected = tokenizeText(text, vocab.ids);
      const actual = tokenizer.encode(text);
      expect(actual, text).toEqual(expected);
    }
  });
});
