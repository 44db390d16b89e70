/**
 * Deterministic partition of recipients into shards, so several machines (or cron jobs, Kubernetes
 * pods, Airflow tasks) can split one batch without talking to each other: recipient `id` belongs to
 * shard `fnv1a32(id) mod count`. Hashing the id (rather than its position) keeps a recipient in the
 * same shard when other records are added or deleted between runs, which the sent-log's per-shard
 * history relies on.
 */
import { InvalidInputError } from "../core/errors.js";

export interface Shard {
  /** 0-based, < count. */
  index: number;
  /** ≥ 1; 1 means "everything". */
  count: number;
}

export const WHOLE: Shard = Object.freeze({ index: 0, count: 1 });

/** 32-bit FNV-1a over the UTF-16 code units of `text` (stable across platforms and Node versions). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The shard (0..count-1) that owns `id`. */
export function shardOf(id: string, count: number): number {
  return count <= 1 ? 0 : fnv1a32(id) % count;
}

export function inShard(id: string, shard: Shard): boolean {
  return shard.count <= 1 || shardOf(id, shard.count) === shard.index;
}

/** Parses `i/n` (0 ≤ i < n, 1 ≤ n ≤ 100000). */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || count > 100_000 || index >= count) {
    throw new InvalidInputError(`--shard must be i/n with 0 ≤ i < n (e.g. 0/4 for the first of four shards), got "${text}"`);
  }
  return { index, count };
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
