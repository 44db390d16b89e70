/**
 * The output: one record per recipient, as a JSON line or as CSV rows (one per recommended item,
 * or one empty row for a recipient who got nothing), with why a list is short when it is.
 */
import type { BatchMode, OutputFormat } from "./batch-options.js";
import type { ExclusionCounts } from "./select.js";

/**
 * Why a recipient got fewer than `top` items. Stable codes for machines; `message` for people.
 * - `recipient_not_found`: the recipient was deleted after the run listed it.
 * - `no_open_jobs_since`: no open job was posted since the cut-off (freelancers mode).
 * - `no_matches`: no channel retrieved anything (e.g. a profile without skills, vector or history).
 * - `already_engaged`, `already_sent`, `below_min_score`, `client_cap`: that rule left out the most
 *   candidates (`already_engaged` also when every candidate was applied to / interviewed for / hired for).
 * - `few_matches`: the ranking simply had fewer candidates than asked for.
 */
export const SHORTFALL_CODES = [
  "recipient_not_found",
  "no_open_jobs_since",
  "no_matches",
  "already_engaged",
  "already_sent",
  "below_min_score",
  "client_cap",
  "few_matches",
] as const;
export type ShortfallCode = (typeof SHORTFALL_CODES)[number];

export interface Shortfall {
  code: ShortfallCode;
  message: string;
  excluded: ExclusionCounts;
}

export interface BatchItem {
  /** 1-based position in this list. */
  rank: number;
  /** Job id (freelancers mode) or freelancer id (jobs mode). */
  id: string;
  /** The pipeline's score (higher is better; the profile's fused or reranked scale). */
  score: number;
  /** Position in the pipeline's own ranking (differs from `rank` after exclusions or MMR). */
  pipelineRank: number;
  /** Short, human reason fit for an e-mail. */
  reason: string;
  /** Title of the job, or name of the freelancer, for the e-mail. */
  title: string;
  /** The job's client (freelancers mode). */
  clientId?: string;
}

export interface BatchLine {
  /** `freelancer` (freelancers mode) or `client` (jobs mode: the job's client). */
  recipientType: "freelancer" | "client";
  /** The freelancer's id, or the client's id (null for a job without a client). */
  recipientId: string | null;
  /** jobs mode: the job the freelancers are recommended for (the unit of dedupe and resume). */
  jobId?: string;
  /** The run's reference time (ISO-8601). */
  generatedAt: string;
  profile: string;
  /** Reranker model that ordered the list ("none" when the profile keeps fusion's order). */
  reranker: string;
  /** Embedding model of the stored vectors. */
  model: string;
  items: BatchItem[];
  shortfall: Shortfall | null;
}

/** The id a line is keyed by for resume and dedupe: the freelancer (freelancers) or the job (jobs). */
export function lineKey(mode: BatchMode, line: BatchLine): string {
  return (mode === "jobs" ? line.jobId : line.recipientId) ?? "";
}

export const CSV_COLUMNS = [
  "recipient_type",
  "recipient_id",
  "job_id",
  "generated_at",
  "profile",
  "reranker",
  "model",
  "rank",
  "item_id",
  "score",
  "pipeline_rank",
  "title",
  "reason",
  "client_id",
  "shortfall",
  "shortfall_message",
] as const;

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(",")}\n`;
}

/** Serialises one line in `format` (a JSON line, or its CSV rows), newline-terminated. */
export function serialiseLine(line: BatchLine, format: OutputFormat): string {
  if (format === "jsonl") return `${JSON.stringify(line)}\n`;
  const common = [line.recipientType, line.recipientId ?? "", line.jobId ?? "", line.generatedAt, line.profile, line.reranker, line.model];
  const tail = [line.shortfall?.code ?? "", line.shortfall?.message ?? ""];
  const rows =
    line.items.length === 0
      ? [[...common, "", "", "", "", "", "", "", ...tail]]
      : line.items.map((i) => [...common, String(i.rank), i.id, String(i.score), String(i.pipelineRank), i.title, i.reason, i.clientId ?? "", ...tail]);
  return rows.map((r) => `${r.map(csvField).join(",")}\n`).join("");
}

/** RFC 4180: quote fields holding a comma, quote, CR or LF; double the quotes inside. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
