/**
 * The one text renderer of an Explanation: a tree for the terminal (`talentgraph explain`, search
 * `--explain`) and for eval reports. It prints only what the explanation holds, so every driver shows
 * the same facts; every channel appears, including the ones that did not retrieve the item.
 */
import type { Explanation } from "../pipeline/types.js";

/** Reranker contributions printed (largest magnitude first); the API returns all of them. */
const TOP_CONTRIBUTIONS = 8;

/** Significant figures that tell close scores apart without noise. */
function num(x: number | null): string {
  if (x === null) return "–";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  return abs >= 1e4 || abs < 1e-4 ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

function signed(x: number): string {
  return x >= 0 ? `+${num(x)}` : num(x);
}

/** Renders a branch: "├─ " for all children but the last, "└─ " for the last, with nested children indented. */
function tree(label: string, children: ReadonlyArray<string | [string, string[]]>, indent = ""): string[] {
  const lines = [`${indent}${label}`];
  children.forEach((child, i) => {
    const last = i === children.length - 1;
    const [text, sub] = typeof child === "string" ? [child, []] : child;
    lines.push(`${indent}${last ? "└─ " : "├─ "}${text}`);
    const pad = `${indent}${last ? "   " : "│  "}`;
    sub.forEach((s, j) => lines.push(`${pad}${j === sub.length - 1 ? "└─ " : "├─ "}${s}`));
  });
  return lines;
}

/**
 * Renders an explanation as a multi-line tree (no trailing newline, no colours), e.g.
 * ```
 * score 1.83 · profile hybrid
 * ├─ channels
 * │  ├─ vector     rank 3 · raw 0.71 · normalised 0.9 · +0.9
 * │  └─ keyword    not retrieved by this channel (outside its top 200)
 * ├─ fusion: weighted sum, minmax normalisation · weights vector 1, keyword 0.7
 * ├─ reranker: none (not applied)
 * ├─ graph paths
 * │  └─ Next.js -RELATED_TO-> React · weight 0.4
 * ├─ matched: React (exact), Next.js (related)
 * ├─ missing: GraphQL
 * └─ summary: Knows React; related: Next.js via React; missing: GraphQL
 * ```
 */
export function renderExplanationText(e: Explanation): string {
  const width = Math.max(0, ...e.channels.map((c) => c.channel.length)) + 2;
  const channels = e.channels.map((c) => {
    const head = c.channel.padEnd(width);
    if (!c.retrieved) return `${head}${c.note ?? "not retrieved by this channel"}`;
    const facts = `rank ${c.rank ?? "–"} · raw ${num(c.rawScore)} · normalised ${num(c.normalizedScore)} · ${signed(c.contribution)}`;
    return `${head}${facts}${c.note ? ` (${c.note})` : ""}`;
  });

  const weights = Object.entries(e.fusion.weights)
    .map(([c, w]) => `${c} ${num(w)}`)
    .join(", ");
  const method =
    e.fusion.method === "rrf"
      ? `reciprocal rank fusion, k = ${num(e.fusion.k ?? null)}`
      : `weighted sum, ${e.fusion.normalization ?? "minmax"} normalisation`;

  const reranker = e.reranker.applied
    ? ([
        `reranker: ${e.reranker.model} · score ${num(e.reranker.score)} = base ${num(e.reranker.base)} + contributions`,
        e.reranker.contributions
          .slice(0, TOP_CONTRIBUTIONS)
          .map((f) => `${f.feature} = ${f.value === null ? "missing" : num(f.value)} → ${signed(f.contribution)}`),
      ] as [string, string[]])
    : `reranker: ${e.reranker.model} (not applied${e.reranker.note ? `: ${e.reranker.note}` : ""})`;

  const paths: string | [string, string[]] =
    e.graphPaths.length > 0 ? ["graph paths", e.graphPaths.map((p) => `${p.text} · weight ${num(p.weight)}`)] : "graph paths: none";

  const matched =
    e.matchedSkills.length > 0 ? `matched: ${e.matchedSkills.map((m) => `${m.name} (${m.via})`).join(", ")}` : "matched: none";
  const missing = e.missingSkills.length > 0 ? `missing: ${e.missingSkills.map((m) => m.name).join(", ")}` : "missing: none";

  return tree(`score ${num(e.finalScore)} · profile ${e.profile}`, [
    ["channels", channels],
    `fusion: ${method}${weights ? ` · weights ${weights}` : ""}`,
    reranker,
    paths,
    matched,
    missing,
    `summary: ${e.summary}`,
  ]).join("\n");
}
