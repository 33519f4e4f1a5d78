// The supervisor's own phone as the console knows it (issue 14 points 1, 7, 11): whether it is registered
// (the own-extension poll), the monitoring session it is on (which call, listen / whisper / barge) and its
// other legs (a call-back ringing or talking), from one connection's sources. Small and source-agnostic on
// purpose: whatever delivers SourceData (the pollers now, the floor hub later) can feed it.
//
// The monitoring session (a decision where the seeds are silent):
//   starts  when the listen / whisper / barge request succeeds (`startedMonitoring`);
//   ends    when the monitored call leaves /v3/monitor (the calls source's latest good answer lacks it),
//           when the own extension is read as not registered,
//           when the own extension's leg (a row on the supervisor's extension with the monitored call's
//           call_id), once seen, is gone from an answer,
//           or when the console itself hung the demo phone up (`hungUp`).
// A failing source keeps its last good answer in the feed, so a PBX that stops answering ends nothing.
import type {
  ActiveCall, EpochMs, MonitoringEndReason, MonitoringSession, MonitorMode, OwnLeg, OwnPhone, PhoneRegistration, SourceStatus,
} from '../../../common/domain';
import type { SourceData } from '../connectors/connector';

/** The source that polls the supervisor's own extension (connectors with 'own-extension-status'). */
export const OWN_EXTENSION_SOURCE = 'own-extension';

export interface OwnPhoneTracker {
  phone(): OwnPhone;
  /** The PBX accepted listen / whisper / barge on `call`: the phone is now on it. */
  startedMonitoring(call: ActiveCall, mode: MonitorMode): void;
  /** The console hung the phone up itself (the demo's control): its legs are gone. */
  hungUp(): void;
  /** Read a tick's sources; true when the phone changed (publish it). */
  observe(latest: readonly SourceData[], statuses: readonly SourceStatus[]): boolean;
}

interface OwnPhoneOptions {
  /** The own extension ('' when not set). */
  extension: string;
  now: () => EpochMs;
}

/** How long legs the console hung up itself stay hidden while answers still list them. */
const HUNG_UP_HIDDEN_MS = 5000;

/** The phone of a console with no connection. */
export function idlePhone(extension: string | null = null): OwnPhone {
  return { extension, registration: extension ? 'unknown' : 'not-set', monitoring: null, legs: [], busy: false, ended: null };
}

function registrationOf(extension: string, latest: readonly SourceData[], statuses: readonly SourceStatus[]): PhoneRegistration {
  if (extension === '') return 'not-set';
  const status = statuses.find((s) => s.id === OWN_EXTENSION_SOURCE);
  if (!status) return 'unknown';
  if (status.state !== 'live' && status.lastError?.code === 'NOT_FOUND') return 'no-such-extension';
  // One missed answer (stale) keeps the last reading; a source that keeps failing knows nothing.
  const data = latest.find((d) => d.ownExtensionRegistered !== undefined);
  if (!data || (status.state !== 'live' && status.state !== 'stale')) return 'unknown';
  return data.ownExtensionRegistered ? 'registered' : 'not-registered';
}

export function createOwnPhone(options: OwnPhoneOptions): OwnPhoneTracker {
  let current: OwnPhone = idlePhone(options.extension || null);
  let text = JSON.stringify(current);
  /** The calls answer the monitoring session was last checked against (each answer is checked once). */
  let checkedCalls: SourceData | null = null;
  /**
   * Legs the console hung up itself (the demo control), by call id, and when: an answer that was already on
   * its way may still list them, so they stay hidden until an answer lacks them, for a few seconds at most
   * (should the hang-up not have worked, they show again).
   */
  let hungUp: { ids: Set<string>; at: EpochMs } | null = null;

  function set(next: OwnPhone): boolean {
    const busy = next.legs.length > 0 || next.monitoring?.legSeen === true;
    const phone = { ...next, busy };
    const nextText = JSON.stringify(phone);
    if (nextText === text) return false;
    current = phone;
    text = nextText;
    return true;
  }

  const endOf = (m: MonitoringSession, reason: MonitoringEndReason) => ({ callId: m.callId, mode: m.mode, agentName: m.agentName || m.agentExtension, reason, at: options.now() });

  return {
    phone: () => current,
    startedMonitoring(call, mode) {
      if (hungUp) hungUp.ids.delete(call.id);
      set({
        ...current,
        monitoring: {
          callId: call.id, mode, agentId: call.agentId, agentName: call.agentName, agentExtension: call.extension,
          customerNumber: call.customerNumber, since: options.now(), legSeen: false,
        },
        legs: current.legs.filter((l) => l.callId !== call.id),
      });
    },
    hungUp() {
      const m = current.monitoring;
      hungUp = { ids: new Set([...(m ? [m.callId] : []), ...current.legs.map((l) => l.callId)]), at: options.now() };
      set({ ...current, monitoring: null, legs: [], ended: m ? endOf(m, 'hung-up') : current.ended });
    },
    observe(latest, statuses) {
      const registration = registrationOf(options.extension, latest, statuses);
      const callsData = latest.find((d) => d.calls !== undefined) ?? null;
      let ownLegs: OwnLeg[] = callsData?.ownLegs ?? [];
      if (hungUp) {
        const gone = hungUp;
        if (options.now() - gone.at > HUNG_UP_HIDDEN_MS) hungUp = null;
        else {
          for (const id of gone.ids) if (!ownLegs.some((l) => l.callId === id)) gone.ids.delete(id);
          ownLegs = ownLegs.filter((l) => !gone.ids.has(l.callId));
          if (gone.ids.size === 0) hungUp = null;
        }
      }
      let monitoring = current.monitoring;
      let ended = current.ended;
      if (monitoring && registration === 'not-registered') {
        ended = endOf(monitoring, 'unregistered');
        monitoring = null;
      }
      if (monitoring && callsData && callsData !== checkedCalls) {
        const id = monitoring.callId;
        const legThere = ownLegs.some((l) => l.callId === id);
        const callThere = legThere || (callsData.calls ?? []).some((c) => c.id === id);
        if (!callThere || (monitoring.legSeen && !legThere)) {
          ended = endOf(monitoring, callThere ? 'hung-up' : 'call-ended');
          monitoring = null;
        } else if (legThere && !monitoring.legSeen) monitoring = { ...monitoring, legSeen: true };
      }
      if (callsData) checkedCalls = callsData;
      const legs = monitoring ? ownLegs.filter((l) => l.callId !== monitoring.callId) : ownLegs;
      return set({ ...current, registration, monitoring, legs, ended });
    },
  };
}
