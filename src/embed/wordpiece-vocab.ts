/**
 * WordPiece vocabulary for the static embedding model: BERT-style text splitting (mirrors the
 * `BertNormalizer` + `BertPreTokenizer` that transformers.js applies at inference, so the words
 * we count at build time are the words the tokenizer will see), vocabulary selection from corpus
 * counts, a reference WordPiece tokenizer, and the `tokenizer.json` / `tokenizer_config.json` files.
 */

/** Special tokens, in id order: [PAD]=0, [UNK]=1, [CLS]=2, [SEP]=3, [MASK]=4. */
export const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;
/** Id of [PAD]. */
export const PAD_ID = 0;
/** Id of [UNK]: a word some part of which no token matches. */
export const UNK_ID = 1;
/** Id of [CLS], prepended to every text. */
export const CLS_ID = 2;
/** Id of [SEP], appended to every text. */
export const SEP_ID = 3;

/** WordPiece marker for a piece that continues a word. */
export const CONTINUATION_PREFIX = "##";
/** Longer words become [UNK] (same default as HF tokenizers). */
export const MAX_INPUT_CHARS_PER_WORD = 100;

/** Characters always in the vocabulary (plain and `##` form), so any ASCII word tokenises without [UNK]. */
export const BASE_CHARS: readonly string[] = [
  ..."abcdefghijklmnopqrstuvwxyz0123456789",
  ..."!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
  ..."€£¥§°±×÷",
];

// Same class as the tokenizer library's BERT pre-tokenizer: Unicode punctuation plus ASCII symbols.
const PUNCT = "\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E";
const WORD_OR_PUNCT = new RegExp(`[^\\s${PUNCT}]+|[${PUNCT}]`, "gu");

function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** BERT normalisation: drop control chars, whitespace → space, space around CJK, lowercase, strip accents. */
export function bertNormalize(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0 || cp === 0xfffd) continue;
    if (ch !== "\t" && ch !== "\n" && ch !== "\r" && /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u.test(ch)) continue;
    if (/^\s$/u.test(ch)) out += " ";
    else if (isChineseChar(cp)) out += ` ${ch} `;
    else out += ch;
  }
  return out.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "");
}

/** Normalised words and single punctuation marks of a text, as the BERT pre-tokenizer splits them. */
export function preTokenize(text: string): string[] {
  return bertNormalize(text).match(WORD_OR_PUNCT) ?? [];
}

/**
 * Greedy longest-match-first WordPiece split of one pre-tokenized word (the HF algorithm):
 * returns token ids, or [UNK] for the whole word when some part cannot be matched.
 */
export function wordpieceIds(word: string, vocab: ReadonlyMap<string, number>): number[] {
  const chars = [...word];
  if (chars.length > MAX_INPUT_CHARS_PER_WORD) return [UNK_ID];
  const ids: number[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let found: number | undefined;
    while (start < end) {
      const sub = chars.slice(start, end).join("");
      found = vocab.get(start > 0 ? CONTINUATION_PREFIX + sub : sub);
      if (found !== undefined) break;
      end--;
    }
    if (found === undefined) return [UNK_ID];
    ids.push(found);
    start = end;
  }
  return ids;
}

/** Token ids of a text as the written tokenizer produces them: [CLS] pieces… [SEP]. */
export function tokenizeText(text: string, vocab: ReadonlyMap<string, number>): number[] {
  const ids = [CLS_ID];
  for (const word of preTokenize(text)) ids.push(...wordpieceIds(word, vocab));
  ids.push(SEP_ID);
  return ids;
}

/** Word counts of a corpus (pre-tokenized words and punctuation). */
export class WordCounter {
  /** Word → occurrences. */
  readonly counts = new Map<string, number>();
  /** Texts added. */
  texts = 0;
  /** Words added (with repeats). */
  tokens = 0;

  /** Counts the words of one text. */
  add(text: string): void {
    this.texts++;
    for (const w of preTokenize(text)) {
      this.tokens++;
      this.counts.set(w, (this.counts.get(w) ?? 0) + 1);
    }
  }
}

export interface VocabOptions {
  /** Total vocabulary size cap, specials included. */
  maxVocab: number;
  /** Words seen fewer times are left to subword pieces. */
  minCount: number;
  /** How many multi-character subword pieces to add. */
  maxPieces: number;
  /** Longest subword piece, in characters (without `##`). */
  maxPieceLength?: number;
  /** Longest whole word kept, in characters; longer ones are split into pieces. */
  maxWordLength?: number;
}

export interface Vocab {
  /** Token strings by id. */
  tokens: string[];
  /** Token → id. */
  ids: Map<string, number>;
  /** How many entries of each kind, for the model manifest. */
  sources: { special: number; chars: number; pieces: number; words: number };
}

/**
 * Chooses the vocabulary: specials, then single characters (plain and `##` form: every word of
 * known characters tokenises), then frequent character n-grams as pieces, then whole words by
 * count (ties by string, so the result is deterministic).
 */
