// Each agent's pauses today, as the console saw them in the agents list (no PBX in the seeds has a pause
// history or a pause in its call records): how many pauses and how long in all, per agent id.
//
// A pause is an agent's stretch in state 'paused', named by the agent and when it began (the PBX's
// stateSince, else when the console first saw it), so a restart that finds an agent still paused counts
// the same pause, not a new one. A pause that ends (another state, or the agent gone from the list) is
// appended to `pauses.jsonl` in the day's folder (one line each, fsync'd), so the day's finished pauses
// survive a restart; the one in progress is counted up to now from the live list. Pauses begun before the
// PBX-local midnight count from midnight; the file holds one day. A pause begun and ended while the
// console was closed is not known (said in the Today view's note).
import type { Agent, EpochMs } from '../../../common/domain';
import { appendJsonLines, readJsonLines, rewriteJsonLines } from '../storage/jsonl-file';
import type { ListChange } from './list-changes';
import { localDayKey, localDayStart } from './local-day';

interface PauseLine {
  day: string;
  agent: string;
  from: EpochMs;
  to: EpochMs;
}

const isPauseLine = (v: unknown): v is PauseLine => {
  const l = v as PauseLine;
  return typeof l === 'object' && l !== null && typeof l.day === 'string' && typeof l.agent === 'string' && typeof l.from === 'number' && typeof l.to === 'number';
};

interface PauseFigures {
  pauses: number;
  pausedSec: number;
}

export interface AgentPauses {
  /**
   * Fold in the agents list of a tick (nothing when the list did not move; with `change` from the list
   * observed last, only the rows it names).
   */
  observe(agents: readonly Agent[], change?: ListChange<Agent> | null): void;
  /** Today's pauses per agent id, the one in progress counted up to now. */
  today(): Map<string, PauseFigures>;
}

interface AgentPausesOptions {
  file: string;
  zone: () => string;
  now: () => EpochMs;
  log: (message: string) => void;
}

export function createAgentPauses(options: AgentPausesOptions): AgentPauses {
  const { zone, now } = options;
  let day = localDayKey(now(), zone());
  let dayStart = localDayStart(now(), zone());
  /** Finished pauses of the day per agent; `keys` holds agent + start so none is counted twice. */
  const done = new Map<string, PauseFigures>();
  const keys = new Set<string>();
  /** Pauses in progress: agent id -> when it began. */
  const open = new Map<string, EpochMs>();
  let lastList: readonly Agent[] | null = null;
  /** Agent rows already looked at: the decoder keeps an unchanged row's object, so a tick costs the changed ones. */
  let seen = new WeakSet<Agent>();

  function add(line: PauseLine): void {
    const key = `${line.agent}@${line.from}`;
    if (keys.has(key)) return;
    keys.add(key);
    const f = done.get(line.agent) ?? { pauses: 0, pausedSec: 0 };
    f.pauses++;
    f.pausedSec += Math.max(0, (line.to - Math.max(line.from, dayStart)) / 1000);
    done.set(line.agent, f);
  }

  // Written as the floor ticks: fsync'd off the main loop (storage/jsonl-file.ts Durability).
  const inBackground = { background: (e: Error) => options.log(`pauses: saving the day's pauses to disk failed: ${e.message}`) };
  const stored = readJsonLines(options.file, (n) => options.log(`pauses: skipped unreadable line ${n}`));
  const today = stored.filter((l): l is PauseLine => isPauseLine(l) && l.day === day);
  for (const l of today) add(l);
  if (today.length !== stored.length) rewriteJsonLines(options.file, today);

  function rollDay(at: EpochMs): void {
    const current = localDayKey(at, zone());
    if (current === day) return;
    day = current;
    dayStart = localDayStart(at, zone());
    done.clear();
    keys.clear();
    seen = new WeakSet();
    rewriteJsonLines(options.file, []);
  }

  return {
    observe(agents, change) {
      if (agents === lastList) return;
      const from = lastList;
      lastList = agents;
      const at = now();
      rollDay(at);
      const ended: PauseLine[] = [];
      const look = (a: Agent): void => {
        if (seen.has(a)) return;
        seen.add(a);
        const began = open.get(a.id);
        const paused = a.state === 'paused';
        const since = a.stateSince ?? began ?? at;
        if (began !== undefined && (!paused || since !== began)) {
          open.delete(a.id);
          ended.push({ day, agent: a.id, from: began, to: Math.max(began, paused ? since : a.stateSince ?? at) });
        }
        if (paused && !open.has(a.id)) open.set(a.id, since);
      };
      /** Gone from the list while paused (logged off): the pause ended now. */
      const gone = (id: string): void => {
        const began = open.get(id);
        if (began === undefined) return;
        open.delete(id);
        ended.push({ day, agent: id, from: began, to: Math.max(began, at) });
      };
      if (change && change.from === from) {
        for (const id of change.remove) gone(id);
        for (const a of change.upsert) look(a);
      } else {
        const listed = new Set<string>();
        for (const a of agents) {
          look(a);
          if (open.has(a.id)) listed.add(a.id);
        }
        for (const id of [...open.keys()]) if (!listed.has(id)) gone(id);
      }
      const counted = ended.filter((l) => l.to > dayStart && !keys.has(`${l.agent}@${l.from}`));
      if (counted.length === 0) return;
      for (const l of counted) add(l);
      appendJsonLines(options.file, counted, inBackground);
    },
    today() {
      const at = now();
      rollDay(at);
      const out = new Map<string, PauseFigures>();
      for (const [id, f] of done) out.set(id, { pauses: f.pauses, pausedSec: Math.round(f.pausedSec) });
      for (const [id, began] of open) {
        const f = out.get(id) ?? { pauses: 0, pausedSec: 0 };
        if (!keys.has(`${id}@${began}`)) f.pauses++;
        f.pausedSec += Math.round(Math.max(0, (at - Math.max(began, dayStart)) / 1000));
        out.set(id, f);
      }
      return out;
    },
  };
}
