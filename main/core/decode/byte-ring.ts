// A ring of shared memory that carries a list answer's bytes from the main thread to its decode worker.
// Transferring each socket chunk instead gave the worker a new ArrayBuffer for every byte of every answer,
// and V8 counts an isolate's new external memory against its old generation's limit: at 10,000 agents, 5 MB
// a second per worker over a 10 MB heap started a full collection in each worker every 2-3 s (pauses of 3-23 ms
// and marking steps of up to 10 ms inside the answers it was matching, `--trace-gc`, bench/analysis.md). The
// bytes now go through one buffer per worker, made with its first streamed answer: the main thread copies a
// chunk in and posts where it is; the worker copies it into the answer's body (as it copied a transferred
// chunk) and marks the space free. A chunk that does not fit (the worker far behind) is transferred as before.
//
// The writer and the reader each count the bytes they have passed, modulo 2^31; the reader publishes its
// count in the buffer's first word (Atomics), the writer reads it to know what is free. The bytes a writer
// posts are read after the message that names them arrives, so no byte is read before it is written. Two
// answers of one list may overlap, each posting its spans when its own chunks are flushed, so spans can be
// read out of the order they were written: the reader hands space back only from the oldest span on, as far
// as the spans read reach without a gap, so no span is overwritten before it is read.

/**
 * The ring's bytes (a power of two, dividing 2^31): eight of the 512 KB messages the main thread sends at
 * most (list-decoder.ts FLUSH_BYTES), most of a 5 MB answer should the worker fall that far behind.
 */
const RING_BYTES = 4 * 1024 * 1024;
const COUNT_MASK = 0x7fffffff;
/** The reader's count sits before the bytes, in a word of its own. */
const HEADER_BYTES = 8;

/** Bytes of the ring a message names: `length` of them from `at`, wrapping past the end. */
export interface RingSpan {
  at: number;
  length: number;
}

export interface RingWriter {
  readonly buffer: SharedArrayBuffer;
  /** Copy `bytes` in and say where they are; null when the ring has no room for them (send them apart). */
  write(bytes: Uint8Array): RingSpan | null;
}

export interface RingReader {
  /** Hand the span's bytes to `take` (one or two views, valid only during the call), then free them. */
  read(span: RingSpan, take: (bytes: Uint8Array) => void): void;
}

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

export function createRingWriter(size = RING_BYTES): RingWriter {
  if (!isPowerOfTwo(size) || size > 1 << 30) throw new Error(`a byte ring's size must be a power of two up to 1 GB, not ${size}`);
  const buffer = new SharedArrayBuffer(HEADER_BYTES + size);
  const consumed = new Int32Array(buffer, 0, 1);
  const bytes = new Uint8Array(buffer, HEADER_BYTES, size);
  let written = 0;
  return {
    buffer,
    write(chunk) {
      const used = (written - Atomics.load(consumed, 0)) & COUNT_MASK;
      if (chunk.byteLength > size - used) return null;
      const at = written % size;
      const first = Math.min(chunk.byteLength, size - at);
      bytes.set(chunk.subarray(0, first), at);
      if (first < chunk.byteLength) bytes.set(chunk.subarray(first), 0);
      written = (written + chunk.byteLength) & COUNT_MASK;
      return { at, length: chunk.byteLength };
    },
  };
}

export function createRingReader(buffer: SharedArrayBuffer): RingReader {
  const size = buffer.byteLength - HEADER_BYTES;
  const consumed = new Int32Array(buffer, 0, 1);
  const bytes = new Uint8Array(buffer, HEADER_BYTES, size);
  let read = Atomics.load(consumed, 0);
  /** Spans read while an older one was not: their lengths by where they start. */
  const ahead = new Map<number, number>();
  return {
    read(span, take) {
      // An empty chunk starts where the next one does: in `ahead` it could hide that one's length.
      if (span.length === 0) return;
      const first = Math.min(span.length, size - span.at);
      try {
        take(bytes.subarray(span.at, span.at + first));
        if (first < span.length) take(bytes.subarray(0, span.length - first));
      } finally {
        ahead.set(span.at, span.length);
        for (let length = ahead.get(read % size); length !== undefined; length = ahead.get(read % size)) {
          ahead.delete(read % size);
          read = (read + length) & COUNT_MASK;
        }
        Atomics.store(consumed, 0, read);
      }
    },
  };
}
