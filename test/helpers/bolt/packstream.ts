/**
 * PackStream v1, the binary value format of the Bolt protocol, and Bolt's chunked message framing:
 * just enough of both for the test Bolt server (bolt-server.ts) to talk to the real `neo4j-driver`.
 *
 * Values map to JavaScript as follows:
 * - null, booleans, strings: as themselves.
 * - INT (tiny, 8, 16, 32, 64 bits): decoded to a `number` when it is a safe integer, else a `bigint`.
 *   A `number` that is a safe integer, and any `bigint` in the int64 range, is encoded as INT.
 * - FLOAT (64 bits): decoded to a `number`; any other `number` (fractional, NaN, ±Infinity, or an
 *   integer past 2^53) is encoded as FLOAT. A `Float32Array`/`Float64Array` is a list of FLOATs,
 *   whatever its values (a vector of 1.0s stays floats).
 * - BYTES: decoded to a `Buffer`; a `Uint8Array` (and so a `Buffer`) is encoded as BYTES.
 * - LIST: arrays. MAP: plain objects (keys with an `undefined` value are left out) or `Map`s.
 * - STRUCTURE: {@link Structure}, a tag byte and its fields (Bolt messages, nodes, temporals).
 *
 * Framing: a message is sent as chunks, each a 2-byte big-endian length and that many bytes,
 * followed by a zero-length chunk that ends it. A zero-length chunk between messages is a no-op.
 */

/** A PackStream structure: a tag byte and its fields (a Bolt message, a node, a date, ...). */
export class Structure {
  constructor(
    readonly tag: number,
    readonly fields: readonly unknown[],
  ) {}
}

/** Raised for bytes that are not valid PackStream (the caller closes the connection). */
export class PackStreamError extends Error {
  override readonly name = "PackStreamError";
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// Marker bytes (PackStream v1).
const NULL = 0xc0;
const FLOAT_64 = 0xc1;
const FALSE = 0xc2;
const TRUE = 0xc3;
const INT_8 = 0xc8;
const INT_16 = 0xc9;
const INT_32 = 0xca;
const INT_64 = 0xcb;
const BYTES_8 = 0xcc;
const BYTES_16 = 0xcd;
const BYTES_32 = 0xce;
const STRING_8 = 0xd0;
const STRING_16 = 0xd1;
const STRING_32 = 0xd2;
const LIST_8 = 0xd4;
const LIST_16 = 0xd5;
const LIST_32 = 0xd6;
const MAP_8 = 0xd8;
const MAP_16 = 0xd9;
const MAP_32 = 0xda;
const TINY_STRING = 0x80;
const TINY_LIST = 0x90;
const TINY_MAP = 0xa0;
const TINY_STRUCT = 0xb0;

/** A growable byte buffer the encoder writes into. */
class Writer {
  private buffer = Buffer.allocUnsafe(256);
  private length = 0;

