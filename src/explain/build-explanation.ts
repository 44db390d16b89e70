/**
 * Assembles an Explanation from what the stages already produced: the fused/reranked candidate (its
 * per-channel scores, ranks, contributions and traces), the channel results (for their notes) and the
 * skills involved. Nothing is rescored here, so the explanation cannot disagree with the ranking.
 *
 * Skill orientation. Explanations talk about two skill sets whatever is being ranked:
 * - required skills: what the result should have. For freelancer results, the job's required skills
 *   (recommendations) or the skills linked in the query (search). For job results, the job's own
 *   required skills.
 * - held skills (`candidateSkillIds`): what the freelancer side has. For freelancer results, the
 *   freelancer's skills. For job results, the freelancer's skills (recommendations) or the skills
 *   linked in the query (search: the searcher's own skills).
 * The graph channel walks from its seeds (`querySkills`) to the result's skills, so for freelancer
 * results a path runs required → held, and for job results held → required. Each related match is
 * therefore read in whichever orientation puts a required skill at one end and a held skill at the
 * other (seed-as-required first).
 */
import type { RankProfile } from "../pipeline/rank-profile.js";
import { profileChannels } from "../pipeline/rank-profile.js";
import type { ChannelExplanation, Explanation, GraphPath } from "../pipeline/types.js";
import type { RerankedCandidate } from "../rerank/reranker.js";
import type { ChannelName, ChannelResult, ChannelTrace } from "../retrieve/retriever.js";
import type { PathStep, SkillMatch, WeightedSkill } from "../graph-store/graph-store.js";
import { compareIds } from "../core/order.js";

/** Names listed per summary clause before "and N more", so the line stays short. */
const SUMMARY_ITEMS = 3;
/** Hard cap on the summary line, in characters (skill names can be long ESCO labels). */
export const SUMMARY_MAX_LENGTH = 240;
/** Terms / neighbours quoted in a channel note before "…". */
const NOTE_ITEMS = 5;

export interface ExplanationInput {
  profile: RankProfile;
  candidate: RerankedCandidate;
  /** The reranker's name (model and version), whether the profile runs it, and its note for this request. */
  reranker: { name: string; applied: boolean; note?: string };
  /** Every channel result of the request (used for their notes and list lengths, never rescored). */
  channelsRun: readonly ChannelResult[];
  /** The graph channel's seeds: linked query skills, a job's skills, or a freelancer's skills. */
  querySkills: readonly WeightedSkill[];
  /** Skills the result should have (see the module comment for the orientation). */
  requiredSkillIds: readonly string[];
  /** Skills the freelancer side holds (see the module comment for the orientation). */
  candidateSkillIds: readonly string[];
  /** Display name of a skill; the id is shown when it returns undefined. */
  skillName: (id: string) => string | undefined;
}

/**
 * Builds the explanation of one ranked candidate.
 *
 * Every channel of the profile is listed in the fixed channel order, retrieved or not; a channel
 * that did not retrieve the candidate says why when it knows. Deterministic for equal input.
 */
