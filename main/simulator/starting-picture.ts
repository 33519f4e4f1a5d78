// The seeded floor as the simulator starts it: queues, agents with their extensions (some logged out, some
// paused), the supervisor's extension, and a realistic moment to open on: calls in progress and callers
// waiting. The same seed gives the same floor (every draw comes from the floor's one rng, in this order).
import { personName, phoneNumber, queueName } from './names';
import { PAUSE_REASONS, type FloorInternals, type SimAgent, type SimQueue } from './floor-types';

const ms = (sec: number): number => Math.round(sec * 1000);

export function buildStartingPicture(m: FloorInternals): void {
  const { options, rng, agents, queues } = m;
  for (let q = 0; q < options.queues; q++) {
    m.addQueue({ id: q + 1, uuid: rng.uuid(), campaignUuid: rng.uuid(), name: queueName(q), extension: String(5001 + q), agentIds: [], waiting: [] });
  }
  const extBase = options.agents <= 700 ? 100 : 10_000;
  const now0 = (options.clock ?? Date.now)();
  for (let i = 1; i <= options.agents; i++) {
    const name = personName(rng, i);
    const home = queues[(i - 1) % queues.length] as SimQueue;
    const queueIds = [home.id];
    if (queues.length > 1 && rng.chance(0.3)) {
      const other = rng.pick(queues);
      if (other.id !== home.id) queueIds.push(other.id);
    }
    const loggedIn = rng.chance(0.85);
    const paused = loggedIn && rng.chance(0.15);
    const loginAt = now0 - ms(rng.int(600, 6 * 3600));
    const agent: SimAgent = {
      id: i, uuid: rng.uuid(), liveUuid: rng.uuid(), ...name, extension: String(extBase + i), queueIds,
      campaignUuid: home.campaignUuid, loggedIn, status: paused ? 'paused' : 'available',
      pauseCode: paused ? rng.pick(PAUSE_REASONS).code : '', loginAt,
      updatedAt: loggedIn ? now0 - ms(rng.int(5, 1800)) : loginAt, rev: 0,
    };
    m.addAgent(agent);
    for (const qid of queueIds) queues[qid - 1]?.agentIds.push(i);
    m.addExtension(agent.extension, i, loggedIn || rng.chance(0.5));
  }
  m.addExtension(options.supervisorExtension, null, true);
  for (const ext of options.otherSupervisorExtensions ?? []) m.addExtension(ext, null, true);
  for (const a of agents) m.refreshIdle(a);

  // Calls in progress, callers waiting.
  for (const id of [...m.idle]) {
    if (!rng.chance(0.55)) continue;
    const a = agents[id - 1] as SimAgent;
    const entry = m.newCaller(queues[(a.queueIds[0] as number) - 1] as SimQueue, phoneNumber(rng));
    entry.joinedAt = now0 - ms(rng.int(20, 400));
    const call = m.route(entry, a, false);
    call.createdAt = entry.joinedAt;
    call.answeredAt = entry.bridgedAt = entry.joinedAt + ms(rng.int(3, 15));
  }
  for (let i = 0; i < Math.max(1, Math.round(options.agents * 0.05)); i++) {
    const entry = m.newCaller(rng.pick(queues), phoneNumber(rng));
    entry.joinedAt = now0 - ms(rng.int(1, 40));
  }
  m.counters.answered = 0;
  m.resetVersion();
}
