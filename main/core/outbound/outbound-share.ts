// The outbound queues on a floor hub (issue 19 on issue 18's hub): each console puts the queues it loaded
// onto the floor's shared list (FloorLink.shareOutbound: one KV entry per queue) as it counts them, and
// shows the others' queues beside its own, so a campaign's progress moves on every screen of the floor, not
// only on the one whose call-record passes count it.
//
// Decisions where the issues are silent:
// - The console that loaded a queue keeps its list and counts its progress (its own records pass); the
//   others show its figures, read-only, naming whose screen: the ids stay with the list (100,000 of them
//   are too large for a KV entry), and a start / stop / delete belongs to the supervisor running it.
// - A queue two consoles loaded is the last writer's on the shared list; each still shows its own.
// - A console that leaves the hub stops showing the others' queues; what it shared stays, with its age.
import type { OutboundQueueInfo, OutboundScreen, SharedOutboundQueue } from '../../../common/outbound';
import type { FloorLink } from '../host';

interface OutboundShareDeps {
  /** The floor hub's link while connected to a PBX on a hub, else null. */
  link: () => FloorLink | null;
  /** This screen on the hub (its NATS user, PBX user and own extension). */
  me: () => OutboundScreen | null;
  /** This console's own queues now. */
  own: () => readonly OutboundQueueInfo[];
  /** The other screens' queues, whenever they change ([] once off the hub). */
  onForeign: (queues: SharedOutboundQueue[]) => void;
  now: () => number;
  log: (message: string) => void;
}

export interface OutboundShare {
  /** The link may have come or gone (a session change): follow the current one. */
  follow(): void;
  /** This console's queues changed: the changed ones go onto the shared list, the forgotten ones off it. */
  publish(): void;
  close(): void;
}

/** A KV key for a queue: its family and code ("autocall.Q-1"; a code is [A-Za-z0-9_.-], the contract's). */
const keyOf = (q: Pick<OutboundQueueInfo, 'family' | 'queueCode'>): string => `${q.family}.${q.queueCode}`;
const sameScreen = (a: OutboundScreen, b: OutboundScreen): boolean => a.user === b.user && a.name === b.name && a.extension === b.extension;

export function createOutboundShare(deps: OutboundShareDeps): OutboundShare {
  let followed: FloorLink | null = null;
  let stopWatch: (() => void) | null = null;
  /** What this console last put, per key (its JSON), on the followed link. */
  let shared = new Map<string, string>();
  /** Said once per link: a hub without the bucket (an older one) would refuse every put. */
  let complained = false;

  function put(link: FloorLink, key: string, queue: SharedOutboundQueue | null): void {
    link.shareOutbound(key, queue).catch((e: Error) => {
      // Put again with the next change (or the next follow).
      shared.delete(key);
      if (!complained) deps.log(`the floor hub did not take outbound queue ${key}: ${e.message}`);
      complained = true;
    });
  }

  function publish(): void {
    const link = followed;
    const me = deps.me();
    if (!link || !me) return;
    const keys = new Set<string>();
    for (const info of deps.own()) {
      const key = keyOf(info);
      keys.add(key);
      const json = JSON.stringify(info);
      if (shared.get(key) === json) continue;
      shared.set(key, json);
      put(link, key, { info, by: me, at: deps.now() });
    }
    for (const key of [...shared.keys()]) {
      if (keys.has(key)) continue;
      shared.delete(key);
      put(link, key, null);
    }
  }

  function follow(): void {
    const link = deps.link();
    if (link === followed) return;
    stopWatch?.();
    stopWatch = null;
    followed = link;
    shared = new Map();
    complained = false;
    deps.onForeign([]);
    if (!link) return;
    link.watchOutbound((queues) => {
      if (followed !== link) return;
      const me = deps.me();
      deps.onForeign(me ? queues.filter((q) => !sameScreen(q.by, me)) : queues);
    }).then(
      (stop) => {
        if (followed === link) stopWatch = stop;
        else stop();
      },
      (e: Error) => deps.log(`the floor hub's outbound queues cannot be read: ${e.message}`),
    );
    publish();
  }

  return {
    follow,
    publish,
    close() {
      stopWatch?.();
      stopWatch = null;
      followed = null;
    },
  };
}