export function buildExplanation(input: ExplanationInput): Explanation {
  const { profile, candidate, reranker } = input;
  const name = (id: string): string => input.skillName(id) ?? id;
  const runs = new Map<ChannelName, ChannelResult>(input.channelsRun.map((r) => [r.channel, r]));

  const channels = profileChannels(profile).map((c) => explainChannel(c, candidate, runs.get(c)));

  const weights: Partial<Record<ChannelName, number>> = {};
  for (const c of profileChannels(profile)) weights[c] = profile.channels[c]?.weight ?? 0;
  const fusion: Explanation["fusion"] =
    profile.fusion.method === "rrf"
      ? { method: "rrf", k: profile.fusion.k, weights }
      : { method: "weighted", normalization: profile.fusion.normalization, weights };

  const matches = graphMatches(candidate);
  const graphPaths = matches.map((m) => toGraphPath(m, name));

  const required = unique(input.requiredSkillIds);
  const held = new Set(input.candidateSkillIds);
  const exact = required.filter((id) => held.has(id));
  const exactSet = new Set(exact);
  const related = relatedRequired(matches, new Set(required), held, exactSet);
  const matchedSkills: Explanation["matchedSkills"] = [
    ...exact.map((id) => ({ skillId: id, name: name(id), via: "exact" as const })),
    ...required.filter((id) => related.has(id)).map((id) => ({ skillId: id, name: name(id), via: "related" as const })),
  ];
  const missing = required.filter((id) => !exactSet.has(id) && !related.has(id));
  const missingSkills = missing.map((id) => ({ skillId: id, name: name(id) }));

  const summary = buildSummary({
    exact: exact.map(name),
    related: required.filter((id) => related.has(id)).map((id) => `${name(id)} via ${name(related.get(id)!)}`),
    missing: missing.map(name),
    channels,
    hasSkills: required.length > 0 || input.querySkills.length > 0,
  });

  const applied = reranker.applied && candidate.reranked;
  const attribution = applied ? candidate.attribution?.() : undefined;
  const rerankerNote = reranker.applied && !candidate.reranked ? (reranker.note ?? "below the rerank depth: fused score kept") : reranker.note;
  return {
    profile: profile.name,
    finalScore: applied ? candidate.rerankScore : candidate.score,
    channels,
    fusion,
    reranker: {
      model: reranker.name,
      applied,
      score: applied ? candidate.rerankScore : null,
      base: attribution?.base ?? null,
      contributions: (attribution?.contributions ?? []).map((c) => ({ ...c, value: Number.isFinite(c.value) ? c.value : null })),
      ...(rerankerNote === undefined ? {} : { note: rerankerNote }),
    },
    graphPaths,
    matchedSkills,
    missingSkills,
    summary,
  };
}

function explainChannel(channel: ChannelName, candidate: RerankedCandidate, run: ChannelResult | undefined): ChannelExplanation {
  const s = candidate.channels[channel];
  if (s) {
    const seen = traceNote(s.candidate.trace);
    const note = [run?.note, seen].filter((x): x is string => x !== undefined && x.length > 0).join("; ");
    return {
      channel,
      retrieved: true,
      rawScore: s.raw,
      normalizedScore: s.normalized,
      rank: s.rank,
      contribution: s.contribution,
      ...(note.length > 0 ? { note } : {}),
      degraded: false,
    };
  }
  return { channel, retrieved: false, rawScore: null, normalizedScore: null, rank: null, contribution: 0, note: notRetrievedNote(s, run), degraded: run?.degraded !== undefined };
}

function notRetrievedNote(s: null | undefined, run: ChannelResult | undefined): string {
  if (run === undefined) {
    // undefined (not null) means fusion never saw the channel either: it did not run for this request.
    return s === undefined ? "not retrieved: this channel did not run for this request" : "not retrieved by this channel";
  }
  const n = run.candidates.length;
  if (n === 0) return run.note ? `not retrieved by this channel: ${run.note}` : "not retrieved by this channel (it returned no candidates)";
  return `not retrieved by this channel (outside its top ${n})${run.note ? `; ${run.note}` : ""}`;
}

/** What a channel saw for this candidate, from its own trace. */
function traceNote(trace: ChannelTrace): string | undefined {
  switch (trace.channel) {
    case "vector":
      return undefined; // the raw score is the cosine already
    case "keyword":
      return trace.terms.length > 0 ? `matched terms: ${bounded(trace.terms, NOTE_ITEMS)}` : undefined;
    case "graph": {
      const n = trace.matches.length;
      return `${n} skill match${n === 1 ? "" : "es"}`;
    }
    case "collaborative": {
      const via = trace.via.map((v) => `${v.jobId} (${v.interaction})`);
      return via.length > 0 ? `through ${bounded(via, NOTE_ITEMS)}` : undefined;
    }
  }
}

