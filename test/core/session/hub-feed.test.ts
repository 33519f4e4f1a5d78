// The hub feed's source rule on a scripted floor link (main/core/session/hub-feed.ts): the hub's picture
// while its heartbeat moves, the console's own polling after 1.5 poll intervals of silence (or a broken
// following, or a hub never reached), the hub again once the heartbeat moves; a dead hub's last health
// record, read once, never counts as the hub being back.
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../common/domain';
import type { FloorLink, HubPicture } from '../../../main/core/host';
import { createHubFeed, type HubFeed, type HubSource } from '../../../main/core/session/hub-feed';

const INTERVAL = 100;
const snapshot = (seq: number): Snapshot => ({ seq, at: seq, agents: [], queueEntries: [], queues: [], calls: [
  { id: 'c1', extension: '101', state: 'on-call', direction: 'inbound', customerNumber: '0901', startedAt: 1, agentId: null, queueId: null, queueName: null } as never,
  { id: 'c2', extension: '900', state: 'ringing', direction: 'outbound', customerNumber: '0912', startedAt: 2, agentId: null, queueId: null, queueName: null } as never,
] });

interface Script {
  link: FloorLink;
  beat: number | null;
  followFails: boolean;
  picture?: (p: HubPicture) => void;
  breakFollowing?: (e: Error) => void;
  follows: number;
}

function scriptedLink(): Script {
  const script: Script = {
    beat: 1,
    followFails: false,
    follows: 0,
    link: {
      floor: 'A',
      user: 'sup-a',
      async follow(onPicture, onError) {
        script.follows++;
        if (script.followFails) throw new Error('no hub');
        script.picture = onPicture;
        script.breakFollowing = onError;
        onPicture({ snapshot: snapshot(1), abandoned: [] });
        return { stop: async () => undefined };
      },
      heartbeat: async () => (script.beat === null ? null : { beat: script.beat, sources: [{ id: 'calls', state: 'live', lastGoodAt: 0, lastError: null, ageMs: 100 } as never] }),
      claim: async () => ({ ok: true, revision: 1 }),
      finishClaim: async () => true,
      releaseClaim: async () => true,
      watchClaims: async () => () => undefined,
      watchAlerts: async () => () => undefined,
      markAlert: async () => undefined,
      followRecords: async () => () => undefined,
      shareOutbound: async () => undefined,
      watchOutbound: async () => () => undefined,
      publishAudit: async () => undefined,
      readAudit: async () => [],
      close: async () => undefined,
    },
  };
  return script;
}

let feed: HubFeed | null = null;
afterEach(async () => {
  await feed?.stop();
  feed = null;
});

const until = async (check: () => boolean, what: string, ms = 2000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

function start(script: Script): { moves: HubSource[]; data: number } {
  const seen = { moves: [] as HubSource[], data: 0 };
  feed = createHubFeed({
    link: script.link, intervalMs: () => INTERVAL, now: Date.now, ownExtension: '900', log: () => undefined,
    onData: () => seen.data++,
    onAbandoned: () => undefined,
    onSource: (source) => seen.moves.push(source),
  });
  return seen;
}

describe('the hub feed', () => {
  it('gives the hub\'s picture without the own legs, falls back on silence and returns when the heartbeat moves', async () => {
    const script = scriptedLink();
    const seen = start(script);
    await until(() => seen.data > 0, 'the first picture');
    expect(feed!.source()).toBe('hub');
    const data = feed!.data()!;
    expect(data.calls!.map((c) => c.id)).toEqual(['c1']);
    expect(data.ownLegs).toEqual([expect.objectContaining({ callId: 'c2', number: '0912' })]);
    // The heartbeat keeps moving: still the hub after several intervals.
    const keepBeating = setInterval(() => script.beat!++, INTERVAL / 2);
    await new Promise((r) => setTimeout(r, 4 * INTERVAL));
    expect(feed!.source()).toBe('hub');
    expect(feed!.statuses().map((s) => s.id)).toEqual(['calls']);
    clearInterval(keepBeating);
    // Silence: own polling, told once, no hub data meanwhile.
    const silentAt = Date.now();
    await until(() => feed!.source() === 'own', 'the fall-back');
    expect(Date.now() - silentAt).toBeLessThan(4 * INTERVAL); // 1.5 intervals of silence, with room for a loaded machine
    expect(feed!.data()).toBeNull();
    expect(feed!.statuses()).toEqual([]);
    // The same record read again is no return; a moving one is.
    await new Promise((r) => setTimeout(r, 3 * INTERVAL));
    expect(feed!.source()).toBe('own');
    script.beat!++;
    await until(() => feed!.source() === 'hub', 'the return');
    expect(seen.moves).toEqual(['own', 'hub']);
    expect(script.follows).toBe(2);
  });

  it('falls back at once when following breaks, and when the hub cannot be read at all', async () => {
    const script = scriptedLink();
    start(script);
    await until(() => feed!.source() === 'hub' && script.breakFollowing !== undefined, 'on the hub');
    script.breakFollowing!(new Error('consumer deleted'));
    expect(feed!.source()).toBe('own');
    await feed!.stop();

    const dead = scriptedLink();
    dead.followFails = true;
    dead.beat = null;
    const seen = start(dead);
    await until(() => feed!.source() === 'own', 'no hub');
    expect(seen.data).toBe(0);
  });
});
