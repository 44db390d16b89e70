/**
 * Ranking rows as libsvm text for the XGBoost CLI: `label qid:Q 1:v 2:v …`.
 *
 * Feature indexes are written 1-based (the libsvm convention) and must be read with
 * `?format=libsvm&indexing_mode=1` (see `libsvmUri`), so that our feature 0 is the dump's "f0".
 * Without `indexing_mode=1`, XGBoost 1.7.4 takes indexes as written (0-based), which shifts every
 * feature by one; checked on the real CLI.
 *
 * NaN features are left out, which XGBoost reads as missing.
 *
 * Numbers: XGBoost parses values with dmlc-core's fast `strtof`, which is not correctly rounded
 * (it adds float32(integer part) and float32(fraction) in float32 arithmetic), so "3.1000000000000001"
 * can come out one float32 ulp away from Math.fround(3.1000000000000001). Split thresholds are data
 * values (hist) or midpoints of data values, so that ulp decides which side a training row falls on.
 * `formatFeatureValue` therefore writes the shortest decimal that this parser maps to exactly
 * `Math.fround(v)`, checked with a replica of it (`parseFloatLikeXgboost`); the replica was checked
 * against XGBoost 1.7.4 (hist split thresholds equal the replica's values, not correctly rounded ones).
 */
import { open } from "node:fs/promises";
import { InvalidInputError } from "../../core/errors.js";

/** One document of one query. */
export interface RankingRow {
  /** Query (group) id: a non-negative integer; training rows must be contiguous per qid. */
  qid: number;
  /** Graded relevance (0 = irrelevant); ignored for prediction. */
  label: number;
  /** Feature vector; NaN marks a missing feature. */
  features: ArrayLike<number>;
}

/** The CLI data URI for a file written by `writeLibsvm`. */
export function libsvmUri(file: string): string {
  return `${file}?format=libsvm&indexing_mode=1`;
}

/**
 * Writes rows in the given order (prediction output follows this order; `groupByQid` first for
 * training). Throws InvalidInputError for a non-integer or negative qid, a non-finite label, or an
 * infinite feature value.
 */
export async function writeLibsvm(rows: readonly RankingRow[], file: string): Promise<void> {
  const handle = await open(file, "w");
  try {
    const chunk: string[] = [];
    for (let r = 0; r < rows.length; r++) {
      chunk.push(formatRow(rows[r] as RankingRow, r));
      if (chunk.length === 4096) {
        await handle.write(chunk.join(""));
        chunk.length = 0;
      }
    }
    if (chunk.length > 0) await handle.write(chunk.join(""));
  } finally {
    await handle.close();
  }
}

/** Rows ordered by qid, keeping the given order within a query (a stable sort). */
export function groupByQid<T extends { qid: number }>(rows: readonly T[]): T[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => a.row.qid - b.row.qid || a.i - b.i)
    .map(({ row }) => row);
}

function formatRow(row: RankingRow, r: number): string {
  if (!Number.isSafeInteger(row.qid) || row.qid < 0) {
    throw new InvalidInputError(`writeLibsvm: row ${r}: qid must be a non-negative integer, got ${row.qid}`);
  }
  if (!Number.isFinite(row.label)) {
    throw new InvalidInputError(`writeLibsvm: row ${r}: label must be finite, got ${row.label}`);
  }
  let line = `${formatFeatureValue(row.label)} qid:${row.qid}`;
  const { features } = row;
  for (let f = 0; f < features.length; f++) {
    const v = features[f] as number;
    if (Number.isNaN(v)) continue;
    if (!Number.isFinite(Math.fround(v))) {
      throw new InvalidInputError(
        `writeLibsvm: row ${r} (qid ${row.qid}) feature ${f}: ${v} is not a finite float32; clip or use NaN for missing`,
      );
    }
    line += ` ${f + 1}:${formatFeatureValue(v)}`;
  }
  return `${line}\n`;
}

