// The roster the supervisor keeps (cc_agent lists nothing): held in memory, persisted as a small
// versioned document through a store (roster.json in the data folder; never a secret in it), replaced
// whole by a CSV import that passed every check. A bad import loses nothing: the last good roster stays.
// A damaged stored document is set aside under a dated name (roster.json.damaged-<time>), the console
// starts with an empty roster and Settings says where the old one went (roster:get's `setAside`).
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { BridgeResult } from '../../../common/contract';
import type { Roster, RosterInfo, RosterSetAside } from '../../../common/domain';
import { setAside as setAsideFile, writeFileAtomic } from '../storage/atomic-file';
import { describeRosterErrors, emptyRoster, formatRosterCsv, parseRosterCsv } from '../../../common/roster-csv';

const ROSTER_VERSION = 1;

export interface RosterStore {
  get(): Roster;
  /** The roster and, when the stored one was damaged at start, where it was set aside. */
  info(): RosterInfo;
  /** Parse, check and replace the roster; on any problem nothing changes and the error names the lines. */
  importCsv(csv: string): BridgeResult<Roster>;
  /** Called after every change (the connector re-reads the roster at its next poll anyway). */
  onChange(listener: (roster: Roster) => void): () => void;
}

/** The stored document: the roster as CSV, so the one parser that checks imports also checks the store. */
interface RosterDoc {
  version: number;
  csv: string;
}

/** Where the roster lives: read (throws on a file that is not JSON), write whole, set a damaged one aside. */
interface RosterFile {
  read(): unknown;
  write(value: unknown): void;
  /** Keep the stored document under a dated name (never deleted); returns that name. */
  setAside(): string;
}

/** Why a stored document cannot be loaded; null when it can (or there is none). */
function damageOf(raw: unknown): { reason: string } | { roster: Roster } | null {
  if (raw === undefined) return null;
  const doc = raw as Partial<RosterDoc> | null;
  if (typeof doc !== 'object' || doc === null || typeof doc.csv !== 'string') return { reason: 'it holds no roster' };
  const parsed = parseRosterCsv(doc.csv);
  return parsed.ok ? { roster: parsed.roster } : { reason: describeRosterErrors(parsed.errors).replace(/^The roster was not imported \(nothing changed\): /, '') };
}

function createRosterStore(store: RosterFile, log: (message: string) => void, now: () => number = Date.now): RosterStore {
  let roster = emptyRoster();
  let setAside: RosterSetAside | null = null;
  const listeners = new Set<(roster: Roster) => void>();
  let found: ReturnType<typeof damageOf>;
  try {
    found = damageOf(store.read());
  } catch (err) {
    // Not JSON (a torn or hand-edited file) is damage; a file that cannot be read at all (permissions) is
    // left where it is: moving it would not help and the next start may read it.
    found = err instanceof SyntaxError ? { reason: 'it is not JSON' } : null;
    if (!found) log(`roster: could not read the stored roster (${(err as Error).message})`);
  }
  if (found && 'roster' in found) roster = found.roster;
  else if (found) {
    // Set aside (as the settings file is), so the next import does not overwrite what the supervisor may
    // want back, and say so in Settings until a good roster is imported.
    try {
      setAside = { file: basename(store.setAside()), at: now(), reason: found.reason };
      log(`roster: the stored roster was damaged (${found.reason}); kept it as ${setAside.file} and started empty`);
    } catch (err) {
      log(`roster: the stored roster is damaged (${found.reason}) and could not be set aside (${(err as Error).message})`);
    }
  }

  return {
    get: () => roster,
    info: () => ({ roster, setAside }),
    importCsv(csv) {
      const parsed = parseRosterCsv(csv);
      if (!parsed.ok) {
        const first = parsed.errors[0];
        return { ok: false, error: { code: 'INVALID_PAYLOAD', message: describeRosterErrors(parsed.errors), ...(first ? { field: `line ${first.line}` } : {}) } };
      }
      try {
        store.write({ version: ROSTER_VERSION, csv: formatRosterCsv(parsed.roster) } satisfies RosterDoc);
      } catch (err) {
        return { ok: false, error: { code: 'INTERNAL', message: `The roster could not be saved (${(err as Error).message}); nothing changed.` } };
      }
      roster = parsed.roster;
      setAside = null;
      for (const l of listeners) l(roster);
      return { ok: true, data: roster };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A JSON file as the roster's store, replaced atomically, so a crash leaves the old one. */
function jsonFileStore(file: string, now: () => number = Date.now): RosterFile {
  return {
    read: () => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined),
    write: (value) => writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`),
    setAside: () => setAsideFile(file, 'damaged', now()),
  };
}

/** The roster kept in `file` (the core keeps it in its data folder). */
export function openRosterStore(file: string, log: (message: string) => void, now: () => number = Date.now): RosterStore {
  return createRosterStore(jsonFileStore(file, now), log, now);
}
