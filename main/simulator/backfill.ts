// The day so far, as CDRs: at start the simulator writes the records of the calls its floor "had" since the
// PBX-local midnight, so demo mode's Today view is not empty at 9 a.m. and the CDR reader has a real day to
// read (about 20 records per agent over a whole day: 200,000 at 10,000 agents).
//
// The day follows a call center's shape (quiet night, morning and afternoon peaks, a lunch dip). Its draws
// come from an rng of its own, so the live floor of a given seed is the same with or without it.
// Mix: 80 % inbound queue visits (92 % answered after a short wait, the rest abandoned: CANCEL), 2 % inbound
// calls an agent let ring out (NO_ANSWER, naming the queue), 18 % outbound (80 % answered, else NO_ANSWER).
import { phoneNumber } from './names';
import { createRng } from './prng';
import type { CdrStatus, SimAgent, SimCdr, SimQueue } from './floor-types';

/** Records per agent over a whole day. */
const RECORDS_PER_AGENT_PER_DAY = 20;
/** Relative call volume of each hour of the PBX-local day. */
const HOURLY = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.6, 3, 3, 2.8, 1.8, 2.4, 2.9, 2.8, 2.5, 1.8, 1, 0.6, 0.4, 0.3, 0.3, 0.2];
const HOURLY_SUM = HOURLY.reduce((a, b) => a + b, 0);
const HOUR = 3_600_000;
const HEX = '0123456789abcdef';

/**
 * A v4-shaped uuid written byte by byte into one buffer and read back as a flat string: the floor's
 * uuid() joins 20 pieces, which V8 keeps as a rope of 20 nodes; 400,000 of those (two per record) made the
 * back-fill spend most of its time in the garbage collector.
 */
function flatUuid(next: () => number, buf: Buffer): string {
  let p = 0;
  for (let i = 0; i < 32; i++) {
    if (i === 8 || i === 12 || i === 16 || i === 20) buf[p++] = 45; // '-'
    let d = Math.floor(next() * 16);
    if (i === 12) d = 4;
    else if (i === 16) d = 8 | (d & 3);
    buf[p++] = HEX.charCodeAt(d);
  }
  return buf.toString('latin1', 0, 36);
}

interface BackfillInput {
  seed: number;
  agents: readonly SimAgent[];
  queues: readonly SimQueue[];
  hotline: string;
  /** The PBX-local midnight that starts today, and now. */
  dayStart: number;
  now: number;
}

/** Today's records from midnight to `now`, in the order they ended. */
export function backfillDay(input: BackfillInput): SimCdr[] {
  const { agents, queues, dayStart, now } = input;
  const out: SimCdr[] = [];
  if (agents.length === 0 || queues.length === 0 || now <= dayStart) return out;
  const rng = createRng((input.seed * 7919 + 104_729) >>> 0);
  const perHour = (agents.length * RECORDS_PER_AGENT_PER_DAY) / HOURLY_SUM;
  const ms = (sec: number): number => Math.round(sec * 1000);
  const idBuf = Buffer.alloc(36);
  const uuid = (): string => flatUuid(rng.next, idBuf);
  for (let h = 0; h < 24; h++) {
    const from = dayStart + h * HOUR;
    if (from >= now) break;
    const span = Math.min(HOUR, now - from);
    const n = rng.poisson((perHour * (HOURLY[h] as number) * span) / HOUR);
    // Start times spread over the hour (the records are put in the order they ended at the end).
    for (let k = 0; k < n; k++) {
      const startedAt = from + Math.floor(rng.next() * span);
      const agent = agents[rng.int(0, agents.length - 1)] as SimAgent;
      const queue = queues[((agent.queueIds[0] ?? 1) - 1) % queues.length] as SimQueue;
      const number = phoneNumber(rng);
      const r = rng.next();
      let rec: SimCdr;
      if (r < 0.8) {
        const answered = rng.chance(0.92);
        const wait = answered ? 2 + rng.exp(14) : 3 + rng.exp(45);
        const answeredAt = answered ? startedAt + ms(wait) : null;
        const endedAt = answered ? (answeredAt as number) + ms(15 + rng.exp(165)) : startedAt + ms(wait);
        rec = {
          id: uuid(), callId: uuid(), direction: 'inbound', extension: answered ? agent.extension : '', fromNumber: number, toNumber: input.hotline,
          receiveDest: queue.name, startedAt, answeredAt, endedAt, status: answered ? 'ANSWERED' : 'CANCEL',
          cause: answered ? 'NORMAL_CLEARING' : 'ORIGINATOR_CANCEL', customerId: '',
        };
      } else if (r < 0.82) {
        rec = {
          id: uuid(), callId: uuid(), direction: 'inbound', extension: agent.extension, fromNumber: number, toNumber: input.hotline,
          receiveDest: queue.name, startedAt, answeredAt: null, endedAt: startedAt + ms(20 + rng.exp(10)), status: 'NO_ANSWER',
          cause: 'NO_ANSWER', customerId: '',
        };
      } else {
        const answered = rng.chance(0.8);
        const answeredAt = answered ? startedAt + ms(3 + rng.exp(6)) : null;
        const status: CdrStatus = answered ? 'ANSWERED' : 'NO_ANSWER';
        rec = {
          id: uuid(), callId: uuid(), direction: 'outbound', extension: agent.extension, fromNumber: input.hotline, toNumber: number, receiveDest: '',
          startedAt, answeredAt, endedAt: answered ? (answeredAt as number) + ms(15 + rng.exp(120)) : startedAt + ms(20 + rng.exp(10)),
          status, cause: answered ? 'NORMAL_CLEARING' : 'NO_ANSWER', customerId: '',
        };
      }
      // A call still going on at start is not a record yet.
      if (rec.endedAt <= now) out.push(rec);
    }
  }
  out.sort((a, b) => a.endedAt - b.endedAt);
  return out;
}
