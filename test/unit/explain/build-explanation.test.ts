import { describe, expect, it } from "vitest";
import { buildExplanation, pathText, SUMMARY_MAX_LENGTH } from "../../../src/explain/build-explanation.js";
import type { ChannelResult } from "../../../src/retrieve/retriever.js";
import { candidate, input, profile, results } from "./fixture.js";

describe("buildExplanation channels", () => {
  const e = buildExplanation(input());

  it("lists every channel of the profile in fixed order, with the fused numbers as they were", () => {
    expect(e.channels.map((c) => c.channel)).toEqual(["vector", "keyword", "graph", "collaborative"]);
    // vector min–max over 0.8, 0.6, 0.2 → f1 = 0.4 / 0.6; graph over 2.2, 0.2 → f1 = 1.
    const [vector, , graph] = e.channels;
    expect(vector).toMatchObject({ retrieved: true, rawScore: 0.6, rank: 2 });
    expect(vector!.normalizedScore).toBeCloseTo(2 / 3, 12);
    expect(vector!.contribution).toBeCloseTo(2 / 3, 12);
    expect(graph).toMatchObject({ retrieved: true, rawScore: 2.2, rank: 1, normalizedScore: 1, contribution: 1.2 });
    expect(graph!.note).toBe("3 skill matches");
    expect(e.finalScore).toBe(candidate("f1").score);
    expect(e.finalScore).toBeCloseTo(vector!.contribution + graph!.contribution, 12);
  });

  it("says why a channel did not retrieve the item instead of omitting it", () => {
    expect(e.channels[1]).toEqual({
      channel: "keyword",
      retrieved: false,
      rawScore: null,
      normalizedScore: null,
      rank: null,
      contribution: 0,
      note: "not retrieved by this channel (outside its top 1)",
      degraded: false,
    });
    expect(e.channels[3]).toMatchObject({ channel: "collaborative", retrieved: false, contribution: 0, note: "not retrieved: this channel did not run for this request" });
  });

  it("marks a channel whose backend was unavailable as degraded, with its note", () => {
    const down: ChannelResult = { channel: "graph", tookMs: 0, candidates: [], note: "backend unavailable (BACKEND_UNAVAILABLE): left out of this ranking", degraded: "BACKEND_UNAVAILABLE" };
    const rs = [results[0]!, results[1]!, down];
    const x = buildExplanation(input({ channelsRun: rs, candidate: candidate("f1", rs) }));
    expect(x.channels[2]).toMatchObject({ channel: "graph", retrieved: false, degraded: true, note: "not retrieved by this channel: backend unavailable (BACKEND_UNAVAILABLE): left out of this ranking" });
    expect(x.channels[0]).toMatchObject({ channel: "vector", retrieved: true, degraded: false });
  });

  it("passes on a channel's own note, e.g. when no skills were linked", () => {
    const noSkills: ChannelResult = { channel: "graph", tookMs: 0, candidates: [], note: "no skills linked in the query" };
    const rs = [results[0]!, results[1]!, noSkills];
    const x = buildExplanation(input({ channelsRun: rs, candidate: candidate("f1", rs), querySkills: [], requiredSkillIds: [] }));
    expect(x.channels[2]).toMatchObject({ retrieved: false, note: "not retrieved by this channel: no skills linked in the query" });
    expect(x.summary).toBe("No skills to compare; matched by vector");
  });

  it("reports fusion settings and weights, and the reranker as not applied", () => {
    expect(e.fusion).toEqual({ method: "weighted", normalization: "minmax", weights: { vector: 1, keyword: 0.7, graph: 1.2, collaborative: 0.5 } });
    expect(e.reranker).toEqual({ model: "none", applied: false, score: null, base: null, contributions: [] });
    expect(e.profile).toBe("hybrid");
    const rrf = profile({ fusion: { method: "rrf", k: 60 } });
    const x = buildExplanation(input({ profile: rrf, candidate: candidate("f1", results, rrf) }));
    expect(x.fusion).toEqual({ method: "rrf", k: 60, weights: { vector: 1, keyword: 0.7, graph: 1.2, collaborative: 0.5 } });
    expect(x.channels[2]).toMatchObject({ normalizedScore: 1 / 61 });
    expect(x.channels[2]!.contribution).toBeCloseTo(1.2 / 61, 15);
  });

  it("reports an applied reranker's score, base and contributions as the final score", () => {
    const contributions = [
      { feature: "graph_raw", value: 2.2, contribution: 1.5 },
      { feature: "rating", value: Number.NaN, contribution: -0.25 },
    ];
    const c = { ...candidate("f1"), rerankScore: 3.5, reranked: true, attribution: () => ({ base: 2.25, contributions }) };
    const x = buildExplanation(input({ candidate: c, reranker: { name: "lambdamart-v1", applied: true } }));
    expect(x.finalScore).toBe(3.5);
    expect(x.reranker).toEqual({
      model: "lambdamart-v1",
      applied: true,
      score: 3.5,
      base: 2.25,
      // A missing feature value is null (GraphQL floats cannot be NaN).
      contributions: [contributions[0], { feature: "rating", value: null, contribution: -0.25 }],
    });
  });

  it("says why when a reranking profile did not rescore this candidate", () => {
    const below = buildExplanation(input({ candidate: { ...candidate("f1"), reranked: false }, reranker: { name: "lambdamart-v1", applied: true } }));
    expect(below.reranker).toMatchObject({ applied: false, score: null, note: "below the rerank depth: fused score kept" });
    expect(below.finalScore).toBe(candidate("f1").score);
    const declined = buildExplanation(input({ reranker: { name: "lambdamart-v1", applied: true, note: "model was trained to rank freelancers" } }));
    expect(declined.reranker.note).toBe("model was trained to rank freelancers");
  });
});

