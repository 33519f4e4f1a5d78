// A console's link to its floor hub (issue 18), the FloorLink the core follows (main/core/host.ts): the
// floor's picture (floor-reader.ts), the hub's heartbeat (the revision of its health record), the call-back
// claims (claims.ts), the floor's alerts and their acks and snoozes (floor-alerts.ts), the day's call
// records (floor-records.ts), the outbound queues the consoles loaded (a KV of one entry per queue) and the
// shared audit (floor-audit.ts), over one NATS connection in the console's own
// name. The connection is made in the background and kept for good (reconnecting without end): a console
// that starts while NATS is away polls the PBX itself meanwhile, and joins when it can.
import { Kvm, type KV } from '@nats-io/kv';
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { readFileSync } from 'node:fs';
import type { FloorClaim } from '../../common/domain';
import type { SharedOutboundQueue } from '../../common/outbound';
import type { FloorHubSettings } from '../../common/settings';
import type { FloorLink, FloorLinkOpener } from '../core/host';
import type { NatsCredentials } from '../web/cli-args';
import { floorClaims, type FloorClaims } from './claims';
import { markFloorAlert, watchFloorAlerts } from './floor-alerts';
import { publishAudit, readFloorAudit } from './floor-audit';
import { followRecordPasses } from './floor-records';
import { floorNames, HEALTH_KEY } from './floor-names';
import { joinFloor } from './floor-reader';
import type { HubHealth } from './picture';

/** How the console signs in to NATS: a user and password (web host: the environment; desktop: safeStorage) or a creds file. */
export type { NatsCredentials };

/**
 * Every entry of `kv` now, then again on each change, until the returned stop. The current values come in a
 * burst: told once it is through (one tick later), then at each change.
 */
async function watchBucket<T>(kv: KV, onValues: (values: T[]) => void): Promise<() => void> {
  const byKey = new Map<string, T>();
  const watch = await kv.watch();
  let told: ReturnType<typeof setTimeout> | null = null;
  const tell = (): void => {
    told ??= setTimeout(() => {
      told = null;
      onValues([...byKey.values()]);
    }, 0);
  };
  tell();
  void (async () => {
    for await (const entry of watch) {
      if (entry.operation === 'PUT') byKey.set(entry.key, entry.json<T>());
      else byKey.delete(entry.key);
      tell();
    }
  })().catch(() => undefined);
  return () => watch.stop();
}

