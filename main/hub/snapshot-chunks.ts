// The floor's snapshot in chunks. At 10,000 agents the picture is about 13 MB of JSON (measured: 8,948
// agents logged in, 6,930 calls, 6,915 queue visits), more than a NATS message may carry (max_payload: 1 MB
// by default, 8 MB in the sample). So the hub writes it as chunks of at most 512 KB, which fit any server's
// default, under keys `snapshot.<slot>.<i>` of the picture bucket, and then the `snapshot` key itself: a small
// manifest naming the slot, the chunk count and the generation (docs/hub.md).
//
// Two slots, used in turn: a reader that took the manifest of one generation reads its chunks while the hub
// writes the next generation into the other slot. Each chunk starts with its generation and a newline; a
// reader that finds another generation (the hub has since written that slot again: the reader was slower
// than two snapshots) starts over from the manifest. Keys are reused, so the bucket (history 1) holds at
// most two snapshots' chunks and never grows.
import type { KV } from '@nats-io/kv';
import { SNAPSHOT_KEY } from './floor-names';
import type { PublishedSnapshot } from './picture';

/** Under the default max_payload (1 MB) with room for the headers and the generation prefix. */
export const CHUNK_BYTES = 512 * 1024;
const SLOTS = ['a', 'b'] as const;
/** Chunks asked for at once by a reader. */
const READ_AHEAD = 4;

interface Manifest {
  gen: string;
  slot: (typeof SLOTS)[number];
  chunks: number;
  bytes: number;
}

const chunkKey = (slot: string, i: number): string => `${SNAPSHOT_KEY}.${slot}.${i}`;

interface SnapshotWriter {
  /** Write `published` (chunks, then the manifest); resolves with its size in bytes. */
  write(published: PublishedSnapshot): Promise<number>;
}

/** The picture's row lists, written row by row. */
const ROW_LISTS = ['agents', 'calls', 'queueEntries', 'queues'] as const;
/** Rows written between two turns of the event loop, so the change sets go out while a snapshot is written. */
const ROWS_PER_TURN = 250;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** An object's JSON without its closing brace, ready for more keys: `{"a":1,` (or `{` when it has none). */
function opened(value: object): string {
  const json = JSON.stringify(value);
  return json.length > 2 ? `${json.slice(0, -1)},` : '{';
}

/**
 * Text in, chunks of exactly `chunkBytes` (the last one shorter) out: the text is encoded a chunk's worth at
 * a time, never as one 13 MB string. A chunk may end inside a character; the reader joins the bytes first.
 */
function chunker(chunkBytes: number, emit: (data: Buffer) => void): { add(text: string): void; end(): number } {
  let parts: string[] = [];
  let chars = 0;
  let carry = Buffer.alloc(0);
  let total = 0;
  const drain = (last: boolean): void => {
    const encoded = Buffer.from(parts.join(''), 'utf8');
    let bytes = carry.length > 0 ? Buffer.concat([carry, encoded]) : encoded;
    parts = [];
    chars = 0;
    while (bytes.length >= chunkBytes || (last && bytes.length > 0)) {
      const data = bytes.subarray(0, chunkBytes);
      total += data.length;
      emit(data);
      bytes = bytes.subarray(data.length);
    }
    carry = bytes;
  };
  return {
    add(text) {
      parts.push(text);
      chars += text.length;
      if (chars >= chunkBytes) drain(false);
    },
    end() {
      drain(true);
      return total;
    },
  };
}

/**
 * `maxPayload`: the server's (nc.info.max_payload); a chunk stays 16 KB under it when it is below 512 KB.
 *
 * The picture is serialised a slice of rows at a time, the event loop turning between slices: one
 * JSON.stringify of 13 MB held the hub's loop for hundreds of ms, and every change set due meanwhile waited
 * (the hub's publish p95). The CPU is the same (keeping each row's JSON between snapshots was measured to
 * save nothing: joining the strings costs what stringifying them does); the change sets go out between slices.
 */
