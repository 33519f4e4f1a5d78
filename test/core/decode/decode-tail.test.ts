// The decode worker's tail: the UTF-8 decoding of chunks still queued when the last byte reached the main
// thread counts as decoding left after the last byte (tailDecodeMs), not as the job's other work. The body
// names its list with an escape (`d\u0061ta`), which the row matcher leaves to the whole body's reading:
// decoded as its chunks come, as every body the matcher does not follow is.
import { describe, expect, it } from 'vitest';
import { createDecodeJobs } from '../../../main/core/decode/decode-jobs';
import { seedAgentLive } from '../fixtures/tel4vn-seed-rows';

const body = Buffer.from(JSON.stringify({ d_ta: Array.from({ length: 3000 }, (_, i) => seedAgentLive({ user_uuid: `u-${i}`, first_name: `Nguyễn ${i}` })) }).replace('"d_ta"', '"d\\u0061ta"'));
const params = { timezone: 'Asia/Ho_Chi_Minh', ownExtension: '900' };

function run(lastByteAt: (beforeChunks: number) => number | undefined) {
  const jobs = createDecodeJobs();
  const before = performance.timeOrigin + performance.now();
  jobs.handle({ type: 'begin', job: 1, stream: 1, kind: 'tel4vn/agents', params });
  for (let at = 0; at < body.length; at += 16_384) jobs.handle({ type: 'chunk', job: 1, parts: [new Uint8Array(body.subarray(at, at + 16_384))] });
  const at = lastByteAt(before);
  const reply = jobs.handle({ type: 'end', job: 1, ...(at === undefined ? {} : { lastByteAt: at }) });
  if (!reply || !reply.ok) throw new Error('the job failed');
  expect(reply.rows).toBe(3000);
  return reply.timings;
}

describe('decode tail', () => {
  it('counts the chunks decoded after the last byte in the tail, and none decoded before it', () => {
    // The last byte came before any chunk was decoded here (they were all queued): all of it is tail.
    const queued = run((before) => before);
    expect(queued.tailDecodeMs).toBeGreaterThanOrEqual(queued.decodeMs * 0.99);
    // The last byte came after every chunk was decoded: only the end's own flush is tail.
    const caughtUp = run(() => performance.timeOrigin + performance.now());
    expect(caughtUp.tailDecodeMs).toBeLessThan(caughtUp.decodeMs);
    // Inline (no time given): as before, the end's own flush.
    const inline = run(() => undefined);
    expect(inline.tailDecodeMs).toBeLessThan(inline.decodeMs);
  });
});
