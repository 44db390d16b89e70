/**
 * The boundary between neo4j-driver values and plain JavaScript: driver Integers (64-bit) become
 * numbers, temporal values become ISO-8601 strings, lists and maps are converted deeply. Nothing
 * past this module sees a driver type. Going in, integers the server must treat as INTEGER (LIMIT
 * and SKIP counts) are wrapped with `int`; every other number goes as a float, as JSON would.
 */
import neo4j from "neo4j-driver";

/** An integer parameter (Cypher's LIMIT refuses floats). */
export const int = (n: number): ReturnType<typeof neo4j.int> => neo4j.int(n);

function isTemporal(value: object): boolean {
  return (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  );
}

/** A driver value as plain JavaScript (see the module comment). Integers beyond 2^53 lose precision. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value !== "object") return value;
  if (neo4j.isInt(value)) return value.toNumber();
  // Temporal values print as ISO-8601.
  if (isTemporal(value)) return (value as { toString(): string }).toString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Float32Array || value instanceof Float64Array) return Array.from(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
  return out;
}

/** A number-valued property (driver Integer or float), or null when absent. */
export function toNumberOrNull(value: unknown): number | null {
  const plain = toPlain(value);
  return typeof plain === "number" ? plain : null;
}

/** A stored embedding (a list of floats) as a Float32Array. */
export function toVector(value: unknown): Float32Array {
  const plain = toPlain(value);
  if (!Array.isArray(plain)) throw new TypeError(`expected a list of floats for an embedding, got ${typeof plain}`);
  return Float32Array.from(plain as number[]);
}

/** A string-valued property, or null when absent (numbers and booleans as their text). */
export function toTextOrNull(value: unknown): string | null {
  const plain = toPlain(value);
  if (plain === null) return null;
  if (typeof plain === "string") return plain;
  if (typeof plain === "number" || typeof plain === "boolean") return String(plain);
  return JSON.stringify(plain);
}
