import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentHash, stableStringify } from "../../../src/core/hash.js";

describe("contentHash", () => {
  it("ignores key order and undefined fields, and sees every value change", () => {
    expect(contentHash({ a: 1, b: [1, 2], c: undefined })).toBe(contentHash({ b: [1, 2], a: 1 }));
    expect(contentHash({ a: 1, b: [1, 2] })).not.toBe(contentHash({ a: 1, b: [2, 1] }));
    expect(contentHash({ a: "1" })).not.toBe(contentHash({ a: 1 }));
  });

  it("round-trips: stable JSON parses back to an equal value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(stableStringify(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });
});
