/**
 * A small streaming RFC-4180 CSV reader: comma-separated, `"`-quoted fields that may hold commas,
 * line breaks and doubled quotes (`""`). ESCO's exports rely on all three (altLabels are quoted,
 * newline-separated lists). No CSV library is installed, and this is all we need.
 *
 * Leniencies, chosen because real exports have them and rejecting the whole file would help nobody:
 * LF, CRLF and lone CR all end a record; a UTF-8 BOM is dropped; an empty line is skipped rather than
 * read as a one-empty-field record; a `"` inside an unquoted field is kept literally.
 * Strictness, because these mean the file is cut or mangled: text after a closing quote (`"a"b`) and a
 * quote still open at end of input throw INVALID_INPUT with the line number.
 */
import { createReadStream } from "node:fs";
import { InvalidInputError } from "./errors.js";

/** One parsed record and the 1-based physical line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

type State =
  /** At the start of a field: decides between quoted and unquoted. */
  | "fieldStart"
  | "unquoted"
  | "quoted"
  /** Saw `"` inside a quoted field: either an escaped quote or the closing one. */
  | "quoteInQuoted"
  /** Saw CR ending a record: swallow a following LF (possibly in the next chunk). */
  | "afterCr";

/**
 * Incremental parser: feed text chunks with `push`, then call `end`. Chunks may split records,
 * fields and CRLF pairs anywhere. `source` names the input in error messages.
 */
export class CsvParser {
  private state: State = "fieldStart";
  private field = "";
  private fields: string[] = [];
  /** Current physical line (1-based) and the line the current record started on. */
  private line = 1;
  private recordLine = 1;
  private atStart = true;
  /** Whether the current record has any content yet (to skip empty lines). */
  private recordHasContent = false;

  constructor(private readonly source = "csv") {}

  /** Parses a chunk and returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let text = chunk;
    if (this.atStart) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const n = text.length;
    // Start of the pending run of plain characters; runs are copied with one slice, not per char.
    let runStart = 0;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case "afterCr":
          this.state = "fieldStart";
          if (c === LF) {
            i++;
            runStart = i;
            continue;
          }
          // A lone CR ended the record; reprocess this character as the next record's first.
          runStart = i;
          continue;
        case "fieldStart":
          if (c === QUOTE) {
            this.state = "quoted";
            this.recordHasContent = true;
            i++;
            runStart = i;
            continue;
          }
          this.state = "unquoted";
          runStart = i;
          continue;
        case "unquoted":
          if (c === COMMA) {
            this.field += text.slice(runStart, i);
            this.endField();
            this.recordHasContent = true;
            this.state = "fieldStart";
            i++;
            runStart = i;
            continue;
          }
          if (c === LF || c === CR) {
            this.field += text.slice(runStart, i);
            this.endRecord(out);
            this.line++;
            this.recordLine = this.line;
            this.state = c === CR ? "afterCr" : "fieldStart";
            i++;
            runStart = i;
            continue;
          }
          this.recordHasContent = true;
          i++;
          continue;
        case "quoted":
          if (c === QUOTE) {
            this.field += text.slice(runStart, i);
            this.state = "quoteInQuoted";
            i++;
            runStart = i;
            continue;
          }
          // Count lines inside quoted fields too, so reported line numbers stay physical.
          if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) this.line++;
          i++;
          continue;
        case "quoteInQuoted":
          if (c === QUOTE) {
            // Doubled quote: a literal `"`; keep it as the start of the next run.
            this.state = "quoted";
            runStart = i;
            i++;
            continue;
          }
          if (c === COMMA) {
            this.endField();
            this.state = "fieldStart";
            i++;
            runStart = i;
            continue;
          }
          if (c === LF || c === CR) {
            this.endRecord(out);
            this.line++;
            this.recordLine = this.line;
            this.state = c === CR ? "afterCr" : "fieldStart";
            i++;
            runStart = i;
            continue;
          }
          throw new InvalidInputError(
            `CsvParser: ${this.source} line ${this.line}: unexpected character ${JSON.stringify(text[i])} after a closing quote; ` +
              `quotes inside a quoted field must be doubled ("")`,
          );
      }
    }
    // Carry the unfinished run of the current field over to the next chunk.
    if (this.state === "unquoted" || this.state === "quoted") this.field += text.slice(runStart, n);
    return out;
  }

  /** Finishes input: returns the last record if the input did not end with a line break. */
  end(): CsvRecord[] {
    if (this.state === "quoted") {
      throw new InvalidInputError(
        `CsvParser: ${this.source}: input ends inside a quoted field opened on line ${this.recordLine}; the file is truncated or a quote is unbalanced`,
      );
    }
    const out: CsvRecord[] = [];
    if (this.state === "unquoted" || this.state === "quoteInQuoted" || this.fields.length > 0) this.endRecord(out);
    this.state = "fieldStart";
    return out;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = "";
  }

  private endRecord(out: CsvRecord[]): void {
    this.endField();
    if (this.recordHasContent || this.fields.length > 1) out.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.recordHasContent = false;
  }
}

/** Parses a whole CSV text into records of fields (header included). */
export function parseCsv(text: string, source = "csv"): string[][] {
  const parser = new CsvParser(source);
  return [...parser.push(text), ...parser.end()].map((r) => r.fields);
}

/** Streams a UTF-8 CSV file record by record (header included), with 1-based start lines. */
export async function* readCsvFile(path: string): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(path);
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    // With an encoding set, the stream yields strings decoded across chunk boundaries.
    yield* parser.push(chunk as string);
  }
  yield* parser.end();
}

/**
 * Maps required column names to their positions in a header record.
 * Throws INVALID_INPUT naming the file and the missing columns.
 */
export function columnIndex<C extends string>(
  header: readonly string[],
  required: readonly C[],
  source: string,
): Record<C, number> {
  const positions = new Map(header.map((name, i) => [name.trim(), i] as const));
  const missing = required.filter((c) => !positions.has(c));
  if (missing.length > 0) {
    throw new InvalidInputError(
      `columnIndex: ${source} lacks column(s) ${missing.join(", ")}; header is: ${header.join(",")}`,
    );
  }
  const result = {} as Record<C, number>;
  for (const c of required) result[c] = positions.get(c) as number;
  return result;
}

/** Reads a CSV file with a header into objects holding the `columns` asked for (INVALID_INPUT when one is missing). */
export async function readCsvRows<C extends string>(file: string, columns: readonly C[]): Promise<Array<Record<C, string>>> {
  const out: Array<Record<C, string>> = [];
  let idx: Record<C, number> | undefined;
  for await (const { fields } of readCsvFile(file)) {
    if (!idx) {
      idx = columnIndex(fields, columns, file);
      continue;
    }
    const row = {} as Record<C, string>;
    for (const c of columns) row[c] = fields[idx[c]] ?? "";
    out.push(row);
  }
  return out;
}