/** The graph trace's matches, strongest first, ties by seed then skill id (deterministic). */
function graphMatches(candidate: RerankedCandidate): SkillMatch[] {
  const trace = candidate.channels.graph?.candidate.trace;
  if (trace?.channel !== "graph") return [];
  return trace.matches
    .slice()
    .sort((a, b) => b.weight - a.weight || compareIds(a.seedId, b.seedId) || compareIds(a.skillId, b.skillId));
}

function toGraphPath(m: SkillMatch, name: (id: string) => string): GraphPath {
  return { fromSkillId: m.seedId, toSkillId: m.skillId, weight: m.weight, steps: m.path, text: pathText(m, name) };
}

/**
 * "React -RELATED_TO-> Next.js -BROADER_THAN-> …" with skill names; a step walked against the
 * relationship's direction is drawn "<-TYPE-" so the text never misstates which way an edge points.
 */
export function pathText(m: Pick<SkillMatch, "seedId" | "skillId" | "path">, name: (id: string) => string): string {
  if (m.path.length === 0) return `${name(m.skillId)} (exact match)`;
  const first = m.path[0]!;
  return m.path.reduce((text, step: PathStep) => `${text} ${arrow(step)} ${name(step.to)}`, name(first.from));
}

function arrow(step: PathStep): string {
  return step.direction === "out" ? `-${step.type}->` : `<-${step.type}-`;
}

/**
 * Required skills not held exactly but connected by a graph path to a held skill, each with the
 * held skill it is reached through (the strongest match, since `matches` is sorted).
 */
function relatedRequired(
  matches: readonly SkillMatch[],
  required: ReadonlySet<string>,
  held: ReadonlySet<string>,
  exact: ReadonlySet<string>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of matches) {
    if (m.seedId === m.skillId) continue;
    const pair =
      required.has(m.seedId) && held.has(m.skillId)
        ? { req: m.seedId, via: m.skillId }
        : required.has(m.skillId) && held.has(m.seedId)
          ? { req: m.skillId, via: m.seedId }
          : undefined;
    if (pair && !exact.has(pair.req) && !out.has(pair.req)) out.set(pair.req, pair.via);
  }
  return out;
}

function buildSummary(p: {
  exact: string[];
  related: string[];
  missing: string[];
  channels: ChannelExplanation[];
  hasSkills: boolean;
}): string {
  const clauses: string[] = [];
  if (p.exact.length > 0) clauses.push(`Knows ${listing(p.exact)}`);
  if (p.related.length > 0) clauses.push(`related: ${listing(p.related, ", ")}`);
  if (p.missing.length > 0) clauses.push(`missing: ${listing(p.missing, ", ")}`);
  if (clauses.length === 0) {
    const retrieved = p.channels.filter((c) => c.retrieved).map((c) => c.channel);
    const by = retrieved.length > 0 ? `matched by ${listing(retrieved)}` : "not retrieved by any channel";
    clauses.push(p.hasSkills ? `No skill overlap; ${by}` : `No skills to compare; ${by}`);
  }
  const line = clauses.join("; ");
  // Capitalise the first clause whatever it is ("related: …" can open the line).
  const text = line.charAt(0).toUpperCase() + line.slice(1);
  return text.length <= SUMMARY_MAX_LENGTH ? text : `${text.slice(0, SUMMARY_MAX_LENGTH - 1)}…`;
}

/** "A", "A and B", "A, B and C", "A, B, C and 2 more" (or joined by `lastSep` when given). */
function listing(items: readonly string[], lastSep = " and "): string {
  const shown = items.slice(0, SUMMARY_ITEMS);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more`;
  if (shown.length === 1) return shown[0]!;
  return `${shown.slice(0, -1).join(", ")}${lastSep}${shown[shown.length - 1]!}`;
}

function bounded(items: readonly string[], max: number): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")}, … (${items.length - max} more)`;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

