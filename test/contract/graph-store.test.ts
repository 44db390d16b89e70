import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { isTalentgraphError } from "../../src/core/errors.js";
import { openSqliteGraphStore } from "../../src/graph-store/sqlite-graph-store.js";
import { describeGraphStore } from "./graph-store.contract.js";
import { fixtureBatch } from "./graph-store.fixture.js";

const dir = mkdtempSync(join(tmpdir(), "tg-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describeGraphStore("SqliteGraphStore :memory:", () => Promise.resolve(openSqliteGraphStore({ path: ":memory:" })));
describeGraphStore("SqliteGraphStore file", () => Promise.resolve(openSqliteGraphStore({ path: join(dir, `store-${n++}.db`) })));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isTalentgraphError(error) ? error.code : `foreign: ${String(error)}`;
  }
  return undefined;
}

describe("SqliteGraphStore file persistence", () => {
  it("keeps everything across close and reopen", async () => {
    const path = join(dir, "persist.db");
    const first = openSqliteGraphStore({ path });
    await first.write(fixtureBatch());
    const stats = await first.stats();
    const expanded = await first.expandSkills([{ skillId: "js", weight: 1 }]);
    const generation = await first.vectorGeneration("freelancers");
    await first.close();
    const second = openSqliteGraphStore({ path });
    expect(await second.stats()).toEqual(stats);
    expect(await second.expandSkills([{ skillId: "js", weight: 1 }])).toEqual(expanded);
    expect(await second.vectorGeneration("freelancers")).toBe(generation);
    await second.close();
  });

  it("refuses a database from a newer schema version with CONFIG_INVALID", async () => {
    const path = join(dir, "newer.db");
    const store = openSqliteGraphStore({ path });
    await store.close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')").run();
    db.close();
    expect(codeOf(() => openSqliteGraphStore({ path }))).toBe("CONFIG_INVALID");
  });

  it("reports a file that is not a database as INDEX_CORRUPT", () => {
    const path = join(dir, "garbage.db");
    writeFileSync(path, "this is not sqlite".repeat(100));
    expect(codeOf(() => openSqliteGraphStore({ path }))).toBe("INDEX_CORRUPT");
  });

  it("reports use after close as BACKEND_UNAVAILABLE", async () => {
    const store = openSqliteGraphStore({ path: ":memory:" });
    await store.close();
    const error: unknown = await store.stats().catch((e: unknown) => e);
    expect(isTalentgraphError(error) && error.code).toBe("BACKEND_UNAVAILABLE");
  });
});
