/**
 * Skill linker: finds the taxonomy skills a piece of text mentions.
 *
 * 1. Lexical (always): the text's tokens (see core/text.ts: case-, diacritic-, plural- and
 *    punctuation-tolerant) are scanned as n-grams against a dictionary built once from every skill's
 *    preferred name and aliases, keyed by compact key ("Node.js" = "NodeJS" = "node js"). All matches are
 *    collected, then kept longest first without overlaps ("machine learning" beats "learning").
 * 2. Vectors (optional, when an Embedder and a skills VectorIndex are given): the whole text and the
 *    clauses that no lexical match covered are embedded in one batch and searched in the skills index.
 *
 * Scores are in [0, 1], higher better, and ordered by evidence strength: preferred-name match
 * (0.9–1.0) > alias match (≤ 0.85) > vector neighbour (≤ 0.75 · cosine). A key shared by several skills
 * scores each of them lower (see {@link SkillLinkerOptions}). Results are deduplicated by skill,
 * keeping the best evidence, best first, ties by skill id.
 *
 * Short ambiguous terms. An alias or name whose compact key is one or two letters/digits ("R", "C",
 * "Go", "ML") or an English function word ("it", "as", "can") is matched in free text only when the text
 * has it with exactly the dictionary's casing; a Title-case one ("Go", "Io") additionally not as the
 * first word of a sentence (where any word is capitalised); one with no capital letter at all ("re",
 * "ng") never matches in free text. `linkName` relaxes this: a skill-name field has no other reading.
 */
import { ConfigInvalidError, DimensionMismatchError, ModelMismatchError } from "../core/errors.js";
import type { Skill } from "../core/records.js";
import { compactKey, tokenize, type Token } from "../core/text.js";
import type { Embedder } from "../embed/embedder.js";
import type { VectorIndex } from "../vector/vector-index.js";
import { compareIds } from "../core/order.js";

/** A character range of the linked text that supports a link. */
export interface LinkSpan {
  /** Start offset (UTF-16 code units) in the input, inclusive. */
  start: number;
  /** End offset in the input, exclusive. */
  end: number;
  /** `input.slice(start, end)`. */
  text: string;
}

export type LinkMethod = "exact" | "alias" | "vector";

export interface SkillLink {
  skillId: string;
  /** The skill's preferred name. */
  name: string;
  /** Confidence in [0, 1]; higher is better. Comparable across methods (exact > alias > vector). */
  score: number;
  /** Best evidence: preferred-name match, alias match, or vector neighbour. */
  method: LinkMethod;
  /** Where the evidence is in the input, in text order. For vectors: the embedded chunk. */
  spans: LinkSpan[];
}

export interface LinkOptions {
  /** Maximum links returned (default 10). */
  limit?: number;
  /** Drop links scoring below this (default 0). */
  minScore?: number;
  /** Use the vector path (default: true when the linker has an embedder and a skill index). */
  useVectors?: boolean;
}

export interface SkillLinkerOptions {
  /** Score of a preferred-name match before the specificity factor (default 1). */
  nameScore?: number;
  /** Score of an alias match before the specificity factor; keep below 0.9 × nameScore (default 0.85). */
  aliasScore?: number;
  /**
   * Each further skill sharing a matched key divides the score by (1 + ambiguityPenalty · (k − 1)),
   * k = skills sharing the key (default 0.5: two skills → ×0.67, three → ×0.5). For name matches k
   * counts only skills with that preferred name, so a name beats another skill's identical alias.
   */
  ambiguityPenalty?: number;
  /** Vector score = vectorWeight · cosine; keep below the weakest unambiguous alias (default 0.75). */
  vectorWeight?: number;
  /** Vector neighbours with a cosine below this are ignored (default 0.35). */
  minVectorCosine?: number;
  /** `resolveName` accepts a vector neighbour only at or above this cosine (default 0.85). */
  nameVectorThreshold?: number;
  /** Most uncovered clauses embedded per `link` call, besides the whole text (default 8). */
  maxChunks?: number;
  /** Only these skills are linked (e.g. exclude ESCO skill groups); vector hits of others are dropped. */
  isLinkable?: (skill: Skill) => boolean;
}

export interface CreateSkillLinkerInput {
  skills: readonly Skill[];
  /** Needed, with `skillIndex`, for the vector path. */
  embedder?: Embedder;
  /** Vectors of the same skills, made by `embedder`'s model. */
  skillIndex?: VectorIndex;
  options?: SkillLinkerOptions;
}

