/** Task files: the JSONL format and TREC qrels, with errors that name the file and line. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTask, readTaskFile, readTrecTask } from "../../../src/eval/task.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "tg-task-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("task files", () => {
  it("reads a JSONL task: header, queries, defaults", async () => {
    const p = file(
      "ok.jsonl",
      [
        JSON.stringify({ task: { name: "my-task", operation: "searchFreelancers", metrics: ["mrr"], mainMetric: "ndcg@10", request: { filter: { available: true } } } }),
        JSON.stringify({ qid: "q1", text: "react developer", relevant: { f1: 3, f2: 1 }, split: "test" }),
        "",
        JSON.stringify({ qid: "q2", text: "python", relevant: {} }),
      ].join("\n"),
    );
    const task = await readTaskFile(p);
    expect(task.name).toBe("my-task");
    expect(task.metrics).toEqual(["ndcg@10", "mrr"]);
    expect(task.request).toEqual({ filter: { available: true } });
    expect(task.queries.map((q) => q.qid)).toEqual(["q1", "q2"]);
    expect(task.queries[0]?.relevant).toEqual({ f1: 3, f2: 1 });
  });

  it("names the file and line of a bad query, a bad header and a query lacking its operation's field", async () => {
    const header = JSON.stringify({ task: { name: "t", operation: "recommendFreelancers" } });
    await expect(readTaskFile(file("a.jsonl", `${header}\n{"qid": "q1", "jobId": "j1", "relevant": {"f1": "high"}}\n`))).rejects.toThrow(/a\.jsonl:2: relevant\.f1/);
    await expect(readTaskFile(file("b.jsonl", `{"qid": "q1"}\n`))).rejects.toThrow(/b\.jsonl:1: the first line must be/);
    await expect(readTaskFile(file("c.jsonl", `${header}\nnot json\n`))).rejects.toThrow(/c\.jsonl:2: not JSON/);
    await expect(readTaskFile(file("d.jsonl", `${header}\n{"qid": "q1", "text": "x", "relevant": {}}\n`))).rejects.toThrow(/query q1 has no jobId/);
    await expect(readTaskFile(file("e.jsonl", ""))).rejects.toThrow(/is empty/);
    await expect(readTaskFile(path.join(dir, "absent.jsonl"))).rejects.toThrow(/does not exist/);
  });

  it("refuses duplicate query ids", () => {
    expect(() =>
      makeTask({ name: "t", operation: "linkSkills", queries: [{ qid: "a", text: "x", relevant: {} }, { qid: "a", text: "y", relevant: {} }], source: "test" }),
    ).toThrow(/appears twice/);
  });

  it("reads TREC qrels and a queries file", async () => {
    const qrels = file("q.qrels", "q1 0 f1 2\nq1 0 f2 0\nq2 0 f3 1\n");
    const queries = file("q.tsv", "q1\treact developer\nq2\tpython data\nq3\tnothing judged\n");
    const task = await readTrecTask({ name: "trec", operation: "searchFreelancers", qrelsFile: qrels, queriesFile: queries });
    expect(task.queries).toEqual([
      { qid: "q1", text: "react developer", relevant: { f1: 2, f2: 0 } },
      { qid: "q2", text: "python data", relevant: { f3: 1 } },
      { qid: "q3", text: "nothing judged", relevant: {} },
    ]);
    await expect(readTrecTask({ name: "t", operation: "searchJobs", qrelsFile: file("bad.qrels", "q1 f1 2\n"), queriesFile: queries })).rejects.toThrow(/bad\.qrels:1/);
  });
});
