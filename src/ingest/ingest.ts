/**
 * Ingestion: JSONL files → validated, normalised, skill-linked, embedded records in the stores.
 *
 * Per file, in dependency order (skills before relations and profiles, profiles and jobs before
 * interactions), lines are read in batches; each batch is validated (bad lines → quarantine),
 * compared with stored content hashes (unchanged records are skipped, never re-embedded), linked,
 * embedded and written in ONE store transaction, then mirrored into the HNSW index. The store is
 * the source of truth (it keeps the vectors too); index snapshots carry the store's vector
 * generation, so a crash between the two is repaired on the next open without re-embedding.
 *
 * Profiles and jobs are pipelined: while batch i is written (store transaction, then index),
 * batch i+1 (up to `pipelineDepth` batches ahead) is already validated, triaged, linked and
 * being embedded. With an embedder that runs in a worker thread this overlaps the model with the
 * store writes; the writes themselves stay strictly in input order, one transaction per batch,
 * each followed by its index update. Lookahead is safe because ids are unique within a file
 * (duplicates are quarantined), so a batch's triage never depends on the batches still in flight;
 * the pipeline is drained at the end of every file.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { InvalidInputError } from "../core/errors.js";
import { contentHash } from "../core/hash.js";
import type { Logger } from "../core/logger.js";
import { silentLogger } from "../core/logger.js";
import type { Progress } from "../core/progress.js";
import { silentProgress } from "../core/progress.js";
import {
  clientInput,
  freelancerInput,
  interactionInput,
  jobInput,
  occupationInput,
  skillInput,
  skillRelationInput,
  type Client,
  type Freelancer,
  type FreelancerSkill,
  type Job,
  type JobSkill,
  type Skill,
  type SkillRelation,
  type VectorKind,
} from "../core/records.js";
import type { Embedder } from "../embed/embedder.js";
import type { GraphStore, RecordKind, Upsert } from "../graph-store/graph-store.js";
import type { SkillLinker } from "../link/skill-linker.js";
import type { VectorIndex } from "../vector/vector-index.js";
import { freelancerEmbedText, jobEmbedText, skillEmbedText } from "./embed-text.js";
import { prepareInteractions } from "./interactions.js";
import type { Quarantine } from "./quarantine.js";
import { readJsonl, type JsonlLine } from "./read-jsonl.js";

/** Input files, in the order they are ingested. Any subset may be present. */
export const INPUT_FILES = [
  "skills.jsonl",
  "skill_relations.jsonl",
  "clients.jsonl",
  "freelancers.jsonl",
  "occupations.jsonl",
  "jobs.jsonl",
  "interactions.jsonl",
] as const;
export type InputFile = (typeof INPUT_FILES)[number];

export interface IngestDeps {
  store: GraphStore;
  indexes: Record<VectorKind, VectorIndex>;
  embedder: Embedder;
  /** Builds the linker over the current taxonomy (called once skills and relations are in). */
  createLinker: (skills: Skill[]) => SkillLinker;
  quarantine: QuarantineSink;
  logger?: Logger;
  progress?: (label: string, total?: number) => Progress;
  /**
   * Wraps every store write together with its index updates (a serving process passes its write
   * lock, so readers never see a store commit without its vectors). Default: runs it as is.
   */
  commit?: <T>(apply: () => Promise<T>) => Promise<T>;
  /**
   * Called after a commit changed `count` vectors of `kind`. When given, snapshots are the caller's
   * job (a server's index maintenance); without it, ingestion snapshots every `snapshotEvery`.
   */
  onVectorsChanged?: (kind: VectorKind, count: number) => void;
}

/** Where rejected lines go: the quarantine file for batch ingestion, the caller for live writes. */
export type QuarantineSink = Pick<Quarantine, "add" | "flush" | "path">;

export interface IngestOptions {
  inputDir: string;
  /** File of ids to delete: one per line, optionally prefixed by a kind (`freelancers ID`). */
  deleteFile?: string;
  batchSize?: number;
  embedBatchSize?: number;
  /** Link skills mentioned in free text (titles, overviews, descriptions) of freelancers and jobs. */
  linkTextSkills?: boolean;
  /** Save HNSW snapshots every this many changed vectors (bounds the repair work after a crash). */
  snapshotEvery?: number;
  /**
   * Batches of profiles/jobs prepared and handed to the embedder ahead of the one being written
   * (0 = strictly one batch at a time). Default 2.
   */
  pipelineDepth?: number;
}

