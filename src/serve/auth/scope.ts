/**
 * API key scopes, ordered: `admin` ⊇ `write` ⊇ `read`. A key may do what its scope and every
 * smaller scope allow.
 */
import { InvalidInputError } from "../../core/errors.js";

/** Smallest first: each scope includes the ones before it. */
export const SCOPES = ["read", "write", "admin"] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: unknown): value is Scope {
  return typeof value === "string" && (SCOPES as readonly string[]).includes(value);
}

/** Whether a key with scope `granted` may do what needs scope `needed`. */
export function hasScope(granted: Scope, needed: Scope): boolean {
  return SCOPES.indexOf(granted) >= SCOPES.indexOf(needed);
}

/** A scope from user input (`keys create --scope`), INVALID_INPUT naming the choices otherwise. */
export function parseScope(value: string, operation: string): Scope {
  if (isScope(value)) return value;
  throw new InvalidInputError(`${operation}: scope must be one of ${SCOPES.join(", ")}, got "${value}"`);
}