export interface SkillLinker {
  /** Number of linkable skills. */
  readonly size: number;
  /** Whether `link` can use vectors (an embedder and a skill index were given). */
  readonly hasVectors: boolean;
  /** Links skills mentioned in `text`: lexical matches, then vector neighbours; best first, ties by id. */
  link(text: string, options?: LinkOptions): Promise<SkillLink[]>;
  /** The lexical part of `link` only; synchronous (no embedding). */
  linkLexical(text: string, options?: Omit<LinkOptions, "useVectors">): SkillLink[];
  /**
   * Resolves a single skill name ("Postgres" → PostgreSQL) by name or alias: the whole name must match
   * one dictionary key. Prefers a preferred-name match, then the highest score, then the smaller id.
   */
  linkName(name: string): SkillLink | undefined;
  /** `linkName`, else the nearest skill vector if its cosine is at least `nameVectorThreshold`. */
  resolveName(name: string): Promise<SkillLink | undefined>;
}

// ---- dictionary ------------------------------------------------------------------------------

interface Entry {
  /** Index into the skills array. */
  skill: number;
  isName: boolean;
  /** The name or alias as written in the dictionary, for the case rule. */
  surface: string;
}

interface KeyInfo {
  entries: Entry[];
  /** Distinct skills under this key, and distinct skills having it as preferred name. */
  skillCount: number;
  nameCount: number;
  /** Short or function-word key: free-text matches need exact casing (see module doc). */
  caseSensitive: boolean;
  specificity: number;
}

/** English function words that are also skill aliases somewhere; matched only with exact casing. */
const FUNCTION_WORDS = new Set([
  "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "for", "from", "go", "had", "has", "have",
  "he", "her", "his", "if", "in", "is", "it", "its", "may", "me", "my", "no", "not", "of", "on", "one", "or",
  "our", "she", "so", "than", "that", "the", "their", "them", "then", "there", "they", "this", "to", "up",
  "us", "was", "we", "were", "what", "when", "which", "who", "will", "with", "you", "your",
]);

const SENTENCE_END = /[.!?:;\n]\s*$/;
// Clause boundaries for vector chunks: punctuation, and conjunctions that join separate skills.
const CLAUSE_SPLIT = /[,;:.!?()[\]{}|\n\u2022]+|\s(?:and|or|with|as well as|including)\s/giu;

const DEFAULTS = {
  nameScore: 1,
  aliasScore: 0.85,
  ambiguityPenalty: 0.5,
  vectorWeight: 0.75,
  minVectorCosine: 0.35,
  nameVectorThreshold: 0.85,
  maxChunks: 8,
};