export function snapshotWriter(kv: KV, maxPayload = Infinity): SnapshotWriter {
  const chunkBytes = Math.max(4096, Math.min(CHUNK_BYTES, maxPayload - 16 * 1024));
  // A generation name no earlier hub of the floor used: this process's start and a counter.
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let count = 0;
  return {
    async write(published) {
      const gen = `${run}-${++count}`;
      const slot = SLOTS[count % SLOTS.length] as Manifest['slot'];
      const prefix = Buffer.from(`${gen}\n`, 'utf8');
      const puts: Promise<number>[] = [];
      const out = chunker(chunkBytes, (data) => {
        const put = kv.put(chunkKey(slot, puts.length), Buffer.concat([prefix, data]));
        put.catch(() => undefined); // told by Promise.all below, not as an unhandled rejection meanwhile
        puts.push(put);
      });
      // The same JSON as JSON.stringify(published), its row lists last.
      const { snapshot, ...rest } = published.state;
      const { agents: _a, calls: _c, queueEntries: _q, queues: _s, ...head } = snapshot;
      out.add(`{"changesStreamSeq":${JSON.stringify(published.changesStreamSeq)},"state":${opened(rest)}"snapshot":${opened(head)}`);
      let written = 0;
      for (const [k, list] of ROW_LISTS.entries()) {
        out.add(`${k > 0 ? ',' : ''}"${list}":[`);
        const rows: readonly object[] = snapshot[list];
        for (let i = 0; i < rows.length; i++) {
          const json = JSON.stringify(rows[i]);
          out.add(i > 0 ? `,${json}` : json);
          if (++written % ROWS_PER_TURN === 0) await nextTurn();
        }
        out.add(']');
      }
      out.add('}}}');
      const bytes = out.end();
      await Promise.all(puts);
      const manifest: Manifest = { gen, slot, chunks: puts.length, bytes };
      await kv.put(SNAPSHOT_KEY, JSON.stringify(manifest));
      return bytes;
    },
  };
}

/** The generation a chunk belongs to, and its data after the prefix. */
function splitChunk(value: Uint8Array): { gen: string; data: Uint8Array } | null {
  const newline = value.indexOf(0x0a);
  if (newline < 0) return null;
  return { gen: Buffer.from(value.buffer, value.byteOffset, newline).toString('utf8'), data: value.subarray(newline + 1) };
}

/**
 * The floor's current snapshot, or null when the hub has written none yet. Starts over when the hub rewrote
 * the slot being read (a few tries: a reader is normally done long before the next snapshot).
 */
export async function readChunkedSnapshot(kv: KV): Promise<PublishedSnapshot | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const entry = await kv.get(SNAPSHOT_KEY);
    if (!entry || entry.operation !== 'PUT') return null;
    const manifest = entry.json<Manifest>();
    // A few chunks at a time: fifty consoles joining at once must not ask for 13 MB each in one burst.
    const datas: Uint8Array[] = [];
    for (let i = 0; i < manifest.chunks && datas.length === i; i += READ_AHEAD) {
      const parts = await Promise.all(Array.from({ length: Math.min(READ_AHEAD, manifest.chunks - i) }, (_, j) => kv.get(chunkKey(manifest.slot, i + j))));
      for (const part of parts) {
        const chunk = part && part.operation === 'PUT' ? splitChunk(part.value) : null;
        if (!chunk || chunk.gen !== manifest.gen) break;
        datas.push(chunk.data);
      }
    }
    if (datas.length !== manifest.chunks) continue; // rewritten meanwhile: read the new manifest
    const bytes = Buffer.concat(datas);
    if (bytes.length !== manifest.bytes) continue;
    return JSON.parse(bytes.toString('utf8')) as PublishedSnapshot;
  }
  throw new Error('The floor snapshot kept changing while it was read');
}
