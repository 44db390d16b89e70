/**
 * A tiny static model for tests: the real distillation (USE-lite teacher, PCA, ONNX writer) on a
 * small corpus, loaded later through the real transformers.js code. Built once per machine into the
 * OS temp dir, keyed by a hash of its corpus and settings, so test files share it.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PACKAGE_ROOT } from "../../src/core/config.js";
import { silentProgress } from "../../src/core/progress.js";
import { buildStaticModel } from "../../src/embed/build-static-model.js";
import { missingModelFiles } from "../../src/embed/model-folder.js";

const EXTRA = [
  "Senior React developer building dashboards with TypeScript and Node.js",
  "Backend engineer: Python, Django, PostgreSQL, REST APIs and Docker",
  "Data scientist with machine learning, pandas and scikit-learn experience",
  "Graphic designer for logos, branding and Adobe Illustrator work",
  "We need an accountant for bookkeeping, tax returns and payroll",
  "Mobile app developer with Flutter, Swift and Kotlin",
  "SEO specialist and content writer for a marketing agency",
  "DevOps engineer for AWS, Kubernetes, Terraform and CI/CD pipelines",
];

function corpus(): string[] {
  const texts = [...EXTRA];
  const file = path.join(PACKAGE_ROOT, "graph", "taxonomy", "skills.jsonl");
  if (!existsSync(file)) return texts;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const s = JSON.parse(line) as { name: string; aliases?: string[] };
    texts.push(s.name, ...(s.aliases ?? []));
  }
  return texts;
}

let pending: Promise<string> | undefined;

/** Path of the tiny model folder, building it on first call (≈10–20 s with the real teacher). */
export function tinyModelDir(): Promise<string> {
  pending ??= (async () => {
    const texts = corpus();
    const key = createHash("sha256").update(JSON.stringify(texts)).update("v1:64:1500").digest("hex").slice(0, 12);
    const dir = path.join(os.tmpdir(), "talentgraph-test-models", `tiny-${key}`);
    if (existsSync(dir) && (await missingModelFiles(dir)).length === 0) return dir;
    // Concurrent test files may race here; the build renames atomically, so the loser's folder
    // simply replaces an identical one.
    await buildStaticModel({ corpus: texts, outDir: dir, dimensions: 64, maxVocab: 1500, minCount: 1, progress: () => silentProgress });
    return dir;
  })();
  return pending;
}