export function buildVocab(counts: ReadonlyMap<string, number>, options: VocabOptions): Vocab {
  const maxPieceLength = options.maxPieceLength ?? 5;
  const maxWordLength = options.maxWordLength ?? 32;
  const tokens: string[] = [...SPECIAL_TOKENS];
  const ids = new Map<string, number>(tokens.map((t, i) => [t, i]));
  const add = (t: string): boolean => {
    if (ids.has(t) || tokens.length >= options.maxVocab) return false;
    ids.set(t, tokens.length);
    tokens.push(t);
    return true;
  };
  const byCountThenString = (a: [string, number], b: [string, number]): number =>
    b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

  // Characters: the fixed base set plus any character the corpus uses often enough.
  const charCounts = new Map<string, number>();
  for (const [w, c] of counts) for (const ch of w) charCounts.set(ch, (charCounts.get(ch) ?? 0) + c);
  const chars = [...BASE_CHARS];
  for (const [ch, c] of [...charCounts].sort(byCountThenString)) {
    if (c >= options.minCount && !BASE_CHARS.includes(ch)) chars.push(ch);
  }
  let nChars = 0;
  for (const ch of chars) {
    if (add(ch)) nChars++;
    if (add(CONTINUATION_PREFIX + ch)) nChars++;
  }

  // Whole words to keep, decided before pieces so pieces can target the words left out.
  const wordBudget = Math.max(0, options.maxVocab - tokens.length - options.maxPieces);
  const candidates = [...counts]
    .filter(([w, c]) => c >= options.minCount && [...w].length <= maxWordLength && !ids.has(w))
    .sort(byCountThenString);
  const keptWords = candidates.slice(0, wordBudget).map(([w]) => w);
  const kept = new Set(keptWords);

  // Pieces: n-grams (2..maxPieceLength chars) weighted by word count, counted over the words that
  // will not be whole tokens (those are what pieces exist for); all words when that tail is thin.
  const pieceCounts = new Map<string, number>();
  const countPieces = (include: (w: string) => boolean): void => {
    for (const [w, c] of counts) {
      if (!include(w)) continue;
      const cs = [...w];
      for (let i = 0; i < cs.length; i++) {
        for (let n = 2; n <= maxPieceLength && i + n <= cs.length; n++) {
          if (i === 0 && n === cs.length) continue; // the whole word is not a piece
          const p = (i > 0 ? CONTINUATION_PREFIX : "") + cs.slice(i, i + n).join("");
          pieceCounts.set(p, (pieceCounts.get(p) ?? 0) + c);
        }
      }
    }
  };
  countPieces((w) => !kept.has(w));
  if (pieceCounts.size < options.maxPieces) countPieces((w) => kept.has(w));
  let nPieces = 0;
  for (const [p] of [...pieceCounts].sort(byCountThenString)) {
    if (nPieces >= options.maxPieces) break;
    if (add(p)) nPieces++;
  }

  let nWords = 0;
  for (const w of keptWords) if (add(w)) nWords++;
  // Unused piece budget (small corpora) goes to further words, if any are left.
  for (const [w] of candidates.slice(wordBudget)) if (add(w)) nWords++;

  return { tokens, ids, sources: { special: SPECIAL_TOKENS.length, chars: nChars, pieces: nPieces, words: nWords } };
}

/**
 * How often each token id occurs when the counted corpus is tokenized with `vocab`
 * (what inference will see, so the frequency weighting matches use).
 */
export function tokenFrequencies(counts: ReadonlyMap<string, number>, vocab: Vocab): Float64Array {
  const freq = new Float64Array(vocab.tokens.length);
  for (const [w, c] of counts) for (const id of wordpieceIds(w, vocab.ids)) freq[id] = (freq[id] ?? 0) + c;
  return freq;
}

/** The text the teacher embeds for a token: the surface form without the `##` marker. */
export function tokenSurface(token: string): string {
  return token.startsWith(CONTINUATION_PREFIX) && token.length > CONTINUATION_PREFIX.length
    ? token.slice(CONTINUATION_PREFIX.length)
    : token;
}

/** `tokenizer.json` (HF tokenizers format) for a BERT-style WordPiece tokenizer over `tokens`. */
export function tokenizerJson(tokens: readonly string[]): Record<string, unknown> {
  const vocab: Record<string, number> = {};
  tokens.forEach((t, i) => {
    vocab[t] = i;
  });
  const special = (id: string): Record<string, unknown> => ({ SpecialToken: { id, type_id: 0 } });
  const seq = (id: string, typeId: number): Record<string, unknown> => ({ Sequence: { id, type_id: typeId } });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [special("[CLS]"), seq("A", 0), special("[SEP]")],
      pair: [special("[CLS]"), seq("A", 0), special("[SEP]"), seq("B", 1), { SpecialToken: { id: "[SEP]", type_id: 1 } }],
      special_tokens: {
        "[CLS]": { id: "[CLS]", ids: [CLS_ID], tokens: ["[CLS]"] },
        "[SEP]": { id: "[SEP]", ids: [SEP_ID], tokens: ["[SEP]"] },
      },
    },
    decoder: { type: "WordPiece", prefix: CONTINUATION_PREFIX, cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: CONTINUATION_PREFIX,
      max_input_chars_per_word: MAX_INPUT_CHARS_PER_WORD,
      vocab,
    },
  };
}

/** `tokenizer_config.json` matching {@link tokenizerJson}. */
export function tokenizerConfigJson(modelMaxLength: number): Record<string, unknown> {
  return {
    tokenizer_class: "BertTokenizer",
    do_lower_case: true,
    strip_accents: null,
    tokenize_chinese_chars: true,
    clean_up_tokenization_spaces: true,
    model_max_length: modelMaxLength,
    pad_token: "[PAD]",
    unk_token: "[UNK]",
    cls_token: "[CLS]",
    sep_token: "[SEP]",
    mask_token: "[MASK]",
  };
}
