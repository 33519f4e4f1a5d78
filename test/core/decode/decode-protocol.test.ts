// The decode worker's protocol as the main thread may drive it: answers of several streams interleaved, a
// poll begun while an earlier answer of its stream is still being finished, answers dropped mid-body, a
// stream closed with an answer still open, the same bytes again, failures inside a 200. Whatever the order,
// each reply must be what the whole body gives, diffed against the replies of its stream that came before
// it (in the order the replies come), and a closed stream starts from nothing. The chunks come as the main
// thread sends them: through a small byte ring when it has room (wrapping past its end), else as bytes, in
// any mix within a message; every byte ring span is read, a dropped job's too.
import { describe, expect, it } from 'vitest';
import { createRingWriter } from '../../../main/core/decode/byte-ring';
import { createDecodeJobs } from '../../../main/core/decode/decode-jobs';
import type { ListParams } from '../../../main/core/decode/list-readers';
import { seedAgentLive } from '../fixtures/tel4vn-seed-rows';
import { outcomeOf, wholeBodiesOf, type Outcome } from '../fixtures/read-whole';
import { seededRandom } from '../../fixtures/seeded-random';

const PARAMS: ListParams = { timezone: 'Asia/Ho_Chi_Minh', ownExtension: '900' };
const KIND = 'tel4vn/agents';
/** Smaller than most bodies, so chunks wrap past its end and some do not fit. */
const RING = 1024;

interface Open {
  job: number;
  stream: number;
  body: Buffer;
  /** Bytes sent so far. */
  sent: number;
}

describe('the decode protocol, driven in any order', () => {
  it('gives every reply the whole body would, through overlaps, drops, closes and repeats', () => {
    let replies = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = seededRandom(seed * 7727);
      const jobs = createDecodeJobs();
      const ring = createRingWriter(RING);
      jobs.handle({ type: 'ring', buffer: ring.buffer });
      /** One chunk message of `bytes`, in one to three parts, each through the ring when it fits. */
      const send = (job: number, bytes: Buffer): void => {
        const cut = [0, Math.floor(rnd() * bytes.length), Math.floor(rnd() * bytes.length), bytes.length].slice(0, 1 + Math.ceil(rnd() * 3));
        if (cut[cut.length - 1] !== bytes.length) cut.push(bytes.length);
        cut.sort((a, b) => a - b);
        const parts = cut.slice(1).map((end, i) => {
          const part = new Uint8Array(bytes.subarray(cut[i], end));
          return ring.write(part) ?? part;
        });
        jobs.handle({ type: 'chunk', job, parts });
      };
      const streams = new Map<number, { rows: Record<string, unknown>[]; last: Buffer; reference: (b: Buffer) => Outcome; serial: number }>();
      let nextStream = 1;
      let nextJob = 1;
      const open: Open[] = [];
      const streamOf = (id: number) => streams.get(id) as { rows: Record<string, unknown>[]; last: Buffer; reference: (b: Buffer) => Outcome; serial: number };
      const newStream = (): number => {
        const id = nextStream++;
        const rows = Array.from({ length: 3 + Math.floor(rnd() * 12) }, (_, i) => seedAgentLive({ user_uuid: `u-${id}-${i}`, first_name: `Agent ${i}`, extension: `${1000 + i}` }));
        streams.set(id, { rows, last: Buffer.from(JSON.stringify({ data: rows })), reference: wholeBodiesOf(KIND, PARAMS), serial: rows.length });
        return id;
      };
      newStream();
      newStream();
      /** The next answer of a stream: the same bytes, a failure, or the floor moved. */
      const answerOf = (id: number): Buffer => {
        const s = streamOf(id);
        const pick = rnd();
        if (pick < 0.25) return s.last;
        if (pick < 0.32) return Buffer.from(JSON.stringify({ data: null, status: 'fail', error: 'USER_NOT_REGISTERED' }));
        const rows = [...s.rows];
        const i = Math.floor(rnd() * rows.length);
        const op = Math.floor(rnd() * 4);
        if (op === 0 && rows.length > 0) rows[i] = { ...rows[i], status: rows[i]?.status === 'PAUSE' ? 'RESUME' : 'PAUSE' };
        else if (op === 1) rows.splice(i, 0, seedAgentLive({ user_uuid: `u-${id}-${s.serial++}`, first_name: 'Nguyễn Văn An', extension: `${2000 + s.serial}` }));
        else if (op === 2 && rows.length > 1) rows.splice(i, 1);
        else if (rows.length > 0) rows[i] = { ...rows[i], first_name: `Trần ${Math.floor(rnd() * 1000)}` };
        s.rows = rows;
        return (s.last = Buffer.from(JSON.stringify({ data: rows })));
      };
      for (let step = 0; step < 300; step++) {
        const pick = rnd();
        const live = [...streams.keys()];
        if (pick < 0.3 || open.length === 0) {
          // A poll begins (at most three answers of a stream open at once).
          const stream = live[Math.floor(rnd() * live.length)] as number;
          if (open.filter((o) => o.stream === stream).length >= 3) continue;
          const o: Open = { job: nextJob++, stream, body: answerOf(stream), sent: 0 };
          jobs.handle({ type: 'begin', job: o.job, stream, kind: KIND, params: PARAMS });
          open.push(o);
          continue;
        }
        const at = Math.floor(rnd() * open.length);
        const o = open[at] as Open;
        if (pick < 0.33 || (o.sent === o.body.length && pick < 0.9)) {
          if (o.sent < o.body.length) {
            const size = Math.min(o.body.length - o.sent, 1 + Math.floor(rnd() * (rnd() < 0.5 ? 97 : o.body.length / 2)));
            send(o.job, o.body.subarray(o.sent, o.sent + size));
            o.sent += size;
            continue;
          }
          const expected = streamOf(o.stream).reference(o.body);
          expect(outcomeOf(jobs.handle({ type: 'end', job: o.job })), `seed ${seed}, step ${step}, job ${o.job}`).toEqual(expected);
          open.splice(at, 1);
          replies++;
        } else if (pick < 0.36) {
          // The request failed mid-body: forgotten (a chunk may still come after, read and let go).
          jobs.handle({ type: 'drop', job: o.job });
          if (o.sent < o.body.length && rnd() < 0.5) send(o.job, o.body.subarray(o.sent));
          open.splice(at, 1);
        } else if (pick < 0.37) {
          // The connection closed: its stream goes, and an answer still open ends into a stream started anew.
          jobs.handle({ type: 'close', stream: o.stream });
          streamOf(o.stream).reference = wholeBodiesOf(KIND, PARAMS);
        } else if (o.sent < o.body.length) {
          const size = Math.min(o.body.length - o.sent, 1 + Math.floor(rnd() * o.body.length));
          send(o.job, o.body.subarray(o.sent, o.sent + size));
          o.sent += size;
        }
      }
      // Every span was read: the whole ring is free again.
      expect(ring.write(new Uint8Array(RING)), `seed ${seed}`).not.toBeNull();
    }
    expect(replies).toBeGreaterThan(1000);
  });
});
