import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readJsonl, type JsonlLine } from "../../../src/ingest/read-jsonl.js";

async function readAll(text: string, maxLineChars?: number): Promise<JsonlLine[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tg-jsonl-"));
  const file = path.join(dir, "x.jsonl");
  writeFileSync(file, text);
  const out: JsonlLine[] = [];
  for await (const l of readJsonl(file, maxLineChars === undefined ? {} : { maxLineChars })) out.push(l);
  return out;
}

describe("readJsonl", () => {
  it("numbers lines from 1, skips blank lines and handles CRLF and a missing final newline", async () => {
    const lines = await readAll('{"a":1}\r\n\n{"a":2}\n  \n{"a":3}');
    expect(lines.map((l) => [l.lineNo, l.value])).toEqual([
      [1, { a: 1 }],
      [3, { a: 2 }],
      [5, { a: 3 }],
    ]);
  });

  it("reports malformed JSON with its line number and keeps going", async () => {
    const lines = await readAll('{"a":1}\n{"a":\n{"a":3}\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]?.lineNo).toBe(2);
    expect(lines[1]?.error).toMatch(/malformed JSON/);
    expect(lines[2]?.value).toEqual({ a: 3 });
  });

  it("rejects an oversized line without buffering it and keeps counting", async () => {
    const big = `{"x":"${"y".repeat(5000)}"}`;
    const lines = await readAll(`{"a":1}\n${big}\n{"a":3}\n`, 1000);
    expect(lines.map((l) => l.lineNo)).toEqual([1, 2, 3]);
    expect(lines[1]?.error).toMatch(/longer than 1000 characters/);
    expect(lines[2]?.value).toEqual({ a: 3 });
  });
});
