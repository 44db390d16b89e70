/**
 * An explanation's skills-graph paths as a small drawing: one node per skill, one labelled edge per
 * relationship walked. Columns follow the walk: the query's (or job's) skills on the left, then the
 * skills one and two hops away. Arrows point the way the relationship points in the graph (a step
 * walked IN, against the relationship, is drawn from its `to` back to its `from`).
 */
import { truncate } from "./charts.js";
import { num, s } from "./dom.js";

/**
 * @typedef {{ fromSkillId: string, toSkillId: string, from?: { name: string } | null, to?: { name: string } | null, type: string, direction: string, weight: number }} Step
 * @typedef {{ fromSkillId: string, toSkillId: string, fromSkill?: { name: string } | null, toSkill?: { name: string } | null, weight: number, text: string, steps: Step[] }} Path
 */

const COL_W = 270;
const NODE_W = 130;
const NODE_H = 26;
const ROW_H = 40;
const PAD = 12;

/**
 * Nodes and edges of a set of paths (exported for reading, not only drawing).
 * @param {Path[]} paths
 */
export function pathGraph(paths) {
  /** @type {Map<string, { id: string, name: string, layer: number, source: boolean, target: boolean }>} */
  const nodes = new Map();
  const node = (/** @type {string} */ id, /** @type {string | undefined} */ name, /** @type {number} */ layer) => {
    const n = nodes.get(id);
    if (n) {
      n.layer = Math.min(n.layer, layer);
      if (name && n.name === id) n.name = name;
      return n;
    }
    const made = { id, name: name || id, layer, source: false, target: false };
    nodes.set(id, made);
    return made;
  };
  /** @type {Map<string, { from: string, to: string, type: string, weight: number }>} */
  const edges = new Map();
  for (const p of paths) {
    node(p.fromSkillId, p.fromSkill?.name, 0).source = true;
    p.steps.forEach((st, i) => {
      node(st.fromSkillId, st.from?.name, i);
      node(st.toSkillId, st.to?.name, i + 1);
      // The relationship as stored: walked OUT goes from → to, walked IN goes to → from.
      const [from, to] = st.direction === "IN" ? [st.toSkillId, st.fromSkillId] : [st.fromSkillId, st.toSkillId];
      const key = `${from}\u0000${to}\u0000${st.type}`;
      if (!edges.has(key)) edges.set(key, { from, to, type: st.type, weight: st.weight });
    });
    node(p.toSkillId, p.toSkill?.name, p.steps.length).target = true;
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/**
 * The SVG drawing of the paths; null when there are none.
 * @param {Path[]} paths
 */
export function graphPathsSvg(paths) {
  if (paths.length === 0) return null;
  const { nodes, edges } = pathGraph(paths);
  /** @type {Map<number, typeof nodes>} */
  const layers = new Map();
  for (const n of nodes) layers.set(n.layer, [...(layers.get(n.layer) ?? []), n]);
  const layerCount = Math.max(...layers.keys()) + 1;
  const tallest = Math.max(...[...layers.values()].map((l) => l.length));
  /** @type {Map<string, { x: number, y: number }>} */
  const at = new Map();
  const byName = (/** @type {{ name: string, id: string }} */ a, /** @type {{ name: string, id: string }} */ b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  for (let layer = 0; layer < layerCount; layer++) {
    const list = layers.get(layer) ?? [];
    // Fewer crossings: order each column by the mean height of its neighbours already placed.
    const centre = new Map(
      list.map((n) => {
        const ys = edges.flatMap((e) => (e.from === n.id ? [e.to] : e.to === n.id ? [e.from] : [])).flatMap((id) => at.get(id)?.y ?? []);
        return [n.id, ys.length > 0 ? ys.reduce((a, b) => a + b, 0) / ys.length : Infinity];
      }),
    );
    list.sort((a, b) => (layer === 0 ? 0 : (centre.get(a.id) ?? 0) - (centre.get(b.id) ?? 0)) || byName(a, b));
    // Centre shorter columns against the tallest.
    const offset = ((tallest - list.length) * ROW_H) / 2;
    list.forEach((n, i) => at.set(n.id, { x: PAD + layer * COL_W, y: PAD + offset + i * ROW_H }));
  }
  const width = PAD * 2 + (layerCount - 1) * COL_W + NODE_W;
  const height = PAD * 2 + (tallest - 1) * ROW_H + NODE_H + 14;

  /** @type {Map<string, number>} */
  const degree = new Map();
  for (const e of edges) for (const id of [e.from, e.to]) degree.set(id, (degree.get(id) ?? 0) + 1);
  const edgeEls = edges.map((e) => {
    const a = /** @type {{x: number, y: number}} */ (at.get(e.from));
    const b = /** @type {{x: number, y: number}} */ (at.get(e.to));
    const sameColumn = a.x === b.x;
    let d;
    let lx;
    let ly;
    if (sameColumn) {
      // Curve out to the right of the column.
      const x = a.x + NODE_W;
      const y1 = a.y + NODE_H / 2;
      const y2 = b.y + NODE_H / 2;
      d = `M ${x} ${y1} C ${x + 40} ${y1}, ${x + 40} ${y2}, ${x + 4} ${y2}`;
      lx = x + 34;
      ly = (y1 + y2) / 2;
    } else {
      const leftToRight = a.x < b.x;
      const x1 = leftToRight ? a.x + NODE_W : a.x;
      const x2 = leftToRight ? b.x - 4 : b.x + NODE_W + 4;
      const y1 = a.y + NODE_H / 2;
      const y2 = b.y + NODE_H / 2;
      d = `M ${x1} ${y1} L ${x2} ${y2}`;
      // Label away from the busier end, where the edges meeting there have spread apart.
      const t = (degree.get(e.from) ?? 0) > (degree.get(e.to) ?? 0) ? 0.6 : (degree.get(e.from) ?? 0) < (degree.get(e.to) ?? 0) ? 0.4 : 0.5;
      lx = x1 + (x2 - x1) * t;
      ly = y1 + (y2 - y1) * t - 3;
    }
    return s(
      "g",
      { class: ["edge", e.type], dataset: { from: e.from, to: e.to, type: e.type } },
      s("title", {}, `${e.from} ${e.type} ${e.to} · weight ${num(e.weight)}`),
      // The arrow head is defined once in index.html.
      s("path", { d, "marker-end": "url(#tg-arrow)" }),
      s("text", { x: lx, y: ly, "text-anchor": "middle" }, `${e.type} ${num(e.weight)}`),
    );
  });
  const nodeEls = nodes.map((n) => {
    const p = /** @type {{x: number, y: number}} */ (at.get(n.id));
    const role = n.source && n.target ? "both" : n.source ? "source" : n.target ? "target" : "via";
    return s(
      "g",
      { class: ["node", role], dataset: { id: n.id, role } },
      s("title", {}, `${n.name} (${n.id}) · ${ROLE_TEXT[role]}`),
      s("rect", { x: p.x, y: p.y, width: NODE_W, height: NODE_H, rx: 6 }),
      s("text", { x: p.x + NODE_W / 2, y: p.y + NODE_H / 2 + 1, "text-anchor": "middle", "dominant-baseline": "middle" }, truncate(n.name, 19)),
    );
  });
  return s(
    "svg",
    { class: "graph-paths", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": `${paths.length} skills-graph paths` },
    edgeEls,
    nodeEls,
  );
}

const ROLE_TEXT = {
  source: "wanted skill (query or job)",
  target: "the result's skill",
  both: "wanted, and the result has it",
  via: "walked through",
};
