/**
 * Yoga's parse caches (parsed documents, parse errors), bounded by an estimate of the memory they
 * hold rather than by entry count alone. Yoga's default keeps 1,024 entries whatever their size, and
 * a parsed document costs ~500 bytes of heap per token (nodes, plus the token list its locations
 * keep): 1,024 distinct documents at the 2,000-token limit pin ~1 GB, which any client can send.
 * Least recently used entries go first once either bound is reached.
 */
import type { DocumentNode, Token } from "graphql";

/** Heap held per token of a parsed document, bytes (measured: graphql 16, locations kept). */
const BYTES_PER_TOKEN = 500;
/** Heap held by a cached error besides its document text, bytes (rough). */
const BYTES_PER_ERROR = 2_000;

export interface BoundedCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /** Entries held. */
  readonly size: number;
  /** Estimated bytes held. */
  readonly bytes: number;
}

export interface BoundedCacheOptions<T> {
  /** Most estimated bytes held; an entry larger than this alone is not kept. */
  maxBytes: number;
  /** Most entries held. */
  maxEntries: number;
  /** Estimated bytes an entry holds. */
  weigh: (key: string, value: T) => number;
}

export function createBoundedCache<T>(options: BoundedCacheOptions<T>): BoundedCache<T> {
  // A Map iterates in insertion order; re-inserting on use makes its first key the least recent.
  const entries = new Map<string, { value: T; bytes: number }>();
  let bytes = 0;
  const drop = (key: string): void => {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      drop(key);
      const size = options.weigh(key, value);
      if (size > options.maxBytes) return;
      entries.set(key, { value, bytes: size });
      bytes += size;
      for (const oldest of entries.keys()) {
        if (bytes <= options.maxBytes && entries.size <= options.maxEntries) break;
        drop(oldest);
      }
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}

/** Tokens of a parsed document (walks its token list; an estimate from its text without locations). */
function tokenCount(key: string, document: DocumentNode): number {
  let token: Token | null | undefined = document.loc?.startToken;
  if (token === undefined) return Math.ceil(key.length / 2);
  let n = 0;
  for (; token; token = token.next) n++;
  return n;
}

/** The estimated heap a cached document holds: its text (UTF-16) and its syntax tree. */
export function documentBytes(key: string, document: DocumentNode): number {
  return 2 * key.length + BYTES_PER_TOKEN * tokenCount(key, document);
}

/** The estimated heap a cached parse error holds: the document text it quotes, and the error. */
export function errorBytes(key: string): number {
  return 2 * key.length + BYTES_PER_ERROR;
}

/** Yoga's `parserAndValidationCache` option with bounded caches (validation results live as long as their document). */
export function boundedParserCache(options: { maxBytes: number; maxEntries?: number }): {
  documentCache: BoundedCache<DocumentNode>;
  errorCache: BoundedCache<unknown>;
  validationCache: true;
} {
  const maxEntries = options.maxEntries ?? 1_024;
  return {
    documentCache: createBoundedCache<DocumentNode>({ maxBytes: options.maxBytes, maxEntries, weigh: documentBytes }),
    // Parse errors are cheap to recompute (the token limit bounds them): a small share of the budget.
    errorCache: createBoundedCache<unknown>({ maxBytes: Math.ceil(options.maxBytes / 8), maxEntries, weigh: errorBytes }),
    validationCache: true,
  };
}
