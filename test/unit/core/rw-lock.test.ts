/** The readers–writer lock: readers share, a writer is alone, order is first come first served. */
import { describe, expect, it } from "vitest";
import { createReadWriteLock } from "../../../src/core/rw-lock.js";

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

describe("readers–writer lock", () => {
  it("lets readers overlap and keeps a writer alone", async () => {
    const lock = createReadWriteLock();
    const log: string[] = [];
    let inside = 0;
    let maxReaders = 0;
    const reader = (name: string) =>
      lock.read(async () => {
        inside++;
        maxReaders = Math.max(maxReaders, inside);
        log.push(`${name}+`);
        await tick();
        log.push(`${name}-`);
        inside--;
      });
    const writer = (name: string) =>
      lock.write(async () => {
        expect(inside).toBe(0);
        log.push(`${name}+`);
        await tick();
        log.push(`${name}-`);
      });
    await Promise.all([reader("r1"), reader("r2"), writer("w1"), reader("r3"), writer("w2")]);
    expect(maxReaders).toBe(2);
    // r3 arrived after w1 was waiting: it runs after w1, not before.
    expect(log).toEqual(["r1+", "r2+", "r1-", "r2-", "w1+", "w1-", "r3+", "r3-", "w2+", "w2-"]);
    expect(lock.state()).toEqual({ readers: 0, writing: false, waiting: 0 });
  });

  it("releases on errors", async () => {
    const lock = createReadWriteLock();
    await expect(lock.write(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(lock.read(() => 7)).resolves.toBe(7);
    expect(lock.state().writing).toBe(false);
  });
});
