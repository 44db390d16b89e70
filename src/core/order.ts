/**
 * The one tiebreak order for ids and other strings: UTF-16 code-unit order, the same as SQLite's
 * BINARY collation and Neo4j's string ordering, so every stage and backend breaks ties alike.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
