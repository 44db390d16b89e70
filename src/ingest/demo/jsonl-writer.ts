/**
 * Buffered JSONL output with backpressure: lines collect in memory up to a chunk size, then go to
 * the file stream; the caller awaits `flushIfFull` between records, so memory stays flat however
 * many lines are written.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { finished } from "node:stream/promises";

const CHUNK_CHARS = 1 << 20;

export class JsonlWriter {
  /** Lines written so far. */
  lines = 0;
  /** Bytes handed to the file so far (UTF-8). */
  bytes = 0;
  private readonly stream: WriteStream;
  private parts: string[] = [];
  private chars = 0;
  private failure: Error | undefined;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    // Remember the error and rethrow at the next await point instead of crashing the process.
    this.stream.on("error", (error) => {
      this.failure = error;
    });
  }

  /** Queues one record as a JSON line. */
  write(value: unknown): void {
    const line = `${JSON.stringify(value)}\n`;
    this.parts.push(line);
    this.chars += line.length;
    this.lines++;
  }

  /** Flushes when the buffer has reached the chunk size. */
  async flushIfFull(): Promise<void> {
    if (this.chars >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.parts.length === 0) return;
    const chunk = this.parts.join("");
    this.parts = [];
    this.chars = 0;
    this.bytes += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  /** Flushes everything and closes the file. */
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    if (this.failure !== undefined) throw this.failure;
  }
}
