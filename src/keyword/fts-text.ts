/**
 * Text normalisation shared by the FTS5 documents (written by SqliteGraphStore) and the
 * queries (SqliteKeywordIndex), so both sides see the same terms.
 *
 * FTS5's unicode61 tokenizer splits on everything that is not a letter or digit, which
 * turns "c++", "c#" and ".net" into "c", "c" and "net". Rather than make "+" and "#" token
 * characters (which would also glue "5+" or "#1" into odd tokens), the few technology names
 * whose identity lives in punctuation are rewritten to plain words first.
 */

/** Rewrites applied before tokenising; case-insensitive, whole-token. */
const REWRITES: ReadonlyArray<readonly [RegExp, string]> = [
  [/(^|[^\p{L}\p{N}])c\+\+(?![\p{L}\p{N}+])/giu, "$1 cplusplus "],
  [/(^|[^\p{L}\p{N}])c#(?![\p{L}\p{N}#])/giu, "$1 csharp "],
  [/(^|[^\p{L}\p{N}])f#(?![\p{L}\p{N}#])/giu, "$1 fsharp "],
  // ".net" alone or as a suffix ("asp.net" → "asp dotnet"); not inside a word ("x.network").
  [/\.net(?![\p{L}\p{N}])/giu, " dotnet "],
];

/** Normalises document or query text for FTS5 (see the module comment). */
export function normaliseFtsText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REWRITES) out = out.replace(pattern, replacement);
  return out;
}

/** Longest term kept; longer runs are truncated (no real word is this long). */
const MAX_TERM_LENGTH = 64;
/** Most distinct terms taken from one query; the rest add little to BM25 and cost time. */
const MAX_QUERY_TERMS = 64;
/** Characters FTS5's unicode61 treats as part of a token: letters, digits, marks, private use. */
const TERM = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/**
 * Distinct lower-cased terms of a user query, in first-seen order. Only letter/digit runs
 * survive, so nothing in the result can be FTS5 syntax.
 */
export function queryTerms(text: string): string[] {
  const seen = new Set<string>();
  for (const match of normaliseFtsText(text).matchAll(TERM)) {
    // Slice by code point so a surrogate pair is never split.
    const term = Array.from(match[0].toLowerCase()).slice(0, MAX_TERM_LENGTH).join("");
    // A run of combining marks alone is no token for unicode61; skip it.
    if (!/[\p{L}\p{N}\p{Co}]/u.test(term)) continue;
    seen.add(term);
    if (seen.size >= MAX_QUERY_TERMS) break;
  }
  return [...seen];
}

/**
 * An FTS5 MATCH expression for free text: each term as a quoted string (FTS5 string syntax,
 * `"` doubled), OR-ed together. Returns undefined when the text has no indexable terms.
 */
export function ftsMatchExpression(text: string): string | undefined {
  return termsMatchExpression(queryTerms(text));
}

/** The MATCH expression for terms already extracted by {@link queryTerms}; undefined for none. */
export function termsMatchExpression(terms: readonly string[]): string | undefined {
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(" OR ");
}
