// The supervisor's roster as CSV (cc_agent lists nothing, so ids and names come from the supervisor).
// Pure (shared by the core, which checks every import, and the renderer, which shows and edits the CSV).
// Format, one row per thing, comma-separated, RFC 4180 quoting read by papaparse ("Lima, Ana", "" for a
// quote, a quoted line break):
//
//   kind,id,name,extension          <- optional header line
//   agent,17798,Ana Lima,101        <- agent: cc_agent user_id, name, extension (optional)
//   pause,1,Lunch                   <- pause reason id (not 0: 0 means available) and name ('pause-reason' too)
//   queue,3,Training Queue          <- queue id and name
//   device,101,Desk 12 phone        <- device id and name
//
// Blank lines and lines starting with # are skipped. Ids are digits. A bad file is refused whole, with
// every problem named by line number: nothing is half-imported.
import Papa from 'papaparse';
import type { Roster } from './domain';

const ROSTER_KINDS = ['agent', 'pause', 'queue', 'device'] as const;
type RosterKind = (typeof ROSTER_KINDS)[number];

const MAX_ROSTER_ROWS = 20_000;
const MAX_NAME = 200;
const MAX_REPORTED = 20;

interface RosterLineError {
  line: number;
  message: string;
}

type RosterParse = { ok: true; roster: Roster } | { ok: false; errors: RosterLineError[] };

export const emptyRoster = (): Roster => ({ agents: [], pauseReasons: [], queues: [], devices: [] });

/** A line break inside a quoted name, with the spaces around it, reads as one space (names show on one line). */
const oneLine = (v: string): string => v.replace(/\s*\n\s*/g, ' ').trim();

const isHeader = (fields: string[]): boolean => fields[0]?.toLowerCase() === 'kind' && fields[1]?.toLowerCase() === 'id';

/** Papaparse's quote errors, in the supervisor's words. */
function quoteProblem(code: string): string {
  if (code === 'MissingQuotes') return 'a quoted field is not closed';
  if (code === 'InvalidQuotes') return 'text follows the closing quote of a field (quote the whole field: "Dias, Bruno x")';
  return 'this line is not CSV';
}

export function parseRosterCsv(text: string): RosterParse {
  const roster = emptyRoster();
  const errors: RosterLineError[] = [];
  const firstLine = new Map<string, number>();
  // One kind of line break, so quoted breaks and line numbers agree whatever the file was saved with.
  const csv = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // Line numbers from character offsets, counted forward once (rows arrive in order).
  let scanned = 0;
  let breaks = 0;
  const lineAt = (offset: number): number => {
    for (; scanned < offset && scanned < csv.length; scanned++) if (csv.charCodeAt(scanned) === 10) breaks++;
    return breaks + 1;
  };
  let rows = 0;
  let sawHeader = false;
  let quoteError = false;
  const row = (fields: string[], line: number): void => {
    const err = (message: string): void => void errors.push({ line, message });
    const trimmed = fields.map((f) => f.trim());
    if (trimmed.every((f) => f === '') || trimmed[0]?.startsWith('#')) return;
    if (!sawHeader && rows === 0 && isHeader(trimmed)) {
      sawHeader = true;
      return;
    }
    rows++;
    if (rows > MAX_ROSTER_ROWS) {
      if (rows === MAX_ROSTER_ROWS + 1) err(`more than ${MAX_ROSTER_ROWS} rows`);
      return;
    }
    if (trimmed.length === 1 && trimmed[0]?.includes(';')) return err('fields must be separated by commas (found semicolons)');
    const [kindRaw = '', id = '', nameRaw = '', extension = '', ...rest] = trimmed;
    const name = oneLine(nameRaw);
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
  };
  Papa.parse<string[]>(csv, {
    delimiter: ',',
    newline: '\n',
    comments: '#',
    step: (result) => {
      if (quoteError) return;
      const problem = result.errors[0];
      if (problem) {
        // A quote error swallows the rest of the file into one field: report it once, at its own line.
        quoteError = true;
        errors.push({ line: lineAt(problem.index ?? result.meta.cursor), message: quoteProblem(problem.code) });
        return;
      }
      // The row ends at `cursor`; it began as many lines earlier as its quoted fields hold line breaks.
      const end = result.meta.cursor - (csv.charCodeAt(result.meta.cursor - 1) === 10 ? 1 : 0);
      const inner = result.data.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
      row(result.data, lineAt(end) - inner);
    },
  });
  if (errors.length === 0 && rows === 0) errors.push({ line: lineAt(csv.length), message: 'the file has no rows (kind,id,name,extension)' });
  errors.sort((a, b) => a.line - b.line);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, roster };
}

/** One sentence naming the problems (the first 20), for the supervisor. */
export function describeRosterErrors(errors: readonly RosterLineError[]): string {
  const shown = errors.slice(0, MAX_REPORTED).map((e) => `line ${e.line}: ${e.message}`);
  const more = errors.length > MAX_REPORTED ? `; and ${errors.length - MAX_REPORTED} more` : '';
  return `The roster was not imported (nothing changed): ${shown.join('; ')}${more}.`;
}

/** The roster as CSV in the same format (round-trips through parseRosterCsv: a test checks it). */
export function formatRosterCsv(roster: Roster): string {
  const rows = [
    ...roster.agents.map((a) => ['agent', a.id, a.name, a.extension ?? '']),
    ...roster.pauseReasons.map((p) => ['pause', p.id, p.name, '']),
    ...roster.queues.map((q) => ['queue', q.id, q.name, '']),
    ...roster.devices.map((d) => ['device', d.id, d.name, '']),
  ];
  // Quote every name: a name starting with '#' or a space then reads back as written.
  return `${Papa.unparse({ fields: ['kind', 'id', 'name', 'extension'], data: rows }, { newline: '\n', quotes: [false, false, true, false] })}\n`;
}