  private reserve(n: number): number {
    if (this.length + n > this.buffer.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + n));
      this.buffer.copy(next, 0, 0, this.length);
      this.buffer = next;
    }
    const at = this.length;
    this.length += n;
    return at;
  }

  // Each writer reserves first: `reserve` may replace `this.buffer`.
  u8(value: number): void {
    const at = this.reserve(1);
    this.buffer.writeUInt8(value, at);
  }
  i8(value: number): void {
    const at = this.reserve(1);
    this.buffer.writeInt8(value, at);
  }
  u16(value: number): void {
    const at = this.reserve(2);
    this.buffer.writeUInt16BE(value, at);
  }
  i16(value: number): void {
    const at = this.reserve(2);
    this.buffer.writeInt16BE(value, at);
  }
  u32(value: number): void {
    const at = this.reserve(4);
    this.buffer.writeUInt32BE(value, at);
  }
  i32(value: number): void {
    const at = this.reserve(4);
    this.buffer.writeInt32BE(value, at);
  }
  i64(value: bigint): void {
    const at = this.reserve(8);
    this.buffer.writeBigInt64BE(value, at);
  }
  f64(value: number): void {
    const at = this.reserve(8);
    this.buffer.writeDoubleBE(value, at);
  }
  bytes(value: Uint8Array): void {
    const at = this.reserve(value.length);
    this.buffer.set(value, at);
  }
  result(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/** Encodes one value as PackStream bytes (see the module comment for the type mapping). */
export function pack(value: unknown): Buffer {
  const writer = new Writer();
  packInto(writer, value);
  return writer.result();
}

function packInto(w: Writer, value: unknown): void {
  if (value === null || value === undefined) return w.u8(NULL);
  if (value === true) return w.u8(TRUE);
  if (value === false) return w.u8(FALSE);
  if (typeof value === "number") {
    return Number.isSafeInteger(value) ? packInt(w, BigInt(value)) : packFloat(w, value);
  }
  if (typeof value === "bigint") {
    if (value < INT64_MIN || value > INT64_MAX) throw new PackStreamError(`pack: ${value} does not fit in int64`);
    return packInt(w, value);
  }
  if (typeof value === "string") return packString(w, value);
  if (value instanceof Float32Array || value instanceof Float64Array) {
    packHeader(w, value.length, TINY_LIST, LIST_8, LIST_16, LIST_32);
    for (const x of value) packFloat(w, x);
    return;
  }
  if (value instanceof Uint8Array) {
    if (value.length < 0x100) {
      w.u8(BYTES_8);
      w.u8(value.length);
    } else if (value.length < 0x10000) {
      w.u8(BYTES_16);
      w.u16(value.length);
    } else {
      w.u8(BYTES_32);
      w.u32(value.length);
    }
    return w.bytes(value);
  }
  if (Array.isArray(value)) {
    packHeader(w, value.length, TINY_LIST, LIST_8, LIST_16, LIST_32);
    for (const item of value) packInto(w, item);
    return;
  }
  if (value instanceof Structure) {
    if (value.fields.length > 15) throw new PackStreamError(`pack: structure 0x${value.tag.toString(16)} has more than 15 fields`);
    w.u8(TINY_STRUCT | value.fields.length);
    w.u8(value.tag);
    for (const field of value.fields) packInto(w, field);
    return;
  }
  if (value instanceof Map) {
    const entries = [...(value as Map<unknown, unknown>).entries()].filter(([, v]) => v !== undefined);
    packHeader(w, entries.length, TINY_MAP, MAP_8, MAP_16, MAP_32);
    for (const [k, v] of entries) {
      packString(w, String(k));
      packInto(w, v);
    }
    return;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    packHeader(w, entries.length, TINY_MAP, MAP_8, MAP_16, MAP_32);
    for (const [k, v] of entries) {
      packString(w, k);
      packInto(w, v);
    }
    return;
  }
  throw new PackStreamError(`pack: cannot encode a ${typeof value}`);
}

function packInt(w: Writer, value: bigint): void {
  if (value >= -16n && value < 128n) return w.i8(Number(value)); // TINY_INT: the marker is the value
  if (value >= -128n && value < 128n) {
    w.u8(INT_8);
    return w.i8(Number(value));
  }
  if (value >= -32768n && value < 32768n) {
    w.u8(INT_16);
    return w.i16(Number(value));
  }
  if (value >= -2147483648n && value < 2147483648n) {
    w.u8(INT_32);
    return w.i32(Number(value));
  }
  w.u8(INT_64);
  w.i64(value);
}

function packFloat(w: Writer, value: number): void {
  w.u8(FLOAT_64);
  w.f64(value);
}

function packString(w: Writer, value: string): void {
  const bytes = Buffer.from(value, "utf8");
  packHeader(w, bytes.length, TINY_STRING, STRING_8, STRING_16, STRING_32);
  w.bytes(bytes);
}

function packHeader(w: Writer, size: number, tiny: number, m8: number, m16: number, m32: number): void {
  if (size < 0x10) return w.u8(tiny | size);
  if (size < 0x100) {
    w.u8(m8);
    return w.u8(size);
  }
  if (size < 0x10000) {
    w.u8(m16);
    return w.u16(size);
  }
  w.u8(m32);
  w.u32(size);
}

/** Decodes exactly one value from `bytes`; trailing bytes are an error. */
export function unpack(bytes: Buffer): unknown {
  const reader = new Reader(bytes);
  const value = reader.value();
  if (reader.offset !== bytes.length) throw new PackStreamError(`unpack: ${bytes.length - reader.offset} bytes after the value`);
  return value;
}

class Reader {
  offset = 0;
  constructor(private readonly bytes: Buffer) {}

  private need(n: number): number {
    if (this.offset + n > this.bytes.length) throw new PackStreamError("unpack: value runs past the end of the message");
    const at = this.offset;
    this.offset += n;
    return at;
  }

  value(): unknown {
    const marker = this.bytes.readUInt8(this.need(1));
    if (marker < 0x80) return marker; // TINY_INT 0..127
    if (marker >= 0xf0) return marker - 0x100; // TINY_INT -16..-1
    const high = marker & 0xf0;
    const low = marker & 0x0f;
    if (high === TINY_STRING) return this.string(low);
    if (high === TINY_LIST) return this.list(low);
    if (high === TINY_MAP) return this.map(low);
    if (high === TINY_STRUCT) return this.struct(low);
    switch (marker) {
      case NULL:
        return null;
      case TRUE:
        return true;
      case FALSE:
        return false;
      case FLOAT_64:
        return this.bytes.readDoubleBE(this.need(8));
      case INT_8:
        return this.bytes.readInt8(this.need(1));
      case INT_16:
        return this.bytes.readInt16BE(this.need(2));
      case INT_32:
        return this.bytes.readInt32BE(this.need(4));
      case INT_64: {
        const big = this.bytes.readBigInt64BE(this.need(8));
        return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      }
      case BYTES_8:
        return this.raw(this.bytes.readUInt8(this.need(1)));
      case BYTES_16:
        return this.raw(this.bytes.readUInt16BE(this.need(2)));
      case BYTES_32:
        return this.raw(this.bytes.readUInt32BE(this.need(4)));
      case STRING_8:
        return this.string(this.bytes.readUInt8(this.need(1)));
      case STRING_16:
        return this.string(this.bytes.readUInt16BE(this.need(2)));
      case STRING_32:
        return this.string(this.bytes.readUInt32BE(this.need(4)));
      case LIST_8:
        return this.list(this.bytes.readUInt8(this.need(1)));
      case LIST_16:
        return this.list(this.bytes.readUInt16BE(this.need(2)));
      case LIST_32:
        return this.list(this.bytes.readUInt32BE(this.need(4)));
      case MAP_8:
        return this.map(this.bytes.readUInt8(this.need(1)));
      case MAP_16:
        return this.map(this.bytes.readUInt16BE(this.need(2)));
      case MAP_32:
        return this.map(this.bytes.readUInt32BE(this.need(4)));
      default:
        throw new PackStreamError(`unpack: unknown marker 0x${marker.toString(16)}`);
    }
  }

  private raw(size: number): Buffer {
    const at = this.need(size);
    return Buffer.from(this.bytes.subarray(at, at + size));
  }

  private string(size: number): string {
    const at = this.need(size);
    return this.bytes.toString("utf8", at, at + size);
  }

  private list(size: number): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < size; i++) out.push(this.value());
    return out;
  }

  private map(size: number): Record<string, unknown> {
    // A null-prototype object, so a key such as "__proto__" is just a key.
    const out = Object.create(null) as Record<string, unknown>;
    for (let i = 0; i < size; i++) {
      const key = this.value();
      if (typeof key !== "string") throw new PackStreamError("unpack: map key is not a string");
      out[key] = this.value();
    }
    return out;
  }

  private struct(size: number): Structure {
    const tag = this.bytes.readUInt8(this.need(1));
    const fields: unknown[] = [];
    for (let i = 0; i < size; i++) fields.push(this.value());
    return new Structure(tag, fields);
  }
}