/** Builds a linker; the dictionary is built once here (O(total aliases)). */
export function createSkillLinker(input: CreateSkillLinkerInput): SkillLinker {
  const options = { ...DEFAULTS, ...input.options };
  const isLinkable = input.options?.isLinkable ?? (() => true);
  const skills = input.skills.filter((s) => isLinkable(s));
  const { embedder, skillIndex } = input;
  if ((embedder === undefined) !== (skillIndex === undefined)) {
    throw new ConfigInvalidError(
      "createSkillLinker: the vector path needs both an embedder and a skill index; pass both or neither",
    );
  }
  if (embedder !== undefined && skillIndex !== undefined) {
    if (embedder.dimensions !== skillIndex.dimensions) {
      throw new DimensionMismatchError(
        `createSkillLinker: embedder ${embedder.modelId} gives ${embedder.dimensions}-d vectors, skill index holds ` +
          `${skillIndex.dimensions}-d; rebuild the skill index with this model`,
      );
    }
    if (embedder.modelId !== skillIndex.modelId) {
      throw new ModelMismatchError(
        `createSkillLinker: skill index built with model ${skillIndex.modelId}, embedder is ${embedder.modelId}; rebuild the skill index`,
      );
    }
  }

  const byId = new Map<string, number>();
  skills.forEach((s, i) => byId.set(s.id, i));
  const { dictionary, prefixes } = buildDictionary(skills, options.nameScore, options.aliasScore);
  let maxKeyLength = 0;
  for (const key of dictionary.keys()) maxKeyLength = Math.max(maxKeyLength, key.length);
  const index: DictionaryIndex = { dictionary, prefixes, maxKeyLength };

  const scoreOf = (info: KeyInfo, entry: Entry): number => {
    const k = entry.isName ? info.nameCount : info.skillCount;
    const base = entry.isName ? options.nameScore : options.aliasScore;
    return (base * info.specificity) / (1 + options.ambiguityPenalty * (k - 1));
  };

  const linkLexical = (text: string, linkOptions: Omit<LinkOptions, "useVectors"> = {}): SkillLink[] => {
    const tokens = tokenize(text);
    const results = new Map<number, SkillLink>();
    for (const m of lexicalMatches(text, tokens, index)) {
      const span = spanOf(text, tokens, m.start, m.end);
      for (const entry of m.entries) {
        const score = scoreOf(m.info, entry);
        const method: LinkMethod = entry.isName ? "exact" : "alias";
        addEvidence(results, skills, entry.skill, score, method, span);
      }
    }
    return finish(results, linkOptions);
  };

  const vectorLinks = async (text: string, covered: readonly LinkSpan[], limit: number): Promise<SkillLink[]> => {
    if (embedder === undefined || skillIndex === undefined) return [];
    const chunks = vectorChunks(text, covered, options.maxChunks);
    if (chunks.length === 0) return [];
    const vectors = await embedder.embed(chunks.map((c) => c.text));
    const results = new Map<number, SkillLink>();
    chunks.forEach((chunk, i) => {
      const vector = vectors[i];
      if (vector === undefined) return;
      // Ask for a few extra neighbours: some may be filtered out as not linkable.
      for (const hit of skillIndex.search(vector, limit + 5, { filter: (id) => byId.has(id) })) {
        const skill = byId.get(hit.id);
        if (skill === undefined || hit.score < options.minVectorCosine) continue;
        addEvidence(results, skills, skill, options.vectorWeight * Math.min(1, hit.score), "vector", chunk);
      }
    });
    return [...results.values()];
  };

  const linkName = (name: string): SkillLink | undefined => {
    const tokens = tokenize(name);
    if (tokens.length === 0) return undefined;
    const info = dictionary.get(compactKey(tokens.map((t) => t.norm)));
    if (info === undefined) return undefined;
    const span = spanOf(name, tokens, 0, tokens.length);
    const candidates = info.entries.map((entry) => ({ entry, score: scoreOf(info, entry) }));
    candidates.sort(
      (a, b) =>
        Number(b.entry.isName) - Number(a.entry.isName) ||
        b.score - a.score ||
        compareIds(idOf(skills, a.entry.skill), idOf(skills, b.entry.skill)),
    );
    const best = candidates[0];
    if (best === undefined) return undefined;
    const skill = skills[best.entry.skill] as Skill;
    return { skillId: skill.id, name: skill.name, score: best.score, method: best.entry.isName ? "exact" : "alias", spans: [span] };
  };

  return {
    size: skills.length,
    hasVectors: embedder !== undefined,
    linkLexical,
    linkName,
    async link(text, linkOptions = {}) {
      const limit = linkOptions.limit ?? 10;
      // Lexical results uncapped here: the cap applies after merging with vectors.
      const lexical = linkLexical(text, { limit: Number.MAX_SAFE_INTEGER, minScore: 0 });
      const useVectors = linkOptions.useVectors ?? true;
      if (!useVectors || embedder === undefined) return finishList(lexical, linkOptions);
      const covered = lexical.flatMap((l) => l.spans);
      const vector = await vectorLinks(text, covered, limit);
      const merged = new Map<string, SkillLink>();
      for (const link of [...lexical, ...vector]) {
        const previous = merged.get(link.skillId);
        if (previous === undefined || link.score > previous.score) merged.set(link.skillId, link);
      }
      return finishList([...merged.values()], linkOptions);
    },
    async resolveName(name) {
      const lexical = linkName(name);
      if (lexical !== undefined || embedder === undefined || skillIndex === undefined) return lexical;
      if (name.trim().length === 0) return undefined;
      const [vector] = await embedder.embed([name]);
      if (vector === undefined) return undefined;
      const [hit] = skillIndex.search(vector, 1, { filter: (id) => byId.has(id) });
      if (hit === undefined || hit.score < options.nameVectorThreshold) return undefined;
      const skill = skills[byId.get(hit.id) as number] as Skill;
      return {
        skillId: skill.id,
        name: skill.name,
        score: options.vectorWeight * Math.min(1, hit.score),
        method: "vector",
        spans: [{ start: 0, end: name.length, text: name }],
      };
    },
  };
}