/** Wall time the calling thread spent per ingest stage, in seconds (see {@link IngestSummary.stages}). */
export interface IngestStageTimes {
  /** Reading lines, JSON parsing, zod validation, duplicate checks. */
  read: number;
  /** Stored content hash lookup (one query per batch) and hashing records. */
  triage: number;
  /** Resolving skill ids/names and linking skills mentioned in text. */
  link: number;
  /**
   * Building embedding texts and handing them to the embedder. An in-process embedder tokenises
   * its first call right here; the rest of its work runs while other stages await (mostly `read`),
   * so with it only the sum of the stages is meaningful.
   */
  embedSubmit: number;
  /**
   * Waiting for vectors before a batch can be written: with a worker embedder, the part of
   * embedding the pipeline could not hide behind the other stages.
   */
  embedWait: number;
  /** SQLite transactions (records, edges, vectors, FTS). */
  store: number;
  /** HNSW inserts and deletes. */
  index: number;
  /** HNSW snapshot saves. */
  snapshot: number;
}

export interface FileSummary {
  file: string;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  quarantined: number;
}

export interface IngestSummary {
  files: FileSummary[];
  totals: Omit<FileSummary, "file">;
  /** Skill names in records that the linker could not resolve (kept out of the record, listed here). */
  unlinkedSkillNames: Array<{ file: string; line: number; name: string }>;
  deletesNotFound: string[];
  embedded: number;
  seconds: number;
  /** Where the time went, per stage (main thread; stages overlap with a worker embedder). */
  stages: IngestStageTimes;
  /** Records read per second over the whole run. */
  docsPerSecond: number;
  quarantinePath: string;
}

interface Ctx {
  deps: IngestDeps;
  opts: Required<Omit<IngestOptions, "deleteFile">> & { deleteFile?: string };
  /** Stage times in ms. */
  stages: Record<keyof IngestStageTimes, number>;
  logger: Logger;
  skillNames: Map<string, string>;
  linker?: SkillLinker;
  embedded: number;
  unsavedVectors: number;
  unlinked: IngestSummary["unlinkedSkillNames"];
}

const emptySummary = (file: string): FileSummary => ({
  file,
  read: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  deleted: 0,
  quarantined: 0,
});

export async function ingest(deps: IngestDeps, options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  if (!existsSync(options.inputDir)) {
    throw new InvalidInputError(`ingest: input directory ${options.inputDir} does not exist`);
  }
  const present = INPUT_FILES.filter((f) => existsSync(path.join(options.inputDir, f)));
  if (present.length === 0 && options.deleteFile === undefined) {
    throw new InvalidInputError(
      `ingest: ${options.inputDir} holds none of ${INPUT_FILES.join(", ")}; nothing to ingest`,
    );
  }
  const ctx: Ctx = {
    deps,
    opts: {
      inputDir: options.inputDir,
      batchSize: options.batchSize ?? 2048,
      embedBatchSize: options.embedBatchSize ?? 128,
      linkTextSkills: options.linkTextSkills ?? true,
      snapshotEvery: options.snapshotEvery ?? 50_000,
      pipelineDepth: Math.max(0, options.pipelineDepth ?? 2),
      ...(options.deleteFile === undefined ? {} : { deleteFile: options.deleteFile }),
    },
    stages: { read: 0, triage: 0, link: 0, embedSubmit: 0, embedWait: 0, store: 0, index: 0, snapshot: 0 },
    logger: deps.logger ?? silentLogger,
    skillNames: new Map(),
    embedded: 0,
    unsavedVectors: 0,
    unlinked: [],
  };
  const files: FileSummary[] = [];
  let deletesNotFound: string[] = [];

  if (ctx.opts.deleteFile !== undefined) {
    const r = await applyDeleteFile(ctx, ctx.opts.deleteFile);
    files.push(r.summary);
    deletesNotFound = r.notFound;
  }

  for (const file of INPUT_FILES) {
    if (file === "clients.jsonl" || file === "freelancers.jsonl") await ensureLinker(ctx);
    if (!present.includes(file)) continue;
    files.push(await ingestFile(ctx, file));
  }
  await saveIndexes(ctx);
  deps.quarantine.flush();

  const totals = emptySummary("");
  for (const f of files) {
    totals.read += f.read;
    totals.inserted += f.inserted;
    totals.updated += f.updated;
    totals.unchanged += f.unchanged;
    totals.deleted += f.deleted;
    totals.quarantined += f.quarantined;
  }
  const seconds = (performance.now() - started) / 1000;
  const { file: _file, ...totalCounts } = totals;
  return {
    files,
    totals: totalCounts,
    unlinkedSkillNames: ctx.unlinked,
    deletesNotFound,
    embedded: ctx.embedded,
    seconds,
    stages: Object.fromEntries(Object.entries(ctx.stages).map(([k, ms]) => [k, ms / 1000])) as unknown as IngestStageTimes,
    docsPerSecond: seconds > 0 ? totals.read / seconds : 0,
    quarantinePath: deps.quarantine.path,
  };
}