/** Largest chunk body (the length is 16 bits). */
const MAX_CHUNK = 0xffff;

/** Frames one encoded message as chunks followed by the zero-length end marker. */
export function frameMessage(message: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < message.length; at += MAX_CHUNK) {
    const body = message.subarray(at, Math.min(at + MAX_CHUNK, message.length));
    const header = Buffer.allocUnsafe(2);
    header.writeUInt16BE(body.length);
    parts.push(header, body);
  }
  parts.push(Buffer.from([0, 0]));
  return Buffer.concat(parts);
}

/**
 * Reassembles messages from a byte stream of chunks: feed it whatever the socket delivers, get back
 * the messages completed so far (each the concatenated chunk bodies, still PackStream-encoded).
 */
export class MessageReader {
  private pending: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];

  push(data: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    const messages: Buffer[] = [];
    let at = 0;
    while (this.pending.length - at >= 2) {
      const size = this.pending.readUInt16BE(at);
      if (size === 0) {
        // End of a message, or a no-op chunk between messages (a keep-alive).
        if (this.parts.length > 0) messages.push(Buffer.concat(this.parts));
        this.parts = [];
        at += 2;
        continue;
      }
      if (this.pending.length - at - 2 < size) break;
      this.parts.push(Buffer.from(this.pending.subarray(at + 2, at + 2 + size)));
      at += 2 + size;
    }
    this.pending = this.pending.subarray(at);
    return messages;
  }
}
