/**
 * The access check never parses a document beyond the API's limits (yoga refuses those before
 * parsing): an anonymous client must not be able to make the server parse a megabyte of GraphQL.
 */
import { describe, expect, it } from "vitest";
import { documentNeed, paramsNeed } from "../../../../src/serve/auth/operation-access.js";

const bounds = { maxLength: 200, maxTokens: 50 };

describe("documentNeed within the API's document limits", () => {
  it("classifies documents within the limits", () => {
    expect(documentNeed("mutation { recordInteraction(input: {}) { inserted } }", bounds)).toBe("write");
    expect(documentNeed("{ rankProfiles { name } }", bounds)).toBe("read");
    expect(paramsNeed({ query: "mutation { deleteJob(id: 1) { status } }" }, bounds)).toBe("write");
  });

  it("leaves over-long and over-tokened documents to yoga, which refuses them unparsed", () => {
    const long = `mutation { deleteJob(id: "${"x".repeat(300)}") { status } }`;
    expect(documentNeed(long, bounds)).toBe("read");
    const manyTokens = `mutation { ${"a ".repeat(100)} }`;
    expect(manyTokens.length).toBeLessThan(bounds.maxLength + 100);
    expect(documentNeed(manyTokens, { maxLength: 10_000, maxTokens: 50 })).toBe("read");
  });
});
