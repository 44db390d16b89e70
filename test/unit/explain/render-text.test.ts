import { describe, expect, it } from "vitest";
import { buildExplanation } from "../../../src/explain/build-explanation.js";
import { renderExplanationText } from "../../../src/explain/render-text.js";
import { candidate, input, profile } from "./fixture.js";

describe("renderExplanationText", () => {
  const e = buildExplanation(input());
  const text = renderExplanationText(e);
  const lines = text.split("\n");

  it("opens with the final score and the profile", () => {
    expect(lines[0]).toBe(`score ${Number(e.finalScore.toPrecision(4))} · profile hybrid`);
  });

  it("prints one line per channel, including the ones that did not retrieve the item", () => {
    const start = lines.indexOf("├─ channels");
    const end = lines.findIndex((l, i) => i > start && !l.startsWith("│  "));
    const channelLines = lines.slice(start + 1, end);
    expect(channelLines).toHaveLength(4);
    expect(channelLines[0]).toMatch(/vector\s+rank 2 · raw 0\.6 · normalised 0\.6667 · \+0\.6667/);
    expect(channelLines[1]).toMatch(/keyword\s+not retrieved by this channel \(outside its top 1\)/);
    expect(channelLines[2]).toMatch(/graph\s+rank 1 · raw 2\.2 · normalised 1 · \+1\.2 \(3 skill matches\)/);
    expect(channelLines[3]).toMatch(/collaborative\s+not retrieved: this channel did not run/);
  });

  it("shows fusion, reranker, paths, matched and missing skills and the summary", () => {
    expect(text).toContain("fusion: weighted sum, minmax normalisation · weights vector 1, keyword 0.7, graph 1.2, collaborative 0.5");
    expect(text).toContain("reranker: none (not applied)");
    expect(text).toContain("Next.js <-RELATED_TO- React · weight 0.4");
    expect(text).toContain("matched: React (exact), TypeScript (exact), Next.js (related)");
    expect(text).toContain("missing: GraphQL");
    expect(lines[lines.length - 1]).toBe("└─ summary: Knows React and TypeScript; related: Next.js via React; missing: GraphQL");
  });

  it("renders RRF, an applied reranker and empty skill sections", () => {
    const rrf = profile({ fusion: { method: "rrf", k: 60 } });
    const c = {
      ...candidate("f2", undefined, rrf),
      rerankScore: 0.25,
      reranked: true,
      attribution: () => ({ base: 0.375, contributions: [{ feature: "bm25", value: 7.5, contribution: -0.125 }] }),
    };
    const out = renderExplanationText(
      buildExplanation(input({ profile: rrf, candidate: c, reranker: { name: "lambdamart-v1", applied: true }, requiredSkillIds: [] })),
    );
    expect(out).toContain("fusion: reciprocal rank fusion, k = 60");
    expect(out).toContain("reranker: lambdamart-v1 · score 0.25 = base 0.375 + contributions");
    expect(out).toContain("bm25 = 7.5 → -0.125");
    expect(out).toContain("graph paths: none");
    expect(out).toContain("matched: none");
    expect(out).toContain("missing: none");
    expect(out).toMatch(/keyword\s+rank 1 · raw 7\.5 · normalised 0\.01639 · \+0\.01148 \(matched terms: react\)/);
  });
});
