/**
 * The difference between two rankings of the same request under two profiles (A, the baseline, and
 * B): for every item in either top N, its rank in each and how it moved. Pure; no DOM.
 */

/**
 * @typedef {"up" | "down" | "same" | "entered" | "left"} Change
 * @typedef {{ id: string, label: string, rankA: number | null, rankB: number | null, change: Change, delta: number | null }} DiffRow
 * @typedef {{ rows: DiffRow[], counts: Record<Change, number> }} RankingDiff
 */

/**
 * Compares ranking B with baseline A. `delta` is rankA − rankB: positive when B ranks the item
 * higher (moved up), null when it is in only one list. Rows come in B's order, then the items that
 * left B's list in A's order.
 * @param {Array<{ id: string, rank: number, label: string }>} a
 * @param {Array<{ id: string, rank: number, label: string }>} b
 * @returns {RankingDiff}
 */
export function diffRankings(a, b) {
  const rankA = new Map(a.map((x) => [x.id, x.rank]));
  const inB = new Set(b.map((x) => x.id));
  /** @type {DiffRow[]} */
  const rows = [];
  for (const x of b) {
    const ra = rankA.get(x.id);
    if (ra === undefined) {
      rows.push({ id: x.id, label: x.label, rankA: null, rankB: x.rank, change: "entered", delta: null });
    } else {
      const delta = ra - x.rank;
      rows.push({ id: x.id, label: x.label, rankA: ra, rankB: x.rank, change: delta > 0 ? "up" : delta < 0 ? "down" : "same", delta });
    }
  }
  for (const x of a) {
    if (!inB.has(x.id)) rows.push({ id: x.id, label: x.label, rankA: x.rank, rankB: null, change: "left", delta: null });
  }
  /** @type {Record<Change, number>} */
  const counts = { up: 0, down: 0, same: 0, entered: 0, left: 0 };
  for (const r of rows) counts[r.change] += 1;
  return { rows, counts };
}