/**
 * The dictionary (compact key → skills) and the compact keys of every proper token prefix of its
 * phrases: the scan stops growing an n-gram once it is no phrase's prefix (see {@link PRUNE_AFTER}).
 */
function buildDictionary(
  skills: readonly Skill[],
  nameScore: number,
  aliasScore: number,
): { dictionary: Map<string, KeyInfo>; prefixes: Set<string> } {
  if (aliasScore >= 0.9 * nameScore) {
    // The specificity factor ranges 0.9–1; below that ratio a name could lose to an alias.
    throw new ConfigInvalidError("createSkillLinker: options.aliasScore must be below 0.9 × nameScore");
  }
  const dictionary = new Map<string, KeyInfo>();
  const prefixes = new Set<string>();
  skills.forEach((skill, index) => {
    const phrases: Array<[string, boolean]> = [[skill.name, true], ...skill.aliases.map((a): [string, boolean] => [a, false])];
    for (const [surface, isName] of phrases) {
      const norms = tokenize(surface).map((t) => t.norm);
      if (norms.length === 0) continue;
      const key = compactKey(norms);
      let prefix = "";
      for (const norm of norms.slice(0, -1)) {
        prefix += compactKey([norm]);
        prefixes.add(prefix);
      }
      let info = dictionary.get(key);
      if (info === undefined) {
        info = {
          entries: [],
          skillCount: 0,
          nameCount: 0,
          caseSensitive: (key.length <= 2 && /^[a-z0-9]+$/.test(key)) || FUNCTION_WORDS.has(key),
          // Longer keys are more specific, so less likely to be a spurious hit: 0.9 (1 char) … 1 (≥ 12 chars).
          specificity: 0.9 + 0.1 * Math.min(1, (key.length - 1) / 11),
        };
        dictionary.set(key, info);
      }
      const sameSkill = info.entries.filter((e) => e.skill === index);
      if (sameSkill.length === 0) {
        info.skillCount++;
        if (isName) info.nameCount++;
      } else if (isName && !sameSkill.some((e) => e.isName)) {
        info.nameCount++;
      }
      // Several surfaces per skill are kept only for case-sensitive keys ("GLP" and "glp"); else one suffices.
      if (sameSkill.some((e) => e.isName === isName && (!info.caseSensitive || e.surface === surface))) continue;
      info.entries.push({ skill: index, isName, surface });
    }
  });
  // A skill with both a name and an alias entry under one key keeps only the name entry.
  for (const info of dictionary.values()) {
    const named = new Set(info.entries.filter((e) => e.isName).map((e) => e.skill));
    info.entries = info.entries.filter((e) => e.isName || !named.has(e.skill));
  }
  return { dictionary, prefixes };
}

interface DictionaryIndex {
  dictionary: ReadonlyMap<string, KeyInfo>;
  prefixes: ReadonlySet<string>;
  maxKeyLength: number;
}

/**
 * N-grams of up to this many text tokens are always looked up; longer ones only while the key so far
 * is a token-boundary prefix of some phrase. The first tokens are exempt because text may split or
 * join a phrase's words differently ("data base" for "database", "nodejs" for "node js"), so their
 * keys need not fall on the phrase's token boundaries; past a few tokens pruning is what keeps long
 * texts fast (O(tokens), not O(tokens × longest phrase)).
 */
const PRUNE_AFTER = 3;

interface Match {
  /** Token range [start, end). */
  start: number;
  end: number;
  info: KeyInfo;
  /** Entries that pass the case rule, one per skill (name entry preferred). */
  entries: Entry[];
}

