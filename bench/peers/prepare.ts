/**
 * Reads what the peers are fed out of talentgraph's own stores: the stored vectors (`vectors(kind)`),
 * the records' text fields (the same fields talentgraph's BM25 indexes: a freelancer's title,
 * overview and skill names; a skill's name and aliases) and query embeddings made by the store's own
 * embedder. Nothing is embedded any other way.
 */
import { InvalidInputError } from "../../src/core/errors.js";
import type { Services } from "../../src/services.js";
import type { Corpus, PeerQuery, QuerySet } from "./corpus.js";

const CHUNK = 1000;

/** Freelancers with a stored vector: archetypes only, or real profiles only (as talentgraph's filter does). */
export async function freelancerCorpus(services: Services, name: string, options: { archetypes: boolean }): Promise<Corpus> {
  const { store } = services;
  const dims = (await services.embedder()).dimensions;
  const names = new Map((await store.allSkills()).map((s) => [s.id, s.name]));
  const stored: Array<{ id: string; vector: Float32Array }> = [];
  for await (const v of store.vectors("freelancers")) stored.push(v);
  const ids: string[] = [];
  const texts: string[][] = [];
  const vectors = new Float32Array(stored.length * dims);
  for (let from = 0; from < stored.length; from += CHUNK) {
    const chunk = stored.slice(from, from + CHUNK);
    const records = new Map((await store.getFreelancers(chunk.map((c) => c.id))).map((f) => [f.id, f]));
    for (const { id, vector } of chunk) {
      const f = records.get(id);
      if (f === undefined || (f.archetype === true) !== options.archetypes) continue;
      if (vector.length !== dims) throw new InvalidInputError(`freelancerCorpus: ${id} has a ${vector.length}-d vector, the model has ${dims}`);
      vectors.set(vector, ids.length * dims);
      ids.push(id);
      texts.push([f.title, f.overview, f.skills.map((s) => names.get(s.skillId) ?? "").filter((n) => n !== "").join(", ")]);
    }
  }
  return { name, dims, fields: ["title", "overview", "skills"], ids, texts, vectors: vectors.slice(0, ids.length * dims) };
}

/** Skills with a stored vector, with their name and aliases. */
export async function skillCorpus(services: Services, name: string): Promise<Corpus> {
  const { store } = services;
  const dims = (await services.embedder()).dimensions;
  const skills = new Map((await store.allSkills()).map((s) => [s.id, s]));
  const ids: string[] = [];
  const texts: string[][] = [];
  const chunks: Float32Array[] = [];
  for await (const { id, vector } of store.vectors("skills")) {
    const s = skills.get(id);
    if (s === undefined) continue;
    ids.push(id);
    texts.push([s.name, s.aliases.join(", ")]);
    chunks.push(vector);
  }
  const vectors = new Float32Array(ids.length * dims);
  chunks.forEach((v, i) => vectors.set(v, i * dims));
  return { name, dims, fields: ["name", "aliases"], ids, texts, vectors };
}

/** Embeds the queries' texts with the store's embedder (the one talentgraph's pipeline uses for them). */
export async function embedQueries(services: Services, name: string, queries: PeerQuery[]): Promise<QuerySet> {
  const embedder = await services.embedder();
  const dims = embedder.dimensions;
  const vectors = new Float32Array(queries.length * dims);
  for (let from = 0; from < queries.length; from += 256) {
    const batch = await embedder.embed(queries.slice(from, from + 256).map((q) => q.text));
    batch.forEach((v, j) => vectors.set(v, (from + j) * dims));
  }
  return { name, dims, queries, vectors };
}