describe("buildExplanation skills", () => {
  const e = buildExplanation(input());

  it("turns graph trace matches into named paths, strongest first", () => {
    expect(e.graphPaths.map((p) => p.text)).toEqual(["React (exact match)", "TypeScript (exact match)", "Next.js <-RELATED_TO- React"]);
    expect(e.graphPaths[2]).toMatchObject({ fromSkillId: "next", toSkillId: "react", weight: 0.4 });
    expect(e.graphPaths[2]!.steps).toHaveLength(1);
  });

  it("splits required skills into exact, related and missing (freelancer results)", () => {
    expect(e.matchedSkills).toEqual([
      { skillId: "react", name: "React", via: "exact" },
      { skillId: "ts", name: "TypeScript", via: "exact" },
      { skillId: "next", name: "Next.js", via: "related" },
    ]);
    expect(e.missingSkills).toEqual([{ skillId: "gql", name: "GraphQL" }]);
    expect(e.summary).toBe("Knows React and TypeScript; related: Next.js via React; missing: GraphQL");
  });

  it("reads job results the other way round: seeds are the freelancer's skills, matches end at the job's", () => {
    const jobResults: ChannelResult[] = [
      {
        channel: "graph",
        tookMs: 0,
        candidates: [
          {
            id: "j1",
            score: 0.5,
            rank: 1,
            trace: {
              channel: "graph",
              matches: [{ skillId: "next", seedId: "react", weight: 0.5, path: [{ from: "react", to: "next", type: "RELATED_TO", direction: "out", weight: 1 }] }],
            },
          },
        ],
      },
    ];
    const x = buildExplanation(
      input({
        candidate: candidate("j1", jobResults),
        channelsRun: jobResults,
        querySkills: [{ skillId: "react", weight: 1 }],
        requiredSkillIds: ["gql", "next"],
        candidateSkillIds: ["react"],
      }),
    );
    expect(x.graphPaths.map((p) => p.text)).toEqual(["React -RELATED_TO-> Next.js"]);
    expect(x.matchedSkills).toEqual([{ skillId: "next", name: "Next.js", via: "related" }]);
    expect(x.missingSkills).toEqual([{ skillId: "gql", name: "GraphQL" }]);
    expect(x.summary).toBe("Related: Next.js via React; missing: GraphQL");
    expect(x.channels.map((c) => [c.channel, c.retrieved])).toEqual([
      ["vector", false],
      ["keyword", false],
      ["graph", true],
      ["collaborative", false],
    ]);
  });

  it("falls back to the id for unknown skill names and de-duplicates required skills", () => {
    const x = buildExplanation(input({ requiredSkillIds: ["react", "zzz", "react"], skillName: (id) => (id === "react" ? "React" : undefined) }));
    expect(x.matchedSkills).toEqual([{ skillId: "react", name: "React", via: "exact" }]);
    expect(x.missingSkills).toEqual([{ skillId: "zzz", name: "zzz" }]);
  });

  it("keeps the summary to one bounded line with no empty clauses", () => {
    const ids = Array.from({ length: 40 }, (_, i) => `s${i}`);
    const x = buildExplanation(
      input({ requiredSkillIds: ids, candidateSkillIds: ids.slice(0, 20), skillName: (id) => `${id} ${"very long skill label ".repeat(3)}` }),
    );
    expect(x.summary).toContain("and 17 more");
    expect(x.summary.length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
    expect(x.summary).not.toContain("\n");
    const short = buildExplanation(input({ requiredSkillIds: ["react"] }));
    expect(short.summary).toBe("Knows React");
    expect(short.summary).not.toMatch(/; *$|: *;|missing: *$/);
  });

  it("is deterministic whatever order the channel results come in", () => {
    expect(buildExplanation(input({ channelsRun: [...results].reverse() }))).toEqual(buildExplanation(input()));
  });
});

describe("pathText", () => {
  it("names multi-hop paths and draws backwards steps against the arrow", () => {
    const text = pathText(
      {
        seedId: "next",
        skillId: "gql",
        path: [
          { from: "next", to: "react", type: "RELATED_TO", direction: "out", weight: 1 },
          { from: "react", to: "gql", type: "BROADER_THAN", direction: "in", weight: 1 },
        ],
      },
      (id) => id.toUpperCase(),
    );
    expect(text).toBe("NEXT -RELATED_TO-> REACT <-BROADER_THAN- GQL");
  });
});
