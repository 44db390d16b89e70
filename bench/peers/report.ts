/** Renders the peers benchmark report: Markdown tables with ratios, a list of losses, and an SVG chart. */
import type { PeersReport } from "./run.js";

type SystemRow = PeersReport["systems"][number];

/** talentgraph's counterpart of a peer's mode, for the latency ratio. */
const COUNTERPART: Readonly<Record<string, string>> = { vector: "vector", keyword: "keyword", hybrid: "hybrid" };

const fmt = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(digits));
const spread = (r: { median: number; min: number; max: number }): string => `${fmt(r.median)} [${fmt(r.min)}–${fmt(r.max)}]`;

/** p50 ratio talentgraph / peer on the same kind of search: > 1 means the peer is faster. */
export function latencyRatio(report: PeersReport, system: SystemRow, mode: string): number | null {
  const tg = report.systems.find((s) => s.system === "talentgraph");
  const counterpart = COUNTERPART[mode];
  if (tg === undefined || system.system === "talentgraph" || counterpart === undefined) return null;
  const a = tg.latency[counterpart]?.p50.median;
  const b = system.latency[mode]?.p50.median;
  return a === undefined || b === undefined || b === 0 ? null : Math.round((a / b) * 100) / 100;
}

/** Figures on which a peer beats talentgraph, one plain sentence each. */
export function losses(report: PeersReport): string[] {
  const out: string[] = [];
  const tg = report.systems.find((s) => s.system === "talentgraph");
  if (tg === undefined) return out;
  for (const s of report.systems) {
    if (s.system === "talentgraph") continue;
    for (const mode of Object.keys(s.latency)) {
      const ratio = latencyRatio(report, s, mode);
      if (ratio !== null && ratio > 1) out.push(`latency: ${s.system} ${mode} p50 ${fmt(s.latency[mode]?.p50.median)} ms vs talentgraph ${COUNTERPART[mode]} ${fmt(tg.latency[COUNTERPART[mode] ?? ""]?.p50.median)} ms (${ratio}× faster)`);
    }
    if (s.system !== "exact" && s.recallAt10 !== null && tg.recallAt10 !== null && s.recallAt10 > tg.recallAt10) out.push(`vector recall@10: ${s.system} ${s.recallAt10} vs talentgraph ${tg.recallAt10}`);
    if (Number.isFinite(s.memory.peakRssMiB - s.memory.baselineRssMiB) && s.memory.peakRssMiB - s.memory.baselineRssMiB < tg.memory.peakRssMiB - tg.memory.baselineRssMiB) {
      out.push(`memory: ${s.system} adds ${s.memory.peakRssMiB - s.memory.baselineRssMiB} MiB over its baseline, talentgraph ${tg.memory.peakRssMiB - tg.memory.baselineRssMiB} MiB`);
    }
  }
  for (const task of report.tasks) {
    const tgRuns = tg.quality.find((q) => q.task === task.task)?.runs ?? {};
    const tgBest = Math.max(...Object.values(tgRuns).map((m) => m[task.mainMetric] ?? 0));
    for (const s of report.systems) {
      if (s.system === "talentgraph") continue;
      for (const [mode, m] of Object.entries(s.quality.find((q) => q.task === task.task)?.runs ?? {})) {
        const v = m[task.mainMetric] ?? 0;
        if (v > tgBest) out.push(`quality: ${task.task} ${task.mainMetric}: ${s.system} ${mode} ${fmt(v, 3)} vs talentgraph's best profile ${fmt(tgBest, 3)}`);
      }
    }
  }
  return out;
}

/** The issue's targets: hybrid quality ≥ every peer's on every metric; vector p50 ≤ 0.5 × LanceDB's and Orama's. */
export const VECTOR_RATIO_TARGET = 0.5;
const TARGET_PEERS = ["lancedb", "orama"];

export interface TargetCheck {
  target: string;
  met: boolean | null;
  /** The figures that miss it (for the latency target, every peer's ratio); why it could not be checked when `met` is null. */
  misses: string[];
}

/**
 * Checks the targets. talentgraph's side of a quality task is its `hybrid` profile, or `linkSkills`
 * on the skill-linking tasks (the linker is the only talentgraph operation they run).
 */
