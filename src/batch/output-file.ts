/**
 * Crash-safe output for a batch run: the output file only grows by whole chunks, and a checkpoint
 * beside it (`<out>.checkpoint.json`) says how many of its bytes are complete and after which
 * recipient to continue. Per chunk: append the chunk's lines and fsync the file, then replace the
 * checkpoint atomically (write a temp file, fsync, rename, fsync the directory). A SIGKILL at any
 * moment therefore leaves a checkpoint that names a byte length the file durably has; `--resume`
 * truncates whatever a killed process appended after it (a partial chunk or partial line) and
 * carries on after the checkpoint's last recipient: no duplicates, no gaps.
 */
import { closeSync, fsyncSync, openSync, readFileSync } from "node:fs";
import { mkdir, open, rename, stat, writeFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { IndexCorruptError, InvalidInputError, errorMessage } from "../core/errors.js";
import type { ShortfallCode } from "./batch-line.js";
import type { RecommenderInfo } from "./recommender.js";

export interface Checkpoint {
  version: 1;
  runId: string;
  /** runFingerprint() of the options the run started with. */
  fingerprint: string;
  /** Those options as flags, for the message when a resume does not match. */
  flags: string;
  /** The run's reference time. */
  now: string;
  startedAt: string;
  updatedAt: string;
  /** Bytes of the output file that hold complete chunks. */
  outBytes: number;
  /** Key of the last recipient written (ids ascending), null before the first chunk. */
  lastKey: string | null;
  /** Totals so far. */
  recipients: number;
  items: number;
  short: Partial<Record<ShortfallCode, number>>;
  complete: boolean;
  /** What ranked the run (set with the first chunk), for summaries of a resumed run. */
  info?: RecommenderInfo;
}

export const checkpointPath = (out: string): string => `${out}.checkpoint.json`;

/** The checkpoint of `out`, or undefined when there is none. */
export function readCheckpoint(out: string): Checkpoint | undefined {
  const file = checkpointPath(out);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    throw new InvalidInputError(`recommend-batch: cannot read the checkpoint ${file} (${errorMessage(error)})`, { cause: error });
  }
  try {
    const cp = JSON.parse(text) as Checkpoint;
    if (cp.version !== 1 || typeof cp.outBytes !== "number" || typeof cp.runId !== "string") throw new Error("unknown checkpoint format");
    return cp;
  } catch (error) {
    throw new IndexCorruptError(`recommend-batch: the checkpoint ${file} is unreadable (${errorMessage(error)}); run without --resume to start over`, { cause: error });
  }
}

/** Replaces the checkpoint atomically and durably. */
export async function writeCheckpoint(out: string, checkpoint: Checkpoint): Promise<void> {
  const file = checkpointPath(out);
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(checkpoint, null, 2)}\n`);
  fsyncPath(tmp);
  await rename(tmp, file);
  fsyncPath(path.dirname(file));
}

function fsyncPath(p: string): void {
  const fd = openSync(p, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The output file, written at explicit offsets so its length is always known. */
export class OutputFile {
  private constructor(
    private readonly handle: FileHandle,
    private bytes: number,
  ) {}

  /** Creates (or empties) `file` and writes `header` (may be empty). */
  static async create(file: string, header: string): Promise<OutputFile> {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(file, "w");
    const out = new OutputFile(handle, 0);
    if (header !== "") await out.append(header);
    else await handle.datasync();
    return out;
  }

  /** Opens `file` for a resume: cuts it back to `bytes` (what the checkpoint vouches for). */
  static async reopen(file: string, bytes: number): Promise<OutputFile> {
    const size = await stat(file).then(
      (s) => s.size,
      () => -1,
    );
    if (size < bytes) {
      throw new IndexCorruptError(
        `recommend-batch --resume: ${file} has ${size < 0 ? "gone" : `${size} bytes`}, but its checkpoint vouches for ${bytes}; the file was moved or changed, so run without --resume to start over`,
      );
    }
    const handle = await open(file, "r+");
    await handle.truncate(bytes);
    await handle.datasync();
    return new OutputFile(handle, bytes);
  }

  get size(): number {
    return this.bytes;
  }

  /** Appends `text` and makes it durable; returns the new length. */
  async append(text: string): Promise<number> {
    const data = Buffer.from(text, "utf8");
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await this.handle.write(data, written, data.length - written, this.bytes + written);
      written += bytesWritten;
    }
    await this.handle.datasync();
    this.bytes += data.length;
    return this.bytes;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
