/**
 * Bad input is never dropped silently: every rejected line lands in `quarantine.jsonl` in the
 * data dir with its file, line number and reason, appended across runs.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";

export interface QuarantineEntry {
  file: string;
  line: number;
  reason: string;
  raw: string;
  at: string;
}

export class Quarantine {
  readonly path: string;
  private pending: string[] = [];
  private written = 0;

  constructor(dataDir: string, private readonly now: () => Date = () => new Date()) {
    mkdirSync(dataDir, { recursive: true });
    this.path = path.join(dataDir, "quarantine.jsonl");
  }

  add(file: string, line: number, reason: string, raw: string): void {
    const entry: QuarantineEntry = { file, line, reason, raw, at: this.now().toISOString() };
    this.pending.push(JSON.stringify(entry));
    this.written++;
    if (this.pending.length >= 256) this.flush();
  }

  /** Entries added by this instance. */
  count(): number {
    return this.written;
  }

  flush(): void {
    if (this.pending.length === 0) return;
    appendFileSync(this.path, `${this.pending.join("\n")}\n`);
    this.pending = [];
  }
}
