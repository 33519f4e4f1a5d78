// The supervisor's roster as CSV (cc_agent lists nothing, so ids and names come from the supervisor).
// Pure (shared by the core, which checks every import, and the renderer, which shows and edits the CSV).
// Format, one row per thing, comma-separated, RFC 4180 quoting ("Lima, Ana" and "" for a quote):
//
//   kind,id,name,extension          <- optional header line
//   agent,17798,Ana Lima,101        <- agent: cc_agent user_id, name, extension (optional)
//   pause,1,Lunch                   <- pause reason id (not 0: 0 means available) and name ('pause-reason' too)
//   queue,3,Training Queue          <- queue id and name
//   device,101,Desk 12 phone        <- device id and name
//
// Blank lines and lines starting with # are skipped. Ids are digits. A bad file is refused whole, with
// every problem named by line number: nothing is half-imported.
import type { Roster } from './domain';

export const ROSTER_KINDS = ['agent', 'pause', 'queue', 'device'] as const;
export type RosterKind = (typeof ROSTER_KINDS)[number];

export const MAX_ROSTER_ROWS = 20_000;
const MAX_NAME = 200;
const MAX_REPORTED = 20;

export interface RosterLineError {
  line: number;
  message: string;
}

export type RosterParse = { ok: true; roster: Roster } | { ok: false; errors: RosterLineError[] };

export const emptyRoster = (): Roster => ({ agents: [], pauseReasons: [], queues: [], devices: [] });

/** Split one CSV line into fields; null when a quote is left open. */
function splitLine(line: string): string[] | null {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur.trim() === '') {
      quoted = true;
      cur = '';
    } else if (ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (quoted) return null;
  out.push(cur.trim());
  return out;
}

const isHeader = (fields: string[]): boolean => fields[0]?.toLowerCase() === 'kind' && fields[1]?.toLowerCase() === 'id';

export function parseRosterCsv(text: string): RosterParse {
  const roster = emptyRoster();
  const errors: RosterLineError[] = [];
  const firstLine = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let rows = 0;
  let sawHeader = false;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const err = (message: string): void => void errors.push({ line, message });
    const fields = splitLine(trimmed);
    if (!fields) return err('a quoted field is not closed');
    if (!sawHeader && rows === 0 && isHeader(fields)) {
      sawHeader = true;
      return;
    }
    rows++;
    if (rows > MAX_ROSTER_ROWS) {
      if (rows === MAX_ROSTER_ROWS + 1) err(`more than ${MAX_ROSTER_ROWS} rows`);
      return;
    }
    if (fields.length === 1 && trimmed.includes(';')) return err('fields must be separated by commas (found semicolons)');
    const [kindRaw = '', id = '', name = '', extension = '', ...rest] = fields;
    // 'pause-reason' is accepted for 'pause' (an earlier spelling of this format).
    const kind = kindRaw.toLowerCase() === 'pause-reason' ? 'pause' : kindRaw.toLowerCase();
    if (!(ROSTER_KINDS as readonly string[]).includes(kind)) {
      return err(`kind must be ${ROSTER_KINDS.join(', ')} (got "${kindRaw.slice(0, 30)}")`);
    }
    if (rest.some((f) => f !== '')) return err('too many fields: expected kind,id,name,extension');
    if (!/^\d{1,12}$/.test(id)) return err(`${kind} id must be digits (got "${id.slice(0, 30)}")`);
    if (kind === 'pause' && Number(id) === 0) return err('pause id 0 is reserved: it means available');
    if (name === '') return err(`${kind} ${id} has no name`);
    if (name.length > MAX_NAME) return err(`${kind} ${id}: the name is longer than ${MAX_NAME} characters`);
    if (extension !== '' && kind !== 'agent') return err(`only agents have an extension (${kind} ${id})`);
    if (extension !== '' && !/^\d{1,15}$/.test(extension)) return err(`agent ${id}: the extension must be digits (got "${extension.slice(0, 30)}")`);
    const key = `${kind}:${id}`;
    const seen = firstLine.get(key);
    if (seen !== undefined) return err(`${kind} ${id} is already on line ${seen}`);
    firstLine.set(key, line);
    switch (kind as RosterKind) {
      case 'agent':
        roster.agents.push({ id, name, extension: extension === '' ? null : extension });
        break;
      case 'pause':
        roster.pauseReasons.push({ id, name });
        break;
      case 'queue':
        roster.queues.push({ id, name });
        break;
      case 'device':
        roster.devices.push({ id, name });
        break;
    }
  });
  if (errors.length === 0 && rows === 0) errors.push({ line: lines.length, message: 'the file has no rows (kind,id,name,extension)' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, roster };
}

/** One sentence naming the problems (the first 20), for the supervisor. */
export function describeRosterErrors(errors: readonly RosterLineError[]): string {
  const shown = errors.slice(0, MAX_REPORTED).map((e) => `line ${e.line}: ${e.message}`);
  const more = errors.length > MAX_REPORTED ? `; and ${errors.length - MAX_REPORTED} more` : '';
  return `The roster was not imported (nothing changed): ${shown.join('; ')}${more}.`;
}

const quote = (v: string): string => (/[",\n\r]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);

/** The roster as CSV in the same format (round-trips through parseRosterCsv). */
export function formatRosterCsv(roster: Roster): string {
  const lines = ['kind,id,name,extension'];
  for (const a of roster.agents) lines.push(['agent', a.id, quote(a.name), a.extension ?? ''].join(','));
  for (const p of roster.pauseReasons) lines.push(['pause', p.id, quote(p.name), ''].join(','));
  for (const q of roster.queues) lines.push(['queue', q.id, quote(q.name), ''].join(','));
  for (const d of roster.devices) lines.push(['device', d.id, quote(d.name), ''].join(','));
  return `${lines.join('\n')}\n`;
}
