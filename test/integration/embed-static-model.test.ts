/**
 * Static-model build → folder → transformers.js load, with a fast fake teacher (hash-seeded
 * vectors), plus the failure paths: missing/incomplete folders, killed builds, first-use builds.
 */
import { readFile, readdir, rm, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelUnavailableError } from "../../src/core/errors.js";
import { silentProgress } from "../../src/core/progress.js";
import { createRng } from "../../src/core/rng.js";
import { buildStaticModel } from "../../src/embed/build-static-model.js";
import { cosine, normalize, type Embedder } from "../../src/embed/embedder.js";
import { ensureDefaultModel } from "../../src/embed/ensure-model.js";
import { MODEL_MANIFEST_FILE, readModelManifest } from "../../src/embed/model-folder.js";
import { createTransformersEmbedder } from "../../src/embed/transformers-embedder.js";
import { MARKETPLACE_CORPUS } from "../contract/embedder-corpus.js";

/** Deterministic 32-d "teacher": a seeded random unit vector per distinct text. */
function fakeTeacher(options: { failAfter?: number } = {}): Embedder & { calls: number } {
  const seed = (s: string): number => [...s].reduce((h, c) => Math.imul(h ^ (c.codePointAt(0) ?? 0), 16777619), 2166136261);
  const teacher = {
    modelId: "fake-teacher-32",
    dimensions: 32,
    calls: 0,
    embed(texts: readonly string[]): Promise<Float32Array[]> {
      teacher.calls++;
      if (options.failAfter !== undefined && teacher.calls > options.failAfter) {
        return Promise.reject(new Error("teacher crashed"));
      }
      return Promise.resolve(
        texts.map((t) => {
          const rng = createRng(seed(t));
          return normalize(Float32Array.from({ length: 32 }, () => rng.normal()));
        }),
      );
    },
    close: () => Promise.resolve(),
  };
  return teacher;
}

