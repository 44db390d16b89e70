/**
 * The write API's side of ingestion: one record (or interaction) at a time, through the same
 * validation, normalisation, skill linking and embedding as `ingest` (createRecordWriter), with the
 * store commit and the index updates applied under the process's write lock, so a search never sees
 * half of a write. A write resolves only after SQLite committed it (WAL), which is what makes it
 * durable: the HNSW indexes are rebuilt or replayed from the store after a crash.
 */
import { InvalidInputError, NotFoundError } from "../core/errors.js";
import type { Freelancer, Interaction, Job, Skill, VectorKind } from "../core/records.js";
import type { Services } from "../services.js";
import { createRecordWriter, type FileSummary, type LiveKind, type RecordWriter, type RecordWriteResult } from "./ingest.js";

export type WriteStatus = "inserted" | "updated" | "unchanged" | "deleted" | "not_found";

export interface UpsertResult<T> {
  status: WriteStatus;
  record: T;
  /** Skill names in the input that did not resolve to a taxonomy skill (left out, never guessed). */
  unlinkedSkillNames: string[];
}

export interface LiveWriter {
  upsertFreelancer(input: unknown): Promise<UpsertResult<Freelancer>>;
  upsertJob(input: unknown): Promise<UpsertResult<Job>>;
  upsertSkill(input: unknown): Promise<UpsertResult<Skill>>;
  deleteFreelancer(id: string): Promise<{ id: string; status: WriteStatus }>;
  deleteJob(id: string): Promise<{ id: string; status: WriteStatus }>;
  /**
   * Validates and stores one interaction (`at` defaults to now). INVALID_INPUT for a malformed one,
   * NOT_FOUND when the job or freelancer does not exist. An identical interaction already stored is
   * not written again (`inserted: false`).
   */
  recordInteraction(input: unknown): Promise<{ interaction: Interaction; inserted: boolean }>;
}

export type LiveWriterServices = Pick<Services, "store" | "embedder" | "indexes" | "createLinker" | "consistency" | "invalidateLinker" | "logger">;

export interface LiveWriterOptions {
  /** Told after each commit that changed vectors (index maintenance schedules snapshots from it). */
  onVectorsChanged?: (kind: VectorKind, count: number) => void;
  now?: () => Date;
}

const statusOf = (s: FileSummary): WriteStatus => (s.inserted > 0 ? "inserted" : s.updated > 0 ? "updated" : "unchanged");

export function createLiveWriter(services: LiveWriterServices, options: LiveWriterOptions = {}): LiveWriter {
  const now = options.now ?? (() => new Date());
  let writer: Promise<RecordWriter> | undefined;
  const recordWriter = (): Promise<RecordWriter> =>
    (writer ??= (async () => {
      const [embedder, indexes] = await Promise.all([services.embedder(), services.indexes()]);
      return createRecordWriter({
        store: services.store,
        indexes,
        embedder,
        createLinker: services.createLinker,
        logger: services.logger,
        commit: (apply) => services.consistency.write(apply),
        ...(options.onVectorsChanged ? { onVectorsChanged: options.onVectorsChanged } : {}),
      });
    })());

  /** Writes one record; a refusal becomes INVALID_INPUT with the reason ingestion would have quarantined it for. */
  async function one(op: string, kind: LiveKind, input: unknown): Promise<RecordWriteResult> {
    if (input === null || typeof input !== "object") throw new InvalidInputError(`${op}: input must be an object`);
    const result = await (await recordWriter()).write(kind, [input]);
    const refused = result.rejected[0];
    if (refused) {
      if (/unknown (job|freelancer) id/.test(refused.reason)) throw new NotFoundError(`${op}: ${refused.reason}`);
      throw new InvalidInputError(`${op}: ${refused.reason}`);
    }
    return result;
  }

  async function upsert<T extends { id: string }>(op: string, kind: "freelancers" | "jobs" | "skills", input: unknown, read: (id: string) => Promise<T[]>): Promise<UpsertResult<T>> {
    const result = await one(op, kind, input);
    if (kind === "skills" && result.summary.inserted + result.summary.updated > 0) services.invalidateLinker();
    const id = (input as { id: string }).id.trim();
    const [record] = await read(id);
    if (!record) throw new NotFoundError(`${op}: ${id} was written but could not be read back (deleted concurrently?)`);
    return { status: statusOf(result.summary), record, unlinkedSkillNames: result.unlinkedSkillNames };
  }

  async function remove(kind: "freelancers" | "jobs", id: string): Promise<{ id: string; status: WriteStatus }> {
    const { deleted } = await (await recordWriter()).delete(kind, [id]);
    return { id, status: deleted.length > 0 ? "deleted" : "not_found" };
  }

  return {
    upsertFreelancer: (input) => upsert("upsertFreelancer", "freelancers", input, (id) => services.store.getFreelancers([id])),
    upsertJob: (input) => upsert("upsertJob", "jobs", input, (id) => services.store.getJobs([id])),
    upsertSkill: (input) => upsert("upsertSkill", "skills", input, (id) => services.store.getSkills([id])),
    deleteFreelancer: (id) => remove("freelancers", id),
    deleteJob: (id) => remove("jobs", id),
    async recordInteraction(input) {
      const withTime = input !== null && typeof input === "object" && (input as { at?: unknown }).at == null ? { ...input, at: now().toISOString() } : input;
      const result = await one("recordInteraction", "interactions", withTime);
      const parsed = withTime as Interaction;
      const interaction: Interaction = {
        type: parsed.type,
        jobId: parsed.jobId.trim(),
        freelancerId: parsed.freelancerId.trim(),
        at: parsed.at,
        ...(parsed.rating === undefined ? {} : { rating: parsed.rating }),
      };
      return { interaction, inserted: result.summary.inserted > 0 };
    },
  };
}
