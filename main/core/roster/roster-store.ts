// The roster the supervisor keeps (cc_agent lists nothing): held in memory, persisted as a small
// versioned document through a store (roster.json in the data folder; never a secret in it), replaced
// whole by a CSV import that passed every check. A bad import or a bad stored document loses nothing:
// the last good roster stays.
import { existsSync, readFileSync } from 'node:fs';
import type { BridgeResult } from '../../../common/contract';
import type { Roster } from '../../../common/domain';
import type { SettingsStore } from '../host';
import { writeFileAtomic } from '../storage/atomic-file';
import { describeRosterErrors, emptyRoster, formatRosterCsv, parseRosterCsv } from '../../../common/roster-csv';

export const ROSTER_VERSION = 1;

export interface RosterStore {
  get(): Roster;
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

export function createRosterStore(store: SettingsStore, log: (message: string) => void): RosterStore {
  let roster = emptyRoster();
  const listeners = new Set<(roster: Roster) => void>();
  try {
    const raw = store.read() as Partial<RosterDoc> | null | undefined;
    if (raw && typeof raw.csv === 'string') {
      const parsed = parseRosterCsv(raw.csv);
      if (parsed.ok) roster = parsed.roster;
      else log(`roster: the stored roster is damaged and was not loaded (${describeRosterErrors(parsed.errors)})`);
    }
  } catch (err) {
    log(`roster: could not read the stored roster (${(err as Error).message})`);
  }

  return {
    get: () => roster,
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
export function jsonFileStore(file: string): SettingsStore {
  return {
    read: () => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined),
    write: (value) => writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`),
  };
}

/** The roster kept in `file` (the core keeps it in its data folder). */
export function openRosterStore(file: string, log: (message: string) => void): RosterStore {
  return createRosterStore(jsonFileStore(file), log);
}
