/**
 * Where the API's limits come from: environment (through loadConfig), then explicit overrides, with
 * LIMIT_DEFAULTS underneath; introspection follows the mode unless configured.
 */
import { describe, expect, it } from "vitest";
import { LIMIT_DEFAULTS, loadConfig } from "../../../src/core/config.js";
import { ConfigInvalidError } from "../../../src/core/errors.js";
import { resolveLimits } from "../../../src/serve/limits/limits.js";

const config = (env: Record<string, string>) => loadConfig({ env, cwd: "/nonexistent-cwd-for-tests" });

describe("API limits configuration", () => {
  it("defaults every limit, and answers introspection in development mode only", () => {
    const production = resolveLimits(config({}), "production");
    expect(production).toEqual({
      maxBodyBytes: LIMIT_DEFAULTS.maxBodyBytes,
      maxDocumentLength: LIMIT_DEFAULTS.maxDocumentLength,
      maxDocumentTokens: LIMIT_DEFAULTS.maxDocumentTokens,
      maxQueryDepth: LIMIT_DEFAULTS.maxQueryDepth,
      maxAliases: LIMIT_DEFAULTS.maxAliases,
      maxFieldRepeats: LIMIT_DEFAULTS.maxFieldRepeats,
      maxQueryCost: LIMIT_DEFAULTS.maxQueryCost,
      requestTimeoutMs: LIMIT_DEFAULTS.requestTimeoutMs,
      introspection: false,
    });
    expect(resolveLimits(config({ NODE_ENV: "development" }), "development").introspection).toBe(true);
    // An app built without config (tests, embedding) gets the same defaults.
    expect(resolveLimits({}, "production")).toEqual(production);
  });

  it("reads each limit from its environment variable, and overrides win over config", () => {
    const c = config({
      TALENTGRAPH_MAX_BODY_BYTES: "2048",
      TALENTGRAPH_MAX_DOCUMENT_LENGTH: "500",
      TALENTGRAPH_MAX_DOCUMENT_TOKENS: "100",
      TALENTGRAPH_MAX_QUERY_DEPTH: "5",
      TALENTGRAPH_MAX_ALIASES: "0",
      TALENTGRAPH_MAX_FIELD_REPEATS: "3",
      TALENTGRAPH_MAX_QUERY_COST: "1000",
      TALENTGRAPH_REQUEST_TIMEOUT_MS: "0",
      TALENTGRAPH_INTROSPECTION: "true",
      TALENTGRAPH_CHANNEL_BUDGET_MS: "250",
      TALENTGRAPH_RECEIVE_TIMEOUT_MS: "3000",
    });
    expect([c.channelBudgetMs, c.receiveTimeoutMs]).toEqual([250, 3000]);
    expect(resolveLimits(c, "production", { maxQueryDepth: 7 })).toEqual({
      maxBodyBytes: 2048,
      maxDocumentLength: 500,
      maxDocumentTokens: 100,
      maxQueryDepth: 7,
      maxAliases: 0,
      maxFieldRepeats: 3,
      maxQueryCost: 1000,
      requestTimeoutMs: 0,
      introspection: true,
    });
    expect(resolveLimits(config({ TALENTGRAPH_INTROSPECTION: "false" }), "development").introspection).toBe(false);
  });

  it("refuses limits out of range, naming the variable", () => {
    expect(() => config({ TALENTGRAPH_MAX_DOCUMENT_TOKENS: "1000000" })).toThrow(ConfigInvalidError);
    expect(() => config({ TALENTGRAPH_MAX_QUERY_DEPTH: "1" })).toThrow(/maxQueryDepth \(TALENTGRAPH_MAX_QUERY_DEPTH\)/);
    expect(() => config({ TALENTGRAPH_REQUEST_TIMEOUT_MS: "-1" })).toThrow(/TALENTGRAPH_REQUEST_TIMEOUT_MS/);
  });
});