async function ensureLinker(ctx: Ctx): Promise<SkillLinker> {
  if (ctx.linker) return ctx.linker;
  const skills = await ctx.deps.store.allSkills();
  ctx.skillNames = new Map(skills.map((s) => [s.id, s.name]));
  ctx.linker = ctx.deps.createLinker(skills);
  return ctx.linker;
}

// ---- per-file processing ---------------------------------------------------------------

type Validated<T> = { lineNo: number; raw: string; value: T };

/** Reads a file in batches of validated lines; invalid lines go to quarantine. */
async function* validatedBatches<S extends z.ZodType>(
  ctx: Ctx,
  file: string,
  schema: S,
  summary: FileSummary,
  keyOf: ((v: z.infer<S>) => string) | undefined,
): AsyncGenerator<Validated<z.infer<S>>[]> {
  const full = path.join(ctx.opts.inputDir, file);
  const progress = ctx.deps.progress?.(`ingest ${file}`, countLines(full)) ?? silentProgress;
  const seen = new Map<string, number>();
  let batch: Validated<z.infer<S>>[] = [];
  let resumed = performance.now();
  for await (const line of readJsonl(full)) {
    summary.read++;
    progress.tick();
    const v = validateLine(line, schema);
    if (typeof v === "string") {
      quarantine(ctx, summary, file, line.lineNo, v, line.raw);
      continue;
    }
    if (keyOf) {
      const key = keyOf(v);
      const first = seen.get(key);
      if (first !== undefined) {
        quarantine(ctx, summary, file, line.lineNo, `duplicate id ${JSON.stringify(key)} (first seen on line ${first})`, line.raw);
        continue;
      }
      seen.set(key, line.lineNo);
    }
    batch.push({ lineNo: line.lineNo, raw: line.raw, value: v });
    if (batch.length >= ctx.opts.batchSize) {
      ctx.stages.read += performance.now() - resumed;
      yield batch;
      resumed = performance.now();
      batch = [];
    }
  }
  ctx.stages.read += performance.now() - resumed;
  if (batch.length > 0) yield batch;
  progress.done();
}

