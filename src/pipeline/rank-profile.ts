/**
 * Rank profiles: ranking is configuration (Vespa's idea). A profile names the channels and their
 * depths, the fusion method and its parameters, and the reranker; every result reports the profile
 * that produced it. Profiles are validated once, at startup.
 */
import { z } from "zod";
import { ConfigInvalidError, NotFoundError } from "../core/errors.js";
import { CHANNELS, type ChannelName } from "../retrieve/retriever.js";

const channelSchema = z
  .object({
    /** Candidates asked of the channel; raised to at least offset + first for every page. */
    depth: z.number().int().min(1).max(5000).default(200),
    /** Weight in fusion (≥ 0; 0 keeps the channel in explanations but out of the score). */
    weight: z.number().min(0).max(100).default(1),
  })
  .strict();

const graphChannelSchema = channelSchema
  .extend({
    maxHops: z.number().int().min(0).max(3).default(2),
    decay: z.number().gt(0).max(1).default(0.5),
    degreeCap: z.number().int().min(1).max(1000).default(50),
  })
  .strict();

export const rankProfileSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, "lowercase letters, digits and dashes"),
    description: z.string().max(500),
    channels: z
      .object({
        vector: channelSchema.optional(),
        keyword: channelSchema.optional(),
        graph: graphChannelSchema.optional(),
        /** Only used by recommendations (needs a source record); ignored for text search. */
        collaborative: channelSchema.optional(),
      })
      .strict()
      .refine((c) => Object.values(c).some((v) => v !== undefined), { message: "a profile needs at least one channel" }),
    fusion: z.discriminatedUnion("method", [
      z.object({ method: z.literal("rrf"), k: z.number().min(1).max(1000).default(60) }).strict(),
      z
        .object({
          method: z.literal("weighted"),
          /** minmax: (s − min)/(max − min) per list, 1 for a constant non-empty list; zscore: squashed with a logistic to [0, 1]. */
          normalization: z.enum(["minmax", "zscore"]).default("minmax"),
        })
        .strict(),
    ]),
    rerank: z
      .object({
        enabled: z.boolean().default(false),
        /** Fused candidates the reranker rescores. */
        depth: z.number().int().min(1).max(1000).default(100),
        /** Reranker model name (from the models the server loaded); "none" keeps fusion's order. */
        model: z.string().default("none"),
      })
      .strict()
      .default({ enabled: false, depth: 100, model: "none" }),
  })
  .strict();

export type RankProfile = z.infer<typeof rankProfileSchema>;
export type RankProfileInput = z.input<typeof rankProfileSchema>;

/** Channels a profile uses, in a fixed order. */
export function profileChannels(p: RankProfile): ChannelName[] {
  return CHANNELS.filter((c) => p.channels[c] !== undefined);
}

/** The reranker shipped in `models/` and used by the default profile. */
export const DEFAULT_RERANKER = "demo-v1";

/** The fused hybrid: every channel, weighted sum of min-max normalised scores. */
const HYBRID_FUSED: RankProfileInput = {
  name: "hybrid-fused",
  description: "Vector + keyword + skills graph (+ collaborative for recommendations), weighted sum of min-max normalised scores; no reranker.",
  channels: {
    vector: { depth: 200, weight: 1 },
    keyword: { depth: 200, weight: 0.7 },
    graph: { depth: 200, weight: 1.2 },
    collaborative: { depth: 100, weight: 0.5 },
  },
  fusion: { method: "weighted", normalization: "minmax" },
};

export const BUILT_IN_PROFILES: readonly RankProfileInput[] = [
  {
    ...HYBRID_FUSED,
    name: "hybrid",
    description:
      "Default: hybrid-fused, then the learned LambdaMART reranker (demo-v1) reorders the top 100 freelancers (job results keep the fused order: the model ranks freelancers).",
    rerank: { enabled: true, depth: 100, model: DEFAULT_RERANKER },
  },
  HYBRID_FUSED,
  {
    name: "hybrid-rrf",
    description: "The same channels fused by reciprocal rank (k = 60).",
    channels: { vector: {}, keyword: {}, graph: {}, collaborative: { depth: 100 } },
    fusion: { method: "rrf", k: 60 },
  },
  { name: "vector", description: "Vector similarity only.", channels: { vector: {} }, fusion: { method: "weighted" } },
  { name: "keyword", description: "BM25 keyword match only.", channels: { keyword: {} }, fusion: { method: "weighted" } },
  { name: "graph", description: "Skills-graph coverage only.", channels: { graph: {} }, fusion: { method: "weighted" } },
  {
    name: "batch",
    description: "Batch recommendation e-mails (recommend-batch): vector + skills graph + collaborative, no keyword (BM25 was ~2/3 of a recommendation's time); depths for top-10 lists, weights tuned on the demo eval's validation split.",
    channels: { vector: { depth: 60, weight: 0.7 }, graph: { depth: 60, weight: 1.5 }, collaborative: { depth: 30, weight: 0.5 } },
    fusion: { method: "weighted", normalization: "minmax" },
  },
];

export const DEFAULT_PROFILE = "hybrid";

export class RankProfiles {
  private readonly byName: Map<string, RankProfile>;

  constructor(inputs: readonly RankProfileInput[] = BUILT_IN_PROFILES) {
    this.byName = new Map();
    for (const input of inputs) {
      const parsed = rankProfileSchema.safeParse(input);
      if (!parsed.success) {
        const name = typeof input.name === "string" ? input.name : "(unnamed)";
        throw new ConfigInvalidError(
          `RankProfiles: profile ${name} is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
        );
      }
      if (this.byName.has(parsed.data.name)) throw new ConfigInvalidError(`RankProfiles: profile ${parsed.data.name} is defined twice`);
      this.byName.set(parsed.data.name, Object.freeze(parsed.data));
    }
    if (!this.byName.has(DEFAULT_PROFILE)) throw new ConfigInvalidError(`RankProfiles: the default profile ${DEFAULT_PROFILE} is missing`);
  }

  list(): RankProfile[] {
    return [...this.byName.values()];
  }

  /** The named profile (default when undefined); NOT_FOUND listing the known names otherwise. */
  get(name: string | undefined): RankProfile {
    const p = this.byName.get(name ?? DEFAULT_PROFILE);
    if (!p) throw new NotFoundError(`rank profile "${name}" does not exist; known profiles: ${[...this.byName.keys()].join(", ")}`);
    return p;
  }
}
