/** A hand-checkable search: three channels ran, the freelancer f1 was retrieved by vector and graph only. */
import { fuse } from "../../../src/fuse/fusion.js";
import type { ExplanationInput } from "../../../src/explain/build-explanation.js";
import type { SkillMatch } from "../../../src/graph-store/graph-store.js";
import { rankProfileSchema, type RankProfileInput } from "../../../src/pipeline/rank-profile.js";
import type { RerankedCandidate } from "../../../src/rerank/reranker.js";
import type { ChannelResult } from "../../../src/retrieve/retriever.js";

export const NAMES: Record<string, string> = {
  react: "React",
  ts: "TypeScript",
  next: "Next.js",
  gql: "GraphQL",
  apollo: "Apollo",
};
export const skillName = (id: string): string | undefined => NAMES[id];

export function profile(overrides: Partial<RankProfileInput> = {}) {
  return rankProfileSchema.parse({
    name: "hybrid",
    description: "test",
    channels: {
      vector: { weight: 1 },
      keyword: { weight: 0.7 },
      graph: { weight: 1.2 },
      collaborative: { weight: 0.5 },
    },
    fusion: { method: "weighted", normalization: "minmax" },
    ...overrides,
  });
}

/** Freelancer orientation: seeds are the query's skills, so paths run required → held. */
export const f1Matches: SkillMatch[] = [
  { skillId: "ts", seedId: "ts", weight: 0.8, path: [] },
  { skillId: "react", seedId: "next", weight: 0.4, path: [{ from: "next", to: "react", type: "RELATED_TO", direction: "in", weight: 0.8 }] },
  { skillId: "react", seedId: "react", weight: 1, path: [] },
];

export const results: ChannelResult[] = [
  {
    channel: "vector",
    tookMs: 1,
    candidates: [
      { id: "f2", score: 0.8, rank: 1, trace: { channel: "vector", cosine: 0.8 } },
      { id: "f1", score: 0.6, rank: 2, trace: { channel: "vector", cosine: 0.6 } },
      { id: "f3", score: 0.2, rank: 3, trace: { channel: "vector", cosine: 0.2 } },
    ],
  },
  {
    channel: "keyword",
    tookMs: 1,
    candidates: [{ id: "f2", score: 7.5, rank: 1, trace: { channel: "keyword", bm25: 7.5, terms: ["react"] } }],
  },
  {
    channel: "graph",
    tookMs: 1,
    candidates: [
      { id: "f1", score: 2.2, rank: 1, trace: { channel: "graph", matches: f1Matches } },
      { id: "f3", score: 0.2, rank: 2, trace: { channel: "graph", matches: [{ skillId: "gql", seedId: "gql", weight: 0.2, path: [] }] } },
    ],
  },
];

export function candidate(id: string, rs: ChannelResult[] = results, p = profile()): RerankedCandidate {
  const c = fuse(rs, p).find((x) => x.id === id);
  if (!c) throw new Error(`fixture: ${id} was not fused`);
  return { ...c, rerankScore: c.score, reranked: false };
}

export function input(overrides: Partial<ExplanationInput> = {}): ExplanationInput {
  return {
    profile: profile(),
    candidate: candidate("f1"),
    reranker: { name: "none", applied: false },
    channelsRun: results,
    querySkills: ["react", "ts", "next", "gql"].map((skillId) => ({ skillId, weight: 1 })),
    requiredSkillIds: ["react", "ts", "next", "gql"],
    candidateSkillIds: ["react", "ts", "apollo"],
    skillName,
    ...overrides,
  };
}