/**
 * The shortest decimal that XGBoost's parser reads as exactly `Math.fround(v)`, in fixed notation
 * where possible (the parser's exponent path multiplies by float32 powers of ten and is the least
 * exact). For |v| below about 1e-10 or above 1e19 no such string may exist; the closest is returned.
 */
export function formatFeatureValue(v: number): string {
  const target = Math.fround(v);
  if (!Number.isFinite(target)) throw new InvalidInputError(`formatFeatureValue: ${v} is not a finite float32`);
  if (target === 0) return "0";
  let best = "";
  let bestError = Number.POSITIVE_INFINITY;
  // Trimmed, 6 significant digits give the shortest decimal whenever that has ≤ 6 digits.
  for (let digits = 6; digits <= 17; digits++) {
    for (const text of renderings(target.toPrecision(digits))) {
      const parsed = parseFloatLikeXgboost(text);
      if (parsed === target) return text;
      const error = Math.abs(parsed - target);
      if (error < bestError) {
        best = text;
        bestError = error;
      }
    }
  }
  return best;
}

/**
 * A toPrecision() result in fixed notation when the parser can read it that way (at most 19
 * fraction digits, integer part below 2^53), else in exponent notation.
 */
function renderings(text: string): string[] {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!match) return [text];
  const [, sign = "", int = "", frac = "", exp] = match;
  if (exp === undefined) return [trimFraction(text)];
  const e = Number(exp);
  const digits = int + frac;
  const point = int.length + e;
  const exponential = `${trimFraction(`${sign}${int}.${frac}`)}e${e}`;
  if (point <= 0) {
    const fixedFrac = `${"0".repeat(-point)}${digits}`.replace(/0+$/, "");
    return fixedFrac.length <= 19 ? [`${sign}0.${fixedFrac}`, exponential] : [exponential];
  }
  if (point >= digits.length) {
    const fixedInt = digits + "0".repeat(point - digits.length);
    return Number(fixedInt) < 2 ** 53 ? [`${sign}${fixedInt}`, exponential] : [exponential];
  }
  return [trimFraction(`${sign}${digits.slice(0, point)}.${digits.slice(point)}`), exponential];
}

/** "0.500" → "0.5", "2.000" → "2"; trailing fraction zeros do not change what the parser reads. */
function trimFraction(text: string): string {
  return text.includes(".") ? text.replace(/\.?0*$/, "") : text;
}

/** Exact powers of ten as literals (`10 ** k` is only approximately specified). */
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
];

/**
 * What XGBoost 1.7 (dmlc-core `ParseFloat<float>`) reads from a decimal string: float32(integer
 * digits) + float32(double(fraction digits) / double(10^k)) in float32, then scaled by a float32
 * power of ten built from 1e8 and 10 factors. Only the first 19 fraction digits count.
 * For plain decimal strings (`-?digits[.digits][e±digits]`) with an integer part below 2^53.
 */
export function parseFloatLikeXgboost(text: string): number {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?)(\d+))?$/.exec(text);
  if (!match) throw new InvalidInputError(`parseFloatLikeXgboost: not a decimal number: ${JSON.stringify(text)}`);
  const [, sign = "", int = "", frac = "", expSign = "", exp] = match;
  // Integer parts are below 2^53 here, so Number() is the exact uint64 and fround the float cast.
  let value = Math.fround(int === "" ? 0 : Number(int));
  if (frac !== "") {
    const kept = frac.slice(0, 19);
    // uint64 → double and the double division are both correctly rounded, as Number() and `/` are.
    value = Math.fround(value + Math.fround(Number(kept) / (POW10[kept.length] ?? 1)));
  }
  if (exp !== undefined) {
    let expon = Math.min(Number(exp), 38);
    let scale = 1;
    while (expon >= 8) {
      scale = Math.fround(scale * Math.fround(1e8));
      expon -= 8;
    }
    while (expon > 0) {
      scale = Math.fround(scale * 10);
      expon -= 1;
    }
    value = Math.fround(expSign === "-" ? value / scale : value * scale);
  }
  return sign === "-" ? -value : value;
}
