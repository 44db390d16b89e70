/**
 * LanceDB (`@lancedb/lancedb`, embedded, on local disk): one table holding id, one text column (the
 * corpus fields joined: its FTS index covers one column per index, and a hybrid query takes one
 * text query) and the stored vector as a fixed-size float32 list.
 * - Vector index IVF_HNSW_SQ (HNSW graph over scalar-quantised vectors), cosine, one partition as
 *   its docs recommend for tables that fit in memory, default m = 20, ef_construction = 300;
 *   queried with ef = talentgraph's hnswEfSearch so both HNSWs search equally deep. Below 256 rows
 *   it cannot train an index and searches flat (said in the setup line).
 * - Full-text index with its defaults (simple tokenizer, lower-case, English stemming, stop words
 *   removed, ASCII folding), BM25.
 * - Hybrid: vector query + full-text query in one request, fused by its built-in RRFReranker (k = 60).
 */
import * as lancedb from "@lancedb/lancedb";
import type { RankedItem } from "../../src/eval/metrics.js";
import { row, type Corpus } from "./corpus.js";
import { installedVersion, plainTerms, timed, type PeerSystem } from "./peer-index.js";

/** Fewer rows than this and LanceDB's IVF training fails (it needs rows for k-means): flat search instead. */
const MIN_INDEXED_ROWS = 256;
const INSERT_BATCH = 10_000;

interface LanceRow {
  id: string;
  _distance?: number;
  _score?: number;
  _relevance_score?: number;
}

export function lancedbPeer(options: { ef: number }): PeerSystem {
  return {
    name: "lancedb",
    modes: ["vector", "keyword", "hybrid"],
    setup: `LanceDB ${installedVersion("@lancedb/lancedb")}: IVF_HNSW_SQ (1 partition, cosine, m 20, ef_construction 300), query ef ${options.ef}; FTS index (defaults: English stemming, stop words); hybrid = vector + FTS fused by RRFReranker(k 60)`,
    cannot: [
      "no skills graph, no collaborative signal, no learned reranker",
      "FTS over one concatenated text column (per-field BM25 would need one index and one query per column)",
      "hybrid fusion is RRF only among built-ins (a weighted min-max fusion needs a custom reranker)",
    ],
    async build(corpus: Corpus, workDir: string) {
      const phases: Record<string, number> = {};
      const db = await lancedb.connect(workDir);
      const rows = (from: number, to: number) =>
        corpus.ids.slice(from, to).map((id, j) => ({ id, text: (corpus.texts[from + j] ?? []).join(". "), vector: Array.from(row(corpus.vectors, corpus.dims, from + j)) }));
      const table = await timed(phases, "insert", async () => {
        const t = await db.createTable(corpus.name, rows(0, INSERT_BATCH), { mode: "overwrite" });
        for (let from = INSERT_BATCH; from < corpus.ids.length; from += INSERT_BATCH) await t.add(rows(from, from + INSERT_BATCH));
        return t;
      });
      const indexed = corpus.ids.length >= MIN_INDEXED_ROWS;
      if (indexed) {
        await timed(phases, "vectorIndex", () => table.createIndex("vector", { config: lancedb.Index.hnswSq({ distanceType: "cosine", numPartitions: 1 }) }));
      }
      await timed(phases, "ftsIndex", () => table.createIndex("text", { config: lancedb.Index.fts() }));
      const rrf = await lancedb.rerankers.RRFReranker.create(60);
      const vectorQuery = (v: Float32Array, k: number) => {
        const q = table.query().nearestTo(Array.from(v)).distanceType("cosine").limit(k);
        return indexed ? q.ef(options.ef) : q;
      };
      const items = (rows: LanceRow[], score: (r: LanceRow) => number): RankedItem[] => rows.map((r) => ({ id: r.id, score: score(r) }));
      return {
        phases,
        index: {
          async search(mode, text, vector, k) {
            const terms = plainTerms(text);
            if (mode === "vector") return items((await vectorQuery(vector, k).select(["id", "_distance"]).toArray()) as LanceRow[], (r) => -(r._distance ?? Infinity));
            if (terms === "") return mode === "keyword" ? [] : items((await vectorQuery(vector, k).select(["id", "_distance"]).toArray()) as LanceRow[], (r) => -(r._distance ?? Infinity));
            if (mode === "keyword") return items((await table.query().fullTextSearch(terms).limit(k).select(["id", "_score"]).toArray()) as LanceRow[], (r) => r._score ?? 0);
            const hits = (await vectorQuery(vector, k).fullTextSearch(terms).rerank(rrf).select(["id"]).toArray()) as LanceRow[];
            return items(hits.slice(0, k), (r) => r._relevance_score ?? 0);
          },
          close: () => Promise.resolve(table.close()),
        },
      };
    },
  };
}
