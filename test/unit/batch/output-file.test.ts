import { appendFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OutputFile, checkpointPath, readCheckpoint, writeCheckpoint, type Checkpoint } from "../../../src/batch/output-file.js";

const dir = (): string => mkdtempSync(path.join(os.tmpdir(), "tg-batch-out-"));
const checkpoint = (over: Partial<Checkpoint>): Checkpoint => ({
  version: 1,
  runId: "run-1",
  fingerprint: "f",
  flags: "--for freelancers",
  now: "2026-11-01T00:00:00.000Z",
  startedAt: "2026-11-01T00:00:00.000Z",
  updatedAt: "2026-11-01T00:00:00.000Z",
  outBytes: 0,
  lastKey: null,
  recipients: 0,
  items: 0,
  short: {},
  complete: false,
  ...over,
});

describe("batch output and checkpoint", () => {
  it("appends whole chunks and tracks the length", async () => {
    const file = path.join(dir(), "sub", "out.csv");
    const out = await OutputFile.create(file, "a,b\n");
    expect(out.size).toBe(4);
    expect(await out.append("1,2\n")).toBe(8);
    expect(await out.append("é,3\n")).toBe(13); // bytes, not characters
    await out.close();
    expect(readFileSync(file, "utf8")).toBe("a,b\n1,2\né,3\n");
  });

  it("reopening for a resume cuts off what a killed process wrote after the checkpoint", async () => {
    const file = path.join(dir(), "out.jsonl");
    const out = await OutputFile.create(file, "");
    const bytes = await out.append('{"id":1}\n{"id":2}\n');
    await out.close();
    appendFileSync(file, '{"id":3}\n{"id":4'); // a chunk whose checkpoint never landed, cut mid-line
    const again = await OutputFile.reopen(file, bytes);
    await again.append('{"id":3}\n');
    await again.close();
    expect(readFileSync(file, "utf8")).toBe('{"id":1}\n{"id":2}\n{"id":3}\n');
  });

  it("refuses to resume a file shorter than its checkpoint says", async () => {
    const file = path.join(dir(), "out.jsonl");
    writeFileSync(file, "0123456789");
    truncateSync(file, 5);
    await expect(OutputFile.reopen(file, 10)).rejects.toThrow(/has 5 bytes, but its checkpoint vouches for 10/);
    await expect(OutputFile.reopen(path.join(dir(), "gone.jsonl"), 1)).rejects.toThrow(/has gone/);
  });

  it("writes the checkpoint atomically and reads it back; none is undefined; garbage is an error", async () => {
    const file = path.join(dir(), "out.jsonl");
    expect(readCheckpoint(file)).toBeUndefined();
    await writeCheckpoint(file, checkpoint({ outBytes: 42, lastKey: "fl-9" }));
    expect(readCheckpoint(file)).toMatchObject({ outBytes: 42, lastKey: "fl-9", runId: "run-1" });
    writeFileSync(checkpointPath(file), "{not json");
    expect(() => readCheckpoint(file)).toThrow(/checkpoint .* is unreadable/);
  });
});
