// The decode job's rows matched by their bytes (decode/row-match.ts): only the rows whose bytes changed are
// parsed and read, and whatever the bodies and however their bytes are cut into chunks, every reply equals
// the one the whole body gives (decoded, parsed, failure-checked, normalised and diffed whole, as before).
import { describe, expect, it, vi } from 'vitest';
import { createDecodeJobs, type DecodeReply, type DecodeTimings } from '../../../main/core/decode/decode-jobs';
import { BAD, MORE, valueEnd } from '../../../main/core/decode/json-scan';
import type { ListKind, ListParams } from '../../../main/core/decode/list-readers';
import { seedAgentLive, seedMonitor, seedQueue } from '../fixtures/tel4vn-seed-rows';
import { outcomeOf, wholeBodiesOf, type Outcome } from '../fixtures/read-whole';
import { seededRandom } from '../../fixtures/seeded-random';

type Row = Record<string, unknown>;
const PARAMS: ListParams = { timezone: 'Asia/Ho_Chi_Minh', ownExtension: '900' };

// The seeds' own example answers, verbatim as the seeds print them (000 /v3/agent/live, 003 /v3/monitor and
// /v3/monitor/callcenter/queue): pretty-printed, the monitor's with its odd indentation and its `total`.
const SEED_AGENTS = `{
    "data": [
        {
            "user_live_uuid": "e333172c-3883-4649-8d7b-e7be3e271072",
            "user_uuid": "341cc092-d2ae-482c-88ec-8f2e76fa6533",
            "username": "Agent04Internal",
            "extension": "104",
            "extension_uuid": "ae1924fc-b636-47a3-a560-bcce426fcee9",
            "domain_uuid": "c275b950-9885-4775-b1bd-09fc865afa48",
            "domain_name": "internal.tel4vn.com",
            "campaign_uuid": "23406d2c-19e5-4f7b-a1ce-bfea5c2ff081",
            "status": "RESUME",
            "pause_code": "",
            "login_time": "2023-03-08T13:45:10.906065+07:00",
            "last_update_time": "2023-03-08T13:54:41.253266+07:00",
            "last_name": "",
            "middle_name": "",
            "first_name": "Agent04Internal"
        }
    ]
}`;
const SEED_CALLS = `{
    "data": [
        {
            "agent_name": "thanhhoang",
            "b_cid_num": "0914237383",
            "call_id": "df3bd13a-0cb4-455a-ac70-92ed00e13dd7",
            "call_state": "ONCALL",
            "call_time": "2023-04-10 17:02:51",
            "cid_num": "0914237383",
            "destination": "24052364",
            "direction": "outbound",
            "domain_name": "tp.tel4vn.com",
            "domain_uuid": "32f0b0ea-8489-4217-acc7-caeaf58b8bbe",
            "extension": "107",
            "extension_uuid": "290619f4-c6db-40b2-8bb5-38f0ae5c3185",
            "last_name": "",
            "middle_name": "",
            "first_name": "Hoàng Thị Thanh",
            "network_ip": "113.22.113.102",
            "server_host": "203.205.6.79",
            "user_agent": "Pitel/3.20.5",
            "user_uuid": "",
            "username": "thanhhoang"
        }
        ],
    "total": 1
}`;
const SEED_QUEUE = `{
    "data": [
        {
            "call_center_queue_uuid": "7bc3db7b-e95e-4afe-a345-a8385dfb31b7",
            "call_center_queue_name": "Nhi_Test_39989220",
            "call_center_agent_uuid": "1c1b04d6-f155-48b2-a9b5-e85ca683097b",
            "call_center_agent_name": "agent_nhi",
            "mobile": "0865662711",
            "status": "Answered",
            "joined_time": "2023-10-12T17:48:19+07:00",
            "abandoned_time": "1970-01-01T08:00:00+08:00",
            "bridged_time": "2023-10-12T17:48:26+07:00",
            "rejoined_time": "1970-01-01T08:00:00+08:00",
            "call_uuid": "34f6a205-121c-4fa3-bb94-414c5aff5995"
        }
    ]
}`;

