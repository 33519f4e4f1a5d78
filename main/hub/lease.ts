// High availability (issue 18 point 6): several hubs may run for one floor; one is active (polls the PBX and
// publishes), the others wait. The active one holds a lease: key `holder` in KV bucket lease-<F>, whose
// bucket TTL (stream max_age, a 2.9 feature) is the lease's length, so the *server* forgets a holder that
// stopped renewing; no two hubs' clocks are compared.
//
//   standby --create(holder) every second--> fails while the key exists (someone holds it)
//           --the holder stops renewing: the server expires the key after TTL--> create succeeds: active
//   active  --update(holder, revision) every TTL/4 (compare-and-set)-->
//           a wrong revision (another took it)        -> stops at once, back to standby
//           no renewal answered for TTL since the start of the last good one -> stops (it may have
//             expired on the server: the standby may take it from then on), back to standby
//   clean stop: stops, then deletes the key (revision-checked) so a standby takes over within a second.
//
// So a floor has no two pollers (the old holder stops at the latest when the server may expire its key) and
// none for at most about TTL + the standby's retry second + the new hub's connect.
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { floorNames } from './floor-names';

export const LEASE_KEY = 'holder';
/** Default lease length: a dead hub is replaced within about 10 s (issue 18: "within 10 s"). */
const LEASE_TTL_MS = 6_000;
const STANDBY_RETRY_MS = 1_000;

interface LeaseOptions {
  nc: NatsConnection;
  floor: string;
  /** This hub's name in the lease (host, process, a random part): who is active, for people and logs. */
  holder: string;
  ttlMs?: number;
  /** Replicas of the lease bucket (3 on a three-node cluster, so a lost node loses no lease). */
  replicas?: number;
  /**
   * Became active: start polling and publishing. Returns how to stop; `lost` says the lease was lost (the
   * other hub may already publish: write nothing more), not a clean stop.
   */
  onActive(): Promise<(lost: boolean) => Promise<void>>;
  log?: (message: string) => void;
}

export interface FloorLease {
  /** Holds the lease now. */
  readonly active: boolean;
  /** Who holds it now (null: nobody). */
  holder(): Promise<string | null>;
  /** Stop (and give the lease up when held). */
  stop(): Promise<void>;
}

/** `promise`, or a rejection after `ms` (a request buffered while the client reconnects may wait long). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The bucket exists with another TTL (or replicas): KV updates a bucket's config only through the stream. */
async function openBucket(nc: NatsConnection, bucket: string, ttlMs: number, replicas: number): Promise<KV> {
  const kvm = new Kvm(nc);
  try {
    return await kvm.create(bucket, { history: 1, ttl: ttlMs, replicas });
  } catch {
    // Created earlier with other settings: use it as it is (the operator changed --replicas or the TTL).
    return kvm.open(bucket);
  }
}

export async function runWithLease(options: LeaseOptions): Promise<FloorLease> {
  const ttl = options.ttlMs ?? LEASE_TTL_MS;
  const log = options.log ?? ((message: string) => console.warn(`[floorwatch hub] ${message}`));
  const kv = await openBucket(options.nc, `lease-${floorNames(options.floor).floor}`, ttl, options.replicas ?? 1);
  const requestMs = Math.max(500, Math.floor(ttl / 3));

  let stopped = false;
  /** This hub holds the lease: from its create until it is lost or given up (also while onActive runs). */
  let held = false;
  let revision = 0;
  let stopWork: ((lost: boolean) => Promise<void>) | null = null;
  let acquireTimer: ReturnType<typeof setTimeout> | undefined;
  let renewTimer: ReturnType<typeof setTimeout> | undefined;
  // Steps in flight, which stop() waits for.
  const pending = new Set<Promise<void>>();

  const run = (step: () => Promise<void>): void => {
    const p: Promise<void> = step()
      .catch((error: unknown) => log(`lease: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => pending.delete(p));
    pending.add(p);
  };
  const acquireLater = (ms: number): void => {
    if (!stopped) acquireTimer = setTimeout(() => run(tryAcquire), ms);
  };
  const renewLater = (ms: number, heldUntil: number): void => {
    if (!stopped) renewTimer = setTimeout(() => run(() => renew(heldUntil)), ms);
  };

  /** The lease is gone (taken, or perhaps expired): stop at once, then wait for it again as a standby. */
  const lose = async (why: string): Promise<void> => {
    if (!held) return;
    held = false;
    revision = 0;
    clearTimeout(renewTimer);
    log(`floor ${options.floor}: ${why}; standing by`);
    const stop = stopWork;
    stopWork = null;
    if (stop) await stop(true);
    acquireLater(STANDBY_RETRY_MS);
  };

  async function renew(heldUntil: number): Promise<void> {
    if (stopped || !held) return;
    const startedAt = performance.now();
    try {
      revision = await within(kv.update(LEASE_KEY, options.holder, revision), requestMs);
      // The server stamps the renewal after it was sent: it cannot expire before startedAt + ttl.
      renewLater(ttl / 4, startedAt + ttl);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/wrong last sequence/i.test(message)) return lose('another hub holds the lease');
      // Not answered (NATS away, a cluster electing): keep trying while the lease surely stands.
      const left = heldUntil - performance.now();
      if (left <= ttl / 8) return lose(`the lease could not be renewed (${message})`);
      renewLater(Math.min(ttl / 8, left - ttl / 8), heldUntil);
    }
  }

  async function tryAcquire(): Promise<void> {
    if (stopped || held) return;
    const startedAt = performance.now();
    try {
      revision = await within(kv.create(LEASE_KEY, options.holder), requestMs);
    } catch {
      // Held by another hub (or NATS away): try again in a second.
      return acquireLater(STANDBY_RETRY_MS);
    }
    held = true;
    // Renewed from now on, also while the work starts (connecting to a slow PBX may outlast the lease).
    renewLater(ttl / 4, startedAt + ttl);
    let stop: (lost: boolean) => Promise<void>;
    try {
      stop = await options.onActive();
    } catch (error) {
      // Could not start (the PBX refused): give the lease to another hub rather than hold it idle.
      log(`floor ${options.floor}: could not start (${error instanceof Error ? error.message : String(error)})`);
      if (held) {
        held = false;
        clearTimeout(renewTimer);
        await kv.delete(LEASE_KEY, { previousSeq: revision }).catch(() => undefined);
        revision = 0;
      }
      return acquireLater(STANDBY_RETRY_MS * 5);
    }
    // Lost while starting: stop again at once (lose() already scheduled the next attempt).
    if (!held) return stop(true);
    stopWork = stop;
    log(`floor ${options.floor}: this hub (${options.holder}) is active`);
  }

  run(tryAcquire);
  return {
    get active() {
      return stopWork !== null;
    },
    async holder() {
      const entry = await kv.get(LEASE_KEY);
      return entry && entry.operation === 'PUT' ? entry.string() : null;
    },
    async stop() {
      stopped = true;
      clearTimeout(acquireTimer);
      clearTimeout(renewTimer);
      while (pending.size > 0) await Promise.all([...pending]);
      const stop = stopWork;
      stopWork = null;
      if (stop) await stop(false);
      if (!held) return;
      held = false;
      // Given up at once, so a standby need not wait out the TTL.
      await within(kv.delete(LEASE_KEY, { previousSeq: revision }), requestMs).catch(() => undefined);
    },
  };
}