function validateLine<S extends z.ZodType>(line: JsonlLine, schema: S): z.infer<S> | string {
  if (line.error !== undefined) return line.error;
  const parsed = schema.safeParse(line.value);
  if (parsed.success) return parsed.data;
  return parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join(".") : "(record)"}: ${i.message}`)
    .join("; ");
}

function quarantine(ctx: Ctx, summary: FileSummary, file: string, line: number, reason: string, raw: string): void {
  summary.quarantined++;
  ctx.deps.quarantine.add(file, line, reason, raw);
}

function countLines(file: string): number | undefined {
  // Counted in 1 MiB chunks so a large file costs a fast extra read, not its size in memory.
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const buf = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    let last = 10;
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) {
      for (let i = buf.indexOf(10); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) lines++;
      last = buf[n - 1] as number;
    }
    return last === 10 ? lines : lines + 1;
  } catch {
    // The count only feeds the progress bar; reading the file for real reports any error.
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function ingestFile(ctx: Ctx, file: InputFile): Promise<FileSummary> {
  const summary = emptySummary(file);
  switch (file) {
    case "skills.jsonl":
      for await (const batch of validatedBatches(ctx, file, skillInput, summary, (v) => v.id)) {
        await ingestSkills(ctx, file, batch, summary);
      }
      break;
    case "skill_relations.jsonl":
      for await (const batch of validatedBatches(ctx, file, skillRelationInput, summary, (v) => `${v.from}|${v.type}|${v.to}`)) {
        await ingestRelations(ctx, file, batch, summary);
      }
      break;
    case "clients.jsonl":
      for await (const batch of validatedBatches(ctx, file, clientInput, summary, (v) => v.id)) {
        await ingestClients(ctx, batch, summary);
      }
      break;
    case "freelancers.jsonl":
    case "occupations.jsonl": {
      const schema = file === "occupations.jsonl" ? occupationInput : freelancerInput;
      const pipeline = new WritePipeline(ctx);
      for await (const batch of validatedBatches(ctx, file, schema, summary, (v) => v.id)) {
        await pipeline.push(await prepareFreelancers(ctx, file, batch, summary, file === "occupations.jsonl"));
      }
      await pipeline.drain();
      break;
    }
    case "jobs.jsonl": {
      const pipeline = new WritePipeline(ctx);
      for await (const batch of validatedBatches(ctx, file, jobInput, summary, (v) => v.id)) {
        await pipeline.push(await prepareJobs(ctx, file, batch, summary));
      }
      await pipeline.drain();
      break;
    }
    case "interactions.jsonl":
      for await (const batch of validatedBatches(
        ctx,
        file,
        interactionInput,
        summary,
        (v) => `${v.type}|${v.jobId}|${v.freelancerId}|${v.at}`,
      )) {
        await ingestInteractions(ctx, file, batch, summary);
      }
      break;
  }
  return summary;
}

/** Splits a batch into deletions, unchanged records and records to (re)write, by content hash. */
async function triage<T extends { id: string; deleted?: boolean | undefined }>(
  ctx: Ctx,
  kind: RecordKind,
  batch: Validated<T>[],
  summary: FileSummary,
  hashSalt: string,
): Promise<{ deletes: string[]; changed: Array<Validated<T> & { hash: string; isNew: boolean }> }> {
  const t0 = performance.now();
  const stored = await ctx.deps.store.contentHashes(kind, batch.map((b) => b.value.id));
  const deletes: string[] = [];
  const changed: Array<Validated<T> & { hash: string; isNew: boolean }> = [];
  for (const item of batch) {
    if (item.value.deleted === true) {
      if (stored.has(item.value.id)) deletes.push(item.value.id);
      else summary.unchanged++;
      continue;
    }
    const hash = contentHash({ salt: hashSalt, record: item.value });
    const previous = stored.get(item.value.id);
    if (previous === hash) {
      summary.unchanged++;
      continue;
    }
    changed.push({ ...item, hash, isNew: previous === undefined });
  }
  ctx.stages.triage += performance.now() - t0;
  return { deletes, changed };
}

/**
 * Hands texts to the embedder in calls of `embedBatchSize`, all at once (an embedder in a worker
 * queues them, so it never idles between calls); resolves with the vectors in input order.
 */
function submitEmbedding(ctx: Ctx, texts: string[]): Promise<Float32Array[]> {
  const parts: Array<Promise<Float32Array[]>> = [];
  for (let i = 0; i < texts.length; i += ctx.opts.embedBatchSize) {
    parts.push(ctx.deps.embedder.embed(texts.slice(i, i + ctx.opts.embedBatchSize)));
  }
  ctx.embedded += texts.length;
  return Promise.all(parts).then((p) => p.flat());
}

async function embedAll(ctx: Ctx, texts: string[]): Promise<Float32Array[]> {
  const t0 = performance.now();
  const vectors = await submitEmbedding(ctx, texts);
  ctx.stages.embedWait += performance.now() - t0;
  return vectors;
}

/** A batch ready to be written once its vectors arrive. */
interface PreparedBatch {
  vectors: Promise<Float32Array[]>;
  commit: (vectors: Float32Array[]) => Promise<void>;
}

/**
 * Keeps up to `pipelineDepth` prepared batches embedding ahead of the one being written and
 * commits them strictly in push order.
 */
class WritePipeline {
  private readonly queue: PreparedBatch[] = [];

  constructor(private readonly ctx: Ctx) {}

  async push(batch: PreparedBatch): Promise<void> {
    // A failure surfaces when the batch is committed (in order); until then it must not count
    // as an unhandled rejection.
    batch.vectors.catch(() => undefined);
    this.queue.push(batch);
    while (this.queue.length > this.ctx.opts.pipelineDepth) await this.commitOldest();
  }

  async drain(): Promise<void> {
    while (this.queue.length > 0) await this.commitOldest();
  }

  private async commitOldest(): Promise<void> {
    const next = this.queue.shift();
    if (next === undefined) return;
    const t0 = performance.now();
    const vectors = await next.vectors;
    this.ctx.stages.embedWait += performance.now() - t0;
    await next.commit(vectors);
  }
}

async function writeWithVectors<T extends { id: string }>(
  ctx: Ctx,
  kind: VectorKind,
  upserts: Upsert<T>[],
  deletes: string[],
  extra: (u: Upsert<T>[]) => Parameters<GraphStore["write"]>[0],
): Promise<void> {
  await commit(ctx, async () => {
    const t0 = performance.now();
    await ctx.deps.store.write({ ...extra(upserts), deletes: deletes.map((id) => ({ kind, id })) });
    const t1 = performance.now();
    const index = ctx.deps.indexes[kind];
    for (const id of deletes) index.remove(id);
    for (const u of upserts) if (u.vector) index.upsert(u.record.id, u.vector);
    ctx.stages.store += t1 - t0;
    ctx.stages.index += performance.now() - t1;
  });
  const changed = upserts.length + deletes.length;
  if (ctx.deps.onVectorsChanged) {
    if (changed > 0) ctx.deps.onVectorsChanged(kind, changed);
    return;
  }
  ctx.unsavedVectors += changed;
  if (ctx.unsavedVectors >= ctx.opts.snapshotEvery) await saveIndexes(ctx);
}

/** Runs a store write (and its index updates) through the caller's commit hook. */
function commit<T>(ctx: Ctx, apply: () => Promise<T>): Promise<T> {
  return ctx.deps.commit ? ctx.deps.commit(apply) : apply();
}

async function saveIndexes(ctx: Ctx): Promise<void> {
  if (ctx.unsavedVectors === 0) return;
  const t0 = performance.now();
  for (const [kind, index] of Object.entries(ctx.deps.indexes) as Array<[VectorKind, VectorIndex]>) {
    const generation = await ctx.deps.store.vectorGeneration(kind);
    await index.save({ generation });
    // The snapshot holds every logged change up to its generation: the vector log can forget them.
    await ctx.deps.store.trimVectorLog(kind, generation);
  }
  ctx.unsavedVectors = 0;
  ctx.stages.snapshot += performance.now() - t0;
}

function count(summary: FileSummary, changed: Array<{ isNew: boolean }>, deletes: string[]): void {
  for (const c of changed) {
    if (c.isNew) summary.inserted++;
    else summary.updated++;
  }
  summary.deleted += deletes.length;
}

async function ingestSkills(
  ctx: Ctx,
  _file: string,
  batch: Validated<z.infer<typeof skillInput>>[],
  summary: FileSummary,
): Promise<void> {
  const { deletes, changed } = await triage(ctx, "skills", batch, summary, ctx.deps.embedder.modelId);
  const records: Skill[] = changed.map(({ value: v }) => ({
    id: v.id,
    name: v.name,
    aliases: dedupe((v.aliases ?? []).filter((a) => a.toLowerCase() !== v.name.toLowerCase())),
    ...(v.description === undefined ? {} : { description: v.description }),
    ...(v.category === undefined ? {} : { category: v.category }),
  }));
  const vectors = await embedAll(ctx, records.map(skillEmbedText));
  const upserts = records.map((record, i) => ({ record, hash: (changed[i] as { hash: string }).hash, vector: vectors[i] as Float32Array }));
  await writeWithVectors(ctx, "skills", upserts, deletes, (u) => ({ skills: u }));
  count(summary, changed, deletes);
  // The taxonomy changed: the linker is rebuilt before it is next needed.
  if (changed.length > 0 || deletes.length > 0) ctx.linker = undefined;
}

async function ingestRelations(
  ctx: Ctx,
  file: string,
  batch: Validated<z.infer<typeof skillRelationInput>>[],
  summary: FileSummary,
): Promise<void> {
  const endpoints = dedupe(batch.flatMap((b) => [b.value.from, b.value.to]));
  const known = new Set((await ctx.deps.store.getSkills(endpoints)).map((s) => s.id));
  const upserts: SkillRelation[] = [];
  const removes: Array<Pick<SkillRelation, "from" | "to" | "type">> = [];
  for (const { lineNo, raw, value: v } of batch) {
    const missing = [v.from, v.to].filter((id) => !known.has(id));
    if (missing.length > 0) {
      quarantine(ctx, summary, file, lineNo, `unknown skill id ${missing.map((m) => JSON.stringify(m)).join(", ")}`, raw);
      continue;
    }
    const existing = (await ctx.deps.store.skillNeighbours(v.from, [v.type])).find(
      (n) => n.direction === "out" && n.skillId === v.to,
    );
    if (v.deleted === true) {
      if (existing) {
        removes.push({ from: v.from, to: v.to, type: v.type });
        summary.deleted++;
      } else summary.unchanged++;
      continue;
    }
    const weight = v.weight ?? 1;
    if (existing && Math.abs(existing.weight - weight) < 1e-9) {
      summary.unchanged++;
      continue;
    }
    if (existing) summary.updated++;
    else summary.inserted++;
    upserts.push({ from: v.from, to: v.to, type: v.type, weight });
  }
  if (upserts.length > 0 || removes.length > 0) {
    await commit(ctx, () => ctx.deps.store.write({ skillRelations: upserts, removeSkillRelations: removes }));
    ctx.linker = undefined;
  }
}

async function ingestClients(ctx: Ctx, batch: Validated<z.infer<typeof clientInput>>[], summary: FileSummary): Promise<void> {
  const { deletes, changed } = await triage(ctx, "clients", batch, summary, "");
  const upserts: Upsert<Client>[] = changed.map(({ value: { deleted: _d, ...record }, hash }) => ({ record, hash }));
  await commit(ctx, () => ctx.deps.store.write({ clients: upserts, deletes: deletes.map((id) => ({ kind: "clients" as const, id })) }));
  count(summary, changed, deletes);
}

type SkillRefIn = { id?: string | undefined; name?: string | undefined };
type ResolvedRef<R> = { ref: R; skillId: string; source: "id" | "name" };

/**
 * Resolves a record's skill references: ids must exist in the taxonomy (else the record is
 * quarantined); names go through the linker (unresolved names are reported, not guessed).
 * Returns the reason for quarantine, or the resolved skills.
 */
async function resolveSkillRefs<R extends SkillRefIn>(
  ctx: Ctx,
  file: string,
  lineNo: number,
  refs: R[],
): Promise<string | Array<ResolvedRef<R>>> {
  const linker = await ensureLinker(ctx);
  const out: Array<ResolvedRef<R>> = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    if (ref.id !== undefined) {
      if (ctx.skillNames.has(ref.id)) out.push({ ref, skillId: ref.id, source: "id" });
      else unknown.push(ref.id);
      continue;
    }
    const name = ref.name as string;
    const hit = await linker.resolveName(name);
    if (hit) out.push({ ref, skillId: hit.skillId, source: "name" });
    else ctx.unlinked.push({ file, line: lineNo, name });
  }
  if (unknown.length > 0) return `unknown skill id ${unknown.map((u) => JSON.stringify(u)).join(", ")}`;
  return out;
}

/** Skills found in free text that the record did not list: exact/alias matches only, never guesses. */
async function textSkills(ctx: Ctx, text: string, have: Set<string>): Promise<string[]> {
  if (!ctx.opts.linkTextSkills) return [];
  const linker = await ensureLinker(ctx);
  const links = await linker.link(text, { limit: 20, useVectors: false });
  return links.filter((l) => l.method !== "vector" && !have.has(l.skillId)).map((l) => l.skillId);
}

/** A freelancer's skills: given levels (best one per skill, default 3), plus skills named in its text. */
async function prepareFreelancers(
  ctx: Ctx,
  file: string,
  batch: Validated<z.infer<typeof occupationInput>>[],
  summary: FileSummary,
  archetype: boolean,
): Promise<PreparedBatch> {
  return prepareLinkedBatch(ctx, "freelancers", file, batch, summary, freelancerEmbedText, async (v, resolved) => {
    const skills = new Map<string, FreelancerSkill>();
    for (const r of resolved) {
      const level = r.ref.level ?? 3;
      const prev = skills.get(r.skillId);
      if (!prev || prev.level < level) skills.set(r.skillId, { skillId: r.skillId, level, source: r.source });
    }
    if (!archetype) {
      for (const id of await textSkills(ctx, `${v.title}. ${v.overview}`, new Set(skills.keys()))) {
        skills.set(id, { skillId: id, level: 2, source: "text" });
      }
    }
    const { deleted: _d, skills: _s, ...rest } = v;
    return { ...rest, skills: [...skills.values()], ...(archetype ? { archetype: true } : {}) };
  });
}

/** A job's skills: required wins over preferred for the same skill, plus skills named in its text (preferred). */
async function prepareJobs(ctx: Ctx, file: string, batch: Validated<z.infer<typeof jobInput>>[], summary: FileSummary): Promise<PreparedBatch> {
  return prepareLinkedBatch(ctx, "jobs", file, batch, summary, jobEmbedText, async (v, resolved) => {
    const skills = new Map<string, JobSkill>();
    for (const r of resolved) {
      const importance = r.ref.importance ?? "required";
      const prev = skills.get(r.skillId);
      if (!prev || (prev.importance === "preferred" && importance === "required")) {
        skills.set(r.skillId, { skillId: r.skillId, importance, source: r.source });
      }
    }
    for (const id of await textSkills(ctx, `${v.title}. ${v.description}`, new Set(skills.keys()))) {
      skills.set(id, { skillId: id, importance: "preferred", source: "text" });
    }
    const { deleted: _d, skills: _s, status, ...rest } = v;
    return { ...rest, status: status ?? "open", skills: [...skills.values()] };
  });
}

/**
 * Triage, skill resolution (records naming unknown skill ids are quarantined) and record building for
 * a batch of profiles or jobs; hands their texts to the embedder now and returns the commit that
 * writes records, vectors and deletions once the vectors arrive (batches commit in input order).
 */
async function prepareLinkedBatch<V extends { id: string; deleted?: boolean | undefined; skills: SkillRefIn[] }, T extends Freelancer | Job>(
  ctx: Ctx,
  kind: "freelancers" | "jobs",
  file: string,
  batch: Validated<V>[],
  summary: FileSummary,
  embedText: (record: T, skillName: (id: string) => string | undefined) => string,
  toRecord: (value: V, resolved: Array<ResolvedRef<V["skills"][number]>>) => Promise<T>,
): Promise<PreparedBatch> {
  const { deletes, changed } = await triage(ctx, kind, batch, summary, ctx.deps.embedder.modelId);
  const t0 = performance.now();
  const upserts: Upsert<T>[] = [];
  const kept: typeof changed = [];
  for (const item of changed) {
    const resolved = await resolveSkillRefs(ctx, file, item.lineNo, item.value.skills);
    if (typeof resolved === "string") {
      quarantine(ctx, summary, file, item.lineNo, resolved, item.raw);
      continue;
    }
    upserts.push({ record: await toRecord(item.value, resolved), hash: item.hash });
    kept.push(item);
  }
  const t1 = performance.now();
  ctx.stages.link += t1 - t0;
  const name = (id: string) => ctx.skillNames.get(id);
  const vectors = submitEmbedding(ctx, upserts.map((u) => embedText(u.record, name)));
  ctx.stages.embedSubmit += performance.now() - t1;
  return {
    vectors,
    commit: async (v) => {
      upserts.forEach((u, i) => (u.vector = v[i]));
      await writeWithVectors(ctx, kind, upserts, deletes, (u) => ({ [kind]: u }));
      count(summary, kept, deletes);
    },
  };
}

async function ingestInteractions(
  ctx: Ctx,
  file: string,
  batch: Validated<z.infer<typeof interactionInput>>[],
  summary: FileSummary,
): Promise<void> {
  const prepared = await prepareInteractions(ctx.deps.store, batch.map((b) => b.value));
  for (const { index, reason } of prepared.rejected) {
    const { lineNo, raw } = batch[index] as Validated<z.infer<typeof interactionInput>>;
    quarantine(ctx, summary, file, lineNo, reason, raw);
  }
  summary.unchanged += prepared.unchanged.length;
  summary.inserted += prepared.writes.length;
  if (prepared.writes.length > 0) await commit(ctx, () => ctx.deps.store.write({ interactions: prepared.writes }));
}

// ---- deletes ------------------------------------------------------------------------------

const DELETE_KINDS: Record<string, RecordKind> = {
  skill: "skills",
  skills: "skills",
  freelancer: "freelancers",
  freelancers: "freelancers",
  job: "jobs",
  jobs: "jobs",
  client: "clients",
  clients: "clients",
};

async function applyDeleteFile(ctx: Ctx, file: string): Promise<{ summary: FileSummary; notFound: string[] }> {
  const summary = emptySummary(path.basename(file));
  if (!existsSync(file)) throw new InvalidInputError(`ingest: delete file ${file} does not exist`);
  const notFound: string[] = [];
  const lines = readFileSync(file, "utf8").split(/\r?\n/);
  for (const rawLine of lines) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    summary.read++;
    const m = /^(\w+)\s+(.+)$/.exec(line);
    const explicit = m ? DELETE_KINDS[(m[1] as string).toLowerCase()] : undefined;
    const id = explicit && m ? (m[2] as string).trim() : line;
    const kinds: RecordKind[] = explicit ? [explicit] : ["freelancers", "jobs", "skills", "clients"];
    let found = false;
    for (const kind of kinds) {
      if ((await ctx.deps.store.contentHashes(kind, [id])).has(id)) {
        found = true;
        if (kind === "clients") await ctx.deps.store.write({ deletes: [{ kind, id }] });
        else await writeWithVectors(ctx, kind, [], [id], () => ({}));
        summary.deleted++;
        if (kind === "skills") ctx.linker = undefined;
      }
    }
    if (!found) notFound.push(id);
  }
  return { summary, notFound };
}

// ---- live writes ---------------------------------------------------------------------------

/** Record kinds the write API takes one at a time (or a few), through the same path as files. */
export type LiveKind = "skills" | "freelancers" | "jobs" | "interactions";

const LIVE_FILES: Record<LiveKind, InputFile> = {
  skills: "skills.jsonl",
  freelancers: "freelancers.jsonl",
  jobs: "jobs.jsonl",
  interactions: "interactions.jsonl",
};

export interface RecordWriteResult {
  summary: FileSummary;
  /** Inputs refused, by position, with why (schema errors, unknown skill ids, unknown job/freelancer, duplicates). */
  rejected: Array<{ index: number; reason: string }>;
  /** Skill names that did not resolve (kept out of the record, as in ingestion). */
  unlinkedSkillNames: string[];
}

export interface RecordWriter {
  /**
   * Validates, normalises, links, embeds and writes records exactly as `ingest` does with a file of
   * them; resolves after the store committed them and the indexes hold their vectors.
   */
  write(kind: LiveKind, values: readonly unknown[]): Promise<RecordWriteResult>;
  /** Deletes records (and their edges, vectors and keyword entries); ids that do not exist are listed. */
  delete(kind: "skills" | "freelancers" | "jobs", ids: readonly string[]): Promise<{ deleted: string[]; notFound: string[] }>;
}

/**
 * The ingestion path for writes that arrive through the API. Calls are applied one after another
 * (the linker and skill names they share stay consistent); `deps.commit` and
 * `deps.onVectorsChanged` let a server hold its write lock and schedule index snapshots.
 */
export function createRecordWriter(
  deps: Omit<IngestDeps, "quarantine" | "progress">,
  options: Pick<IngestOptions, "linkTextSkills" | "embedBatchSize"> = {},
): RecordWriter {
  const shared: { linker?: SkillLinker; skillNames: Map<string, string> } = { skillNames: new Map() };
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const contextFor = (rejected: RecordWriteResult["rejected"]): Ctx => ({
    deps: {
      ...deps,
      quarantine: { path: "(api)", flush: () => undefined, add: (_file, line, reason) => rejected.push({ index: line - 1, reason }) },
    },
    opts: {
      inputDir: "",
      batchSize: Number.MAX_SAFE_INTEGER,
      embedBatchSize: options.embedBatchSize ?? 128,
      linkTextSkills: options.linkTextSkills ?? true,
      snapshotEvery: Number.MAX_SAFE_INTEGER,
      pipelineDepth: 0,
    },
    stages: { read: 0, triage: 0, link: 0, embedSubmit: 0, embedWait: 0, store: 0, index: 0, snapshot: 0 },
    logger: deps.logger ?? silentLogger,
    skillNames: shared.skillNames,
    ...(shared.linker === undefined ? {} : { linker: shared.linker }),
    embedded: 0,
    unsavedVectors: 0,
    unlinked: [],
  });
  const keep = (ctx: Ctx): void => {
    shared.skillNames = ctx.skillNames;
    if (ctx.linker === undefined) delete shared.linker;
    else shared.linker = ctx.linker;
  };

  return {
    write: (kind, values) =>
      serial(async () => {
        const rejected: RecordWriteResult["rejected"] = [];
        const ctx = contextFor(rejected);
        const file = LIVE_FILES[kind];
        const summary = emptySummary(kind);
        const batch: Array<Validated<never>> = [];
        const seen = new Set<string>();
        values.forEach((value, i) => {
          summary.read++;
          const v = validateLine({ lineNo: i + 1, raw: "", value }, LIVE_SCHEMAS[kind]);
          if (typeof v === "string") {
            quarantine(ctx, summary, file, i + 1, v, "");
            return;
          }
          const key = kind === "interactions" ? JSON.stringify(v) : (v as { id: string }).id;
          if (seen.has(key)) {
            quarantine(ctx, summary, file, i + 1, `duplicate ${kind === "interactions" ? "interaction" : `id ${JSON.stringify(key)}`} in one write`, "");
            return;
          }
          seen.add(key);
          batch.push({ lineNo: i + 1, raw: "", value: v as never });
        });
        if (kind !== "interactions") await ensureLinker(ctx);
        if (batch.length > 0) {
          if (kind === "skills") await ingestSkills(ctx, file, batch, summary);
          else if (kind === "interactions") await ingestInteractions(ctx, file, batch, summary);
          else {
            const prepared = kind === "freelancers" ? await prepareFreelancers(ctx, file, batch, summary, false) : await prepareJobs(ctx, file, batch, summary);
            await prepared.commit(await prepared.vectors);
          }
        }
        keep(ctx);
        rejected.sort((a, b) => a.index - b.index);
        return { summary, rejected, unlinkedSkillNames: ctx.unlinked.map((u) => u.name) };
      }),
    delete: (kind, ids) =>
      serial(async () => {
        const ctx = contextFor([]);
        const stored = await deps.store.contentHashes(kind, dedupe([...ids]));
        const deleted = dedupe([...ids]).filter((id) => stored.has(id));
        if (deleted.length > 0) await writeWithVectors(ctx, kind, [], deleted, () => ({}));
        if (kind === "skills" && deleted.length > 0) delete shared.linker;
        return { deleted, notFound: ids.filter((id) => !stored.has(id)) };
      }),
  };
}

const LIVE_SCHEMAS = { skills: skillInput, freelancers: freelancerInput, jobs: jobInput, interactions: interactionInput } as const;

function dedupe<T>(items: T[]): T[] {
  return [...new Set(items)];
}

export function formatIngestSummary(s: IngestSummary): string {
  const rows = s.files.map(
    (f) =>
      `  ${f.file.padEnd(24)} read ${f.read}  inserted ${f.inserted}  updated ${f.updated}  unchanged ${f.unchanged}  deleted ${f.deleted}  quarantined ${f.quarantined}`,
  );
  const t = s.totals;
  const lines = [
    "ingest summary",
    ...rows,
    `  total: read ${t.read}, inserted ${t.inserted}, updated ${t.updated}, unchanged ${t.unchanged}, deleted ${t.deleted}, quarantined ${t.quarantined}`,
    `  embedded ${s.embedded} texts; ${s.seconds.toFixed(1)} s; ${s.docsPerSecond.toFixed(0)} docs/s`,
  ];
  if (s.unlinkedSkillNames.length > 0) {
    const sample = s.unlinkedSkillNames.slice(0, 5).map((u) => `${u.file}:${u.line} "${u.name}"`);
    lines.push(`  ${s.unlinkedSkillNames.length} skill names not linked to the taxonomy (left out), e.g. ${sample.join(", ")}`);
  }
  if (s.deletesNotFound.length > 0) lines.push(`  ${s.deletesNotFound.length} ids to delete were not found`);
  if (t.quarantined > 0) lines.push(`  quarantined lines with reasons: ${s.quarantinePath}`);
  return lines.join("\n");
}