/** The decode jobs of one stream, each body fed in the chunks `cut` gives. */
function fastBodies(kind: ListKind): (body: Buffer, cut: (n: number) => number[]) => { outcome: Outcome; timings?: DecodeTimings } {
  const jobs = createDecodeJobs();
  let job = 0;
  return (body, cut) => {
    const id = ++job;
    jobs.handle({ type: 'begin', job: id, stream: 1, kind, params: PARAMS });
    let at = 0;
    for (const size of cut(body.length)) {
      jobs.handle({ type: 'chunk', job: id, parts: [new Uint8Array(body.subarray(at, at + size))] });
      at += size;
    }
    const reply = jobs.handle({ type: 'end', job: id });
    return { outcome: outcomeOf(reply), ...(reply?.ok ? { timings: reply.timings } : {}) };
  };
}

/** Chunk sizes: single bytes, small odd ones, socket-like ones, or the whole body, mixed. */
function randomCut(rnd: () => number): (n: number) => number[] {
  return (n) => {
    const sizes: number[] = [];
    const style = Math.floor(rnd() * 4);
    for (let left = n; left > 0; ) {
      const size = style === 0 ? n : style === 1 ? 1 + Math.floor(rnd() * 3) : style === 2 ? 1 + Math.floor(rnd() * 97) : 1 + Math.floor(rnd() * 4096);
      sizes.push(Math.min(size, left));
      left -= Math.min(size, left);
    }
    return sizes;
  };
}
const whole = (n: number): number[] => [n];

// Names with what UTF-8 and JSON make hard: Vietnamese (2 and 3 byte characters), a 4-byte emoji, quotes,
// backslashes, control characters and line separators written as escapes.
const NAMES = ['Nguyễn', 'Trần Thị Ánh', 'Lê "Bé" Ba', 'Phạm\\Huy', 'Đỗ\nMinh', 'Hương 😀', 'Vũ\u2028Đức', 'An\t', 'Bảo\u0000', 'x', 'Lý "}]," \\', '{[\\"'];

let serial = 0;
/** A new row of the kind, in the seed's shape, with the variants the seeds allow (nulls, zone-less times, stray spaces). */
function newRow(kind: ListKind, rnd: () => number): Row {
  const n = ++serial;
  const name = NAMES[Math.floor(rnd() * NAMES.length)] as string;
  const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  if (kind === 'tel4vn/agents') {
    return seedAgentLive({
      user_uuid: pick([`u-${n}`, ` u-${n} `, `u-${n}`]), user_live_uuid: `l-${n}`, first_name: name, last_name: pick(['', 'Lý', null]),
      status: pick(['RESUME', 'PAUSE', 'pause']), pause_code: pick(['', 'LUNCH', null]), extension: pick([`${1000 + n}`, '', null]),
      last_update_time: pick(['2023-03-08T13:54:41.253266+07:00', '', '2026-12-06T10:00:00Z']),
    });
  }
  if (kind === 'tel4vn/calls') {
    return seedMonitor({
      call_id: pick([`c-${n}`, ` c-${n}`, `c-${n}`]), extension: pick([`${1000 + n}`, '900']), first_name: name, user_uuid: pick(['', `u-${n}`]),
      call_state: pick(['ONCALL', 'RINGING', 'ringing']), direction: pick(['inbound', 'outbound', 'local', 'Inbound']),
      call_time: pick(['2023-04-10 17:02:51', '2023-04-10T17:02:51+07:00']), agent_name: pick(['thanhhoang', null, '']), b_cid_num: pick(['0914237383', null]),
    });
  }
  return seedQueue({
    call_uuid: pick([`q-${n}`, `q-${n} `]), call_center_agent_name: pick([name, '', null]), status: pick(['Trying', 'Answered', 'Abandoned', 'ABANDONED']),
    joined_time: pick(['2023-10-12T17:48:19+07:00', '2023-10-12T17:49:19+07:00']), rejoined_time: pick(['1970-01-01T08:00:00+08:00', '2023-10-12T17:50:00+07:00', '']),
    mobile: pick(['0865662711', null]),
  });
}