export function targets(r: PeersReport): TargetCheck[] {
  const tg = r.systems.find((s) => s.system === "talentgraph");
  const quality: TargetCheck = { target: "talentgraph hybrid at least as good as every peer on every quality metric", met: null, misses: [] };
  const speed: TargetCheck = { target: `talentgraph vector p50 ≤ ${VECTOR_RATIO_TARGET} × LanceDB's and Orama's vector p50`, met: null, misses: [] };
  if (tg === undefined) return [quality, speed];
  let compared = 0;
  for (const t of r.tasks) {
    const runs = tg.quality.find((q) => q.task === t.task)?.runs ?? {};
    const own = runs.hybrid ?? runs.linkSkills;
    if (own === undefined) continue;
    const ownName = runs.hybrid === undefined ? "linkSkills" : "hybrid";
    const behind: string[] = [];
    for (const metric of t.metrics) {
      // The best peer figure on this metric; talentgraph must be at least as good as it.
      let best: { v: number; who: string } | undefined;
      for (const s of r.systems) {
        if (s.system === "talentgraph" || s.system === "exact") continue;
        for (const [mode, m] of Object.entries(s.quality.find((q) => q.task === t.task)?.runs ?? {})) {
          compared++;
          const v = m[metric] ?? 0;
          if (best === undefined || v > best.v) best = { v, who: `${s.system} ${mode}` };
        }
      }
      const a = own[metric] ?? 0;
      if (best !== undefined && best.v > a + 5e-4) behind.push(`${metric} ${fmt(a, 3)} < ${fmt(best.v, 3)} (${best.who})`);
    }
    if (behind.length > 0) quality.misses.push(`${t.task}, talentgraph ${ownName} behind on ${behind.length} of ${t.metrics.length} metrics: ${behind.join("; ")}`);
  }
  quality.met = compared === 0 ? null : quality.misses.length === 0;
  if (compared === 0) quality.misses.push("no peer quality figures to compare with");
  const missing: string[] = [];
  let failed = 0;
  for (const peer of TARGET_PEERS) {
    const s = r.systems.find((x) => x.system === peer);
    const ratio = s === undefined ? null : latencyRatio(r, s, "vector");
    if (ratio === null) missing.push(`${peer}: no vector p50 measured`);
    else {
      const ok = ratio <= VECTOR_RATIO_TARGET;
      if (!ok) failed++;
      speed.misses.push(`vs ${peer}: ratio ${fmt(ratio)} (talentgraph ${fmt(tg.latency.vector?.p50.median)} ms, ${peer} ${fmt(s?.latency.vector?.p50.median)} ms): ${ok ? "met" : "not met"}`);
    }
  }
  speed.met = failed > 0 ? false : missing.length > 0 ? null : true;
  speed.misses.push(...missing);
  return [quality, speed];
}

/** What would fix each kind of loss, shown under the losses when that kind occurs. */
const FIXES: ReadonlyArray<{ when: RegExp; fix: string }> = [
  { when: /^latency: \S+ keyword/, fix: "keyword latency: an in-memory top-k BM25 (MaxScore / block-max WAND over per-term postings) instead of FTS5 OR queries, which score every match before taking the top k." },
  { when: /^latency: \S+ vector/, fix: "vector latency: less per-query work around hnswlib (talentgraph's figure includes embedding, skill linking, hydrating and explaining the hits; the peers are handed the vector and return ids; bench:search times the HNSW search alone), a scalar-quantised index like LanceDB's IVF_HNSW_SQ, or a lower ef at some recall." },
  { when: /^latency: \S+ hybrid/, fix: "hybrid latency: the BM25 fix above (the keyword channel is most of it), then cheaper reranker features; the peers' hybrids have no graph channel and no learned reranker." },
  { when: /^memory:/, fix: "memory: not broken down here; talentgraph's process holds the HNSW graph, the skills graph, SQLite's page cache and the embedding and reranker models, and a per-component measurement is the first step before trimming any of them." },
  { when: /^quality: esco-(skill-linking|occupation-skills)/, fix: "skill linking: a BM25-first channel over skill names and aliases in the linker (the peers' plain BM25 over the same labels beats its exact/alias spans + vectors)." },
  { when: /^quality: esco-title-normalisation/, fix: "title normalisation: talentgraph's own keyword profile does better than its hybrid here; fusion weights and a reranker trained on title → occupation pairs would carry that into hybrid." },
  { when: /^quality: demo-/, fix: "demo search: more reranker training data (the demo split is small)." },
];

