/**
 * Orama (`@orama/orama`, in memory, pure JavaScript): one document per corpus entry with each text
 * field as its own searchable string property (Orama scores BM25 per property and sums) and the
 * stored vector as a `vector[dims]` property.
 * - Full text: BM25 with its defaults (English tokenizer, no stemming), `threshold: 1` (documents
 *   matching any query term, the default of its hybrid mode; its full-text default 0 keeps only
 *   documents holding every term, which starves multi-word titles).
 * - Vector: its flat (exact) cosine scan, `similarity: 0` (its default 0.8 drops nearly every hit of
 *   a 256-d static model, whose related pairs score 0.3–0.7).
 * - Hybrid: `mode: "hybrid"`, its documented default weights (text 0.5, vector 0.5) over min-max
 *   normalised scores.
 */
import { create, insertMultiple, search, type AnyOrama, type Results, type TypedDocument } from "@orama/orama";
import type { RankedItem } from "../../src/eval/metrics.js";
import { row, type Corpus } from "./corpus.js";
import { installedVersion, plainTerms, timed, type PeerSystem } from "./peer-index.js";

const INSERT_BATCH = 1000;

export const oramaPeer: PeerSystem = {
  name: "orama",
  modes: ["vector", "keyword", "hybrid"],
  setup: `Orama ${installedVersion("@orama/orama")}: BM25 per text field (defaults, threshold 1 = any term), flat exact cosine vector scan (similarity ≥ 0), hybrid mode with default weights text 0.5 / vector 0.5`,
  cannot: [
    "no skills graph, no collaborative signal, no learned reranker",
    "no approximate vector index: every vector query scans all vectors",
    "held in the JS heap: no on-disk index to reopen without re-inserting (its persistence plugin serialises the whole database)",
  ],
  async build(corpus: Corpus) {
    const phases: Record<string, number> = {};
    const schema: Record<string, string> = { id: "string" };
    for (const f of corpus.fields) schema[f] = "string";
    schema.embedding = `vector[${corpus.dims}]`;
    const db: AnyOrama = create({ schema: schema as never });
    await timed(phases, "insert", async () => {
      for (let from = 0; from < corpus.ids.length; from += INSERT_BATCH) {
        const docs = corpus.ids.slice(from, from + INSERT_BATCH).map((id, j) => {
          const doc: Record<string, unknown> = { id };
          corpus.fields.forEach((f, fi) => (doc[f] = corpus.texts[from + j]?.[fi] ?? ""));
          doc.embedding = Array.from(row(corpus.vectors, corpus.dims, from + j));
          return doc;
        });
        await insertMultiple(db, docs as never);
      }
    });
    const properties = corpus.fields;
    const items = (r: Results<TypedDocument<AnyOrama>>): RankedItem[] => r.hits.map((h) => ({ id: h.id, score: h.score }));
    return {
      phases,
      index: {
        async search(mode, text, vector, k) {
          const terms = plainTerms(text);
          const value = Array.from(vector);
          const vectorParams = { value, property: "embedding" };
          if (mode === "vector" || (mode === "hybrid" && terms === "")) {
            return items(await search(db, { mode: "vector", vector: vectorParams, similarity: 0, limit: k, includeVectors: false } as never));
          }
          if (mode === "keyword") {
            if (terms === "") return [];
            return items(await search(db, { mode: "fulltext", term: terms, properties, threshold: 1, limit: k } as never));
          }
          return items(await search(db, { mode: "hybrid", term: terms, properties, vector: vectorParams, similarity: 0, threshold: 1, limit: k, includeVectors: false } as never));
        },
        close: () => Promise.resolve(),
      },
    };
  },
};
