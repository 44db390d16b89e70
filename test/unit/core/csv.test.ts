// Tests for src/core/csv.ts. They live here (not test/unit/core/) only because of how work was split
// between engineers; move to test/unit/core/csv.test.ts freely.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvParser, columnIndex, parseCsv, readCsvFile, type CsvRecord } from "../../../src/core/csv.js";
import { InvalidInputError } from "../../../src/core/errors.js";

/** RFC-4180 writer for the round-trip property: quote when needed, double quotes. */
function toCsv(rows: readonly string[][], eol: string): string {
  const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join(",")).join(eol) + eol;
}

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and embedded line breaks", () => {
    const text = 'a,b,c\n1,"x, y","say ""hi"""\n2,"line1\nline2\r\nline3",\n';
    expect(parseCsv(text)).toEqual([
      ["a", "b", "c"],
      ["1", "x, y", 'say "hi"'],
      ["2", "line1\nline2\r\nline3", ""],
    ]);
  });

  it("accepts CRLF, lone CR, a BOM, no final newline, and skips empty lines", () => {
    expect(parseCsv("\uFEFFh1,h2\r\n\r\na,b\rc,d")).toEqual([
      ["h1", "h2"],
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("keeps empty fields, including an empty quoted one and a trailing one", () => {
    expect(parseCsv(',"",x,\n')).toEqual([["", "", "x", ""]]);
  });

  it("keeps a quote inside an unquoted field literally", () => {
    expect(parseCsv('5" screen,b\n')).toEqual([['5" screen', "b"]]);
  });

  it("rejects text after a closing quote and an unterminated quote, naming the line", () => {
    expect(() => parseCsv('a\n"x"y,z\n', "f.csv")).toThrow(InvalidInputError);
    expect(() => parseCsv('a\n"x"y,z\n', "f.csv")).toThrow(/f\.csv line 2/);
    expect(() => parseCsv('a\n"open\nstill open', "f.csv")).toThrow(/ends inside a quoted field opened on line 2/);
  });

  it("round-trips any table written by an RFC-4180 writer, however the input is chunked", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "b", " ", ",", '"', "\n", "\r", "é", "😀") });
    // Rows of a single empty field serialise to an empty line, which the parser skips by design.
    const row = fc.array(field, { minLength: 1, maxLength: 5 }).filter((r) => r.length > 1 || r[0] !== "");
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), fc.constantFrom("\n", "\r\n"), fc.array(fc.nat(), { maxLength: 8 }), (rows, eol, cuts) => {
        const text = toCsv(rows, eol);
        const parser = new CsvParser();
        const records: CsvRecord[] = [];
        let at = 0;
        for (const cut of [...cuts.map((c) => c % (text.length + 1))].sort((a, b) => a - b)) {
          records.push(...parser.push(text.slice(at, cut)));
          at = Math.max(at, cut);
        }
        records.push(...parser.push(text.slice(at)), ...parser.end());
        expect(records.map((r) => r.fields)).toEqual(rows);
      }),
    );
  });

  it("reports the physical line each record starts on", () => {
    const parser = new CsvParser();
    const records = [...parser.push('h\n"a\nb"\nc\n'), ...parser.end()];
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });
});

describe("readCsvFile", () => {
  it("streams records from a file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "csv-"));
    try {
      const path = join(dir, "x.csv");
      await writeFile(path, `id,label\n${Array.from({ length: 3000 }, (_, i) => `${i},"l${i}\n${"é".repeat(400)}"`).join("\n")}\n`);
      let count = 0;
      let last: CsvRecord | undefined;
      for await (const record of readCsvFile(path)) {
        count++;
        last = record;
      }
      expect(count).toBe(3001);
      expect(last?.fields).toEqual(["2999", `l2999\n${"é".repeat(400)}`]);
      expect(last?.line).toBe(1 + 2 * 2999 + 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("columnIndex", () => {
  it("maps names to positions and names missing columns", () => {
    expect(columnIndex(["a", " b ", "c"], ["c", "b"], "x.csv")).toEqual({ c: 2, b: 1 });
    expect(() => columnIndex(["a"], ["a", "z", "y"], "x.csv")).toThrow(/x\.csv lacks column\(s\) z, y/);
  });
});