export function renderMarkdown(r: PeersReport): string {
  const lines: string[] = [
    "# Peers benchmark: talentgraph vs LanceDB, Orama and exact search",
    "",
    `Generated ${r.generatedAt} on ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}, ${r.machine.totalMemGiB} GiB; load average ${r.machine.loadAverageAtStart.join(" / ")} at start, ${r.machine.loadAverageAtEnd.join(" / ")} at end (1/5/15 min; the machine is shared).`,
    `Scale corpus: ${r.data.scaleDocs.toLocaleString("en-US")} demo freelancers (${r.data.scaleDataDir}), model ${r.data.model} (${r.data.dims}-d), HNSW ef ${r.data.ef}.`,
    `Latency: ${r.data.latencyQueries} demo job titles, top ${r.data.k}, ${r.data.warmup} warm-up queries, ${r.data.reps} repetitions; ${r.data.isolated ? "each system in its own child process" : "all systems in one process (RSS figures are not attributable)"}${r.data.childHeapMiB === null ? "" : ` with a ${r.data.childHeapMiB} MiB V8 heap limit`}.`,
    `Limits: ${r.data.budgetSeconds === null ? "no per-mode latency budget" : `${r.data.budgetSeconds} s per mode for the latency repetitions (a slower mode runs the first n titles: the 'queries' column)`}; ${r.data.timeLimitSeconds === null ? "no per-system time limit" : `${r.data.timeLimitSeconds} s per system, after which it is stopped and reported as timed out with what it measured`}.`,
    `Code at the end of the run: commit ${r.code.commit}${r.code.uncommittedSrc.length === 0 ? ", clean src/" : ` plus uncommitted changes in ${r.code.uncommittedSrc.join(", ")} (work in progress in the same tree)`}.`,
    "",
    "## Setup",
    "",
    "| system | setup | cannot |",
    "|---|---|---|",
    ...r.systems.map((s) => `| ${s.system} | ${s.setup} | ${s.cannot.length === 0 ? "–" : s.cannot.join("; ")} |`),
    "",
    "## Build / load and memory (scale corpus)",
    "",
    "| system | docs | seconds | phases (s) | RSS baseline MiB | peak RSS MiB | peak − baseline MiB | what |",
    "|---|---:|---:|---|---:|---:|---:|---|",
    ...r.systems.map(
      (s) =>
        `| ${s.system} | ${s.build.docs.toLocaleString("en-US")} | ${fmt(s.build.seconds)} | ${Object.entries(s.build.phases).map(([k, v]) => `${k} ${v}`).join(", ")} | ${fmt(s.memory.baselineRssMiB, 0)} | ${fmt(s.memory.peakRssMiB, 0)} | ${fmt(s.memory.peakRssMiB - s.memory.baselineRssMiB, 0)} | ${s.build.what}${s.timedOutAfterSeconds === undefined ? "" : `; **timed out after ${s.timedOutAfterSeconds} s**`} |`,
    ),
    "",
    r.data.scaleBuildSeconds === null ? "talentgraph's store was built earlier (cached data dir); its ingest rate is in bench/reports/ingest.md." : `talentgraph's store was generated and ingested in ${r.data.scaleBuildSeconds} s in this run.`,
    "",
    "## Query latency (ms, median of repetitions [min–max]) and vector recall@10 against exact",
    "",
    "| system · mode | queries | p50 | p95 | p99 | recall@10 | p50 ratio talentgraph / this |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...r.systems.flatMap((s) =>
      Object.entries(s.latency).map(
        ([mode, l]) =>
          `| ${s.system} · ${mode} | ${l.n < l.offered ? `**${l.n}** of ${l.offered}` : l.n} | ${spread(l.p50)} | ${spread(l.p95)} | ${spread(l.p99)} | ${mode === s.vectorMode ? fmt(s.recallAt10, 4) : ""} | ${fmt(latencyRatio(r, s, mode))} |`,
      ),
    ),
    "",
    "Ratio: talentgraph's p50 on the same kind of search (vector ↔ vector, keyword ↔ keyword, hybrid ↔ talentgraph's default `hybrid`) divided by this row's; above 1 the peer is faster. When a row ran fewer queries than talentgraph (the time budget), the ratio compares its p50 over the first n titles with talentgraph's over all of them.",
    "",
    "## Ranking quality",
    "",
  ];
  for (const t of r.tasks) {
    lines.push(`### ${t.task} (${t.queries} queries over ${t.docs.toLocaleString("en-US")} docs)`, "", t.note, "");
    lines.push(`| system · mode | ${t.metrics.join(" | ")} |`, `|---|${t.metrics.map(() => "---:").join("|")}|`);
    for (const s of r.systems) {
      const q = s.quality.find((x) => x.task === t.task);
      for (const [mode, m] of Object.entries(q?.runs ?? {})) lines.push(`| ${s.system} · ${mode} | ${t.metrics.map((name) => (name === t.mainMetric ? `**${fmt(m[name], 3)}**` : fmt(m[name], 3))).join(" | ")} |`);
    }
    lines.push("");
  }
  const lost = losses(r);
  const errors = r.systems.flatMap((s) => s.errors);
  const unmeasured = r.systems.filter((s) => s.pending.length > 0).map((s) => `${s.system}: ${s.pending.join(", ")}`);
  const fixes = FIXES.filter((f) => lost.some((l) => f.when.test(l))).map((f) => `- ${f.fix}`);
  const checks = targets(r);
  lines.push(
    "## Targets",
    "",
    ...checks.flatMap((c) => [`- ${c.target}: **${c.met === null ? "not checked" : c.met ? "met" : "not met"}**`, ...c.misses.map((m) => `  - ${m}`)]),
    "",
    "## Where talentgraph loses",
    "",
    ...(r.systems.every((s) => s.system !== "talentgraph") ? ["talentgraph was not measured in this run."] : lost.length === 0 ? ["Nowhere on these figures."] : lost.map((l) => `- ${l}`)),
    "",
    ...(fixes.length > 0 ? ["What would fix it:", "", ...fixes, ""] : []),
    ...(errors.length > 0 ? ["## Errors", "", ...errors.map((e) => `- ${e}`), ""] : []),
    ...(unmeasured.length > 0 ? ["## Not measured", "", ...unmeasured.map((u) => `- ${u}`), ""] : []),
    ...(r.skipped.length > 0 ? ["## Skipped", "", ...r.skipped.map((s) => `- ${s}`), ""] : []),
    "## Notes",
    "",
    ...r.notes.map((n) => `- ${n}`),
    "",
  );
  return lines.join("\n");
}

