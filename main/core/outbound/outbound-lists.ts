// The files behind the outbound queues the console remembers, in the data folder's `outbound/`:
//   <key>.list.json  the customers of the queue's last load (resume sends from it; progress counts its ids)
//                    and the ids of earlier loads into the same queue
//   <key>.dnc.json   the queue's do-not-call ids
// One file each, written whole through the atomic helper (a crash leaves the old file or the new one). They
// are kept apart from the settings document, which holds only the small queue records: a 100,000-row list
// is not rewritten with every progress step. File names are the key hashed, since a queue code is the PBX's.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CUSTOMER_ID_PATTERN, type OutboundCustomer } from '../../../common/outbound';
import { writeFileAtomic } from '../storage/atomic-file';

export interface StoredList {
  customers: OutboundCustomer[];
  /** Ids sent in earlier loads into this queue (the queue's progress counts them too). */
  earlierIds: string[];
}

const idSchema = z.string().regex(CUSTOMER_ID_PATTERN);
const listSchema = z.object({
  customers: z.array(z.object({
    id: idSchema,
    mobiles: z.array(z.string().max(20)).min(1).max(20),
    fields: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })),
  earlierIds: z.array(idSchema),
});
const dncSchema = z.object({ ids: z.array(idSchema) });

export interface OutboundLists {
  readList(key: string): StoredList | null;
  /** `customersJson`: the customers already as JSON (the decode worker's), written as is. */
  writeList(key: string, list: StoredList, customersJson?: string | null): void;
  readDnc(key: string): string[];
  writeDnc(key: string, ids: readonly string[]): void;
  /** Drop both files of a queue the console forgets. */
  remove(key: string): void;
}

export function openOutboundLists(dataDir: string, log: (message: string) => void): OutboundLists {
  const dir = join(dataDir, 'outbound');
  const file = (key: string, kind: 'list' | 'dnc'): string =>
    join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.${kind}.json`);
  const read = <T>(path: string, schema: z.ZodType<T>, what: string): T | null => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log(`outbound: could not read ${what}: ${(e as Error).message}`);
      return null;
    }
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      log(`outbound: ${what} is damaged (${parsed.error.issues[0]?.path.join('.')}); it is left out`);
    } catch (e) {
      log(`outbound: ${what} is not JSON (${(e as Error).message}); it is left out`);
    }
    return null;
  };
  const write = (path: string, text: string): void => {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(path, text);
  };
  return {
    readList: (key) => read(file(key, 'list'), listSchema, `the list of ${key}`) as StoredList | null,
    writeList: (key, list, customersJson) =>
      write(file(key, 'list'), customersJson ? `{"customers":${customersJson},"earlierIds":${JSON.stringify(list.earlierIds)}}` : JSON.stringify(list)),
    readDnc: (key) => read(file(key, 'dnc'), dncSchema, `the do-not-call list of ${key}`)?.ids ?? [],
    writeDnc: (key, ids) => write(file(key, 'dnc'), JSON.stringify({ ids })),
    remove(key) {
      rmSync(file(key, 'list'), { force: true });
      rmSync(file(key, 'dnc'), { force: true });
    },
  };
}