export function openFloorLink(hub: FloorHubSettings, credentials: NatsCredentials): FloorLink {
  const names = floorNames(hub.floor);
  const user = credentials.user;
  const auth = 'credsFile' in credentials
    ? { authenticator: credsAuthenticator(readFileSync(credentials.credsFile)) }
    : { user: credentials.user, pass: credentials.pass };
  // Each user its own inbox prefix (deploy/nats-server.conf: a shared _INBOX.> would let one read another's answers).
  const ready: Promise<NatsConnection> = connect({
    servers: hub.url.split(','), name: `floorwatch-console-${hub.floor}`, inboxPrefix: `_INBOX_${user}`,
    waitOnFirstConnect: true, maxReconnectAttempts: -1, ...auth,
  });
  // A failed first connect (bad credentials) is told by each use; no unhandled rejection meanwhile.
  ready.catch(() => undefined);
  let picture: Promise<KV> | null = null;
  let claims: Promise<{ kv: KV; api: FloorClaims }> | null = null;
  let alertMarks: Promise<KV> | null = null;
  let outbound: Promise<KV> | null = null;
  const pictureKv = (): Promise<KV> => (picture ??= ready.then((nc) => new Kvm(nc).open(names.pictureBucket)).catch((e: unknown) => {
    picture = null;
    throw e;
  }));
  const alertMarksKv = (): Promise<KV> => (alertMarks ??= ready.then((nc) => new Kvm(nc).open(names.alertMarksBucket)).catch((e: unknown) => {
    alertMarks = null;
    throw e;
  }));
  const claimsKv = (): Promise<{ kv: KV; api: FloorClaims }> => (claims ??= ready
    .then((nc) => new Kvm(nc).open(names.claimsBucket))
    .then((kv) => ({ kv, api: floorClaims(kv) }))
    .catch((e: unknown) => {
      claims = null;
      throw e;
    }));
  const outboundKv = (): Promise<KV> => (outbound ??= ready.then((nc) => new Kvm(nc).open(names.outboundBucket)).catch((e: unknown) => {
    outbound = null;
    throw e;
  }));

  return {
    floor: hub.floor,
    user,
    async follow(onPicture, onError) {
      const reader = await joinFloor(await ready, hub.floor, {
        onSnapshot: (state) => onPicture({ snapshot: state.snapshot, abandoned: state.abandoned }),
        onChanges: (_changes, state) => onPicture({ snapshot: state.snapshot, abandoned: null }),
        onEvent: (state) => onPicture({ snapshot: state.snapshot, abandoned: null }),
        onError,
      });
      return { stop: () => reader.close() };
    },
    async heartbeat() {
      const entry = await (await pictureKv()).get(HEALTH_KEY);
      if (!entry || entry.operation !== 'PUT') return null;
      return { beat: entry.revision, sources: entry.json<HubHealth>().sources };
    },
    async claim(claim) {
      const { api } = await claimsKv();
      const first = await api.claim(claim.callId, claim.by, claim.at);
      if (first.ok) return { ok: true, revision: first.revision };
      // A call-back that ended ('handled') frees the caller: take it over at the revision seen.
      if (first.holder?.state === 'handled' && first.revision !== null) {
        const over = await api.change(claim.callId, first.revision, { by: claim.by, state: 'calling-back', at: claim.at });
        if (over.ok) return { ok: true, revision: over.revision };
        return { ok: false, holder: over.holder };
      }
      return { ok: false, holder: first.holder };
    },
    async finishClaim(claim, revision) {
      const { api } = await claimsKv();
      return (await api.change(claim.callId, revision, { by: claim.by, state: claim.state, at: claim.at })).ok;
    },
    async releaseClaim(callId, revision) {
      return (await claimsKv()).api.release(callId, revision);
    },
    async watchClaims(onClaims) {
      return watchBucket<FloorClaim>((await claimsKv()).kv, onClaims);
    },
    async shareOutbound(key, queue) {
      // A queue code is [A-Za-z0-9_.-] (the contract) and its family a word: a valid KV key as it is.
      const kv = await outboundKv();
      if (queue) await kv.put(key, JSON.stringify(queue));
      else await kv.delete(key);
    },
    async watchOutbound(onQueues) {
      return watchBucket<SharedOutboundQueue>(await outboundKv(), onQueues);
    },
    async watchAlerts(onAlerts) {
      return watchFloorAlerts(await pictureKv(), await alertMarksKv(), onAlerts);
    },
    async markAlert(mark) {
      await markFloorAlert(await alertMarksKv(), mark);
    },
    async followRecords(onPass) {
      return followRecordPasses(await ready, hub.floor, onPass);
    },
    async publishAudit(record) {
      await publishAudit(await ready, hub.floor, user, record);
    },
    async readAudit(sinceMs, limit) {
      return readFloorAudit(await ready, hub.floor, sinceMs, limit);
    },
    async close() {
      const nc = await Promise.race([ready, new Promise<null>((r) => setTimeout(() => r(null), 100))]).catch(() => null);
      if (nc) await nc.close();
      else void ready.then((late) => late.close(), () => undefined);
    },
  };
}

/** The opener a host hands the core, with the host's NATS credentials for whichever floor hub the settings name. */
export function floorLinkOpener(credentials: (hub: FloorHubSettings) => Promise<NatsCredentials | null>): FloorLinkOpener {
  return async (hub) => {
    const creds = await credentials(hub);
    if (!creds) throw new Error('no NATS credentials for the floor hub');
    return openFloorLink(hub, creds);
  };
}
