// The byte ring between the main thread and a decode worker (main/core/decode/byte-ring.ts): bytes come out
// as they went in, across the ring's end; a chunk that does not fit is refused until the reader frees room,
// and spans read out of order free nothing past the oldest one unread; a bad size is refused; and the two
// ends work across a real worker thread on one shared buffer.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createRingReader, createRingWriter, type RingReader, type RingSpan, type RingWriter } from '../../../main/core/decode/byte-ring';

const bytesOf = (n: number, from: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (from + i) % 251);

/** Both ends of one ring of `size` bytes, on this thread. */
function ringOf(size: number): { writer: RingWriter; reader: RingReader } {
  const writer = createRingWriter(size);
  return { writer, reader: createRingReader(writer.buffer) };
}

function readAll(reader: RingReader, span: RingSpan): { bytes: number[]; views: number } {
  const out: number[] = [];
  let views = 0;
  reader.read(span, (b) => {
    views++;
    out.push(...b);
  });
  return { bytes: out, views };
}

describe('the byte ring', () => {
  it('gives back the bytes written, in one view or two across its end', () => {
    const { writer, reader } = ringOf(16);
    const first = writer.write(bytesOf(10, 0)) as RingSpan;
    expect(first).toEqual({ at: 0, length: 10 });
    expect(readAll(reader, first)).toEqual({ bytes: [...bytesOf(10, 0)], views: 1 });
    const wrapped = writer.write(bytesOf(10, 50)) as RingSpan;
    expect(wrapped).toEqual({ at: 10, length: 10 });
    expect(readAll(reader, wrapped)).toEqual({ bytes: [...bytesOf(10, 50)], views: 2 });
  });

  it('refuses a chunk with no room for it until the reader frees its bytes', () => {
    const { writer, reader } = ringOf(16);
    const a = writer.write(bytesOf(10, 0)) as RingSpan;
    expect(writer.write(bytesOf(7, 0))).toBeNull();
    const b = writer.write(bytesOf(6, 100)) as RingSpan;
    expect(writer.write(bytesOf(1, 0))).toBeNull();
    expect(readAll(reader, a).bytes).toEqual([...bytesOf(10, 0)]);
    const c = writer.write(bytesOf(10, 200)) as RingSpan;
    expect(readAll(reader, b).bytes).toEqual([...bytesOf(6, 100)]);
    expect(readAll(reader, c).bytes).toEqual([...bytesOf(10, 200)]);
    expect(writer.write(new Uint8Array(17))).toBeNull();
    expect(writer.write(new Uint8Array(16))).not.toBeNull();
  });

  it('gives back no room past a span not read yet, when spans are read out of order (two answers overlapping)', () => {
    const { writer, reader } = ringOf(16);
    const a = writer.write(bytesOf(6, 0)) as RingSpan;
    const b = writer.write(bytesOf(6, 10)) as RingSpan;
    expect(readAll(reader, b).bytes).toEqual([...bytesOf(6, 10)]);
    // b is read, a is not: only the 4 bytes never written are free, a's bytes are kept.
    expect(writer.write(bytesOf(5, 0))).toBeNull();
    const c = writer.write(bytesOf(4, 20)) as RingSpan;
    expect(readAll(reader, a).bytes).toEqual([...bytesOf(6, 0)]);
    // a read: a's and b's room comes back together.
    const d = writer.write(bytesOf(12, 30)) as RingSpan;
    expect(readAll(reader, c).bytes).toEqual([...bytesOf(4, 20)]);
    expect(readAll(reader, d).bytes).toEqual([...bytesOf(12, 30)]);
    expect(writer.write(new Uint8Array(16))).not.toBeNull();
  });

  it('lets an empty chunk read out of order hide no room (it starts where the next chunk does)', () => {
    const { writer, reader } = ringOf(16);
    const x = writer.write(bytesOf(4, 0)) as RingSpan;
    const empty = writer.write(new Uint8Array(0)) as RingSpan;
    const r = writer.write(bytesOf(4, 40)) as RingSpan;
    expect(empty.at).toBe(r.at);
    expect(readAll(reader, r).bytes).toEqual([...bytesOf(4, 40)]);
    expect(readAll(reader, empty)).toEqual({ bytes: [], views: 0 });
    expect(readAll(reader, x).bytes).toEqual([...bytesOf(4, 0)]);
    expect(writer.write(new Uint8Array(16))).not.toBeNull();
  });

  it('frees a span even when its reader throws', () => {
    const { writer, reader } = ringOf(16);
    const a = writer.write(bytesOf(16, 0)) as RingSpan;
    expect(() => reader.read(a, () => { throw new Error('no'); })).toThrow('no');
    expect(writer.write(bytesOf(16, 0))).not.toBeNull();
  });

  it('takes only a power of two up to 1 GB as its size', () => {
    expect(() => createRingWriter(1000)).toThrow(/power of two/);
    expect(() => createRingWriter(0)).toThrow(/power of two/);
    expect(() => createRingWriter(2 ** 31)).toThrow(/power of two/);
  });

  it('carries bytes to a real worker thread and gets its room back from it', async () => {
    const writer = createRingWriter(64);
    // Started as the decode worker is from source: tsx's loader first (list-decoder.ts spawn).
    const entry = new URL('../fixtures/ring-echo-worker.ts', import.meta.url).href;
    const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
    const worker = new Worker(code, { eval: true });
    try {
      worker.postMessage({ buffer: writer.buffer });
      const echo = (span: RingSpan): Promise<number[]> =>
        new Promise((resolve) => {
          worker.once('message', resolve);
          worker.postMessage(span);
        });
      // 20 chunks of 40 bytes through 64 bytes of ring: each fits only once the worker read the one before.
      for (let i = 0; i < 20; i++) {
        const span = writer.write(bytesOf(40, i * 7));
        expect(span, `chunk ${i}`).not.toBeNull();
        expect(await echo(span as RingSpan)).toEqual([...bytesOf(40, i * 7)]);
      }
    } finally {
      await worker.terminate();
    }
  });
});
