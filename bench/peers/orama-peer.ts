/**
 * Orama (`@orama/orama`, in memory, pure JavaScript): one document per corpus entry with each text
 * field as its own searchable string property (Orama scores BM25 per property and sums) and the
 * stored vector as a `vector[dims]` property. Its documented settings, chosen for this data:
 * - Tokenizer: English stemming (`stemming: true`) and the English stop words LanceDB's full-text
 *   index drops (Lucene's list; Orama keeps every word unless given a list). Orama matches each query
 *   token as a prefix of indexed words, so without stop words "a" or "for" walk most of the index:
 *   at 20k documents a keyword query took 0.5 s (p50) against 44 ms with them, and a 100k run
 *   without them did not finish.
 * - Full text: BM25 (its defaults k1 1.2, b 0.75), `threshold: 1` (its default: documents matching
 *   any query term; 0 keeps only documents holding every term, which starves multi-word titles),
 *   `boost` per field = talentgraph's FTS5 column weights, so both weigh a title word alike.
 * - Vector: its flat (exact) cosine scan, `similarity: 0`. The similarity is a floor, not a top-k:
 *   its default 0.8 would drop most of the top 10 of a 256-d static model, whose 10th neighbour of
 *   a demo title scores a median 0.64 (measured over 300 demo titles at 100k).
 * - Hybrid: `mode: "hybrid"` with its documented default weights (text 0.5, vector 0.5) over
 *   max-normalised scores, same similarity and threshold.
 * - `sort: { enabled: false }`: no per-property sort index (nothing here sorts by a field; the docs
 *   recommend it to save memory).
 */
import { create, insertMultiple, search, type AnyOrama, type Results, type TypedDocument } from "@orama/orama";
import type { RankedItem } from "../../src/eval/metrics.js";
import { COLUMN_WEIGHTS } from "../../src/keyword/sqlite-keyword-index.js";
import { row, type Corpus } from "./corpus.js";
import { installedVersion, plainTerms, timed, type PeerSystem } from "./peer-index.js";

const INSERT_BATCH = 1000;

/** Lucene's English stop words, the list tantivy (LanceDB's FTS) removes by default. */
const STOP_WORDS = ["a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with"];

/** Per-field BM25 boost: talentgraph's column weights for the same fields (1 for a field it does not weigh). */
const BOOST: Readonly<Record<string, number>> = {
  title: COLUMN_WEIGHTS.freelancers[0],
  overview: COLUMN_WEIGHTS.freelancers[1],
  skills: COLUMN_WEIGHTS.freelancers[2],
  name: COLUMN_WEIGHTS.skills[0],
  aliases: COLUMN_WEIGHTS.skills[1],
};

export const oramaPeer: PeerSystem = {
  name: "orama",
  modes: ["vector", "keyword", "hybrid"],
  setup: `Orama ${installedVersion("@orama/orama")}: BM25 per text field (English stemming and stop words, threshold 1 = any term, field boosts = talentgraph's column weights), flat exact cosine vector scan (similarity ≥ 0), hybrid mode with its default weights text 0.5 / vector 0.5; sort index off`,
  cannot: [
    "no skills graph, no collaborative signal, no learned reranker",
    "no approximate vector index: every vector query scores all vectors, and every query sorts all its matches before taking the top k",
    "held in the JS heap: no on-disk index to reopen without re-inserting (its persistence plugin serialises the whole database)",
  ],
  async build(corpus: Corpus) {
    const phases: Record<string, number> = {};
    const schema: Record<string, string> = { id: "string" };
    for (const f of corpus.fields) schema[f] = "string";
    schema.embedding = `vector[${corpus.dims}]`;
    const db: AnyOrama = create({ schema: schema as never, sort: { enabled: false }, components: { tokenizer: { stemming: true, stopWords: STOP_WORDS } } } as never);
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
    const boost = Object.fromEntries(properties.map((f) => [f, BOOST[f] ?? 1]));
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
            return items(await search(db, { mode: "fulltext", term: terms, properties, boost, threshold: 1, limit: k } as never));
          }
          return items(
            await search(db, { mode: "hybrid", term: terms, properties, boost, vector: vectorParams, similarity: 0, threshold: 1, hybridWeights: { text: 0.5, vector: 0.5 }, limit: k, includeVectors: false } as never),
          );
        },
        close: () => Promise.resolve(),
      },
    };
  },
};