/** All n-gram matches, then longest (most tokens, then most characters) first without overlap. */
function lexicalMatches(text: string, tokens: readonly Token[], { dictionary, prefixes, maxKeyLength }: DictionaryIndex): Match[] {
  const candidates: Match[] = [];
  // compactKey works token by token, so n-gram keys can be grown by concatenation.
  const tokenKeys = tokens.map((t) => compactKey([t.norm]));
  for (let i = 0; i < tokens.length; i++) {
    let key = "";
    let best: Match | undefined;
    for (let j = i; j < tokens.length; j++) {
      key += tokenKeys[j] as string;
      if (key.length > maxKeyLength) break;
      const info = dictionary.get(key);
      if (info !== undefined) {
        const entries = acceptedEntries(text, tokens, i, j + 1, info);
        if (entries.length > 0) best = { start: i, end: j + 1, info, entries };
      }
      if (j - i + 1 >= PRUNE_AFTER && !prefixes.has(key)) break;
    }
    if (best !== undefined) candidates.push(best);
  }
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(tokens.length);
  const chosen: Match[] = [];
  for (const m of candidates) {
    let free = true;
    for (let t = m.start; t < m.end && free; t++) free = taken[t] === 0;
    if (!free) continue;
    taken.fill(1, m.start, m.end);
    chosen.push(m);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/** Applies the short/function-word case rule (module doc); one entry per skill. */
function acceptedEntries(text: string, tokens: readonly Token[], start: number, end: number, info: KeyInfo): Entry[] {
  let entries = info.entries;
  if (info.caseSensitive) {
    const first = tokens[start] as Token;
    const surface = text.slice(first.start, (tokens[end - 1] as Token).end);
    const sentenceStart = first.start === 0 || SENTENCE_END.test(text.slice(Math.max(0, first.start - 3), first.start));
    entries = entries.filter(
      (e) => e.surface === surface && /\p{Lu}/u.test(e.surface) && !(sentenceStart && /^\p{Lu}\p{Ll}+$/u.test(e.surface)),
    );
  }
  const seen = new Set<number>();
  return entries.filter((e) => (seen.has(e.skill) ? false : (seen.add(e.skill), true)));
}

function spanOf(text: string, tokens: readonly Token[], start: number, end: number): LinkSpan {
  const s = (tokens[start] as Token).start;
  const e = (tokens[end - 1] as Token).end;
  return { start: s, end: e, text: text.slice(s, e) };
}

function addEvidence(
  results: Map<number, SkillLink>,
  skills: readonly Skill[],
  skill: number,
  score: number,
  method: LinkMethod,
  span: LinkSpan,
): void {
  const existing = results.get(skill);
  if (existing === undefined) {
    const s = skills[skill] as Skill;
    results.set(skill, { skillId: s.id, name: s.name, score, method, spans: [span] });
    return;
  }
  if (score > existing.score) {
    // Better evidence replaces weaker evidence of another kind; same-kind mentions accumulate spans.
    if (existing.method !== method) existing.spans = [];
    existing.score = score;
    existing.method = method;
  } else if (existing.method !== method) {
    return;
  }
  if (!existing.spans.some((sp) => sp.start === span.start && sp.end === span.end)) {
    existing.spans.push(span);
    existing.spans.sort((a, b) => a.start - b.start || a.end - b.end);
  }
}

/** The whole text and its clauses not overlapping a lexical match, each with content; at most maxChunks + 1. */
function vectorChunks(text: string, covered: readonly LinkSpan[], maxChunks: number): LinkSpan[] {
  const overlapsMatch = (start: number, end: number): boolean => covered.some((c) => c.start < end && start < c.end);
  const chunks: LinkSpan[] = [];
  const trimmed = text.trim();
  if (trimmed.length === 0) return chunks;
  const clauses: LinkSpan[] = [];
  let from = 0;
  const push = (start: number, end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const clause = raw.trim();
    if (clause.length === 0 || tokenize(clause).length === 0) return;
    clauses.push({ start: start + lead, end: start + lead + clause.length, text: clause });
  };
  CLAUSE_SPLIT.lastIndex = 0;
  for (let m = CLAUSE_SPLIT.exec(text); m !== null; m = CLAUSE_SPLIT.exec(text)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, text.length);
  const open = clauses.filter((c) => !overlapsMatch(c.start, c.end));
  // The whole text gives context when everything is uncovered or there are several clauses;
  // when every clause was matched lexically, vectors have nothing to add.
  if (open.length === 0) return chunks;
  const lead = text.length - text.trimStart().length;
  chunks.push({ start: lead, end: lead + trimmed.length, text: trimmed });
  if (clauses.length > 1) chunks.push(...open.slice(0, maxChunks));
  return chunks;
}

function finish(results: ReadonlyMap<number, SkillLink>, options: Omit<LinkOptions, "useVectors">): SkillLink[] {
  return finishList([...results.values()], options);
}

function finishList(links: SkillLink[], options: Omit<LinkOptions, "useVectors">): SkillLink[] {
  const minScore = options.minScore ?? 0;
  const limit = options.limit ?? 10;
  return links
    .filter((l) => l.score >= minScore)
    .sort((a, b) => b.score - a.score || compareIds(a.skillId, b.skillId))
    .slice(0, Math.max(0, limit));
}

function idOf(skills: readonly Skill[], index: number): string {
  return (skills[index] as Skill).id;
}