/** A field of the kind that a row can change on the floor. */
function changeRow(kind: ListKind, row: Row, rnd: () => number): Row {
  const name = NAMES[Math.floor(rnd() * NAMES.length)] as string;
  if (kind === 'tel4vn/agents') return { ...row, status: rnd() < 0.5 ? 'PAUSE' : 'RESUME', first_name: name, last_update_time: `2026-12-06T10:${String(Math.floor(rnd() * 60)).padStart(2, '0')}:00+07:00` };
  if (kind === 'tel4vn/calls') return { ...row, call_state: rnd() < 0.5 ? 'ONCALL' : 'RINGING', first_name: name, user_uuid: rnd() < 0.5 ? '' : 'u-x' };
  return { ...row, status: rnd() < 0.5 ? 'Answered' : 'Trying', call_center_agent_name: name, joined_time: `2023-10-12T17:${String(Math.floor(rnd() * 60)).padStart(2, '0')}:00+07:00` };
}

/** The floor moves: rows changed, inserted, removed, moved, duplicated, reversed, or nothing. */
function move(kind: ListKind, rows: Row[], rnd: () => number): Row[] {
  const next = [...rows];
  const at = (): number => Math.floor(rnd() * (next.length + 1));
  const ops = 1 + Math.floor(rnd() * 4);
  for (let o = 0; o < ops; o++) {
    const op = Math.floor(rnd() * 8);
    const i = Math.floor(rnd() * next.length);
    if (op === 0 && next.length > 0) next[i] = changeRow(kind, next[i] as Row, rnd);
    else if (op === 1) next.splice(at(), 0, newRow(kind, rnd));
    else if (op === 2 && next.length > 0) next.splice(i, 1);
    else if (op === 3 && next.length > 1) {
      const [row] = next.splice(i, 1);
      next.splice(at(), 0, row as Row);
    } else if (op === 4 && next.length > 0) next.splice(at(), 0, rnd() < 0.5 ? (next[i] as Row) : changeRow(kind, next[i] as Row, rnd));
    else if (op === 5 && rnd() < 0.2) next.reverse();
  }
  return next;
}

/**
 * The rows as a body: compact mostly (then `compact`: each row's bytes are its JSON.stringify), sometimes
 * pretty-printed, with CRLF and tabs, a BOM, spaces around the tokens, more envelope keys.
 */
function bodyOf(rows: Row[], rnd: () => number): { body: Buffer; compact: boolean } {
  const form = Math.floor(rnd() * 10);
  const text = (s: string): { body: Buffer; compact: boolean } => ({ body: Buffer.from(s), compact: false });
  if (form === 0) return text(JSON.stringify({ data: rows, total: rows.length }, null, 2));
  if (form === 1) return text(JSON.stringify({ total: rows.length, data: rows, limit: 10 }, null, '\t').replace(/\n/g, '\r\n'));
  if (form === 2) return { body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ data: rows }))]), compact: true };
  if (form === 3) return { body: Buffer.from(` \n{ "message" : "successfully" , "data" :[ ${rows.map((r) => JSON.stringify(r)).join(' ,\n ')} ] }\n`), compact: true };
  return { body: Buffer.from(JSON.stringify({ data: rows })), compact: true };
}

/** Answers that are not a good list, each as the PBX may send it. */
function badBody(kind: ListKind, rows: Row[], rnd: () => number): Buffer {
  const good = JSON.stringify({ data: rows });
  const n = Math.floor(rnd() * 15);
  const broken = { ...(rows[0] ?? newRow(kind, rnd)) };
  if (kind === 'tel4vn/agents') broken.status = 'AWAY';
  else if (kind === 'tel4vn/calls') broken.call_state = 'HOLD';
  else broken.status = 'Lost';
  switch (n) {
    case 0: return Buffer.from(JSON.stringify({ data: null, status: 'fail', error: 'USER_NOT_REGISTERED' }));
    case 1: return Buffer.from(JSON.stringify({ data: rows, error: 'database timeout' }));
    case 2: return Buffer.from(JSON.stringify({ code: 500, content: 'Lỗi hệ thống', data: rows }));
    case 3: return Buffer.from(good.slice(0, Math.floor(rnd() * good.length)));
    case 4: return Buffer.from(good.replace('},{', '},,{'));
    case 5: return Buffer.from(good.replace(/"([a-z_]+)":/, '"$1"'));
    case 6: {
      const bad = [...rows];
      bad.splice(Math.floor(rnd() * (bad.length + 1)), 0, broken);
      return Buffer.from(JSON.stringify({ data: bad }));
    }
    case 7: return Buffer.from(JSON.stringify({ data: [...rows, 'x'] }));
    case 8: return Buffer.from(JSON.stringify({ data: null }));
    case 9: return Buffer.from('{}');
    case 10: return Buffer.from(JSON.stringify([rows[0] ?? null]));
    case 11: return Buffer.from(`{"data":[],"d\\u0061ta":${JSON.stringify(rows)}}`);
    // The list key twice, or again with an escape: JSON.parse keeps the last, here an empty list.
    case 12: return Buffer.from(`{"data":${JSON.stringify(rows)},"data":[]}`);
    case 13: return Buffer.from(`{"data":${JSON.stringify(rows)},"d\\u0061ta":[]}`);
    default: return Buffer.from(`${good} x`);
  }
}

