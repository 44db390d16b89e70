import { describe, expect, it } from "vitest";
import { isTalentgraphError } from "../../../../src/core/errors.js";
import { hasScope, parseScope, SCOPES } from "../../../../src/serve/auth/scope.js";

describe("scopes", () => {
  it("are ordered admin ⊇ write ⊇ read", () => {
    const matrix = SCOPES.map((granted) => SCOPES.map((needed) => hasScope(granted, needed)));
    expect(matrix).toEqual([
      // needed: read, write, admin
      [true, false, false], // granted read
      [true, true, false], // granted write
      [true, true, true], // granted admin
    ]);
  });

  it("parses user input, naming the choices when it is not a scope", () => {
    expect(parseScope("write", "keys create")).toBe("write");
    try {
      parseScope("Write", "keys create");
      expect.unreachable();
    } catch (error) {
      expect(isTalentgraphError(error) && error.code).toBe("INVALID_INPUT");
      expect((error as Error).message).toMatch(/^keys create: scope must be one of read, write, admin/);
    }
  });
});
