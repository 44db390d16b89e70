import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidCursorError, InvalidInputError } from "../../../src/core/errors.js";
import { decodeCursor, encodeCursor, requestFingerprint } from "../../../src/pipeline/cursor.js";
import { MAX_RESULT_WINDOW } from "../../../src/pipeline/types.js";

const fp = requestFingerprint({ op: "searchFreelancers", text: "react developer", filter: { country: "DE" }, profile: "hybrid" });
const raw = (payload: unknown): string => Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
const payloadOf = (cursor: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Record<string, unknown>;

function codeAndMessage(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (error) {
    if (error instanceof InvalidCursorError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected InvalidCursorError");
}

describe("cursor round trip", () => {
  it("decodes every offset it encodes, for any fingerprint", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_RESULT_WINDOW }), fc.string({ minLength: 1, maxLength: 64 }), (offset, f) => {
        const c = encodeCursor(offset, f);
        expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(c, f)).toBe(offset);
      }),
    );
  });

  it("is opaque base64url of a small versioned JSON", () => {
    const c = encodeCursor(20, fp);
    expect(c.length).toBeLessThan(120);
    expect(payloadOf(c)).toMatchObject({ v: 1, o: 20, f: fp });
  });
});

describe("cursor rejection", () => {
  it("refuses a cursor issued for another query, filter or profile", () => {
    const other = requestFingerprint({ op: "searchFreelancers", text: "react developer", filter: { country: "FR" }, profile: "hybrid" });
    const e = codeAndMessage(() => decodeCursor(encodeCursor(10, fp), other));
    expect(e.code).toBe("INVALID_CURSOR");
    expect(e.message).toContain("cursor belongs to another query/profile/filter");
    expect(e.message).toContain("start again without `after`");
  });

  it("refuses garbage, truncation and tampering as malformed", () => {
    const good = encodeCursor(10, fp);
    const flipped = `${good.slice(0, 5)}${good[5] === "A" ? "B" : "A"}${good.slice(6)}`;
    const bad = [
      "",
      "not a cursor!",
      "%%%",
      good.slice(0, good.length - 4),
      flipped,
      "x".repeat(5000),
      raw({ v: 1, o: 10, f: fp }), // no checksum
      raw({ ...payloadOf(good), o: 30 }), // offset edited, checksum not
      raw({ ...payloadOf(good), extra: true }),
      raw([1, 2, 3]),
      raw("10"),
    ];
    for (const cursor of bad) {
      const e = codeAndMessage(() => decodeCursor(cursor, fp));
      expect(e.code).toBe("INVALID_CURSOR");
      expect(e.message).toMatch(/cursor is malformed|cursor belongs to another/);
    }
  });

  it("refuses negative, fractional and out-of-window offsets inside a cursor", () => {
    for (const o of [-1, 1.5, MAX_RESULT_WINDOW + 1, 1e308]) {
      const e = codeAndMessage(() => decodeCursor(raw({ v: 1, o, f: fp, c: "00000000" }), fp));
      expect(e.message).toContain("cursor is malformed");
    }
  });

  it("says when a cursor comes from another version", () => {
    const { c: _c, ...rest } = payloadOf(encodeCursor(10, fp));
    const e = codeAndMessage(() => decodeCursor(raw({ ...rest, v: 2, c: "x" }), fp));
    expect(e.message).toContain("incompatible version");
  });

  it("will not encode an offset outside 0..MAX_RESULT_WINDOW or an empty fingerprint", () => {
    for (const o of [-1, 0.5, MAX_RESULT_WINDOW + 1, Number.NaN, Infinity]) {
      expect(() => encodeCursor(o, fp)).toThrow(InvalidInputError);
    }
    expect(() => encodeCursor(0, "")).toThrow(InvalidInputError);
  });
});

describe("requestFingerprint", () => {
  it("is short, stable under key order and undefined fields, and sees every ranking input", () => {
    const a = requestFingerprint({ op: "searchJobs", text: "go", filter: { min: 1, max: 5 }, profile: "hybrid" });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(requestFingerprint({ profile: "hybrid", filter: { max: 5, min: 1 }, text: "go", op: "searchJobs", x: undefined })).toBe(a);
    expect(requestFingerprint({ op: "searchFreelancers", text: "go", filter: { min: 1, max: 5 }, profile: "hybrid" })).not.toBe(a);
    expect(requestFingerprint({ op: "searchJobs", text: "go ", filter: { min: 1, max: 5 }, profile: "hybrid" })).not.toBe(a);
    expect(requestFingerprint({ op: "searchJobs", text: "go", filter: { min: 1, max: 6 }, profile: "hybrid" })).not.toBe(a);
    expect(requestFingerprint({ op: "searchJobs", text: "go", filter: { min: 1, max: 5 }, profile: "hybrid-rrf" })).not.toBe(a);
  });
});
