// A console on a floor hub (issue 18): the floor's picture comes from the hub, not from this console's own
// pollers, while the hub speaks; when it goes silent the console polls the PBX itself, and returns to the
// hub when it speaks again (docs/hub.md).
//
//   start --join ok--> hub --no heartbeat for SILENT_INTERVALS poll intervals, or following broke--> own
//     \--join failed / silent-----------------------------------------------------------------------> own
//   own --the heartbeat moves again--> (join) --first picture--> hub
//
// "Speaks" is judged by the hub's heartbeat, the revision of its health record (the hub writes it at every
// tick and on a timer), never by comparing the hub's clock with ours. The switch itself (which pollers run,
// the picture staying whole across it) is the live session's; this module only says which source is good.
import type { ActiveCall, OwnLeg, SourceStatus } from '../../../common/domain';
import type { SourceData } from '../connectors/connector';
import type { FloorLink, HubPicture } from '../host';

/**
 * Silence longer than this many poll intervals sends the console to its own polling. 1.5 leaves the first
 * own poll room to answer within two intervals of the hub's last word (issue 18: "within 2 poll intervals").
 */
const SILENT_INTERVALS = 1.5;
/** How often the heartbeat is read, per poll interval. */
const BEATS_PER_INTERVAL = 4;

export type HubSource = 'hub' | 'own';

export interface HubFeedOptions {
  link: FloorLink;
  intervalMs: () => number;
  now: () => number;
  /** The supervisor's own extension: its rows in the hub's calls are this console's own legs. */
  ownExtension: string;
  /** The hub's picture moved (only while the source is 'hub'). */
  onData(): void;
  /** The floor's abandoned list, with each snapshot read whole. */
  onAbandoned(list: NonNullable<HubPicture['abandoned']>): void;
  onSource(source: HubSource, since: number): void;
  log: (message: string) => void;
}

export interface HubFeed {
  source(): HubSource;
  /** The hub's picture as one source's data, while the source is 'hub' (null otherwise). */
  data(): SourceData | null;
  /** The hub's PBX sources as it last reported them, their lastGoodAt on this console's clock. */
  statuses(): SourceStatus[];
  stop(): Promise<void>;
}

/** The hub's calls without the supervisor's own (combineCalls' rule: a row on the own extension is an own leg). */
function splitOwn(calls: ActiveCall[], ownExtension: string): { calls: ActiveCall[]; ownLegs: OwnLeg[] } {
  if (!ownExtension || !calls.some((c) => c.extension === ownExtension)) return { calls, ownLegs: [] };
  const floor: ActiveCall[] = [];
  const ownLegs: OwnLeg[] = [];
  for (const c of calls) {
    if (c.extension !== ownExtension) floor.push(c);
    else ownLegs.push({ callId: c.id, state: c.state, direction: c.direction, number: c.customerNumber, startedAt: c.startedAt });
  }
  return { calls: floor, ownLegs };
}

export function createHubFeed(options: HubFeedOptions): HubFeed {
  const { link, now, log } = options;
  let source: HubSource = 'hub';
  let data: SourceData | null = null;
  let lastCalls: ActiveCall[] | null = null;
  let split: ReturnType<typeof splitOwn> = { calls: [], ownLegs: [] };
  let following: { stop(): Promise<void> } | null = null;
  let joining = false;
  let stopped = false;
  let heardAt = now();
  let lastBeat: number | null = null;
  let hubSources: SourceStatus[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  // Bumped at each fall-back: a join or picture of an older following is dropped.
  let round = 0;

  const setSource = (next: HubSource): void => {
    if (next === source) return;
    source = next;
    options.onSource(next, now());
  };

  const onPicture = (mine: number) => (picture: HubPicture): void => {
    if (stopped || mine !== round) return;
    heardAt = now();
    const { snapshot } = picture;
    if (snapshot.calls !== lastCalls) {
      lastCalls = snapshot.calls;
      split = splitOwn(snapshot.calls, options.ownExtension);
    }
    // The same arrays while a kind did not move (picture.ts keeps them), so the merge skips their diff.
    data = { agents: snapshot.agents, calls: split.calls, ownLegs: split.ownLegs, queueEntries: snapshot.queueEntries, queues: snapshot.queues };
    if (picture.abandoned) options.onAbandoned(picture.abandoned);
    if (source === 'hub') options.onData();
  };

  const fallBack = (why: string): void => {
    if (source === 'own') return;
    round++;
    const old = following;
    following = null;
    joining = false;
    data = null;
    log(`floor hub ${link.floor}: ${why}; polling the PBX itself until it is back`);
    setSource('own');
    void old?.stop().catch(() => undefined);
  };

  const join = async (): Promise<void> => {
    if (joining || following) return;
    joining = true;
    const mine = round;
    try {
      const f = await link.follow(onPicture(mine), (error) => {
        if (mine === round) fallBack(`following the floor broke (${(error as Error).message ?? String(error)})`);
      });
      if (stopped || mine !== round) {
        await f.stop().catch(() => undefined);
        return;
      }
      following = f;
      heardAt = now();
      setSource('hub');
      // The picture read on joining is in: publish it as the hub's (the live session swaps the sources).
      options.onData();
    } catch (error) {
      if (mine === round) fallBack(`the floor could not be read (${(error as Error).message})`);
    } finally {
      if (mine === round) joining = false;
    }
  };

  /** Read the heartbeat (one read at a time: a read that hangs on a dead server holds no one up). */
  let beating = false;
  const readBeat = async (): Promise<void> => {
    const beat = await link.heartbeat().catch(() => null);
    if (stopped || !beat || beat.beat === lastBeat) return;
    const movedAfterSilence = lastBeat !== null;
    lastBeat = beat.beat;
    heardAt = now();
    const at = now();
    hubSources = beat.sources.map(({ ageMs, ...s }) => ({ ...s, lastGoodAt: ageMs === null ? null : at - ageMs }));
    // Back from silence: the hub writes again, take its picture. (A first beat may be a dead hub's last
    // record: only one that moves counts.)
    if (source === 'own' && movedAfterSilence) void join();
  };

  const check = (): void => {
    if (!beating) {
      beating = true;
      void readBeat().finally(() => {
        beating = false;
      });
    }
    if (source === 'hub' && !joining && now() - heardAt > SILENT_INTERVALS * options.intervalMs()) {
      fallBack(`silent for ${Math.round((now() - heardAt) / 100) / 10} s`);
    }
  };

  const loop = (): void => {
    timer = setTimeout(() => {
      check();
      if (!stopped) loop();
    }, Math.max(20, options.intervalMs() / BEATS_PER_INTERVAL));
    timer.unref?.();
  };

  void join();
  loop();
  // A join that hangs (NATS accepts and answers nothing) must not hold the console without a picture.
  const joinDeadline = setTimeout(() => {
    if (!stopped && !following) fallBack('not reached in time');
  }, SILENT_INTERVALS * options.intervalMs());
  joinDeadline.unref?.();

  return {
    source: () => source,
    data: () => (source === 'hub' ? data : null),
    statuses: () => (source === 'hub' ? hubSources : []),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      clearTimeout(joinDeadline);
      const f = following;
      following = null;
      await f?.stop().catch(() => undefined);
    },
  };
}
