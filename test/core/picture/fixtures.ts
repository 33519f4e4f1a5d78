// Domain rows for the picture tests, with only the fields a test cares about given.
import type { ActiveCall, Agent, QueueEntry } from '../../../common/domain';

export const agent = (id: string, extension: string | null, extra: Partial<Agent> = {}): Agent => ({
  id, name: `Agent ${id}`, username: id, extension, state: 'available', stateSince: 1000, pauseReason: null, pauseLimitSec: null,
  queues: [], campaign: null, callId: null, origin: 'pbx', answeredToday: null, ...extra,
});

export const call = (id: string, extension: string, state: ActiveCall['state'], startedAt = 5000): ActiveCall => ({
  id, extension, agentId: null, agentName: '', customerNumber: '0900000000', direction: 'inbound', state, startedAt, queueId: null, queueName: null,
});

export const entry = (id: string, status: QueueEntry['status'], joinedAt: number, extra: Partial<QueueEntry> = {}): QueueEntry => ({
  id, queueId: 'q1', queueName: 'Sales', number: '0901234567', status, joinedAt, bridgedAt: null, abandonedAt: null, agentName: null, ...extra,
});
