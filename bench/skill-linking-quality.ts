/**
 * Skill linking by embedding alone, on the skill-extraction validation sets (Decorte et al. 2022,
 * third-party labels): embed every ESCO skill and each posting sentence, rank skills by exact
 * cosine, and score the labelled skills. Measures the embedder, not the linker's phrase matching.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { readCsvRows } from "../src/core/csv.js";
import type { Logger } from "../src/core/logger.js";
import { cosine, type Embedder } from "../src/embed/embedder.js";

export interface SetQuality {
  queries: number;
  mrr: number;
  /** Hits in the top 5 / min(5, #relevant), averaged. */
  rp5: number;
}

export interface LinkingQuality {
  modelId: string;
  tech?: SetQuality;
  house?: SetQuality;
}

export async function skillLinkingQuality(embedder: Embedder, sharedDataDir: string, logger: Logger): Promise<LinkingQuality> {
  const skillsFile = path.join(sharedDataDir, "esco-1.1.1", "skills_en.csv");
  if (!existsSync(skillsFile)) {
    logger.warn(`skill linking quality skipped: ${skillsFile} is absent`);
    return { modelId: embedder.modelId };
  }
  const skills = await readCsvRows(skillsFile, ["conceptUri", "preferredLabel", "altLabels"]);
  const texts = skills.map((s) => {
    const aliases = s.altLabels.split("\n").map((a) => a.trim()).filter(Boolean).slice(0, 8);
    return aliases.length > 0 ? `${s.preferredLabel} (${aliases.join(", ")})` : s.preferredLabel;
  });
  logger.info(`embedding ${texts.length} ESCO skills with ${embedder.modelId}`);
  const vectors: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += 64) vectors.push(...(await embedder.embed(texts.slice(i, i + 64))));
  const byLabel = new Map<string, number>();
  skills.forEach((s, i) => byLabel.set(s.preferredLabel.toLowerCase(), i));

  const result: LinkingQuality = { modelId: embedder.modelId };
  for (const set of ["tech", "house"] as const) {
    const file = path.join(sharedDataDir, "skill-extraction", `${set}_validation_annotations.csv`);
    if (!existsSync(file)) continue;
    const rows = await readCsvRows(file, ["sentence", "label"]);
    const relevant = new Map<string, Set<number>>();
    for (const r of rows) {
      const i = byLabel.get(r.label.trim().toLowerCase());
      if (i === undefined) continue; // "LABEL NOT PRESENT" and labels outside ESCO 1.1.1
      const set = relevant.get(r.sentence) ?? new Set<number>();
      set.add(i);
      relevant.set(r.sentence, set);
    }
    const sentences = [...relevant.keys()];
    const qv: Float32Array[] = [];
    for (let i = 0; i < sentences.length; i += 64) qv.push(...(await embedder.embed(sentences.slice(i, i + 64))));
    let mrr = 0;
    let rp5 = 0;
    sentences.forEach((sentence, qi) => {
      const q = qv[qi] as Float32Array;
      const rel = relevant.get(sentence) as Set<number>;
      const scores = vectors.map((v, i) => ({ i, s: cosine(q, v) }));
      scores.sort((a, b) => b.s - a.s || a.i - b.i);
      const firstHit = scores.findIndex((x) => rel.has(x.i));
      mrr += firstHit === -1 ? 0 : 1 / (firstHit + 1);
      const top5 = scores.slice(0, 5).filter((x) => rel.has(x.i)).length;
      rp5 += top5 / Math.min(5, rel.size);
    });
    result[set] = { queries: sentences.length, mrr: mrr / sentences.length, rp5: rp5 / sentences.length };
    logger.info(`skill linking ${set}`, { model: embedder.modelId, ...result[set] });
  }
  return result;
}
