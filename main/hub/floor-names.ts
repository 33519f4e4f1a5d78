// The NATS names of one floor, in one place: the hub, the consoles, the sample deploy/nats-server.conf and
// its permission test all spell them the same way (docs/hub.md). A floor name is a single NATS token that is
// also a valid stream and bucket name (FLOOR_NAME, common/settings.ts: one pattern for the hub, the consoles'
// settings and the Settings field): a '.', '*', '>' or space would widen a subject and with it a permission.
import { FLOOR_NAME } from '../../common/settings';

export { FLOOR_NAME };

export interface FloorNames {
  floor: string;
  /** KV bucket with the current picture (`snapshot`), the hub's `health` and the floor's `alerts`. */
  pictureBucket: string;
  /** Stream of ordered change sets (and, later, floor events) since the snapshot. */
  changesStream: string;
  changesSubject: string;
  eventsSubject: string;
  /** KV bucket of abandoned-call claims. */
  claimsBucket: string;
  /** KV bucket of the supervisors' acknowledgements and snoozes of the floor's alerts (floor-alerts.ts). */
  alertMarksBucket: string;
  /** Stream of the hub's passes of the day's call records (floor-records.ts). */
  recordsStream: string;
  recordsSubject: string;
  /** KV bucket of the outbound queues the floor's consoles loaded, with their progress (issue 19). */
  outboundBucket: string;
  /** Stream of every console's audit records; each NATS user writes only `auditSubject(itself)`. */
  auditStream: string;
  auditSubject(user: string): string;
}


export function floorNames(floor: string): FloorNames {
  if (!FLOOR_NAME.test(floor)) throw new Error(`Not a floor name: "${floor}" (letters, digits, '-' and '_', at most 32)`);
  return {
    floor,
    pictureBucket: `floor-${floor}`,
    changesStream: `FLOOR_${floor}`,
    changesSubject: `floor.${floor}.changes`,
    eventsSubject: `floor.${floor}.events`,
    claimsBucket: `claims-${floor}`,
    alertMarksBucket: `alerts-${floor}`,
    recordsStream: `RECORDS_${floor}`,
    recordsSubject: `floor.${floor}.records`,
    outboundBucket: `outbound-${floor}`,
    auditStream: `AUDIT_${floor}`,
    auditSubject: (user) => {
      if (!FLOOR_NAME.test(user)) throw new Error(`Not a NATS user name for an audit subject: "${user}"`);
      return `floor.${floor}.audit.${user}`;
    },
  };
}

export const SNAPSHOT_KEY = 'snapshot';
export const HEALTH_KEY = 'health';
/** The hub's active alerts and forecasts in the picture bucket (floor-alerts.ts). */
export const ALERTS_KEY = 'alerts';
