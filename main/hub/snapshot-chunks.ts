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

export interface SnapshotWriter {
  /** Write `published` (chunks, then the manifest); resolves with its size in bytes. */
  write(published: PublishedSnapshot): Promise<number>;
}

/** `maxPayload`: the server's (nc.info.max_payload); a chunk stays 16 KB under it when it is below 512 KB. */
export function snapshotWriter(kv: KV, maxPayload = Infinity): SnapshotWriter {
  const chunkBytes = Math.max(4096, Math.min(CHUNK_BYTES, maxPayload - 16 * 1024));
  // A generation name no earlier hub of the floor used: this process's start and a counter.
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let count = 0;
  return {
    async write(published) {
      const gen = `${run}-${++count}`;
      const slot = SLOTS[count % SLOTS.length] as Manifest['slot'];
      const bytes = Buffer.from(JSON.stringify(published), 'utf8');
      const prefix = Buffer.from(`${gen}\n`, 'utf8');
      const chunks = Math.max(1, Math.ceil(bytes.length / chunkBytes));
      const puts: Promise<number>[] = [];
      for (let i = 0; i < chunks; i++) {
        puts.push(kv.put(chunkKey(slot, i), Buffer.concat([prefix, bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes)])));
      }
      await Promise.all(puts);
      const manifest: Manifest = { gen, slot, chunks, bytes: bytes.length };
      await kv.put(SNAPSHOT_KEY, JSON.stringify(manifest));
      return bytes.length;
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
