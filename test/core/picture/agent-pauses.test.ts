// Each agent's pauses today as the console saw them: one pause per stretch in 'paused' (named by agent and
// start, so a restart that finds the agent still paused counts it once), the one in progress up to now,
// finished ones kept in the file across a restart, and a new day starting from nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../common/domain';
import { createAgentPauses } from '../../../main/core/picture/agent-pauses';

const ZONE = 'Asia/Ho_Chi_Minh';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function agent(id: string, state: Agent['state'], stateSince: number | null): Agent {
  return {
    id, name: id, username: id, extension: '101', state, stateSince, pauseReason: null, pauseLimitSec: null, queues: [], campaign: null, callId: null,
    origin: 'pbx', answeredToday: null,
  };
}

describe('agent pauses today', () => {
  it('counts pauses and their time, survives a restart, rolls at midnight', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-pauses-'));
    dirs.push(dir);
    const file = join(dir, 'pauses.jsonl');
    // 10:00 in Ho Chi Minh.
    let now = Date.parse('2026-12-06T03:00:00Z');
    const open = () => createAgentPauses({ file, zone: () => ZONE, now: () => now, log: () => {} });
    let p = open();
    const t0 = now;
    p.observe([agent('a', 'paused', t0), agent('b', 'available', t0)]);
    now += 60_000;
    expect(p.today().get('a')).toEqual({ pauses: 1, pausedSec: 60 });
    expect(p.today().get('b')).toBeUndefined();
    // a resumes at +90 s (the PBX says when), b pauses.
    now += 60_000;
    p.observe([agent('a', 'available', t0 + 90_000), agent('b', 'paused', now)]);
    expect(p.today().get('a')).toEqual({ pauses: 1, pausedSec: 90 });
    // A restart: a's finished pause is read back; b, still paused since the same time, is one pause.
    now += 30_000;
    p = open();
    p.observe([agent('a', 'available', t0 + 90_000), agent('b', 'paused', t0 + 120_000)]);
    expect(p.today().get('a')).toEqual({ pauses: 1, pausedSec: 90 });
    expect(p.today().get('b')).toEqual({ pauses: 1, pausedSec: 30 });
    // b logs off while paused: the pause ends then.
    now += 30_000;
    p.observe([agent('a', 'paused', now)]);
    expect(p.today().get('b')).toEqual({ pauses: 1, pausedSec: 60 });
    expect(p.today().get('a')).toEqual({ pauses: 2, pausedSec: 90 });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    // The next PBX-local day starts empty; a's pause in progress counts from midnight.
    now = Date.parse('2026-12-06T17:00:30Z');
    expect(p.today().get('b')).toBeUndefined();
    expect(p.today().get('a')).toEqual({ pauses: 1, pausedSec: 30 });
  });
});

describe('agent pauses from the picture\'s change', () => {
  it('reads only the rows a change names, and counts as the whole list does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-pauses-'));
    dirs.push(dir);
    let now = Date.parse('2026-12-06T03:00:00Z');
    const byChange = createAgentPauses({ file: join(dir, 'a.jsonl'), zone: () => ZONE, now: () => now, log: () => {} });
    const byList = createAgentPauses({ file: join(dir, 'b.jsonl'), zone: () => ZONE, now: () => now, log: () => {} });
    const read = new Set<string>();
    // Field reads (all but the id) noted by the row's id.
    const watched = (a: Agent): Agent => new Proxy(a, {
      get: (t, k, r) => {
        if (k !== 'id') read.add(t.id);
        return Reflect.get(t, k, r) as unknown;
      },
    });
    const first = Array.from({ length: 1000 }, (_, i) => watched(agent(`a${i}`, i % 10 === 0 ? 'paused' : 'available', now - 5000)));
    byChange.observe(first, null);
    byList.observe(first);
    now += 60_000;
    // a0 resumes, a1 pauses, a10 (paused) logs off.
    const upsert = [agent('a0', 'available', now - 1000), agent('a1', 'paused', now - 1000)];
    const second = first.filter((a) => a.id !== 'a10').map((a) => upsert.find((u) => u.id === a.id) ?? a);
    read.clear();
    byChange.observe(second, { from: first, upsert, remove: ['a10'] });
    expect([...read]).toEqual([]);
    byList.observe(second);
    now += 30_000;
    expect(byChange.today()).toEqual(byList.today());
    expect(byChange.today().get('a10')).toEqual({ pauses: 1, pausedSec: 65 });
    expect(byChange.today().get('a1')).toEqual({ pauses: 1, pausedSec: 31 });
    // A change from another list than the one observed last is not taken: the whole list is, so a1, gone
    // from it while paused, ended its pause now.
    byChange.observe(second.filter((a) => a.id !== 'a1'), { from: [], upsert: [], remove: [] });
    now += 30_000;
    expect(byChange.today().get('a1')).toEqual({ pauses: 1, pausedSec: 31 });
  });
});