const quiet = { progress: () => silentProgress, teacherBatchSize: 64 } as const;
let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tg-embed-int-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("buildStaticModel", () => {
  it("writes a complete folder that transformers.js loads, with a manifest and fingerprinted model id", async () => {
    const outDir = path.join(root, "m1");
    const result = await buildStaticModel({
      ...quiet,
      corpus: MARKETPLACE_CORPUS,
      outDir,
      dimensions: 8,
      maxVocab: 500,
      minCount: 1,
      teacher: fakeTeacher(),
      now: () => new Date("2025-01-02T03:04:05Z"),
    });
    expect(result.modelDir).toBe(outDir);
    expect((await readdir(outDir)).sort()).toEqual(
      ["config.json", "onnx", MODEL_MANIFEST_FILE, "tokenizer.json", "tokenizer_config.json"].sort(),
    );
    const manifest = await readModelManifest(outDir);
    expect(manifest).toMatchObject({ teacher: "fake-teacher-32", dimensions: 8, vocabSize: result.vocabSize, builtAt: "2025-01-02T03:04:05.000Z" });
    const config = JSON.parse(await readFile(path.join(outDir, "config.json"), "utf8")) as Record<string, unknown>;
    expect(config["hidden_size"]).toBe(8);
    expect(config["vocab_size"]).toBe(result.vocabSize);

    const embedder = await createTransformersEmbedder({ model: outDir });
    try {
      expect(embedder.dimensions).toBe(8);
      expect(embedder.modelId).toBe(`m1@${manifest?.fingerprint}`);
      const [a, b, c] = await embedder.embed(["react developer", "  REACT   Developer ", "tax accountant"]);
      expect(cosine(a as Float32Array, b as Float32Array)).toBeGreaterThan(1 - 1e-6); // case and spacing do not change the tokens
      expect(cosine(a as Float32Array, c as Float32Array)).toBeLessThan(0.999);
    } finally {
      await embedder.close();
    }
  });

  it("gives the same fingerprint for the same inputs and a different one for a different corpus", async () => {
    const build = async (name: string, corpus: readonly string[]): Promise<string> => {
      const r = await buildStaticModel({ ...quiet, corpus, outDir: path.join(root, name), dimensions: 8, maxVocab: 500, minCount: 1, teacher: fakeTeacher() });
      return r.manifest.fingerprint;
    };
    const a = await build("fp-a", MARKETPLACE_CORPUS);
    expect(await build("fp-b", MARKETPLACE_CORPUS)).toBe(a);
    expect(await build("fp-c", MARKETPLACE_CORPUS.slice(0, 20))).not.toBe(a);
  });

  it("leaves neither a model nor temp folders behind when the teacher fails midway", async () => {
    const outDir = path.join(root, "killed");
    await expect(
      buildStaticModel({ ...quiet, teacherBatchSize: 16, corpus: MARKETPLACE_CORPUS, outDir, dimensions: 8, maxVocab: 500, minCount: 1, teacher: fakeTeacher({ failAfter: 2 }) }),
    ).rejects.toThrow(/teacher crashed/);
    const left = (await readdir(root)).filter((f) => f.startsWith("killed"));
    expect(left).toEqual([]);
  });

  it("rejects more dimensions than the teacher has and an empty corpus", async () => {
    await expect(
      buildStaticModel({ ...quiet, corpus: MARKETPLACE_CORPUS, outDir: path.join(root, "x"), dimensions: 64, maxVocab: 500, teacher: fakeTeacher() }),
    ).rejects.toMatchObject({ code: "DIMENSION_MISMATCH" });
    await expect(
      buildStaticModel({ ...quiet, corpus: [], outDir: path.join(root, "y"), teacher: fakeTeacher() }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("createTransformersEmbedder", () => {
  it("names the missing files and the fix when the folder is absent", async () => {
    const dir = path.join(root, "nope");
    const attempt = createTransformersEmbedder({ model: dir });
    await expect(attempt).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(attempt).rejects.toThrow(/config\.json, tokenizer\.json, tokenizer_config\.json, onnx\/model\.onnx.*talentgraph build-model/);
  });

  it("resolves hub-style ids under localModelsDir and names the one missing file", async () => {
    await buildStaticModel({ ...quiet, corpus: MARKETPLACE_CORPUS, outDir: path.join(root, "hub", "org", "model"), dimensions: 8, maxVocab: 500, minCount: 1, teacher: fakeTeacher() });
    await rm(path.join(root, "hub", "org", "model", "tokenizer.json"));
    await expect(createTransformersEmbedder({ model: "org/model", localModelsDir: path.join(root, "hub") })).rejects.toThrow(
      /model is missing tokenizer\.json;/,
    );
  });
});

describe("ensureDefaultModel", () => {
  it("builds once on first use, then returns the folder without reading the corpus", async () => {
    const modelDir = path.join(root, "default");
    let corpusCalls = 0;
    const teacher = fakeTeacher();
    const options = {
      modelDir,
      corpus: () => {
        corpusCalls++;
        return MARKETPLACE_CORPUS;
      },
      progress: () => silentProgress,
      build: { teacher, dimensions: 8, maxVocab: 500, minCount: 1 },
    };
    const [first, second] = await Promise.all([ensureDefaultModel(options), ensureDefaultModel(options)]);
    expect(first).toBe(modelDir);
    expect(second).toBe(modelDir);
    expect(corpusCalls).toBe(1);
    expect(await ensureDefaultModel(options)).toBe(modelDir);
    expect(corpusCalls).toBe(1);

    // An incomplete folder (weights lost) is rebuilt.
    await rm(path.join(modelDir, "onnx", "model.onnx"));
    expect(await ensureDefaultModel(options)).toBe(modelDir);
    expect(corpusCalls).toBe(2);
    const embedder = await createTransformersEmbedder({ model: modelDir });
    expect(embedder.dimensions).toBe(8);
    await embedder.close();
  });
});
