import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compactKey, compactText, foldText, normalizePhrase, stemToken, tokenize } from "../../../src/core/text.js";

describe("tokenize", () => {
  it("keeps technology tokens whole and reports offsets into the original text", () => {
    const text = "Senior C++/C# dev: .NET, ASP.NET, Node.js & F#.";
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.norm)).toEqual(["senior", "c++", "c#", "dev", ".net", "asp.net", "node.js", "f#"]);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokens.find((t) => t.norm === "node.js")?.text).toBe("Node.js");
  });

  it("splits hyphens and slashes, drops a sentence-final dot and possessives", () => {
    expect(tokenize("full-stack CI/CD client's patients' work.").map((t) => t.norm)).toEqual([
      "full",
      "stack",
      "ci",
      "cd",
      "client",
      "patient",
      "work",
    ]);
  });

  it("folds case and diacritics, also for decomposed input", () => {
    expect(tokenize("Café RÉSUMÉ re\u0301sume\u0301").map((t) => t.norm)).toEqual(["cafe", "resume", "resume"]);
    expect(foldText("ﬁle Ǆ")).toBe("file dz");
  });
});

describe("stemToken", () => {
  it.each([
    ["databases", "database"],
    ["reacts", "react"],
    ["companies", "company"],
    ["classes", "class"],
    ["matches", "match"],
    ["boxes", "box"],
    ["languages", "language"],
  ])("strips the plural of %s", (word, stem) => {
    expect(stemToken(word)).toBe(stem);
  });

  it.each(["css", "js", "aws", "analysis", "business", "status", "news", "nodejs", "reactjs", "s3", "c++", "kudos"])(
    "leaves %s alone",
    (word) => {
      expect(stemToken(word)).toBe(word);
    },
  );
});

describe("compactKey", () => {
  it("makes spelling variants of one name equal", () => {
    expect(new Set(["Node.js", "NodeJS", "node js", "NODE.JS"].map(compactText))).toEqual(new Set(["nodejs"]));
    expect(compactText("full-stack")).toBe(compactText("Full stack"));
    expect(compactText("Data bases")).toBe(compactText("database"));
  });

  it("keeps what tells technologies apart", () => {
    expect(compactText("C++")).not.toBe(compactText("C"));
    expect(compactText("C#")).not.toBe(compactText("C"));
    expect(compactText(".NET")).not.toBe(compactText("net"));
  });

  it("is the concatenation of per-token keys (the linker grows n-gram keys this way)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom("a", "b", ".", "+", "#") }).filter((s) => s.length > 0)), (norms) => {
        expect(compactKey(norms)).toBe(norms.map((n) => compactKey([n])).join(""));
      }),
    );
  });
});

describe("normalisation properties", () => {
  const word = fc.string({ unit: fc.constantFrom(..."abcdeéSsXy+#.'- ,\n") });

  it("token offsets always slice back to the token text, in order and without overlap", () => {
    fc.assert(
      fc.property(word, (text) => {
        let last = 0;
        for (const t of tokenize(text)) {
          expect(text.slice(t.start, t.end)).toBe(t.text);
          expect(t.start).toBeGreaterThanOrEqual(last);
          expect(t.norm.length).toBeGreaterThan(0);
          last = t.end;
        }
      }),
    );
  });

  it("is idempotent and case-insensitive", () => {
    fc.assert(
      fc.property(word, (text) => {
        const once = normalizePhrase(text);
        expect(normalizePhrase(once)).toBe(once);
        expect(normalizePhrase(text.toUpperCase())).toBe(normalizePhrase(text.toLowerCase()));
      }),
    );
  });

  it("stemming is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aeisuxchy") }), (w) => {
        expect(stemToken(stemToken(w))).toBe(stemToken(w));
      }),
    );
  });
});
