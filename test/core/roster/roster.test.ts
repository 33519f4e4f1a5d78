// The roster CSV format (every rule, with line numbers) and the store: persisted in a real file, a bad
// import or a damaged file loses nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatRosterCsv, parseRosterCsv } from '../../../common/roster-csv';
import { openRosterStore } from '../../../main/core/roster/roster-store';

const GOOD = [
  '\uFEFFkind,id,name,extension',
  '# the Sales floor',
  'agent,17798,Ana Lima,101',
  'agent,17799,"Dias, Bruno",',
  '',
  'pause,1,Lunch',
  'pause-reason,2,"Break ""short"""',
  'queue,3,Training Queue',
  'device,105,Desk 5\r',
].join('\n');

describe('parseRosterCsv', () => {
  it('reads every kind, quotes, comments, a BOM, CRLF and the optional header', () => {
    const r = parseRosterCsv(GOOD);
    expect(r).toEqual({
      ok: true,
      roster: {
        agents: [{ id: '17798', name: 'Ana Lima', extension: '101' }, { id: '17799', name: 'Dias, Bruno', extension: null }],
        pauseReasons: [{ id: '1', name: 'Lunch' }, { id: '2', name: 'Break "short"' }],
        queues: [{ id: '3', name: 'Training Queue' }],
        devices: [{ id: '105', name: 'Desk 5' }],
      },
    });
    if (r.ok) expect(parseRosterCsv(formatRosterCsv(r.roster))).toEqual(r);
  });
  it('names every bad line', () => {
    const r = parseRosterCsv([
      'agnt,1,Ana', 'agent,x1,Ana', 'pause,0,Available', 'queue,4,', 'queue,5,Q,101', 'agent,6,Eve,10a',
      'agent,7,"open', 'agent;8;Semi', 'queue,9,A', 'queue,9,B', 'agent,10,Ten,100,extra',
    ].join('\n'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { line: 1, message: 'kind must be agent, pause, queue, device (got "agnt")' },
      { line: 2, message: 'agent id must be digits (got "x1")' },
      { line: 3, message: 'pause id 0 is reserved: it means available' },
      { line: 4, message: 'queue 4 has no name' },
      { line: 5, message: 'only agents have an extension (queue 5)' },
      { line: 6, message: 'agent 6: the extension must be digits (got "10a")' },
      { line: 7, message: 'a quoted field is not closed' },
      { line: 8, message: 'fields must be separated by commas (found semicolons)' },
      { line: 10, message: 'queue 9 is already on line 9' },
      { line: 11, message: 'too many fields: expected kind,id,name,extension' },
    ]);
  });
  it('refuses a file with no rows', () => {
    expect(parseRosterCsv('kind,id,name,extension\n\n')).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/no rows/) }] });
  });
});

describe('openRosterStore', () => {
  const dirs: string[] = [];
  const file = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-roster-'));
    dirs.push(dir);
    return join(dir, 'roster.json');
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('persists an import and reloads it; a bad import changes nothing and says which lines', () => {
    const f = file();
    const logs: string[] = [];
    const store = openRosterStore(f, (m) => logs.push(m));
    expect(store.get().agents).toEqual([]);
    const ok = store.importCsv(GOOD);
    expect(ok.ok).toBe(true);
    expect(readFileSync(f, 'utf8')).not.toMatch(/api_key|password|token/i);
    expect(openRosterStore(f, () => {}).get()).toEqual(store.get());
    const bad = store.importCsv('agent,1,Ana\nqueue,x,Sales\nnonsense');
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', field: 'line 2' } });
    if (!bad.ok) expect(bad.error.message).toBe('The roster was not imported (nothing changed): line 2: queue id must be digits (got "x"); line 3: kind must be agent, pause, queue, device (got "nonsense").');
    expect(store.get().agents).toHaveLength(2);
    expect(openRosterStore(f, () => {}).get().agents).toHaveLength(2);
    expect(logs).toEqual([]);
  });
  it('a damaged file starts empty, says so, and is not overwritten until an import succeeds', () => {
    const f = file();
    writeFileSync(f, '{"version":1,"csv":"agent,1,"}');
    const logs: string[] = [];
    expect(openRosterStore(f, (m) => logs.push(m)).get().agents).toEqual([]);
    expect(logs[0]).toMatch(/damaged/);
    writeFileSync(f, 'not json');
    const logs2: string[] = [];
    openRosterStore(f, (m) => logs2.push(m));
    expect(logs2[0]).toMatch(/could not read/);
    expect(readFileSync(f, 'utf8')).toBe('not json');
  });
});
