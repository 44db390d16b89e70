import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_DIR, loadConfig } from "../../../src/core/config.js";
import { ConfigInvalidError } from "../../../src/core/errors.js";

describe("loadConfig", () => {
  it("has defaults that need nothing from the environment", () => {
    const c = loadConfig({ env: {}, cwd: "/tmp/somewhere" });
    expect(c.dataDir).toBe(path.resolve("/tmp/somewhere", "indexes"));
    expect(c.model).toBe(DEFAULT_MODEL_DIR);
    expect(c.embedder).toBe("transformers");
    expect(c.allowRemoteModels).toBe(false);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("reads the environment, and flags override it", () => {
    const env = { TALENTGRAPH_DATA_DIR: "/data/tg", HNSW_EF_SEARCH: "200", TALENTGRAPH_ALLOW_REMOTE_MODELS: "true" };
    const c = loadConfig({ env, cwd: "/" });
    expect(c.dataDir).toBe("/data/tg");
    expect(c.hnswEfSearch).toBe(200);
    expect(c.allowRemoteModels).toBe(true);
    expect(loadConfig({ env, cwd: "/", overrides: { dataDir: "/other" } }).dataDir).toBe("/other");
  });

  it("names the variable and the problem when a value is invalid", () => {
    expect(() => loadConfig({ env: { HNSW_EF_SEARCH: "fast" }, cwd: "/" })).toThrow(ConfigInvalidError);
    expect(() => loadConfig({ env: { HNSW_EF_SEARCH: "fast" }, cwd: "/" })).toThrow(/hnswEfSearch \(HNSW_EF_SEARCH\)/);
    expect(() => loadConfig({ env: { TALENTGRAPH_EMBEDDER: "openai" }, cwd: "/" })).toThrow(/TALENTGRAPH_EMBEDDER/);
  });

  it("fails clearly on a config file that does not exist", () => {
    expect(() => loadConfig({ env: {}, file: "/nonexistent/tg.json" })).toThrow(/does not exist/);
  });
});
