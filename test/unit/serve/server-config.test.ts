import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/core/config.js";
import { isTalentgraphError } from "../../../src/core/errors.js";

describe("server configuration", () => {
  it("defaults to a local production server on port 4000", () => {
    const c = loadConfig({ env: {} });
    expect({ port: c.port, host: c.host, mode: c.mode, graphiql: c.graphiql }).toEqual({ port: 4000, host: "127.0.0.1", mode: "production", graphiql: true });
  });

  it("reads PORT, TALENTGRAPH_HOST and NODE_ENV; flags override the environment", () => {
    const c = loadConfig({ env: { PORT: "8080", TALENTGRAPH_HOST: "0.0.0.0", NODE_ENV: "development", TALENTGRAPH_GRAPHIQL: "false" } });
    expect({ port: c.port, host: c.host, mode: c.mode, graphiql: c.graphiql }).toEqual({ port: 8080, host: "0.0.0.0", mode: "development", graphiql: false });
    expect(loadConfig({ env: { PORT: "8080" }, overrides: { port: 0 } }).port).toBe(0);
  });

  it("treats any NODE_ENV but development as production (tools such as vitest set `test`)", () => {
    for (const v of ["test", "production", "staging"]) expect(loadConfig({ env: { NODE_ENV: v } }).mode).toBe("production");
  });

  it("refuses a port out of range, naming the variable", () => {
    try {
      loadConfig({ env: { PORT: "70000" } });
      expect.unreachable();
    } catch (error) {
      expect(isTalentgraphError(error) && error.code).toBe("CONFIG_INVALID");
      expect((error as Error).message).toMatch(/port \(PORT\)/);
    }
  });
});
