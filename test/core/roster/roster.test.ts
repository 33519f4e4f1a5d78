// The roster CSV format (every rule, with line numbers) and the store: persisted in a real file, a bad
// import or a damaged file loses nothing.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
      'agent;8;Semi', 'queue,9,A', 'queue,9,B', 'agent,10,Ten,100,extra',
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
      { line: 7, message: 'fields must be separated by commas (found semicolons)' },
      { line: 9, message: 'queue 9 is already on line 8' },
      { line: 10, message: 'too many fields: expected kind,id,name,extension' },
    ]);
  });
  // RFC 4180 (papaparse): quotes are read before lines are split.
  it('reads a quoted comma, a quoted newline and a quoted quote, and numbers lines as the file does', () => {
    const r = parseRosterCsv('kind,id,name,extension\r\nagent,1,"Lima,\r\nAna",101\r\n# a note with a "quote\r\nqueue,3,"Sales ""A"", ]"\r\nagent,1,Twice,');
    expect(r).toEqual({ ok: false, errors: [{ line: 6, message: 'agent 1 is already on line 2' }] });
    const good = parseRosterCsv('agent,1,"Lima,\nAna",101\nqueue,3,"Sales ""A"", ]"\n');
    expect(good).toEqual({
      ok: true,
      // A line break inside a name is read as one space (names are shown on one line).
      roster: { agents: [{ id: '1', name: 'Lima, Ana', extension: '101' }], pauseReasons: [], queues: [{ id: '3', name: 'Sales "A", ]' }], devices: [] },
    });
  });
  it('refuses text after a closing quote and an unclosed quote, naming the line', () => {
    expect(parseRosterCsv('agent,1,Ana\nagent,2,"Dias, Bruno"x,102\nagent,3,Caio')).toEqual({
      ok: false,
      errors: [{ line: 2, message: 'text follows the closing quote of a field (quote the whole field: "Dias, Bruno x")' }],
    });
    expect(parseRosterCsv('agent,1,Ana\nagent,7,"open\nagent,8,Eve')).toEqual({
      ok: false,
      errors: [{ line: 2, message: 'a quoted field is not closed' }],
    });
  });
  it('reads back every roster it writes', () => {
    const names = ['Dias, Bruno', 'Break "short"', 'a"b', '#1 queue', '; semi', ',', '""', 'Nguyễn Thị Ánh', "O'Brien", '=SUM(A1)', 'x ]', '"quoted" tail'];
    const roster = {
      agents: names.map((name, i) => ({ id: String(i + 1), name, extension: i % 2 ? null : String(100 + i) })),
      pauseReasons: names.map((name, i) => ({ id: String(i + 1), name })),
      queues: names.map((name, i) => ({ id: String(i + 1), name })),
      devices: names.map((name, i) => ({ id: String(i + 1), name })),
    };
    expect(parseRosterCsv(formatRosterCsv(roster))).toEqual({ ok: true, roster });
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
  it('a damaged file is set aside under a dated name, the roster starts empty, and roster:get says where', () => {
    const f = file();
    const dir = dirname(f);
    const at = Date.UTC(2026, 10, 24, 3, 4, 5);
    writeFileSync(f, '{"version":1,"csv":"agent,1,"}');
    const logs: string[] = [];
    const store = openRosterStore(f, (m) => logs.push(m), () => at);
    expect(store.get().agents).toEqual([]);
    const aside = 'roster.json.damaged-2026-11-24T03-04-05-000Z';
    expect(store.info().setAside).toEqual({ file: aside, at, reason: 'line 1: agent 1 has no name.' });
    expect(readdirSync(dir)).toEqual([aside]);
    expect(readFileSync(join(dir, aside), 'utf8')).toBe('{"version":1,"csv":"agent,1,"}');
    expect(logs[0]).toContain(aside);
    // A good import replaces it and the notice goes.
    expect(store.importCsv('agent,1,Ana').ok).toBe(true);
    expect(store.info().setAside).toBeNull();
    expect(openRosterStore(f, () => {}).info()).toMatchObject({ roster: { agents: [{ id: '1' }] }, setAside: null });

    writeFileSync(f, 'not json');
    expect(openRosterStore(f, () => {}, () => at + 1000).info().setAside).toMatchObject({ reason: 'it is not JSON' });
    expect(readdirSync(dir).sort()).toEqual([aside, 'roster.json.damaged-2026-11-24T03-04-06-000Z']);
  });
});