const COLOURS: Readonly<Record<string, string>> = { talentgraph: "#4e79a7", lancedb: "#f28e2b", orama: "#59a14f", exact: "#bab0ac" };
const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Horizontal bars: p50 latency of every system · mode (log scale, lower is better), then each
 * task's main metric per system · mode (0..1, higher is better). Dependency-free SVG.
 */
export function renderChartSvg(r: PeersReport): string {
  interface Bar {
    label: string;
    system: string;
    value: number;
    text: string;
  }
  const sections: Array<{ title: string; bars: Bar[]; scale: (v: number) => number }> = [];
  const lat = r.systems.flatMap((s) => Object.entries(s.latency).map(([mode, l]) => ({ label: `${s.system} · ${mode}`, system: s.system, value: l.p50.median, text: `${fmt(l.p50.median)} ms` })));
  const maxLat = Math.max(1, ...lat.map((b) => b.value));
  const logScale = (v: number): number => (v <= 0 ? 0 : Math.max(0.01, Math.log10(1 + v) / Math.log10(1 + maxLat)));
  sections.push({ title: `p50 latency, ${r.data.scaleDocs.toLocaleString("en-US")} docs (log scale, lower is better)`, bars: lat, scale: logScale });
  for (const t of r.tasks) {
    const bars = r.systems.flatMap((s) =>
      Object.entries(s.quality.find((q) => q.task === t.task)?.runs ?? {}).map(([mode, m]) => ({ label: `${s.system} · ${mode}`, system: s.system, value: m[t.mainMetric] ?? 0, text: fmt(m[t.mainMetric], 3) })),
    );
    sections.push({ title: `${t.task}: ${t.mainMetric} (higher is better)`, bars, scale: (v) => Math.max(0, Math.min(1, v)) });
  }
  const width = 760;
  const labelW = 230;
  const barW = 440;
  const rowH = 16;
  let y = 30;
  const parts: string[] = [`<text x="10" y="20" font-size="15" font-weight="bold">talentgraph vs peers</text>`];
  for (const sec of sections) {
    y += 18;
    parts.push(`<text x="10" y="${y}" font-size="13" font-weight="bold">${esc(sec.title)}</text>`);
    y += 6;
    for (const b of sec.bars) {
      const w = Math.round(sec.scale(b.value) * barW);
      parts.push(
        `<text x="${labelW - 6}" y="${y + 12}" font-size="11" text-anchor="end">${esc(b.label)}</text>`,
        `<rect x="${labelW}" y="${y + 2}" width="${w}" height="${rowH - 4}" fill="${COLOURS[b.system] ?? "#9c755f"}"/>`,
        `<text x="${labelW + w + 4}" y="${y + 12}" font-size="11">${esc(b.text)}</text>`,
      );
      y += rowH;
    }
  }
  const height = y + 16;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>${parts.join("")}</svg>\n`;
}
