// The supervisor's roster for PBX families that list nothing (cc_agent): agent, pause-reason, queue and
// device ids with their names, imported from CSV and kept in the data folder (roster.json).
//
// CSV, one row per item, an optional header row `kind,id,name,extension`:
//   agent,1001,Lan Nguyen,101
//   pause-reason,2,Lunch
//   queue,5,Sales
//   device,7,Desk phone 7
// A bad row refuses the whole import (naming the line) and keeps the roster as it was.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { BridgeResult } from '../../../common/contract';
import type { Roster } from '../../../common/domain';

export interface RosterStore {
  get(): Roster;
  importCsv(csv: string): BridgeResult<Roster>;
}

const emptyRoster = (): Roster => ({ agents: [], pauseReasons: [], queues: [], devices: [] });
const ID = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$/;
const EXTENSION = /^\d{1,15}$/;

/** Split one CSV line: commas, with double-quoted fields ("" inside quotes is a quote). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field.trim());
      field = '';
    } else field += ch;
  }
  out.push(field.trim());
  return out;
}

export function parseRosterCsv(csv: string): BridgeResult<Roster> {
  const roster = emptyRoster();
  const bad = (line: number, why: string): BridgeResult<Roster> => ({
    ok: false,
    error: { code: 'INVALID_PAYLOAD', field: 'csv', message: `Roster CSV line ${line}: ${why}. Nothing was imported.` },
  });
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    if (text.trim() === '') continue;
    const [kind = '', id = '', name = '', extension = ''] = splitCsvLine(text);
    if (i === 0 && kind.toLowerCase() === 'kind') continue;
    if (!ID.test(id)) return bad(i + 1, `"${id}" is not a valid id`);
    if (name === '' || name.length > 200) return bad(i + 1, 'a name of 1 to 200 characters is needed');
    if (kind === 'agent') {
      if (extension !== '' && !EXTENSION.test(extension)) return bad(i + 1, `extension "${extension}" must be digits`);
      roster.agents.push({ id, name, extension: extension || null });
    } else if (kind === 'pause-reason') roster.pauseReasons.push({ id, name });
    else if (kind === 'queue') roster.queues.push({ id, name });
    else if (kind === 'device') roster.devices.push({ id, name });
    else return bad(i + 1, `unknown kind "${kind}" (agent, pause-reason, queue or device)`);
  }
  return { ok: true, data: roster };
}

export function openRosterStore(file: string, log: (message: string) => void): RosterStore {
  let roster = emptyRoster();
  if (existsSync(file)) {
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Roster>;
      roster = { ...emptyRoster(), ...stored };
    } catch (err) {
      log(`roster: ${file} is unreadable (${(err as Error).message}); starting empty`);
    }
  }
  return {
    get: () => roster,
    importCsv(csv) {
      const parsed = parseRosterCsv(csv);
      if (!parsed.ok) return parsed;
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, JSON.stringify(parsed.data, null, 2), { mode: 0o600 });
      renameSync(tmp, file);
      roster = parsed.data;
      return parsed;
    },
  };
}
