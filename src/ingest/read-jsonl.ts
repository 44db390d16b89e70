/**
 * Streams a JSONL file line by line with line numbers. Blank lines are skipped; a line longer
 * than `maxLineChars` is reported as an error instead of being buffered without bound.
 */
import { createReadStream } from "node:fs";

export interface JsonlLine {
  /** 1-based line number in the file. */
  lineNo: number;
  /** The parsed value, when `error` is undefined. */
  value?: unknown;
  /** Why the line could not be parsed. */
  error?: string;
  /** The raw text (truncated to 2,000 chars for quarantine). */
  raw: string;
}

const RAW_KEEP = 2000;

export async function* readJsonl(file: string, options: { maxLineChars?: number } = {}): AsyncGenerator<JsonlLine> {
  const maxLine = options.maxLineChars ?? 8 * 1024 * 1024;
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
  let carry = "";
  let lineNo = 0;
  let oversized = false;
  const emit = (text: string): JsonlLine | undefined => {
    lineNo++;
    const line = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (line.trim() === "") return undefined;
    const raw = line.length > RAW_KEEP ? `${line.slice(0, RAW_KEEP)}…` : line;
    try {
      return { lineNo, value: JSON.parse(line) as unknown, raw };
    } catch (error) {
      return { lineNo, error: `malformed JSON: ${(error as Error).message}`, raw };
    }
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    let nl = chunk.indexOf("\n", start);
    while (nl !== -1) {
      const piece = carry + chunk.slice(start, nl);
      carry = "";
      if (oversized || piece.length > maxLine) {
        lineNo++;
        oversized = false;
        yield { lineNo, error: `line longer than ${maxLine} characters`, raw: piece.slice(0, RAW_KEEP) };
      } else {
        const out = emit(piece);
        if (out) yield out;
      }
      start = nl + 1;
      nl = chunk.indexOf("\n", start);
    }
    carry += chunk.slice(start);
    if (carry.length > maxLine) {
      oversized = true;
      carry = carry.slice(0, RAW_KEEP);
    }
  }
  if (oversized || carry.length > maxLine) {
    lineNo++;
    yield { lineNo, error: `line longer than ${maxLine} characters`, raw: carry };
  } else if (carry !== "") {
    const out = emit(carry);
    if (out) yield out;
  }
}
