/**
 * Text normalisation shared by the skill linker and keyword code, so that a skill name in the
 * dictionary and the same words in a job post reduce to the same key.
 *
 * Pipeline per token: Unicode NFKD → strip combining marks (diacritics) → lowercase → drop
 * apostrophes (possessive `'s` first) → light plural stemming. Tokens keep their character offsets
 * in the original string, so matches can be reported as spans of the caller's text.
 *
 * Tokenisation keeps technology names whole: `c++`, `c#`, `f#`, `.net`, `node.js`, `asp.net`
 * are single tokens (trailing `+`/`#` and internal dots belong to the token); hyphens and slashes
 * split (`full-stack` → `full`, `stack`; `CI/CD` → `ci`, `cd`) because people write those both ways,
 * and the compact key joins them back (see {@link compactKey}).
 */

/** A token of the original text with its normalised form. */
export interface Token {
  /** Start offset (UTF-16 code units) in the original text, inclusive. */
  start: number;
  /** End offset in the original text, exclusive. */
  end: number;
  /** The original characters, `text.slice(start, end)`. */
  text: string;
  /** Normalised and stemmed form (see {@link normalizeToken}); never empty. */
  norm: string;
}

// Word characters: letters, digits, combining marks (so decomposed accents stay inside a token).
// A token: an optional leading dot (".net", only where no word character precedes it), word runs
// joined by internal dots or apostrophes ("node.js", "client's"), then optional "+"/"#" ("c++", "c#").
const TOKEN_RE = /(?<![\p{L}\p{N}\p{M}])\.?[\p{L}\p{N}\p{M}]+(?:[.'’][\p{L}\p{N}\p{M}]+)*[+#]*/gu;

const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’]/g;

/**
 * Words ending in "s" that are not plurals, or whose stem would merge unrelated words.
 * Short words (≤ 3 chars: "css", "aws", "ios", "sas") and endings -ss/-us/-is/-os/-js ("nodejs") are excluded by rule.
 */
const NO_STEM = new Set(["news", "lens", "gas", "yes", "series", "species", "canvas", "atlas", "alias", "bias", "physics"]);

/** Folds case and diacritics: NFKD, combining marks removed, lowercase. Length may change. */
export function foldText(text: string): string {
  return text.normalize("NFKD").replace(COMBINING_MARKS, "").toLowerCase();
}

/**
 * Light plural stemming of one folded token: "databases" → "database", "reacts" → "react",
 * "companies" → "company", "classes" → "class"; leaves "css", "js", "analysis", "business", "status",
 * and anything with digits or symbols ("c++", "node.js", "s3") alone. Not a full stemmer on purpose:
 * it only needs to be the same on both sides (dictionary and text) and must not merge unrelated words.
 */
export function stemToken(token: string): string {
  const n = token.length;
  if (n <= 3 || token.charCodeAt(n - 1) !== 115 /* s */) return token;
  if (!/^[a-z]+$/.test(token) || NO_STEM.has(token)) return token;
  if (/(?:ss|us|is|os|js)$/.test(token)) return token;
  if (token.endsWith("ies") && n > 4) return `${token.slice(0, -3)}y`;
  // -sses, -xes, -ches, -shes, -zzes: plural "es" ("classes", "boxes", "matches"); "databases" keeps its e.
  if (/(?:ss|x|ch|sh|zz)es$/.test(token)) return token.slice(0, -2);
  return token.slice(0, -1);
}

/** Normalises one raw token: fold, drop possessive and apostrophes, stem. May return "" (e.g. "'"). */
export function normalizeToken(raw: string): string {
  let t = foldText(raw);
  if (t.endsWith("'s") || t.endsWith("’s")) t = t.slice(0, -2);
  t = t.replace(APOSTROPHES, "");
  return stemToken(t);
}

/** Splits text into tokens with offsets into the original string and normalised forms. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    const raw = m[0];
    const norm = normalizeToken(raw);
    if (norm.length > 0) tokens.push({ start: m.index, end: m.index + raw.length, text: raw, norm });
  }
  return tokens;
}

/** Normalised tokens joined by single spaces: "Managing  Databases!" → "managing database". */
export function normalizePhrase(text: string): string {
  return tokenize(text)
    .map((t) => t.norm)
    .join(" ");
}

/**
 * The compact key of normalised tokens: joined without spaces, with internal dots removed, so
 * "Node.js", "NodeJS" and "node js" all give "nodejs", and "full-stack" = "full stack" = "fullstack".
 * Keeps what distinguishes technologies: "+" and "#" ("c++" ≠ "c"), and a token's leading dot
 * (".net" ≠ "net").
 */
export function compactKey(norms: readonly string[]): string {
  let key = "";
  for (const t of norms) key += t.charCodeAt(0) === 46 /* . */ ? `.${t.slice(1).replace(/\./g, "")}` : t.replace(/\./g, "");
  return key;
}

/** Compact key of a whole text: `compactKey(tokenize(text).map(t => t.norm))`. */
export function compactText(text: string): string {
  return compactKey(tokenize(text).map((t) => t.norm));
}