const KINDS: ListKind[] = ['tel4vn/agents', 'tel4vn/calls', 'tel4vn/queue'];

describe('rows matched by their bytes', () => {
  it.each(KINDS)('reads the seed example answer of %s as the whole body does, and its HTTP-200 failures', (kind) => {
    const seed = { 'tel4vn/agents': SEED_AGENTS, 'tel4vn/calls': SEED_CALLS, 'tel4vn/queue': SEED_QUEUE }[kind];
    const reference = wholeBodiesOf(kind, PARAMS);
    const fast = fastBodies(kind);
    const bodies = [
      seed,
      seed.replace('"data": [', '"data": [\n        ').replace(/\n {4}\]/, '\n]'),
      JSON.stringify({ data: null, status: 'fail', error: 'USER_NOT_REGISTERED' }),
      JSON.stringify({ ...JSON.parse(seed), error: 'user is already logged in' }),
      JSON.stringify({ ...JSON.parse(seed), code: 500, content: 'Lỗi hệ thống' }),
      JSON.stringify({ code: 200, content: 'successfully', ...JSON.parse(seed) }),
      seed,
    ];
    for (const text of bodies) {
      const body = Buffer.from(text);
      const expected = reference(body);
      expect(fast(body, whole).outcome).toEqual(expected);
    }
    expect(reference(Buffer.from(seed))).toMatchObject({ ok: true, rows: 1 });
  });

  it.each(KINDS)('gives the whole body\'s reply for every answer of a moving floor of %s, in any chunks', (kind) => {
    let matched = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const rnd = seededRandom(seed * 7919 + kind.length);
      const reference = wholeBodiesOf(kind, PARAMS);
      const fast = fastBodies(kind);
      let rows = Array.from({ length: 5 + Math.floor(rnd() * 40) }, () => newRow(kind, rnd));
      /** Each row's bytes in the last good body, when its rows were written compact. */
      let last: Set<string> | null = null;
      for (let step = 0; step < 30; step++) {
        const bad = rnd() < 0.15;
        if (!bad) rows = move(kind, rows, rnd);
        const { body, compact } = bad ? { body: badBody(kind, rows, rnd), compact: false } : bodyOf(rows, rnd);
        const expected = reference(body);
        const { outcome, timings } = fast(body, randomCut(rnd));
        const where = `seed ${seed}, step ${step}: ${body.toString().slice(0, 200)}`;
        expect(outcome, where).toEqual(expected);
        if (!outcome.ok || !timings) continue;
        // Parsed: exactly the rows whose bytes the last good body did not have (when both are written alike).
        const json = rows.map((r) => JSON.stringify(r));
        if (last && compact && !timings.unchanged) {
          const seen = last;
          expect(timings.rowsParsed, where).toBe(json.filter((r) => !seen.has(r)).length);
          matched++;
        }
        last = compact ? new Set(json) : null;
      }
    }
    expect(matched).toBeGreaterThan(100);
  });

  it('finds where a value ends in its bytes, strings and escapes skipped whole', () => {
    const cases: [string, number][] = [
      [String.raw`{"a":"}"}`, 9], [String.raw`{"a":"\\"}`, 10], [String.raw`{"a":"\\\"}"}, 1`, 13], ['[1,[2,{"x":"]"}]]', 17],
      [String.raw`"ab\"c"d`, 7], ['12.5e3, ', 6], ['{"a":"Nguyễn"}', Buffer.byteLength('{"a":"Nguyễn"}')], ['true]', 4],
    ];
    for (const [text, end] of cases) expect(valueEnd(Buffer.from(text), 0, Buffer.byteLength(text)), text).toBe(end);
    expect(valueEnd(Buffer.from('{"a":"}'), 0, 7)).toBe(MORE);
    expect(valueEnd(Buffer.from('{"a":"\\'), 0, 7)).toBe(MORE);
    expect(valueEnd(Buffer.from('12'), 0, 2)).toBe(MORE);
    expect(valueEnd(Buffer.from('],'), 0, 2)).toBe(BAD);
  });

  it('cuts multi-byte characters and escapes at every offset the same way', () => {
    const kind: ListKind = 'tel4vn/agents';
    const rnd = seededRandom(42);
    const before = Array.from({ length: 6 }, () => newRow(kind, rnd));
    const after = [...before];
    after[2] = { ...(after[2] as Row), first_name: 'Nguyễn "Văn" \\ Ánh 😀\u2028' };
    after.splice(4, 0, seedAgentLive({ user_uuid: 'u-new', first_name: 'Đặng Thị Hường\n' }));
    const first = Buffer.from(JSON.stringify({ data: before }));
    const next = Buffer.from(JSON.stringify({ data: after }));
    const expected = (() => {
      const reference = wholeBodiesOf(kind, PARAMS);
      reference(first);
      return reference(next);
    })();
    for (let at = 0; at <= next.length; at++) {
      const fast = fastBodies(kind);
      fast(first, whole);
      expect(fast(next, (n) => [at, n - at]).outcome, `cut at ${at}`).toEqual(expected);
    }
  });

  it('parses and reads only the rows whose bytes changed: moved, removed and unchanged rows are the last ones', () => {
    const kind: ListKind = 'tel4vn/agents';
    const rnd = seededRandom(7);
    const rows = Array.from({ length: 1000 }, () => newRow(kind, rnd));
    const reference = wholeBodiesOf(kind, PARAMS);
    const fast = fastBodies(kind);
    const send = (list: Row[]): DecodeTimings => {
      const body = Buffer.from(JSON.stringify({ data: list }));
      const expected = reference(body);
      const { outcome, timings } = fast(body, (n) => Array.from({ length: Math.ceil(n / 65536) }, (_, i) => Math.min(65536, n - i * 65536)));
      expect(outcome).toEqual(expected);
      return timings as DecodeTimings;
    };
    // The first answer: every row is new.
    expect(send(rows).rowsParsed).toBe(1000);
    // 10 changed in place, 3 inserted, 4 removed, 5 moved: 13 rows parsed.
    const next = [...rows];
    for (let i = 0; i < 10; i++) next[i * 97 + 5] = changeRow(kind, next[i * 97 + 5] as Row, rnd);
    next.splice(500, 0, newRow(kind, rnd), newRow(kind, rnd));
    next.splice(20, 0, newRow(kind, rnd));
    for (const i of [900, 700, 300, 100]) next.splice(i, 1);
    for (const i of [10, 250, 600, 800, 950]) next.splice(Math.floor(rnd() * 900), 0, ...next.splice(i, 1));
    const t = send(next);
    expect(t.rowsParsed).toBe(13);
    expect(t.unchanged).toBe(false);
    // The whole list reversed: a scan, no parse.
    expect(send([...next].reverse()).rowsParsed).toBe(0);
    // The same bytes again: not looked at.
    const same = send([...next].reverse());
    expect(same).toMatchObject({ unchanged: true, rowsParsed: 0 });
  });

  it('reads a row again when the params change (another zone reads the same bytes as another time)', () => {
    const kind: ListKind = 'tel4vn/calls';
    const jobs = createDecodeJobs();
    const body = Buffer.from(SEED_CALLS);
    const run = (job: number, params: ListParams): DecodeReply | null => {
      jobs.handle({ type: 'begin', job, stream: 1, kind, params });
      jobs.handle({ type: 'chunk', job, parts: [new Uint8Array(body)] });
      return jobs.handle({ type: 'end', job });
    };
    run(1, PARAMS);
    // Rows read with other params are not kept: every row of the next body is read with the new ones.
    const moved = Buffer.from(SEED_CALLS.replace('"total": 1', '"total": 2'));
    jobs.handle({ type: 'begin', job: 2, stream: 1, kind, params: { ...PARAMS, timezone: 'America/Sao_Paulo' } });
    jobs.handle({ type: 'chunk', job: 2, parts: [new Uint8Array(moved)] });
    const reply = jobs.handle({ type: 'end', job: 2 });
    if (!reply?.ok) throw new Error('the job failed');
    expect(reply.timings.rowsParsed).toBe(1);
    expect(reply.upsert[0]).toMatchObject({ startedAt: Date.UTC(2023, 3, 10, 20, 2, 51) });
  });

  it('names a bad field of a changed row with its index in this answer', () => {
    const kind: ListKind = 'tel4vn/calls';
    const rnd = seededRandom(9);
    const rows = Array.from({ length: 20 }, () => newRow(kind, rnd));
    const fast = fastBodies(kind);
    fast(Buffer.from(JSON.stringify({ data: rows })), whole);
    const next = [newRow(kind, rnd), newRow(kind, rnd), ...rows];
    next[15] = { ...(next[15] as Row), direction: 'sideways' };
    expect(fast(Buffer.from(JSON.stringify({ data: next })), whole).outcome).toMatchObject({ ok: false, problem: 'shape', field: 'data[15].direction' });
    // The bad answer moved nothing: the next good one is diffed against the first.
    const good = fast(Buffer.from(JSON.stringify({ data: rows.slice(1) })), whole).outcome;
    expect(good).toMatchObject({ ok: true, upsert: [], remove: [expect.any(String)], rows: 19 });
  });

  it.each(KINDS)('gives the whole body\'s reply when two answers of one stream of %s overlap and end in either order', (kind) => {
    // A poll begun while an earlier answer is still being finished: the second job matched its bytes against
    // the rows the stream held at its begin, and the first settles in between. Each reply must still be the
    // whole body's, diffed in the order the replies come; an unchanged body, a failed one and a new body alike.
    let compared = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const rnd = seededRandom(seed * 104729 + kind.length);
      const reference = wholeBodiesOf(kind, PARAMS);
      const jobs = createDecodeJobs();
      let id = 0;
      let rows = Array.from({ length: 5 + Math.floor(rnd() * 30) }, () => newRow(kind, rnd));
      let last = Buffer.from(JSON.stringify({ data: rows }));
      const begin = (): number => {
        jobs.handle({ type: 'begin', job: ++id, stream: 1, kind, params: PARAMS });
        return id;
      };
      const feed = (job: number, body: Buffer, from: number, to: number): void => {
        if (to > from) jobs.handle({ type: 'chunk', job, parts: [new Uint8Array(body.subarray(from, to))] });
      };
      const next = (): Buffer => {
        const pick = rnd();
        if (pick < 0.2) return last;
        if (pick < 0.3) return badBody(kind, rows, rnd);
        rows = move(kind, rows, rnd);
        return (last = Buffer.from(JSON.stringify({ data: rows })));
      };
      // The stream's first answer, alone: the later ones are matched against its rows.
      const first = begin();
      feed(first, last, 0, last.length);
      expect(outcomeOf(jobs.handle({ type: 'end', job: first }))).toEqual(reference(last));
      for (let step = 0; step < 20; step++) {
        const a = next();
        const b = next();
        const ja = begin();
        const jb = begin();
        // Their chunks interleaved, each body in two or three pieces.
        const ca = Math.floor(rnd() * a.length);
        const cb = Math.floor(rnd() * b.length);
        feed(ja, a, 0, ca);
        feed(jb, b, 0, cb);
        feed(ja, a, ca, a.length);
        const aFirst = rnd() < 0.5;
        const where = `seed ${seed}, step ${step}, ${aFirst ? 'first' : 'second'} ends first`;
        if (aFirst) {
          expect(outcomeOf(jobs.handle({ type: 'end', job: ja })), where).toEqual(reference(a));
          feed(jb, b, cb, b.length);
          expect(outcomeOf(jobs.handle({ type: 'end', job: jb })), where).toEqual(reference(b));
        } else {
          feed(jb, b, cb, b.length);
          expect(outcomeOf(jobs.handle({ type: 'end', job: jb })), where).toEqual(reference(b));
          expect(outcomeOf(jobs.handle({ type: 'end', job: ja })), where).toEqual(reference(a));
        }
        compared += 2;
      }
    }
    expect(compared).toBe(400);
  });

  it('takes each answer into a buffer an earlier answer left, kept, unchanged or failed: a steady stream allocates none', () => {
    const kind: ListKind = 'tel4vn/agents';
    const rnd = seededRandom(21);
    const reference = wholeBodiesOf(kind, PARAMS);
    const fast = fastBodies(kind);
    let rows = Array.from({ length: 40 }, () => newRow(kind, rnd));
    // The same bytes again, a failure inside a 200, or a row changed in place (the body's size kept); made
    // before the count (Buffer.from of a long string takes a slow buffer of its own).
    let last = Buffer.from(JSON.stringify({ data: rows }));
    const bodies: Buffer[] = [];
    for (let step = 0; step < 30; step++) {
      if (step % 5 === 3) bodies.push(last);
      else if (step % 7 === 5) bodies.push(Buffer.from(JSON.stringify({ data: null, status: 'fail', error: 'USER_NOT_REGISTERED' })));
      else {
        const i = Math.floor(rnd() * rows.length);
        rows = rows.map((r, j) => (j === i ? { ...r, last_update_time: `2026-12-07T10:${String(step).padStart(2, '0')}:00+07:00` } : r));
        bodies.push((last = Buffer.from(JSON.stringify({ data: rows }))));
      }
    }
    const expected = bodies.map((body) => reference(body));
    const allocations = vi.spyOn(Buffer, 'allocUnsafeSlow');
    try {
      const perStep = bodies.map((body, step) => {
        const before = allocations.mock.calls.length;
        expect(fast(body, randomCut(rnd)).outcome, `step ${step}`).toEqual(expected[step]);
        return allocations.mock.calls.length - before;
      });
      // The first answers size the buffers; from then on each answer reuses one.
      expect(perStep.slice(0, 4).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(perStep.slice(4)).toEqual(perStep.slice(4).map(() => 0));
    } finally {
      allocations.mockRestore();
    }
  });

  it('never gives a running job\'s bytes to another answer: a buffer an overlapping job still matches with is not reused', () => {
    const kind: ListKind = 'tel4vn/calls';
    const rnd = seededRandom(33);
    const reference = wholeBodiesOf(kind, PARAMS);
    const jobs = createDecodeJobs();
    const run = (job: number, body: Buffer): Outcome => {
      jobs.handle({ type: 'begin', job, stream: 1, kind, params: PARAMS });
      jobs.handle({ type: 'chunk', job, parts: [new Uint8Array(body)] });
      return outcomeOf(jobs.handle({ type: 'end', job }));
    };
    const withNumber = (rows: Row[], i: number, number: string): Row[] => rows.map((r, j) => (j === i ? { ...r, b_cid_num: number } : r));
    const bodyOf = (rows: Row[]): Buffer => Buffer.from(JSON.stringify({ data: rows }));
    // Rows 3 and 7 change their numbers in place, their bytes as long as before (so every row of b2 stands
    // where it stood in b0).
    const r0 = withNumber(withNumber(Array.from({ length: 30 }, () => newRow(kind, rnd)), 3, '0914237383'), 7, '0914237383');
    const r3 = withNumber(r0, 3, '0914237384');
    const r2 = withNumber(r3, 7, '0914237384');
    const [b0, b3, b2] = [bodyOf(r0), bodyOf(r3), bodyOf(r2)];
    expect(run(1, b0)).toEqual(reference(b0));
    // Job 2 begins, matched against b0's bytes and rows. Job 3 settles meanwhile and frees b0's buffer; were
    // job 4 given it, its bytes (b2's) would stand where job 2 looks for b0's, and job 2 would take rows 3
    // and 7 as b0 had them.
    jobs.handle({ type: 'begin', job: 2, stream: 1, kind, params: PARAMS });
    jobs.handle({ type: 'chunk', job: 2, parts: [new Uint8Array(b2.subarray(0, 10))] });
    expect(run(3, b3)).toEqual(reference(b3));
    expect(run(4, b2)).toEqual(reference(b2));
    jobs.handle({ type: 'chunk', job: 2, parts: [new Uint8Array(b2.subarray(10))] });
    // Job 2's answer has b2's rows: nothing changed since job 4's.
    expect(outcomeOf(jobs.handle({ type: 'end', job: 2 }))).toEqual(reference(b2));
    expect(reference(b2)).toMatchObject({ ok: true, upsert: [], remove: [] });
  });
});
